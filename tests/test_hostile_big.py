"""Big records open, page and filter without freezing, and the payload stays small.

One contact with 100,000 timeline activities, a 5 MB note body and 1,000
associated companies. Each call must return within a generous bound (a sanity
guard on a shared 2-core machine, not a benchmark) and the widget's synced state
must stay under 1 MB, so the big body reaches the page cut short, with a marker.
"""

from __future__ import annotations

import json
import time

import pytest
from builders import Portal

import crm_widgets
from crm_widgets.model import ASSOCIATION_TYPE_IDS

ACTIVITIES = 100_000
COMPANIES = 1_000
BIG_BODY_BYTES = 5 * 1024 * 1024
BIG_NOTE = 999_999_999
BOUND = 8.0  # seconds per call
PAYLOAD_LIMIT = 1024 * 1024
KINDS = ("note", "call", "email", "task", "meeting")


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """The big contact (51), written in bulk inside DuckDB."""
    path = tmp_path_factory.mktemp("big") / "big.duckdb"
    store = crm_widgets.connect(path)
    p = Portal(store)
    p.owner(7, "Ana", "Lima")
    p.record("contacts", 51, firstname="Maria", lastname="Silva")
    kinds = "[" + ", ".join(f"'{k}'" for k in KINDS) + "]"  # constants, not input
    with store.transaction() as con:
        con.execute(
            "INSERT INTO activities (id, type, occurred_at, owner_id, created_at, "
            "title, body, search_text, task_status) SELECT i, "
            f"{kinds}[1 + i % 5], TIMESTAMP '2015-01-01' + to_minutes(i * 7), 7, "
            "TIMESTAMP '2015-01-01' + to_minutes(i * 7), 'Item ' || i, "
            "'<p>Body of item ' || i || '</p>', lower('item ' || i || ' body of item "
            "' || i), CASE WHEN i % 5 = 3 THEN 'COMPLETED' END FROM range(1, ?) t(i)",
            [ACTIVITIES + 1])
        con.execute("INSERT INTO activity_associations SELECT id, 'contacts', 51, 202 "
                    "FROM activities")
        con.execute(
            "INSERT INTO records SELECT 'companies', 100000 + i, TIMESTAMP "
            "'2024-01-01', TIMESTAMP '2024-01-01', false, NULL FROM range(?) t(i)",
            [COMPANIES])
        con.execute("INSERT INTO record_properties SELECT 'companies', 100000 + i, "
                    "'name', 'Company ' || i FROM range(?) t(i)", [COMPANIES])
        forward = ASSOCIATION_TYPE_IDS[("contacts", "companies")]
        backward = ASSOCIATION_TYPE_IDS[("companies", "contacts")]
        con.execute(
            "INSERT INTO associations SELECT 'contacts', 51, 'companies', 100000 + i, "
            "'HUBSPOT_DEFINED', ?, NULL FROM range(?) t(i)", [forward, COMPANIES])
        con.execute(
            "INSERT INTO associations SELECT 'companies', 100000 + i, 'contacts', 51, "
            "'HUBSPOT_DEFINED', ?, NULL FROM range(?) t(i)", [backward, COMPANIES])
    paragraph = "<p>" + "budget line " * 80 + "</p>"
    body = paragraph * (BIG_BODY_BYTES // len(paragraph) + 1)
    p.activity("note", BIG_NOTE, "2030-01-01", on=[("contacts", 51)], owner=7,
               hs_note_body=body)
    yield store
    store.close()


def timed(call):
    started = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - started
    assert seconds < BOUND, f"took {seconds:.1f} s"
    return result


def payload_bytes(view) -> int:
    from crm_widgets.export_html import snapshot

    return len(json.dumps(snapshot(view), default=str).encode())


def test_the_portal_is_as_big_as_it_says(big):
    assert big.scalar("SELECT count(*) FROM activity_associations WHERE "
                      "record_id = 51") == ACTIVITIES + 1
    assert big.scalar("SELECT length(body) FROM activities WHERE id = ?",
                      [BIG_NOTE]) >= BIG_BODY_BYTES
    assert big.scalar("SELECT count(*) FROM associations WHERE from_id = 51") == (
        COMPANIES)


def test_queries_page_and_filter_in_time(big):
    page = timed(lambda: crm_widgets.timeline(big, "contacts", 51, limit=50))
    assert len(page) == 50
    assert page.attrs.get("total", ACTIVITIES + 1) == ACTIVITIES + 1
    deep = timed(lambda: crm_widgets.timeline(big, "contacts", 51, limit=50,
                                              offset=90_000))
    assert len(deep) == 50
    found = timed(lambda: crm_widgets.timeline(big, "contacts", 51,
                                               search="item 77777"))
    assert found["activity_id"].tolist() == [77777]
    calls = timed(lambda: crm_widgets.timeline_total(big, "contacts", 51,
                                                     kinds=["calls"]))
    assert calls == ACTIVITIES // 5
    companies = timed(lambda: crm_widgets.associations(big, "contacts", 51,
                                                       "companies"))
    assert len(companies) == COMPANIES


def test_the_view_opens_pages_and_filters_with_a_small_payload(big):
    """A 5 MB note body rode whole in the widget state (a 5.4 MB payload)."""
    from crm_widgets import RecordView

    view = timed(lambda: RecordView(big, "contacts", 51, user="7"))
    try:
        assert view.timeline["total"] == ACTIVITIES + 1
        first = view.timeline["items"][0]
        assert first["id"] == BIG_NOTE  # the upcoming note comes first
        assert payload_bytes(view) < PAYLOAD_LIMIT
        assert len(first["body_html"]) < PAYLOAD_LIMIT // 2
        assert first.get("body_truncated") is True
        assert "cut here" in first["body_html"]
        assert first["body_html"].startswith("<p>budget line budget line")

        timed(lambda: view.handle_intent({"kind": "load_more"}))
        assert len(view.timeline["items"]) > 0

        def search():
            view.timeline_filter = {"search": "item 4243 body", "kinds": ["tasks"]}
        timed(search)
        # Every search word must appear somewhere: "4243" also sits in 14243...
        expected = [i for i in range(ACTIVITIES, 0, -1) if "4243" in str(i)
                    and KINDS[i % 5] == "task"]
        assert [i["id"] for i in view.timeline["items"]] == expected
        assert view.error == {}
        assert payload_bytes(view) < PAYLOAD_LIMIT
    finally:
        view.close()
