"""RecordView with a recording comm: what each user action sends, and the database."""

from __future__ import annotations

import json
import logging

import pytest

import crm_widgets
from crm_widgets.record_view import RecordView
from tests.record_view_portal import ANA, LUIS, NOW, build_portal


class RecordingComm:
    """Stands in for the kernel comm: keeps every message the widget sends."""

    kernel = object()
    comm_id = "recording"

    def __init__(self) -> None:
        self.sent: list[dict] = []

    def send(self, data=None, buffers=None, **_kw) -> None:
        self.sent.append(data)

    def close(self, *a, **kw) -> None:
        pass

    def on_msg(self, *a, **kw) -> None:
        pass

    def states(self, key: str) -> list:
        """Every value of one trait that went to the browser, in order."""
        return [m["state"][key] for m in self.sent
                if m.get("method") == "update" and key in m.get("state", {})]

    def replies(self) -> list[dict]:
        return [m["content"] for m in self.sent if m.get("method") == "custom"]


@pytest.fixture
def portal(store):
    build_portal(store)
    return store


def open_view(store, object_type="contacts", record_id=51, user=str(ANA)):
    view = RecordView(store, object_type, record_id, user=user)
    view.comm = RecordingComm()
    return view


def from_browser(view, **state) -> None:
    """Apply a trait change as the browser's `model.save_changes()` delivers it."""
    view._handle_msg({"content": {"data": {"method": "update", "state": state,
                                           "buffer_paths": []}}, "buffers": []})


def intent(view, **content) -> dict:
    view._handle_msg({"content": {"data": {"method": "custom", "content": content}},
                      "buffers": []})
    return view.comm.replies()[-1]


def test_first_render_payloads(portal):
    view = open_view(portal)
    assert repr(view) == "RecordView(contacts 51: Maria Silva)"
    assert view.header["name"] == "Maria Silva"
    assert view.header["tags"] == [{"text": "Sales qualified lead", "variant": "info"}]
    assert [r["name"] for r in view.about["rows"]][:2] == ["email", "phone"]
    assert view.timeline["total"] == 61
    assert len(view.timeline["items"]) == 50
    # Open tasks come first, soonest first.
    assert [i["title"] for i in view.timeline["items"][:2]] == [
        "Send the signed contract", "Prepare QBR deck"]
    companies = view.associations["associations.companies"]
    assert companies["count"] == 1
    assert companies["blocks"][0]["items"][0]["tags"] == [
        {"text": "Primary", "variant": "neutral"}]
    assert view.active_tab == "overview"


def test_activity_html_is_sanitised_before_it_is_sent(portal):
    view = open_view(portal)
    notes = [i for i in view.timeline["items"] if i["type"] == "note"]
    assert notes
    assert all("<script" not in (i["body_html"] or "") for i in notes)
    assert "<b>budget</b>" in notes[0]["body_html"]


def test_switching_tab_is_saved_per_user_and_object_type(portal):
    view = open_view(portal)
    from_browser(view, active_tab="activities")
    assert view.active_tab == "activities"
    assert open_view(portal).active_tab == "activities"
    assert open_view(portal, user=str(LUIS)).active_tab == "overview"
    assert open_view(portal, "deals", 3001).active_tab == "overview"


def test_type_tab_filter_sends_only_calls(portal):
    view = open_view(portal)
    from_browser(view, timeline_filter={"tab": "calls"})
    page = view.comm.states("timeline")[-1]
    assert page["total"] == 13
    assert {i["type"] for i in page["items"]} == {"call"}
    assert view.timeline_frame()["type"].unique().tolist() == ["call"]


def test_search_and_user_filter(portal):
    view = open_view(portal)
    from_browser(view, timeline_filter={"search": "renewal prep 12"})
    page = view.comm.states("timeline")[-1]
    assert [i["id"] for i in page["items"]] == [113]
    view.timeline_filter = {"users": [LUIS]}
    page = view.comm.states("timeline")[-1]
    assert {i["actor"].split(" ")[0] for i in page["items"]} == {"Luis"}
    assert page["total"] == 25


