"""Overview tab: highlights, recent past activities, association tables, stages."""

from __future__ import annotations

from datetime import datetime

import pytest
from builders import Portal

from crm_widgets.queries.overview import overview

NOW = datetime(2024, 3, 10, 12, 0)
STAGES = [("appointmentscheduled", "Appointment scheduled"),
          ("qualifiedtobuy", "Qualified to buy"), ("closedwon", "Closed won"),
          ("closedlost", "Closed lost")]


@pytest.fixture
def portal(store):
    p = Portal(store)
    p.pipeline("deals", "default", "Sales Pipeline", STAGES,
               closed=["closedwon", "closedlost"])
    p.pipeline("deals", "partners", "Partner Pipeline",
               [("p1", "Sourced"), ("qualifiedtobuy", "Vetted")])
    p.record("deals", 301, dealname="Renewal", amount="12000", pipeline="default",
             dealstage="qualifiedtobuy", closedate="2024-06-30T00:00:00Z")
    p.record("contacts", 51, firstname="Maria")
    p.record("companies", 9001, name="Acme")
    p.associate("deals", 301, "contacts", 51)
    p.associate("deals", 301, "companies", 9001, primary=True)
    for i in range(1, 8):
        p.activity("note", i, f"2024-03-0{i} 10:00", on=[("deals", 301)],
                   hs_note_body=f"note {i}")
    p.activity("task", 8, "2024-02-01 10:00", on=[("deals", 301)],
               hs_task_subject="open", hs_task_status="NOT_STARTED")
    p.activity("meeting", 9, "2024-04-01 10:00", on=[("deals", 301)])
    return p


def test_deal_overview(portal):
    ov = overview(portal.store, "deals", 301, now=NOW)

    assert ov.highlights[["name", "display"]].values.tolist() == [
        ["amount", "12000"], ["closedate", "2024-06-30"],
        ["dealstage", "Qualified to buy"], ["notes_last_updated", None]]
    # Five most recent past items: the open task and the future meeting are not.
    assert ov.recent["activity_id"].tolist() == [7, 6, 5, 4, 3]
    assert list(ov.association_tables) == ["contacts", "companies", "tickets"]
    assert ov.association_tables["companies"][["name", "labels"]].values.tolist() == [
        ["Acme", ["Primary"]]]
    assert ov.association_tables["tickets"].empty
    assert ov.stages[["stage_id", "label", "is_closed", "is_current"]
                     ].values.tolist() == [
        ["appointmentscheduled", "Appointment scheduled", False, False],
        ["qualifiedtobuy", "Qualified to buy", False, True],
        ["closedwon", "Closed won", True, False],
        ["closedlost", "Closed lost", True, False]]


def test_contact_overview_has_no_stages(portal):
    ov = overview(portal.store, "contacts", 51, now=NOW)
    assert ov.stages is None
    assert ov.recent.empty
    assert ov.association_tables["deals"]["name"].tolist() == ["Renewal"]
    assert "contacts" not in ov.association_tables
