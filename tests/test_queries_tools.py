"""Tool cards: memberships, line items, quotes, playbooks, conversations, sync."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest
from builders import Portal, table_counts

from crm_widgets.errors import RecordNotFoundError, UnknownObjectTypeError
from crm_widgets.queries import tools


@pytest.fixture
def portal(store):
    p = Portal(store)
    p.owner(1, "Ana", "Lima")
    p.owner(2, "Bruno", "Costa")
    p.owner(3, "Zed", "Old")
    p.team(10, "East", [1, 2])
    p.team(20, "Alpha", [2])
    p.record("contacts", 51, firstname="Maria")
    p.record("contacts", 52, firstname="Joao")
    p.record("deals", 301, dealname="Renewal")
    p.record("tickets", 7, subject="Login fails")
    with store.transaction() as con:
        con.execute("UPDATE owners SET archived = true WHERE id = 3")
        con.execute("INSERT INTO lists VALUES (1, 'Newsletter', 'contacts', 'STATIC', "
                    "NULL), (2, 'Hot leads', 'contacts', 'DYNAMIC', NULL)")
        con.execute("INSERT INTO list_memberships VALUES "
                    "(1, 'contacts', 51, '2024-01-01'), (2, 'contacts', 51, "
                    "'2024-02-01'), (1, 'contacts', 52, '2024-01-05')")
        con.execute("INSERT INTO workflows VALUES (1, 'Nurture', 'contacts', true), "
                    "(2, 'Onboarding', 'contacts', true)")
        con.execute("INSERT INTO workflow_enrollments VALUES "
                    "(1, 'contacts', 51, '2024-01-02', 'COMPLETED'), "
                    "(2, 'contacts', 51, '2024-03-01', 'ACTIVE')")
        con.execute("INSERT INTO products VALUES (1, 'Seat licence', 'SEAT-1', 100, "
                    "NULL)")
        con.execute("INSERT INTO line_items VALUES "
                    "(1, 301, 1, 'Seat licence', 3, 100.10, 0.30, 'P12M', "
                    "'2024-01-01'), (2, 301, NULL, 'Onboarding', 1, 500, 50, NULL, "
                    "'2024-01-02')")
        con.execute("INSERT INTO quotes VALUES (1, 301, 'Q-1', 'DRAFT', 750.00, "
                    "'2024-04-01', '2024-03-01'), (2, 301, 'Q-2', 'SIGNED', 700, "
                    "'2024-05-01', '2024-03-05')")
        con.execute("INSERT INTO playbooks VALUES (1, 'Discovery', 'deals', NULL), "
                    "(2, 'Any record', NULL, 'x'), (3, 'Support', 'tickets', NULL)")
        con.execute("INSERT INTO playbook_steps VALUES "
                    "(1, 2, 'question', 'Budget?', ['Yes', 'No']), "
                    "(1, 1, 'step', 'Introduce', NULL)")
        con.execute("INSERT INTO conversation_threads VALUES "
                    "(1, 7, 'EMAIL', 'Login fails', 'OPEN', '2024-03-01')")
        con.execute("INSERT INTO conversation_messages VALUES "
                    "(2, 1, 'agent', 'OUTGOING', 'Try again', '2024-03-01 11:00'), "
                    "(1, 1, 'maria', 'INCOMING', 'Cannot log in', '2024-03-01 10:00')")
        con.execute("INSERT INTO sync_state VALUES ('contacts', 51, 'salesforce', "
                    "'003XX', 'SYNCED', '2024-03-02', NULL)")
        con.execute("INSERT INTO sync_requests VALUES (1, 'contacts', 52, "
                    "'salesforce', '2024-03-03', 'ana')")
        con.execute("INSERT INTO follows VALUES ('ana', 'contacts', 51, NULL)")
    return p


def test_list_and_workflow_memberships(portal):
    lists = tools.list_memberships(portal.store, 51)
    assert lists["name"].tolist() == ["Hot leads", "Newsletter"]
    flows = tools.workflow_memberships(portal.store, 51)
    assert flows[["name", "is_active"]].values.tolist() == [
        ["Onboarding", True], ["Nurture", False]]
    with pytest.raises(RecordNotFoundError, match="no contact with id 301"):
        tools.list_memberships(portal.store, 301)


def test_line_items_amounts_and_total(portal):
    items = tools.line_items(portal.store, 301)
    assert items[["product", "quantity", "price", "discount", "amount"]
                 ].values.tolist() == [["Seat licence", 3.0, 100.10, 0.30, 300.0],
                                       ["Onboarding", 1.0, 500.0, 50.0, 450.0]]
    assert items.attrs["total"] == 750.0
    assert items["sku"].tolist()[0] == "SEAT-1"


def test_quotes_newest_first(portal):
    assert tools.quotes(portal.store, 301)[["title", "status", "amount"]
                                           ].values.tolist() == [
        ["Q-2", "SIGNED", 700.0], ["Q-1", "DRAFT", 750.0]]


def test_playbooks_for_a_type_with_ordered_steps(portal):
    books = tools.playbooks(portal.store, "deal")
    assert books["name"].tolist() == ["Any record", "Discovery"]
    assert books["steps"].tolist() == [[], [
        {"position": 1, "kind": "step", "text": "Introduce", "options": []},
        {"position": 2, "kind": "question", "text": "Budget?",
         "options": ["Yes", "No"]}]]


def test_conversations_of_a_ticket(portal):
    conv = tools.conversations(portal.store, 7)
    assert conv.threads[["subject", "message_count"]].values.tolist() == [
        ["Login fails", 2]]
    assert conv.messages["body"].tolist() == ["Cannot log in", "Try again"]


def test_sync_state_and_requests(portal):
    synced = tools.sync_state(portal.store, "contacts", 51)
    assert synced[["system", "external_id", "status"]].values.tolist() == [
        ["salesforce", "003XX", "SYNCED"]]
    requested = tools.sync_state(portal.store, "contacts", 52)
    assert requested[["system", "status"]].values.tolist() == [
        ["salesforce", "NOT_SYNCED"]]
    assert requested["last_requested_at"].iloc[0] == pd.Timestamp("2024-03-03")
    assert tools.sync_state(portal.store, "deals", 301).empty


def test_following(portal):
    assert tools.is_following(portal.store, "ana", "contact", 51) is True
    assert tools.is_following(portal.store, "ana", "contacts", 52) is False
    before = table_counts(portal.store)
    assert tools.is_following(portal.store, "ana' OR '1'='1", "contacts", 51) is False
    assert table_counts(portal.store) == before


def test_owner_and_team_menus(portal):
    menu = tools.owners(portal.store)
    assert menu[["owner_id", "name", "team_ids"]].values.tolist() == [
        [1, "Ana Lima", [10]], [2, "Bruno Costa", [10, 20]]]
    assert len(tools.owners(portal.store, include_archived=True)) == 3
    assert tools.teams(portal.store)[["name", "member_ids"]].values.tolist() == [
        ["Alpha", [2]], ["East", [1, 2]]]


def test_memberships_timestamp_type(portal):
    added = tools.list_memberships(portal.store, 52)["added_at"].tolist()
    assert added == [datetime(2024, 1, 5)]


def test_tool_card_call_shape(portal):
    store = portal.store
    assert tools.line_items(store, "deals", 301).attrs["total"] == 750.0
    assert tools.quotes(store, "deal", 301)["title"].tolist() == ["Q-2", "Q-1"]
    assert len(tools.conversations(store, "tickets", 7).messages) == 2
    assert tools.playbooks(store, "tickets", 7)["name"].tolist() == [
        "Any record", "Support"]
    with pytest.raises(UnknownObjectTypeError, match="deals only, not to contacts"):
        tools.line_items(store, "contacts", 51)


def test_memberships_card_and_salesforce_sync(portal):
    store = portal.store
    cards = tools.memberships(store, "contacts", 51)
    assert cards[["kind", "name", "status"]].values.tolist() == [
        ["List", "Hot leads", "DYNAMIC"], ["List", "Newsletter", "STATIC"],
        ["Workflow", "Onboarding", "ACTIVE"], ["Workflow", "Nurture", "COMPLETED"]]
    assert tools.memberships(store, "deals", 301).empty
    assert tools.salesforce_sync(store, "contacts", 51)["status"].tolist() == [
        "SYNCED"]