def test_load_more_sends_the_next_page_only(portal):
    view = open_view(portal)
    reply = intent(view, kind="load_more", request_id="r1")
    assert reply == {"kind": "result", "request_id": "r1", "intent": "load_more",
                     "ok": True}
    page = view.comm.states("timeline")[-1]
    assert page["offset"] == 50
    assert len(page["items"]) == 11
    assert len(view.timeline_frame()) == 61


def test_add_comment_writes_and_updates_the_count(portal):
    view = open_view(portal)
    reply = intent(view, kind="add_comment", activity_id=105, body="Sent the deck",
                   request_id="r2")
    assert reply["ok"]
    assert reply["message"] == "Comment added"
    rows = portal.con.execute("SELECT activity_id, author_owner_id, body FROM "
                              "activity_comments ORDER BY id").fetchall()
    assert rows == [(101, ANA, "Budget owner is João"), (105, ANA, "Sent the deck")]
    item = next(i for i in view.comm.states("timeline")[-1]["items"] if i["id"] == 105)
    assert item["comment_count"] == 1


def test_edit_property_writes_and_redraws_about(portal):
    view = open_view(portal)
    reply = intent(view, kind="edit_property", name="phone", value="+351 999",
                   request_id="r3")
    assert reply["ok"]
    assert portal.scalar(
        "SELECT value FROM record_properties WHERE object_type = 'contacts' "
        "AND record_id = 51 AND name = 'phone'") == "+351 999"
    about = view.comm.states("about")[-1]
    assert next(r for r in about["rows"] if r["name"] == "phone")["value"] == "+351 999"


def test_failed_intent_is_logged_shown_and_leaves_the_store(portal, caplog):
    """A bad value from the page must not vanish: logged, replied, and shown."""
    view = open_view(portal)
    before = portal.scalar("SELECT count(*) FROM activity_comments")
    with caplog.at_level(logging.ERROR, logger="crm_widgets.record_view"):
        reply = intent(view, kind="add_comment", activity_id=999999, body="x",
                       request_id="r4")
    assert reply["ok"] is False
    assert "999999" in reply["error"]
    assert "999999" in view.error["message"]
    assert any(r.name == "crm_widgets.record_view" for r in caplog.records)
    assert portal.scalar("SELECT count(*) FROM activity_comments") == before


def test_layout_from_browser_and_python_is_checked_and_saved(portal):
    view = open_view(portal, "deals", 3001)
    right = list(view.layout["right"])
    moved = [right[1], right[0], *right[2:]]
    from_browser(view, panel_layout={**view.layout, "right": moved,
                                     "collapsed": ["attachments"]})
    assert view.layout["right"] == moved
    again = open_view(portal, "deals", 3001)
    assert again.layout["right"] == moved
    assert again.layout["collapsed"] == ["attachments"]
    with pytest.raises(Exception, match="unknown panel key"):
        view.layout = {"right": ["no_such_panel"]}


def test_timeline_filter_rejects_unknown_keys(portal):
    view = open_view(portal)
    with pytest.raises(Exception, match="unknown key"):
        view.timeline_filter = {"colour": "red"}


def test_log_note_from_the_composer(portal):
    view = open_view(portal)
    reply = intent(view, kind="log_activity", activity_type="note",
                   body="<p>Budget signed</p>", request_id="r5")
    assert reply["ok"]
    assert view.timeline["total"] == 62
    assert any(i["preview"] == "Budget signed" for i in view.timeline["items"])


def test_sync_now_records_a_request(portal):
    view = open_view(portal)
    assert intent(view, kind="sync_now", request_id="r6")["ok"]
    assert portal.scalar("SELECT count(*) FROM sync_requests WHERE object_type = "
                         "'contacts' AND record_id = 51") == 1


