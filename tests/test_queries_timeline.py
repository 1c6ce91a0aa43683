"""Timeline: scope, roll-up, order and sections, filters, search, paging, safety."""

from __future__ import annotations

from datetime import datetime

import pytest
from builders import Portal, table_counts

from crm_widgets.errors import RecordNotFoundError, UnknownObjectTypeError
from crm_widgets.queries.timeline import timeline, timeline_total

NOW = datetime(2024, 3, 10, 12, 0)


@pytest.fixture
def portal(store):
    p = Portal(store)
    with p.batch():
        _build(p)
    return p


def _build(p):
    p.owner(1, "Ana", "Lima")
    p.owner(2, "Bruno", "Costa")
    p.owner(3, "Carla", "Dias")
    p.team(10, "East", [1, 2])
    p.team(20, "West", [3])
    p.record("companies", 9001, name="Acme")
    p.record("contacts", 51, firstname="Maria", lastname="Silva")
    p.record("contacts", 52, firstname="Joao")
    p.record("contacts", 53, firstname="Gone", archived=True)
    p.record("contacts", 60, firstname="Elsewhere")
    for contact in (51, 52, 53):
        p.associate("contacts", contact, "companies", 9001)

    p.activity("note", 1, "2024-03-04 16:20", on=[("contacts", 51)], owner=1,
               hs_note_body='<p>Renewal: budget confirmed by <b>Friday</b>. '
                            '<a href="https://example.com/quarterly">plan</a></p>')
    p.activity("call", 2, "2024-02-20 10:00", on=[("contacts", 51)], owner=2,
               hs_call_title="Budget review call", hs_call_body="<p>Talked pricing</p>",
               hs_call_direction="OUTBOUND", hs_call_duration="65000")
    p.activity("email", 3, "2024-01-15 09:00",
               on=[("companies", 9001), ("contacts", 51)], owner=3,
               hs_email_subject="Contract draft", hs_email_html="<p>budget inside</p>")
    p.activity("task", 4, "2024-03-03 09:00", on=[("companies", 9001)], owner=1,
               hs_task_subject="Send proposal", hs_task_status="NOT_STARTED",
               hs_task_priority="HIGH")
    p.activity("task", 5, "2024-02-01 09:00", on=[("companies", 9001)],
               hs_task_subject="Old follow-up", hs_task_status="COMPLETED")
    p.activity("meeting", 6, "2024-03-15 09:00", on=[("contacts", 52)],
               hs_meeting_title="Demo", hs_meeting_body="Walkthrough")
    p.activity("note", 7, "2024-03-05 09:00", on=[("companies", 9001)], archived=True,
               hs_note_body="archived budget note")
    p.activity("note", 8, "2024-03-05 09:00", on=[("contacts", 60)],
               hs_note_body="budget elsewhere")
    p.event("merge", 9, "2024-03-01 08:00", on=[("contacts", 51)],
            title="Merged contact 77 into this one")
    p.activity("note", 10, "2024-03-02 09:00", on=[("contacts", 53)],
               hs_note_body="note of a deleted contact")
    p.activity("note", 12, "2023-12-01 09:00", on=[("contacts", 52)],
               hs_note_body="Discount 50% on off_peak hours, path C:\\deals")
    p.comment(1, 1, "Nice", "2024-03-04 17:00", author=2)
    p.comment(2, 1, "Agreed", "2024-03-04 18:00", author=3)


def ids(frame):
    return frame["activity_id"].tolist()


def test_company_timeline_rolls_up_contacts_upcoming_first(portal):
    page = timeline(portal.store, "companies", 9001, now=NOW)

    assert ids(page) == [4, 6, 1, 9, 2, 5, 3, 12]
    assert page["section"].tolist() == [
        "Upcoming", "Upcoming", "March 2024", "March 2024", "February 2024",
        "February 2024", "January 2024", "December 2023"]
    assert page.attrs["total"] == 8


def test_company_timeline_without_rollup_is_direct_only(portal):
    page = timeline(portal.store, "company", 9001, now=NOW, rollup=False)
    assert ids(page) == [4, 5, 3]
    assert timeline_total(portal.store, "companies", 9001, rollup=False) == 3


def test_contact_timeline_is_direct_associations_only(portal):
    assert ids(timeline(portal.store, "contacts", 51, now=NOW)) == [1, 9, 2, 3]


def test_open_task_dated_last_week_is_upcoming_and_overdue(portal):
    page = timeline(portal.store, "companies", 9001, tab="tasks", now=NOW)
    rows = page[["activity_id", "is_upcoming", "is_overdue", "section"]]
    assert rows.values.tolist() == [[4, True, True, "Upcoming"],
                                    [5, False, False, "February 2024"]]
    assert page["due_at"].tolist() == [datetime(2024, 3, 3, 9), datetime(2024, 2, 1, 9)]


