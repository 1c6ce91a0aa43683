"""Logging activities, comments, re-association and completing tasks."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from test_actions_support import NOW, build, freeze, prop, rows, snapshot

from crm_widgets import actions
from crm_widgets.errors import ActionError, CrmWidgetsError, RecordNotFoundError

STAMP = "2024-05-01T12:00:00.000Z"


@pytest.fixture
def portal(store, monkeypatch):
    build(store)
    freeze(monkeypatch)
    return store


def links(store, activity_id):
    return rows(store, "SELECT object_type, record_id, type_id FROM "
                "activity_associations WHERE activity_id = ? "
                "ORDER BY object_type, record_id", [activity_id])


def test_note_on_contact_goes_to_its_primary_company_not_its_ticket_or_deal(portal):
    note = actions.log_activity(portal, "contact", 51, "note", user=7,
                                body="<p>Budget <b>approved</b></p>")

    assert note == 7004
    assert rows(portal, "SELECT type, owner_id, occurred_at, body, search_text, "
                "title FROM activities WHERE id = ?", [note]) == [
        ("note", 7, NOW, "<p>Budget <b>approved</b></p>", "budget approved", None)]
    assert links(portal, note) == [("companies", 9001, 190), ("contacts", 51, 202)]
    assert prop(portal, "contacts", 51, "notes_last_updated") == STAMP
    assert prop(portal, "companies", 9001, "notes_last_updated") == STAMP
    assert prop(portal, "contacts", 51, "notes_last_contacted") is None
    assert prop(portal, "tickets", 700, "notes_last_updated") is None


def test_past_call_with_extra_deal_sets_last_contacted_to_when_it_happened(portal):
    call = actions.log_activity(
        portal, "contacts", 52, "call", user="ana@example.com", title="Pricing",
        body="Agreed on 10%", when="2024-04-30T15:00:00Z",
        properties={"hs_call_direction": "OUTBOUND", "hs_call_duration": 90000},
        associate_with=[("deals", 3001)])

    assert rows(portal, "SELECT owner_id, occurred_at, title, call_direction, "
                "call_duration_ms, search_text FROM activities WHERE id = ?",
                [call]) == [(7, datetime(2024, 4, 30, 15), "Pricing", "OUTBOUND",
                             90000, "agreed on 10%")]
    assert links(portal, call) == [("companies", 9002, 182), ("contacts", 52, 194),
                                   ("deals", 3001, 206)]
    assert prop(portal, "contacts", 52, "notes_last_contacted") == \
        "2024-04-30T15:00:00.000Z"
    assert prop(portal, "deals", 3001, "notes_last_updated") == STAMP
    assert rows(portal, "SELECT value, changed_at, source_type, source_id FROM "
                "property_history WHERE object_type = 'contacts' AND record_id = 52 "
                "AND name = 'notes_last_contacted'") == [
        ("2024-04-30T15:00:00.000Z", NOW, "crm_widgets", "ana@example.com")]


def test_task_due_date_is_its_timestamp_and_it_does_not_count_as_contact(portal):
    task = actions.log_activity(portal, "deals", 3001, "tasks", title="Chase PO",
                                when=datetime(2024, 5, 8, 9, 30),
                                properties={"hs_task_priority": "HIGH"})

    assert rows(portal, "SELECT occurred_at, title, task_status, task_priority, "
                "task_type, owner_id FROM activities WHERE id = ?", [task]) == [
        (datetime(2024, 5, 8, 9, 30), "Chase PO", "NOT_STARTED", "HIGH", "TODO",
         None)]
    assert links(portal, task) == [("deals", 3001, 216)]
    assert prop(portal, "deals", 3001, "notes_last_contacted") is None


def test_future_meeting_keeps_start_and_end_and_is_not_yet_contact(portal):
    meeting = actions.log_activity(
        portal, "companies", 9002, "meeting", user=8, title="QBR",
        when="2024-05-02T14:00:00Z",
        properties={"hs_meeting_end_time": "2024-05-02T15:00:00Z"})

    assert rows(portal, "SELECT occurred_at, meeting_start, meeting_end, title, "
                "owner_id FROM activities WHERE id = ?", [meeting]) == [
        (datetime(2024, 5, 2, 14), datetime(2024, 5, 2, 14), datetime(2024, 5, 2, 15),
         "QBR", 8)]
    assert prop(portal, "companies", 9002, "notes_last_contacted") is None


def test_last_activity_date_never_moves_backwards(store, monkeypatch):
    """A call logged late must not make the record look less recently touched."""
    build(store)
    freeze(monkeypatch, datetime(2024, 5, 3))
    actions.log_activity(store, "deals", 3001, "note", body="first")
    freeze(monkeypatch, datetime(2024, 5, 2))
    actions.log_activity(store, "deals", 3001, "note", body="clock went back")

    assert prop(store, "deals", 3001, "notes_last_updated") == \
        "2024-05-03T00:00:00.000Z"


@pytest.mark.parametrize(("args", "kwargs", "error", "words"), [
    (("contacts", 51, "sms"), {"body": "x"}, ActionError, "activity_type"),
    (("contacts", 51, "note"), {}, ActionError, "needs a body"),
    (("contacts", 51, "note"), {"body": "x", "title": "t"}, ActionError, "no title"),
    (("contacts", 51, "task"), {"body": "x"}, ActionError, "subject"),
    (("contacts", 51, "call"), {"when": "next tuesday"}, ActionError, "when"),
    (("contacts", 51, "call"), {"when": 3.5}, ActionError, "when"),
    (("contacts", 51, "note"), {"body": "x", "properties": {"hs_timestamp": "1"}},
     ActionError, "hs_timestamp"),
    (("contacts", 51, "task"), {"title": "t",
                                "properties": {"hs_task_priority": "URGENT"}},
     ActionError, "URGENT"),
    (("contacts", 51, "task"), {"title": "t",
                                "properties": {"hubspot_owner_id": "99"}},
     ActionError, "not an owner"),
    (("contacts", 51, "meeting"), {"when": "2024-05-02T14:00:00Z", "properties": {
        "hs_meeting_end_time": "2024-05-02T13:00:00Z"}}, ActionError, "before"),
    (("contacts", 51, "call"), {"properties": {"hs_call_duration": "long"}},
     ActionError, "hs_call_duration"),
    (("contacts", 999, "note"), {"body": "x"}, RecordNotFoundError, "999"),
    (("contacts", "51 OR 1=1", "note"), {"body": "x"}, ActionError, "record_id"),
    (("contacts", 51, "note"), {"body": "x", "associate_with": [("deals", 4)]},
     RecordNotFoundError, "associate_with"),
    (("contacts", 51, "note"), {"body": "x", "associate_with": "deals"},
     ActionError, "associate_with"),
    (("contacts", 51, "note"), {"body": 42}, ActionError, "body"),
])
def test_bad_log_activity_raises_and_writes_nothing(portal, args, kwargs, error,
                                                    words):
    before = snapshot(portal)
    with pytest.raises(error, match=words):
        actions.log_activity(portal, *args, **kwargs)
    assert snapshot(portal) == before


def test_a_deleted_record_takes_no_new_activity(portal):
    actions.delete_record(portal, "contacts", 52)
    before = snapshot(portal)
    with pytest.raises(ActionError, match="deleted"):
        actions.log_activity(portal, "contacts", 52, "note", body="x")
    assert snapshot(portal) == before


def test_comment_is_stored_with_its_author(portal):
    first = actions.add_comment(portal, 7001, "Sent the deck", user=7)
    second = actions.add_comment(portal, "7001", "Thanks!", user="nobody")

    assert (first, second) == (1, 2)
    assert rows(portal, "SELECT * FROM activity_comments ORDER BY id") == [
        (1, 7001, 7, "Sent the deck", NOW), (2, 7001, None, "Thanks!", NOW)]


@pytest.mark.parametrize(("activity_id", "body", "error"), [
    (7001, "   ", ActionError), (7001, None, ActionError), (7001, 5, ActionError),
    (1234, "x", RecordNotFoundError), ("7001; --", "x", ActionError),
    (7001, "x" * 65_537, ActionError)])
def test_bad_comment_writes_nothing(portal, activity_id, body, error):
    before = snapshot(portal)
    with pytest.raises(error):
        actions.add_comment(portal, activity_id, body)
    assert snapshot(portal) == before


def test_activity_associations_are_replaced_with_their_type_ids(portal):
    chosen = actions.set_activity_associations(
        portal, 7001, [("deal", 3001), ("contacts", 52), ("0-1", 52)])

    assert chosen == [("contacts", 52), ("deals", 3001)]
    assert links(portal, 7001) == [("contacts", 52, 202), ("deals", 3001, 214)]


@pytest.mark.parametrize(("records", "error"), [
    ([], ActionError), ([("contacts", 51), ("deals", 5)], RecordNotFoundError),
    ([("contacts",)], ActionError), ([("planets", 1)], CrmWidgetsError),
    (None, ActionError)])
def test_bad_association_sets_write_nothing(portal, records, error):
    before = snapshot(portal)
    with pytest.raises(error):
        actions.set_activity_associations(portal, 7001, records)
    assert snapshot(portal) == before


def test_complete_task_sets_status_and_completion_date(portal):
    done = actions.complete_task(portal, 7003, user=7)

    assert done == {"id": 7003, "task_status": "COMPLETED", "completed_at": NOW}
    status, raw = rows(portal, "SELECT task_status, properties FROM activities "
                       "WHERE id = 7003")[0]
    props = json.loads(raw)
    assert (status, props["hs_task_status"], props["hs_task_completion_date"],
            props["hs_task_completed_by"]) == ("COMPLETED", "COMPLETED", STAMP, "7")

    before = snapshot(portal)
    assert actions.complete_task(portal, 7003) == done
    assert snapshot(portal) == before


def test_completing_a_note_is_refused(portal):
    before = snapshot(portal)
    with pytest.raises(ActionError, match="is a note, not a task"):
        actions.complete_task(portal, 7001)
    assert snapshot(portal) == before