def test_one_timeline_sync_stays_small_for_a_busy_record(store):
    """A record with many activities must not ship them all in one message."""
    from tests.builders import Portal

    p = Portal(store)
    p.record("contacts", 1, firstname="Busy")
    for i in range(400):
        p.activity("note", 10_000 + i, f"2025-01-01T00:{i % 60:02d}:00",
                   on=[("contacts", 1)], hs_note_body="<p>" + "word " * 150 + "</p>")
    view = open_view(store, "contacts", 1)
    assert view.timeline["total"] == 400
    assert len(view.timeline["items"]) == 50
    assert len(json.dumps(view.timeline).encode()) < 1_000_000


def test_every_object_type_renders(portal):
    for otype, rid, name in [("companies", 9001, "Acme Logistics"),
                             ("deals", 3001, "Acme renewal 2026"),
                             ("tickets", 7001, "Invoices show the wrong VAT number")]:
        view = open_view(portal, otype, rid)
        assert view.header["name"] == name
        assert not view.error
    deal = open_view(portal, "deals", 3001)
    assert deal.overview["stage"]["label"] == "Presentation scheduled"
    assert deal.overview["stage"]["current_index"] == 2


def test_connect_names_are_exported():
    assert crm_widgets.RecordView is RecordView
    assert NOW.year == 2026


def test_follow_and_unfollow_from_the_actions_menu(portal):
    """The Follow item must call follow(store, user, object_type, record_id)."""
    view = open_view(portal)
    assert view.header["following"] is False
    reply = intent(view, kind="follow", follow=True, request_id="f1")
    assert (reply["ok"], reply["message"]) == (True, "Following")
    assert portal.con.execute("SELECT user_id, object_type, record_id FROM follows"
                              ).fetchall() == [(str(ANA), "contacts", 51)]
    assert view.header["following"] is True
    reply = intent(view, kind="follow", follow=False, request_id="f2")
    assert (reply["ok"], reply["message"]) == (True, "Unfollowed")
    assert portal.scalar("SELECT count(*) FROM follows") == 0
    assert view.header["following"] is False


def test_activity_details_arrive_only_when_asked(portal):
    view = open_view(portal)
    assert "comments" not in view.timeline["items"][0]
    reply = intent(view, kind="activity_details", activity_id=101, request_id="d1")
    data = reply["data"]
    assert [(c["author"], c["body"]) for c in data["comments"]] == [
        ("Ana Lima", "Budget owner is João")]
    assert data["comments"][0]["created_at"] == "2026-03-11T09:00:00"
    assert [(r["object_type"], r["id"], r["checked"]) for r in data["records"]] == [
        ("companies", 9001, True), ("contacts", 51, True), ("deals", 3001, True),
        ("tickets", 7001, False)]
    reply = intent(view, kind="set_activity_associations", activity_id=101,
                   records=[{"object_type": "contacts", "id": 51}], request_id="d2")
    assert reply["ok"]
    assert portal.con.execute("SELECT object_type, record_id FROM "
                              "activity_associations WHERE activity_id = 101"
                              ).fetchall() == [("contacts", 51)]


def test_about_labels_fall_back_to_hubspot_defaults(portal):
    """A portal without property definitions showed raw names like hs_lead_status."""
    view = open_view(portal)
    assert [r["label"] for r in view.about["rows"]] == [
        "Email", "Phone number", "Contact owner", "Last contacted", "Lifecycle stage",
        "Lead status"]
    deal = open_view(portal, "deals", 3001)
    assert [r["label"] for r in deal.about["rows"]][:2] == ["Amount", "Close date"]
    assert "Deal owner" in [r["label"] for r in deal.about["rows"]]
    ticket = open_view(portal, "tickets", 7001)
    labels = {r["name"]: r["label"] for r in ticket.about["rows"]}
    assert (labels["hs_pipeline_stage"], labels["hs_ticket_priority"]) == (
        "Ticket status", "Priority")


def test_deal_header_sends_amount_and_close_date_to_be_formatted(portal):
    """The deal header showed "48000" and "2026-04-30" as stored."""
    lines = open_view(portal, "deals", 3001).header["lines"]
    assert [(line["value"], line["format"]) for line in lines] == [
        ("48000", "money"), ("2026-04-30T00:00:00", "date")]
    assert lines[0]["currency"] == "USD"