def test_future_meeting_is_upcoming_not_overdue(portal):
    page = timeline(portal.store, "contacts", 52, tab="meetings", now=NOW)
    assert page[["activity_id", "is_upcoming", "is_overdue"]].values.tolist() == [
        [6, True, False]]
    assert page["meeting_start"].tolist() == [datetime(2024, 3, 15, 9)]


def test_item_columns(portal):
    page = timeline(portal.store, "contacts", 51, now=NOW).set_index("activity_id")

    note = page.loc[1]
    assert (note["title"], note["kind"], note["owner_name"]) == ("Note", "notes",
                                                                 "Ana Lima")
    assert note["preview"] == "Renewal: budget confirmed by Friday. plan"
    assert note["comment_count"] == 2
    call = page.loc[2]
    assert (call["title"], call["call_direction"], call["call_duration_ms"]) == (
        "Budget review call", "OUTBOUND", 65000)
    assert page.loc[3, "association_count"] == 2
    assert page.loc[9, "title"] == "Merged contact 77 into this one"
    assert page.loc[9, "kind"] == "merges"


def test_body_html_is_sanitised(store):
    p = Portal(store)
    p.record("contacts", 51)
    p.activity("note", 1, "2024-03-01", on=[("contacts", 51)],
               hs_note_body='<p onclick="steal()">Hi<script>alert(1)</script>'
                            '<a href="javascript:x()">x</a></p>')
    page = timeline(store, "contacts", 51, now=NOW)
    assert page["body_html"].tolist() == [
        '<p>Hi<a rel="noopener noreferrer">x</a></p>']


def test_each_activity_appears_once(portal):
    """An email on both the company and its contact was listed twice."""
    page = timeline(portal.store, "companies", 9001, now=NOW)
    assert ids(page).count(3) == 1


def test_archived_activities_and_deleted_contacts_stay_out(portal):
    page = timeline(portal.store, "companies", 9001, now=NOW)
    assert 7 not in ids(page)
    assert 10 not in ids(page)
    assert 8 not in ids(page)


@pytest.mark.parametrize(("tab", "expected"), [
    ("notes", [1, 12]), ("emails", [3]), ("calls", [2]), ("tasks", [4, 5]),
    ("meetings", [6]),
])
def test_type_tabs(portal, tab, expected):
    assert ids(timeline(portal.store, "companies", 9001, tab=tab, now=NOW)) == expected


def test_filter_activity_kinds(portal):
    store = portal.store
    assert ids(timeline(store, "companies", 9001, kinds=["merges"], now=NOW)) == [9]
    assert ids(timeline(store, "companies", 9001, kinds=["notes", "tasks"],
                        now=NOW)) == [4, 1, 5, 12]
    with pytest.raises(ValueError, match="lifecycle_changes"):
        timeline(store, "companies", 9001, kinds=["notes", "tweets"])
    with pytest.raises(ValueError, match="unknown timeline tab 'chats'"):
        timeline(store, "companies", 9001, tab="chats")


def test_user_and_team_filters(portal):
    store = portal.store
    assert ids(timeline(store, "companies", 9001, users=[1], now=NOW)) == [4, 1]
    assert ids(timeline(store, "companies", 9001, teams=[10], now=NOW)) == [4, 1, 2]
    assert ids(timeline(store, "companies", 9001, teams=[20], now=NOW)) == [3]
    assert ids(timeline(store, "companies", 9001, users=[1], teams=[20])) == []


def test_search_matches_every_term_in_searchable_fields_only(portal):
    store = portal.store

    def found(text):
        return ids(timeline(store, "companies", 9001, search=text, now=NOW))

    assert found("BUDGET friday") == [1]
    assert found("budget monday") == []
    assert found("review") == []          # only in the call's title
    assert found("pricing") == [2]        # the call's body
    assert found("contract") == [3]       # the email's subject
    assert found("inside") == []          # only in the email's body
    assert found("walkthrough") == [6]    # the meeting's body
    assert found("demo") == []            # only in the meeting's title
    assert found("proposal") == [4]       # the task's subject


def test_term_inside_an_html_attribute_is_not_found(portal):
    page = timeline(portal.store, "contacts", 51, search="quarterly", now=NOW)
    assert ids(page) == []
    assert ids(timeline(portal.store, "contacts", 51, search="plan", now=NOW)) == [1]


def test_search_wildcards_and_backslashes_are_literal(portal):
    store = portal.store

    def found(text):
        return ids(timeline(store, "companies", 9001, search=text, now=NOW))

    assert found("50%") == [12]
    assert found("5%") == []
    assert found("off_peak") == [12]
    assert found("of_") == []
    assert found("c:\\deals") == [12]


