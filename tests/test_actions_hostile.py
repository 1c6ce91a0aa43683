"""Hostile strings reach the store literally or are refused, and change nothing else."""

from __future__ import annotations

import pytest
from test_actions_support import build, freeze, prop, rows, snapshot

from crm_widgets import actions
from crm_widgets.errors import CrmWidgetsError

HOSTILE = ["'; DROP TABLE activities; --", 'Robert"); DELETE FROM records; --',
           "O'Brien said \"hi\"", "nul\x00inside", "<script>alert(1)</script>",
           "名前 ✓"]


@pytest.fixture
def portal(store, monkeypatch):
    build(store)
    freeze(monkeypatch)
    return store


def changed_tables(before, after):
    return sorted(n for n in before if before[n] != after[n])


@pytest.mark.parametrize("text", HOSTILE)
def test_comment_body_is_stored_literally(portal, text):
    before = snapshot(portal)
    comment = actions.add_comment(portal, 7001, text)
    assert rows(portal, "SELECT body FROM activity_comments WHERE id = ?",
                [comment]) == [(text,)]
    assert changed_tables(before, snapshot(portal)) == ["activity_comments"]


@pytest.mark.parametrize("text", HOSTILE)
def test_property_value_and_name_are_stored_literally(portal, text):
    actions.edit_property(portal, "contacts", 51, "jobtitle", text)
    assert prop(portal, "contacts", 51, "jobtitle") == text
    if text.isprintable():
        actions.edit_property(portal, "contacts", 51, text, "x")
        assert prop(portal, "contacts", 51, text) == "x"
    assert rows(portal, "SELECT count(*) FROM activities") == [(3,)]
    assert rows(portal, "SELECT count(*) FROM records") == [(6,)]


@pytest.mark.parametrize("text", HOSTILE)
def test_note_body_is_stored_literally(portal, text):
    note = actions.log_activity(portal, "contacts", 51, "note", body=text)
    assert rows(portal, "SELECT body FROM activities WHERE id = ?", [note]) == [
        (text,)]
    assert rows(portal, "SELECT count(*) FROM records") == [(6,)]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_record_ids_and_object_types_are_refused(portal, text):
    before = snapshot(portal)
    calls = [
        lambda: actions.edit_property(portal, "contacts", text, "jobtitle", "x"),
        lambda: actions.edit_property(portal, text, 51, "jobtitle", "x"),
        lambda: actions.log_activity(portal, text, 51, "note", body="x"),
        lambda: actions.log_activity(portal, "contacts", 51, text, body="x"),
        lambda: actions.add_comment(portal, text, "x"),
        lambda: actions.delete_record(portal, "contacts", text),
        lambda: actions.merge_records(portal, text, 51, 52),
        lambda: actions.clone_record(portal, "contacts", text),
        lambda: actions.create_record(portal, text, {"name": "x"}),
        lambda: actions.follow(portal, "ana", text, 51),
        lambda: actions.save_ui_state(portal, "ana", "contacts", text, 1),
        lambda: actions.request_sync(portal, text, 51),
    ]
    for call in calls:
        with pytest.raises(CrmWidgetsError):
            call()
    assert snapshot(portal) == before


@pytest.mark.parametrize("text", [t for t in HOSTILE if t.isprintable()])
def test_hostile_user_names_are_stored_literally(portal, text):
    actions.follow(portal, text, "contacts", 51)
    actions.save_ui_state(portal, text, "contacts", "last_tab", text)
    actions.edit_property(portal, "contacts", 51, "jobtitle", "CEO", user=text)

    assert rows(portal, "SELECT user_id FROM follows") == [(text,)]
    assert actions.load_ui_state(portal, text, "contacts", "last_tab") == text
    assert rows(portal, "SELECT source_id FROM property_history WHERE "
                "name = 'jobtitle'") == [(text,)]


def test_a_nul_in_a_user_name_is_refused(portal):
    before = snapshot(portal)
    with pytest.raises(CrmWidgetsError, match="printable"):
        actions.follow(portal, "ana\x00", "contacts", 51)
    assert snapshot(portal) == before
