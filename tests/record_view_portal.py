"""A small hand-built portal for the RecordView tests: one record of each type.

Maria Silva (contact 51) works at Acme (company 9001), is on the Acme renewal deal
(3001) and raised ticket 7001. She has 60 activities, so the timeline pages.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from crm_widgets.store import Store
from tests.builders import Portal

NOW = datetime(2026, 3, 12, 9, 0)
ANA, LUIS = 7, 8


def build_portal(store: Store, now: datetime = NOW) -> Portal:
    """Fill ``store`` with the sample records; returns the builder."""
    p = Portal(store)
    p.owner(ANA, "Ana", "Lima")
    p.owner(LUIS, "Luis", "Costa")
    p.team(1, "Sales", [ANA])
    p.team(2, "Support", [LUIS])
    p.pipeline("deals", "default", "Sales pipeline", [
        ("appointmentscheduled", "Appointment scheduled"),
        ("qualifiedtobuy", "Qualified to buy"),
        ("presentationscheduled", "Presentation scheduled"),
        ("decisionmakerboughtin", "Decision maker bought-in"),
        ("contractsent", "Contract sent"), ("closedwon", "Closed won"),
        ("closedlost", "Closed lost")], closed=("closedwon", "closedlost"))
    p.pipeline("tickets", "0", "Support pipeline", [
        ("1", "New"), ("2", "Waiting on contact"), ("3", "Waiting on us"),
        ("4", "Closed")], closed=("4",))
    p.define_property("contacts", "lifecyclestage", "Lifecycle stage",
                      type_="enumeration", options=[
                          {"value": "lead", "label": "Lead"},
                          {"value": "salesqualifiedlead",
                           "label": "Sales qualified lead"},
                          {"value": "customer", "label": "Customer"}])
    p.record("contacts", 51, firstname="Maria", lastname="Silva",
             email="maria.silva@acme.example", jobtitle="Head of Operations",
             phone="+351 210 000 000", lifecyclestage="salesqualifiedlead",
             hs_lead_status="OPEN", hubspot_owner_id=str(ANA),
             hs_analytics_num_page_views="42", hs_analytics_num_visits="9")
    p.record("contacts", 52, firstname="João", lastname="Pereira",
             email="joao@acme.example", jobtitle="CFO")
    p.record("companies", 9001, name="Acme Logistics", domain="acme.example",
             industry="Logistics", phone="+351 210 111 111", city="Lisbon",
             numberofemployees="240", hubspot_owner_id=str(ANA))
    p.record("deals", 3001, dealname="Acme renewal 2026", amount="48000",
             dealstage="presentationscheduled", pipeline="default",
             closedate="2026-04-30T00:00:00Z", hubspot_owner_id=str(ANA))
    p.record("tickets", 7001, subject="Invoices show the wrong VAT number",
             content="The March invoice lists last year's VAT id.",
             hs_pipeline="0", hs_pipeline_stage="2", hs_ticket_priority="HIGH",
             hubspot_owner_id=str(LUIS))
    p.associate("contacts", 51, "companies", 9001, primary=True)
    p.associate("contacts", 52, "companies", 9001)
    p.associate("deals", 3001, "contacts", 51, labels=["Decision maker"])
    p.associate("deals", 3001, "companies", 9001, primary=True)
    p.associate("tickets", 7001, "contacts", 51)
    p.associate("tickets", 7001, "companies", 9001, primary=True)
    _activities(p, now)
    return p


def _activities(p: Portal, now: datetime) -> None:
    on = [("contacts", 51), ("companies", 9001), ("deals", 3001)]
    aid = 100
    for i in range(50):
        at = now - timedelta(days=2 + i * 3, hours=i % 5)
        owner = ANA if i % 3 else LUIS
        aid += 1
        if i % 4 == 0:
            p.activity("note", aid, at, on=on, owner=owner,
                       hs_note_body=f"<p>Renewal prep {i}: <b>budget</b> confirmed by "
                                    "Friday.</p><script>alert(1)</script>")
        elif i % 4 == 1:
            p.activity("call", aid, at, on=on, owner=owner,
                       hs_call_title=f"Check-in call {i}",
                       hs_call_body="Talked pricing",
                       hs_call_direction="OUTBOUND", hs_call_status="COMPLETED",
                       hs_call_duration="720000")
        elif i % 4 == 2:
            p.activity("email", aid, at, on=on, owner=owner,
                       hs_email_subject=f"Proposal v{i}", hs_email_direction="EMAIL",
                       hs_email_html="<p>Attached the proposal.</p>")
        else:
            p.activity("meeting", aid, at, on=on, owner=owner,
                       hs_meeting_title=f"Quarterly review {i}",
                       hs_meeting_body="Review the roadmap",
                       hs_meeting_outcome="COMPLETED",
                       hs_meeting_start_time=at.isoformat() + "Z")
    p.activity("task", 201, now - timedelta(days=1), on=on, owner=ANA,
               hs_task_subject="Send the signed contract", hs_task_status="NOT_STARTED",
               hs_task_priority="HIGH")
    p.activity("task", 202, now + timedelta(days=2), on=on, owner=ANA,
               hs_task_subject="Prepare QBR deck", hs_task_status="NOT_STARTED",
               hs_task_priority="MEDIUM")
    for i in range(8):
        p.activity("note", 300 + i, now - timedelta(days=40 + i), owner=LUIS,
                   on=[("tickets", 7001), ("contacts", 51)],
                   hs_note_body=f"<p>Support follow-up {i}</p>")
    p.event("lifecycle_change", 400, now - timedelta(days=90), on=[("contacts", 51)],
            title="Lifecycle stage changed to Sales qualified lead")
    p.comment(1, 101, "Budget owner is João", now - timedelta(days=1), author=ANA)