@pytest.mark.parametrize("hostile", [
    # %, _ and \ are covered above: the portal holds a note that contains them.
    "'; DROP TABLE activities; --", "\"", "'", "a\x00b", "%%", "_x_",
    "x" * 100_000, "budget'); DELETE FROM activities; --",
])
def test_hostile_search_returns_nothing_and_changes_nothing(portal, hostile):
    before = table_counts(portal.store)
    page = timeline(portal.store, "companies", 9001, search=hostile, now=NOW)
    assert ids(page) == []
    assert page.attrs["total"] == 0
    assert table_counts(portal.store) == before


def test_paging_and_totals(portal):
    store = portal.store
    page = timeline(store, "companies", 9001, limit=3, offset=2, now=NOW)
    assert ids(page) == [1, 9, 2]
    assert page.attrs["total"] == 8
    past_end = timeline(store, "companies", 9001, limit=3, offset=100, now=NOW)
    assert ids(past_end) == []
    assert past_end.attrs["total"] == 8
    assert timeline_total(store, "companies", 9001, search="budget") == 1
    assert timeline_total(store, "companies", 9001, teams=[10], limit=1) == 3
    with pytest.raises(ValueError, match=">= 0"):
        timeline(store, "companies", 9001, limit=-1)


def test_unknown_type_and_record_raise(portal):
    with pytest.raises(UnknownObjectTypeError, match="widgets"):
        timeline(portal.store, "widgets", 1)
    with pytest.raises(RecordNotFoundError, match="no contact with id 999"):
        timeline(portal.store, "contacts", 999)
    with pytest.raises(RecordNotFoundError, match="must be an integer"):
        timeline(portal.store, "contacts", "1; DROP TABLE records")


def test_aware_now_is_compared_in_utc(portal):
    from datetime import timedelta, timezone

    lisbon_summer = timezone(timedelta(hours=2))
    # 2024-03-15 10:00 at UTC+2 is 08:00 UTC: the 09:00 UTC demo is still ahead.
    now = datetime(2024, 3, 15, 10, 0, tzinfo=lisbon_summer)
    page = timeline(portal.store, "contacts", 52, tab="meetings", now=now)
    assert page["is_upcoming"].tolist() == [True]


def test_period_keeps_upcoming_or_past_only(portal):
    store = portal.store
    upcoming = timeline(store, "companies", 9001, period="upcoming", now=NOW)
    assert ids(upcoming) == [4, 6]
    past = timeline(store, "companies", 9001, period="past", limit=2, now=NOW)
    assert ids(past) == [1, 9]
    assert past.attrs["total"] == 6
    assert timeline_total(store, "companies", 9001, period="past", now=NOW) == 6
    with pytest.raises(ValueError, match="unknown period 'later'"):
        timeline(store, "companies", 9001, period="later")


def test_meeting_starting_later_and_scheduled_email_are_upcoming(store):
    p = Portal(store)
    p.record("contacts", 51)
    # hs_timestamp in the past, but the meeting itself starts after now.
    p.activity("meeting", 1, "2024-03-01 09:00", on=[("contacts", 51)],
               hs_meeting_start_time="2024-03-12T09:00:00Z")
    p.activity("email", 2, "2024-03-11 08:00", on=[("contacts", 51)],
               hs_email_subject="Scheduled")
    p.activity("meeting", 3, "2024-03-02 09:00", on=[("contacts", 51)])
    page = timeline(store, "contacts", 51, now=NOW)
    assert page[["activity_id", "is_upcoming", "section"]].values.tolist() == [
        [2, True, "Upcoming"], [1, True, "Upcoming"], [3, False, "March 2024"]]


def test_none_is_no_filter_and_empty_list_matches_nothing(portal):
    store = portal.store
    assert timeline_total(store, "companies", 9001, users=None, kinds=None) == 8
    assert timeline_total(store, "companies", 9001, users=[]) == 0
    assert timeline_total(store, "companies", 9001, kinds=[]) == 0


def test_deal_timeline_does_not_roll_up_its_contacts(store):
    p = Portal(store)
    with p.batch():
        p.record("deals", 301, dealname="Renewal")
        p.record("contacts", 51)
        p.associate("deals", 301, "contacts", 51)
        p.activity("note", 1, "2024-03-01", on=[("deals", 301)], hs_note_body="d")
        p.activity("note", 2, "2024-03-02", on=[("contacts", 51)], hs_note_body="c")
    assert ids(timeline(store, "deals", 301, now=NOW)) == [1]
    assert ids(timeline(store, "contacts", 51, now=NOW)) == [2]
