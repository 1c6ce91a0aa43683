"""No SQL from users: hostile text in every text input changes nothing it should not.

Each hostile string goes into every read query argument (timeline search, kinds,
users, teams, record ids, object types, attribution ``by`` and model names), every
write action argument (property names and values, comments, ui_state keys, user
names) and the RecordView's filter trait and page intents. Reads return no rows or
a clear error and leave every table's full content as it was; writes store the text
literally in the one place it belongs, or are refused with nothing written.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from test_actions_support import build, freeze

import crm_widgets
from crm_widgets import actions
from crm_widgets.errors import CrmWidgetsError
from crm_widgets.queries.records import property_history
from tests.builders import content_hash

HOSTILE = [
    "'; DROP TABLE activities; --", '" OR 1=1 --', "\\", "%", "_", "nul\x00byte",
    "x" * 100_000, "名前 ✓ 🙂 \u202eevil", "$1", "?", "contacts' OR '1'='1",
    "1; DELETE FROM records", "*/ SELECT 1 /*",
]
IDS = [repr(h[:12]) for h in HOSTILE]
READS_TRIED: list[int] = []


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """The action tests' portal, read-only for the read-query tests."""
    with crm_widgets.connect(tmp_path_factory.mktemp("sql") / "p.duckdb") as store:
        build(store)
        yield store


def reads(bad):
    """Every read query with ``bad`` in one text argument."""
    from crm_widgets.attribution import reports

    t, tt = crm_widgets.timeline, crm_widgets.timeline_total
    return [
        lambda s: t(s, bad, 51), lambda s: t(s, "contacts", bad),
        lambda s: t(s, "contacts", 51, search=bad),
        lambda s: t(s, "contacts", 51, tab=bad),
        lambda s: t(s, "contacts", 51, kinds=[bad]),
        lambda s: t(s, "contacts", 51, kinds=["note", bad]),
        lambda s: t(s, "contacts", 51, users=[bad]),
        lambda s: t(s, "contacts", 51, teams=[bad]),
        lambda s: tt(s, "contacts", 51, search=bad),
        lambda s: crm_widgets.record(s, bad, 51),
        lambda s: crm_widgets.record(s, "contacts", bad),
        lambda s: property_history(s, "contacts", 51, bad),
        lambda s: crm_widgets.overview(s, bad, 51),
        lambda s: crm_widgets.associations(s, "contacts", 51, bad),
        lambda s: crm_widgets.attachments(s, "contacts", bad),
        lambda s: crm_widgets.account_overview(s, bad),
        lambda s: reports.attribution_report(s, "contact_create", bad),
        lambda s: reports.attribution_report(s, bad, "linear"),
        lambda s: reports.attribution_report(s, "contact_create", "linear", by=bad),
        lambda s: reports.compare_models(s, "deal_create", by=bad),
        lambda s: reports.compare_models(s, "deal_create", models=[bad]),
        lambda s: reports.record_attribution(s, bad, 51),
        lambda s: actions.load_ui_state(s, "ana", "contacts", bad),
        lambda s: actions.load_ui_state(s, bad, "contacts", "last_tab"),
        lambda s: actions.is_following(s, bad, "contacts", 51),
    ]


@pytest.mark.parametrize("bad", HOSTILE, ids=IDS)
def test_reads_return_nothing_or_a_clear_error(portal, bad):
    before = content_hash(portal)
    for i, call in enumerate(reads(bad)):
        try:
            result = call(portal)
        except (CrmWidgetsError, ValueError, TypeError) as exc:
            result = exc
        if isinstance(result, Exception):
            assert str(result), f"read {i}: an error without a message"
            continue
        if hasattr(result, "empty"):
            assert result.empty, f"read {i} returned rows for {bad[:30]!r}"
        else:
            assert result in (False, None, 0), f"read {i} returned {result!r}"
    READS_TRIED.append(len(reads(bad)))
    assert content_hash(portal) == before


@pytest.mark.parametrize("bad", ["%", "_", "\\", "?"])
def test_like_wildcards_in_search_match_only_themselves(portal, bad):
    """A search for "%" or "_" matched every activity (LIKE wildcards unescaped)."""
    # Nothing in the portal holds these characters, so nothing may match.
    page = crm_widgets.timeline(portal, "contacts", 51, search=bad,
                                now=datetime(2024, 5, 1))
    assert page.empty


@pytest.fixture
def fresh(store, monkeypatch):
    build(store)
    freeze(monkeypatch)
    return store


def changed(before, after):
    return sorted(name for name in before if before[name] != after[name])


