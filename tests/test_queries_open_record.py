"""Reads shared while opening a record: one associations frame, one timeline page."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest
from builders import Portal

from crm_widgets.queries.associations import associations, associations_of_type
from crm_widgets.queries.common import properties_of_types
from crm_widgets.queries.display import Labels
from crm_widgets.queries.overview import overview, recent_from_page
from crm_widgets.queries.timeline import timeline

NOW = datetime(2024, 3, 10, 12, 0)
STAGES = [("appointmentscheduled", "Appointment scheduled"),
          ("qualifiedtobuy", "Qualified to buy"), ("closedwon", "Closed won")]


@pytest.fixture
def portal(store):
    p = Portal(store)
    p.owner(7, "Ana", "Lima")
    p.pipeline("deals", "default", "Sales Pipeline", STAGES, closed=["closedwon"])
    p.pipeline("tickets", "support", "Support", [("1", "New"), ("2", "Waiting")])
    p.record("companies", 9001, name="Acme", domain="acme.example")
    p.record("contacts", 51, firstname="Maria", lastname="Silva",
             email="maria@acme.example", jobtitle="COO")
    p.record("contacts", 52, email="joao@acme.example")
    p.record("contacts", 53, firstname="ana", lastname="Zed")
    p.record("deals", 301, dealname="Renewal", amount="12000", pipeline="default",
             dealstage="qualifiedtobuy", closedate="2024-06-30T00:00:00Z")
    p.record("tickets", 71, subject="Login fails", hs_pipeline="support",
             hs_pipeline_stage="2", hs_ticket_priority="HIGH")
    p.associate("companies", 9001, "contacts", 51, primary=True,
                labels=["Decision maker"])
    p.associate("companies", 9001, "contacts", 52)
    p.associate("companies", 9001, "contacts", 53)
    p.associate("companies", 9001, "deals", 301)
    p.associate("companies", 9001, "tickets", 71)
    return p


def _rows(frame: pd.DataFrame) -> list[dict]:
    """Rows with every missing value as None: an all-missing column of a short
    frame is typed object, the same column of a longer one text."""
    plain = frame.astype(object)
    return plain.where(plain.notna(), None).to_dict("records")


def test_one_type_of_the_full_frame_equals_the_query_of_that_type(portal):
    every = associations(portal.store, "companies", 9001)

    for kind in ("contacts", "companies", "deals", "tickets"):
        pd.testing.assert_frame_equal(
            associations_of_type(every, kind),
            associations(portal.store, "companies", 9001, kind), check_exact=True)
    contacts = associations_of_type(every, "contacts")
    # Primary first, then by name ignoring case: "ana Zed" before "joao@...".
    assert contacts["record_id"].tolist() == [51, 53, 52]
    assert contacts["jobtitle"].isna().tolist() == [False, True, True]
    tickets = associations_of_type(every, "tickets")
    assert tickets["display"].iloc[0]["hs_pipeline_stage"] == "Waiting"


def test_properties_of_several_types_in_one_read(portal):
    found = properties_of_types(
        portal.store, {"contacts": [51, 52, 99], "deals": [301], "tickets": []},
        {"contacts": ("firstname", "email"), "deals": ("amount",),
         "tickets": ("subject",)})

    assert found == {
        "contacts": {51: {"firstname": "Maria", "email": "maria@acme.example"},
                     52: {"email": "joao@acme.example"}, 99: {}},
        "deals": {301: {"amount": "12000"}}, "tickets": {}}


def test_labels_of_several_types_match_one_type_at_a_time(portal):
    both = Labels.for_types(portal.store, {"deals": ["dealstage", "pipeline"],
                                           "tickets": ["hs_pipeline_stage"]})

    assert both["deals"].display("dealstage", "closedwon") == "Closed won"
    assert both["tickets"].display("hs_pipeline_stage", "1") == "New"
    assert both["deals"].display("hubspot_owner_id", "7") == "Ana Lima"
    one = Labels(portal.store, "deals", ["dealstage", "pipeline"])
    assert vars(one) == vars(both["deals"])


@pytest.fixture
def timeline_portal(store):
    p = Portal(store)
    p.record("contacts", 51, firstname="Maria")
    for i in range(1, 9):
        p.activity("note", i, f"2024-03-0{i} 10:00", on=[("contacts", 51)],
                   hs_note_body=f"note {i}")
    p.activity("task", 20, "2024-02-01 10:00", on=[("contacts", 51)],
               hs_task_subject="open", hs_task_status="NOT_STARTED")
    p.activity("meeting", 21, "2024-04-01 10:00", on=[("contacts", 51)])
    return p


def test_recent_from_the_first_page_equals_the_past_query(timeline_portal):
    store = timeline_portal.store
    page = timeline(store, "contacts", 51, now=NOW)
    past = timeline(store, "contacts", 51, period="past", limit=5, now=NOW)

    recent = recent_from_page(page)
    assert recent["activity_id"].tolist() == [8, 7, 6, 5, 4]
    assert _rows(recent) == _rows(past)
    # A short page with more to come cannot tell which items are recent.
    assert recent_from_page(timeline(store, "contacts", 51, now=NOW, limit=4)) is None
    # Two upcoming items then three past ones, and nothing beyond: enough.
    short = timeline(store, "contacts", 51, now=datetime(2024, 3, 3, 12), limit=10)
    assert recent_from_page(short)["activity_id"].tolist() == [3, 2, 1]


def test_overview_with_the_page_and_frame_equals_overview_alone(timeline_portal):
    store = timeline_portal.store
    alone = overview(store, "contacts", 51, now=NOW)
    shared = overview(store, "contacts", 51, now=NOW,
                      associated=associations(store, "contacts", 51),
                      recent=recent_from_page(timeline(store, "contacts", 51,
                                                       now=NOW)))

    assert _rows(shared.recent) == _rows(alone.recent)
    pd.testing.assert_frame_equal(shared.highlights, alone.highlights)
    assert list(shared.association_tables) == list(alone.association_tables)


def _no_recent_query(*_args, **_kwargs):
    raise AssertionError("the Overview read its recent activities again")


def test_opening_a_record_reads_its_timeline_once(store, monkeypatch):
    """Opening a record ran the timeline query twice: once for the page, once more
    for the Overview's five recent activities that the page already held."""
    from crm_widgets.panels.timeline import activity_item
    from crm_widgets.queries import overview as overview_module
    from crm_widgets.record_view import RecordView
    from tests.record_view_portal import build_portal

    build_portal(store)
    expected = {rid: [activity_item(r) for r in overview(
        store, otype, rid).recent.to_dict("records")]
        for otype, rid in (("contacts", 51), ("companies", 9001))}
    monkeypatch.setattr(overview_module, "timeline", _no_recent_query)

    contact = RecordView(store, "contacts", 51)
    company = RecordView(store, "companies", 9001)

    assert not contact.error
    assert not company.error
    assert contact.overview["recent"] == expected[51]
    assert len(expected[51]) == 5
    # A company's come from its account overview card, which reads the same items.
    assert company.overview["recent"] == expected[9001]
    assert len(expected[9001]) == 5
