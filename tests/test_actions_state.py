"""Follows, saved UI state and sync requests."""

from __future__ import annotations

import pytest
from test_actions_support import NOW, build, freeze, rows, snapshot

from crm_widgets import actions
from crm_widgets.errors import ActionError, RecordNotFoundError

# The shape RecordView saves, and the per-section form with its own collapsed list.
LAYOUT = {"left": ["about", "communication_subscriptions"], "middle": ["overview"],
          "right": ["associations.companies", "attachments"],
          "collapsed": ["website_activity"]}
SECTION_LAYOUT = {"left": {"order": ["about"], "collapsed": ["website_activity"]}}


@pytest.fixture
def portal(store, monkeypatch):
    build(store)
    freeze(monkeypatch)
    return store


def test_follow_and_unfollow_report_whether_anything_changed(portal):
    assert actions.follow(portal, "ana@example.com", "contact", 51) is True
    assert actions.follow(portal, "ana@example.com", "contacts", "51") is False
    assert actions.follow(portal, 8, "contacts", 51) is True
    assert rows(portal, "SELECT * FROM follows ORDER BY user_id") == [
        ("8", "contacts", 51, NOW), ("ana@example.com", "contacts", 51, NOW)]

    assert actions.is_following(portal, "ana@example.com", "contacts", 51) is True
    assert actions.unfollow(portal, "ana@example.com", "contacts", 51) is True
    assert actions.is_following(portal, "ana@example.com", "contacts", 51) is False
    assert actions.unfollow(portal, "ana@example.com", "contacts", 51) is False
    assert rows(portal, "SELECT user_id FROM follows") == [("8",)]


@pytest.mark.parametrize(("user", "object_type", "record_id", "error"), [
    ("", "contacts", 51, ActionError), (None, "contacts", 51, ActionError),
    ("ana", "contacts", 5, RecordNotFoundError), ("ana", "contacts", 1.5, ActionError),
    ("a\nb", "contacts", 51, ActionError)])
def test_bad_follow_writes_nothing(portal, user, object_type, record_id, error):
    before = snapshot(portal)
    with pytest.raises(error):
        actions.follow(portal, user, object_type, record_id)
    assert snapshot(portal) == before


def test_ui_state_round_trips_per_user_and_object_type(portal):
    actions.save_ui_state(portal, "ana", "contacts", "last_tab", "activities")
    actions.save_ui_state(portal, "ana", "contact", "layout", LAYOUT)
    actions.save_ui_state(portal, "ana", "deals", "layout", SECTION_LAYOUT)
    actions.save_ui_state(portal, "ana", "contacts", "timeline_filter",
                          {"types": ["note", "call"], "search": "budget"})
    actions.save_ui_state(portal, "ana", "contacts", "last_tab", "overview")

    assert actions.load_ui_state(portal, "ana", "contacts", "last_tab") == "overview"
    assert actions.load_ui_state(portal, "ana", "contacts", "layout") == LAYOUT
    assert actions.load_ui_state(portal, "ana", "deal", "layout") == SECTION_LAYOUT
    assert actions.load_ui_state(portal, "ana", "contacts", "timeline_filter") == {
        "types": ["note", "call"], "search": "budget"}
    assert actions.load_ui_state(portal, "ben", "contacts", "last_tab",
                                 "overview") == "overview"
    assert actions.load_ui_state(portal, "ana", "deals", "last_tab") is None
    assert rows(portal, "SELECT count(*) FROM ui_state") == [(4,)]


@pytest.mark.parametrize(("key", "value"), [
    ("last_tab", ""), ("last_tab", 3), ("timeline_filter", ["note"]),
    ("layout", {"top": {"order": []}}), ("layout", {"left": [1]}),
    ("layout", {"collapsed": "about"}), ("layout", ["about"]),
    ("layout", {"left": {"order": [1, 2]}}), ("layout", {"left": {"hidden": []}}),
    ("panel_sizes", {"left": float("nan")}), ("panel_sizes", {1, 2}),
    ("Last Tab", "x"), ("", "x"), ("notes", "x" * 70_000)])
def test_bad_ui_state_is_refused(portal, key, value):
    before = snapshot(portal)
    with pytest.raises(ActionError):
        actions.save_ui_state(portal, "ana", "contacts", key, value)
    assert snapshot(portal) == before


def test_sync_request_sets_pending_and_keeps_the_salesforce_id(portal):
    portal.con.execute("INSERT INTO sync_state VALUES ('companies', 9001, "
                       "'salesforce', '001A000001', 'SYNCED', ?, NULL)",
                       [NOW.replace(month=4)])
    first = actions.request_sync(portal, "companies", 9001, user="ana")
    second = actions.request_sync(portal, "deals", 3001)

    assert (first, second) == (1, 2)
    assert rows(portal, "SELECT * FROM sync_requests ORDER BY id") == [
        (1, "companies", 9001, "salesforce", NOW, "ana"),
        (2, "deals", 3001, "salesforce", NOW, None)]
    assert rows(portal, "SELECT object_type, record_id, external_id, status, "
                "last_synced_at FROM sync_state ORDER BY record_id") == [
        ("deals", 3001, None, "PENDING", None),
        ("companies", 9001, "001A000001", "PENDING", NOW.replace(month=4))]


def test_sync_of_a_missing_record_writes_nothing(portal):
    before = snapshot(portal)
    with pytest.raises(RecordNotFoundError):
        actions.request_sync(portal, "companies", 1)
    assert snapshot(portal) == before