@pytest.mark.parametrize("bad", HOSTILE, ids=IDS)
def test_writes_store_text_literally_or_refuse(fresh, bad):
    store = fresh
    one = store.con.execute

    before = content_hash(store)
    actions.edit_property(store, "contacts", 51, "jobtitle", bad)
    assert one("SELECT value FROM record_properties WHERE record_id = 51 AND "
               "name = 'jobtitle'").fetchall() == [(bad,)]
    # The value, its history row, and the record's updated_at.
    assert changed(before, content_hash(store)) == ["property_history",
                                                    "record_properties", "records"]

    before = content_hash(store)
    if len(bad) > 65_536:  # over the comment limit: refused, nothing written
        with pytest.raises(CrmWidgetsError, match="at most 65536"):
            actions.add_comment(store, 7001, bad)
        assert content_hash(store) == before
    else:
        comment = actions.add_comment(store, 7001, bad)
        assert one("SELECT body FROM activity_comments WHERE id = ?",
                   [comment]).fetchall() == [(bad,)]
        assert changed(before, content_hash(store)) == ["activity_comments"]

    refused = [
        lambda: actions.edit_property(store, bad, 51, "jobtitle", "x"),
        lambda: actions.edit_property(store, "contacts", bad, "jobtitle", "x"),
        lambda: actions.add_comment(store, bad, "x"),
        lambda: actions.log_activity(store, "contacts", 51, bad, body="x"),
        lambda: actions.delete_record(store, "contacts", bad),
        lambda: actions.merge_records(store, "contacts", 51, bad),
        lambda: actions.create_record(store, bad, {"email": "a@b.c"}),
        lambda: actions.save_ui_state(store, "ana", "contacts", bad, 1),
        lambda: actions.save_ui_state(store, "ana", bad, "last_tab", "overview"),
        lambda: actions.request_sync(store, bad, 51),
        lambda: actions.complete_task(store, bad),
    ]
    before = content_hash(store)
    for i, call in enumerate(refused):
        with pytest.raises(CrmWidgetsError):
            call()
        assert content_hash(store) == before, f"refused write {i} changed the store"
    assert one("SELECT count(*) FROM activities").fetchone() == (3,)


@pytest.mark.parametrize("bad", HOSTILE, ids=IDS)
def test_hostile_user_names_and_property_names_land_literally(fresh, bad):
    store = fresh
    if not bad.isprintable() or len(bad) > 256:  # NUL, bidi controls, 100 KB
        before = content_hash(store)
        with pytest.raises(CrmWidgetsError, match="printable text of at most 256"):
            actions.save_ui_state(store, bad, "contacts", "last_tab", "activities")
        assert content_hash(store) == before
        return
    actions.save_ui_state(store, bad, "contacts", "last_tab", "activities")
    assert actions.load_ui_state(store, bad, "contacts", "last_tab") == "activities"
    assert actions.load_ui_state(store, "ana", "contacts", "last_tab") is None
    if bad.strip():
        actions.edit_property(store, "contacts", 51, bad, "v")
        assert store.con.execute(
            "SELECT count(*) FROM record_properties WHERE name = ?",
            [bad]).fetchone() == (1,)


@pytest.mark.parametrize("bad", HOSTILE, ids=IDS)
def test_record_view_filter_and_intents(fresh, bad):
    from crm_widgets import RecordView

    store = fresh
    view = RecordView(store, "contacts", 51, user="7")
    before = content_hash(store)
    view.timeline_filter = {"search": bad}
    assert view.timeline["items"] == []
    for intent in ({"kind": bad}, {"kind": "add_comment", "activity_id": bad,
                                   "body": "x"},
                   {"kind": "log_activity", "activity_type": bad, "body": "x"}):
        reply = view.handle_intent(intent)
        assert reply["ok"] is False
        assert reply["error"]
    assert content_hash(store) == before

    reply = view.handle_intent({"kind": "edit_property", "name": "jobtitle",
                                "value": bad})
    assert reply["ok"] is True
    # The value, its history row, and the record's updated_at.
    assert changed(before, content_hash(store)) == ["property_history",
                                                    "record_properties", "records"]
    assert view.about  # the page still draws
    view.close()


@pytest.mark.parametrize("bad", HOSTILE, ids=IDS)
def test_record_view_refuses_hostile_types_ids_and_filters(portal, bad):
    import traitlets

    from crm_widgets import RecordView

    before = content_hash(portal)
    for object_type, record_id in ((bad, 51), ("contacts", bad)):
        with pytest.raises((CrmWidgetsError, ValueError)) as info:
            RecordView(portal, object_type, record_id, user="7")
        assert str(info.value)
    view = RecordView(portal, "contacts", 51, user="7")
    for change in ({"users": [bad]}, {"teams": [bad]}, {bad: "x"}):
        with pytest.raises(traitlets.TraitError):
            view.timeline_filter = change
    # Unknown kinds and tabs pass the trait's shape check; the timeline then
    # refuses them and the widget shows the error instead of any rows.
    for change in ({"kinds": [bad]}, {"tab": bad}):
        seq = view.error.get("seq")
        view.timeline_filter = change
        assert view.error["seq"] != seq
        assert "unknown" in view.error["message"]
    view.close()
    assert content_hash(portal) == before
