"""Account overview: per company in one pass, and one company's details."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest
from builders import Portal

from crm_widgets.errors import RecordNotFoundError
from crm_widgets.queries.account import AccountOverview, account_overview
from crm_widgets.queries.timeline import timeline

NOW = datetime(2024, 3, 10, 12, 0)
STAGES = [("appointmentscheduled", "Appointment scheduled"),
          ("qualifiedtobuy", "Qualified to buy"), ("closedwon", "Closed won"),
          ("closedlost", "Closed lost")]


@pytest.fixture
def portal(store):
    p = Portal(store)
    p.pipeline("deals", "default", "Sales Pipeline", STAGES,
               closed=["closedwon", "closedlost"])
    p.record("companies", 9001, name="Acme", hs_is_target_account="true")
    p.record("companies", 9002, name="Beta")
    p.record("companies", 9003, name="Gamma", hs_is_target_account="false")
    p.record("companies", 9004, name="Gone", archived=True)
    p.record("contacts", 51, firstname="Maria", lastname="Silva",
             hs_buying_role="DECISION_MAKER;BUDGET_HOLDER")
    p.record("contacts", 52, firstname="Joao", hs_buying_role="CHAMPION")
    p.record("contacts", 53, firstname="Lia")
    p.record("contacts", 54, firstname="Old", hs_buying_role="DECISION_MAKER",
             archived=True)
    p.record("contacts", 55, firstname="Bo", hs_buying_role="BLOCKER")
    p.associate("contacts", 51, "companies", 9001, primary=True)
    for contact in (52, 53, 54):
        p.associate("contacts", contact, "companies", 9001)
    p.associate("contacts", 55, "companies", 9003)

    acme = [("companies", 9001)]
    p.activity("note", 1, "2024-03-08 10:00", on=acme, hs_note_body="n")
    p.activity("call", 2, "2024-03-05 10:00", on=[("contacts", 51)],
               hs_call_body="c")
    p.activity("email", 3, "2024-01-20 10:00", on=[("contacts", 52)],
               hs_email_subject="e")
    p.activity("meeting", 4, "2024-03-20 10:00", on=[("contacts", 53)])
    p.activity("task", 5, "2024-03-01 09:00", on=acme, hs_task_subject="open",
               hs_task_status="NOT_STARTED")
    p.activity("task", 6, "2024-03-09 09:00", on=acme, hs_task_subject="done",
               hs_task_status="COMPLETED")
    p.activity("note", 7, "2023-06-01 10:00", on=[("contacts", 55)],
               hs_note_body="g")
    p.activity("call", 8, "2024-03-09 10:00", on=[("contacts", 51)], archived=True)
    p.activity("email", 9, "2024-03-09 11:00", on=[("contacts", 54)],
               hs_email_subject="to a deleted contact")

    deals = [(301, "qualifiedtobuy", "12000"), (302, "closedwon", "5000"),
             (303, "closedlost", "700"), (304, "appointmentscheduled", "")]
    for deal_id, stage, amount in deals:
        p.record("deals", deal_id, dealname=f"D{deal_id}", pipeline="default",
                 dealstage=stage, amount=amount)
        p.associate("deals", deal_id, "companies", 9001)
    p.record("deals", 305, dealname="gone", dealstage="qualifiedtobuy",
             amount="999", archived=True)
    p.associate("deals", 305, "companies", 9001)
    return p


def test_every_company_in_one_frame(portal):
    every = account_overview(portal.store, now=NOW)

    assert every["company_id"].tolist() == [9001, 9002, 9003]
    columns = ["is_target_account", "contacts", "contacts_with_roles",
               "decision_maker", "budget_holder", "champion", "blocker"]
    assert every[columns].values.tolist() == [
        [True, 3, 2, 1, 1, 1, 0],
        [False, 0, 0, 0, 0, 0, 0],
        [False, 1, 1, 0, 0, 0, 1]]
    assert every["last_engagement_at"].tolist()[0] == pd.Timestamp("2024-03-09 09:00")
    assert every["last_contacted_at"].tolist()[0] == pd.Timestamp("2024-03-05 10:00")
    assert pd.isna(every["last_engagement_at"].iloc[1])
    assert every["last_engagement_at"].iloc[2] == pd.Timestamp("2023-06-01 10:00")
    assert pd.isna(every["last_contacted_at"].iloc[2])


def test_one_company_summary_matches_the_frame(portal):
    acme = account_overview(portal.store, 9001, now=NOW)

    assert isinstance(acme, AccountOverview)
    assert acme.name == "Acme"
    assert acme.summary["contacts"] == 3
    assert acme.summary["is_target_account"] is True
    assert acme.summary["decision_maker"] == 1
    assert acme.summary["last_contacted_at"] == datetime(2024, 3, 5, 10)


def test_contacts_by_role_with_their_last_engagement(portal):
    contacts = account_overview(portal.store, 9001, now=NOW).contacts
    assert contacts["name"].tolist() == ["Joao", "Maria Silva", "Lia"]
    assert contacts["roles"].tolist() == [["Champion"],
                                          ["Decision maker", "Budget holder"], []]
    assert contacts["last_engagement_at"].tolist()[:2] == [
        pd.Timestamp("2024-01-20 10:00"), pd.Timestamp("2024-03-05 10:00")]
    assert pd.isna(contacts["last_engagement_at"].iloc[2])


def test_deal_totals(portal):
    deals = account_overview(portal.store, 9001, now=NOW).deals
    assert deals == {"open_deals": 2, "open_amount": 12000.0,
                     "closed_won_deals": 1, "closed_won_amount": 5000.0}


def test_engagement_counts_and_weekly_chart(portal):
    acme = account_overview(portal.store, 9001, now=NOW)

    assert acme.engagement.values.tolist() == [
        ["emails", 0, 1], ["calls", 1, 1], ["meetings", 0, 0], ["notes", 1, 1],
        ["tasks", 1, 1]]
    weekly = acme.weekly
    assert len(weekly) == 13 * 5
    assert weekly["week_start"].iloc[0] == pd.Timestamp("2023-12-11")
    this_week = weekly[weekly["week_start"] == pd.Timestamp("2024-03-04")]
    assert dict(zip(this_week["kind"], this_week["count"], strict=True)) == {
        "emails": 0, "calls": 1, "meetings": 0, "notes": 1, "tasks": 1}
    assert weekly["count"].sum() == 4


def test_recent_are_past_activities_including_contacts(portal):
    recent = account_overview(portal.store, 9001, now=NOW).recent
    assert recent["activity_id"].tolist() == [6, 1, 2, 3]


def test_unknown_company_raises(portal):
    with pytest.raises(RecordNotFoundError, match="no company with id 51"):
        account_overview(portal.store, 51)
    with pytest.raises(RecordNotFoundError, match="must be an integer"):
        account_overview(portal.store, "9001 OR 1=1")


def test_recent_equals_the_timeline_past_page(portal):
    """The account reads its recent items without the timeline's query; guards
    against the two drifting apart (rows, order on equal times, columns, total)."""
    for activity_id in (11, 12, 13):
        portal.activity("note", activity_id, "2024-03-02 08:00",
                        on=[("companies", 9002)], hs_note_body=f"<b>n{activity_id}</b>")
    portal.activity("meeting", 14, "2024-03-01 08:00", on=[("companies", 9002)])
    portal.activity("task", 15, "2024-03-03 08:00", on=[("companies", 9002)],
                    hs_task_subject="open", hs_task_status="NOT_STARTED")

    for company in (9001, 9002, 9003):
        recent = account_overview(portal.store, company, now=NOW).recent
        page = timeline(portal.store, "companies", company, period="past", limit=5,
                        now=NOW)
        pd.testing.assert_frame_equal(recent, page)
        assert recent.attrs["total"] == page.attrs["total"]
    recent = account_overview(portal.store, 9002, now=NOW).recent
    assert recent["activity_id"].tolist() == [13, 12, 11, 14]


def test_archived_company_raises(portal):
    with pytest.raises(RecordNotFoundError, match="company 9004 is archived"):
        account_overview(portal.store, 9004, now=NOW)
