"""A small portal for the write-action tests, a frozen clock, and table snapshots."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from builders import Portal

from crm_widgets.queries.actions import _checks
from crm_widgets.store import Store

NOW = datetime(2024, 5, 1, 12, 0)
LIFECYCLE = [{"value": v, "label": v.title()}
             for v in ("subscriber", "lead", "opportunity", "customer")]
ROLES = [{"value": v, "label": v.title()}
         for v in ("BLOCKER", "CHAMPION", "DECISION_MAKER", "END_USER")]


def freeze(monkeypatch: Any, moment: datetime = NOW) -> None:
    """Make every action see ``moment`` as the current time."""
    monkeypatch.setattr(_checks, "now", lambda: moment)


def build(store: Store) -> Portal:
    """Two Marias at two companies sharing one deal, a ticket, three activities."""
    p = Portal(store)
    p.owner(7, "Ana", "Lima", "ana@example.com")
    p.owner(8, "Ben", "Okafor")
    p.define_property("contacts", "lifecyclestage", "Lifecycle stage",
                      type_="enumeration", options=LIFECYCLE)
    p.define_property("contacts", "hs_buying_role", "Buying role",
                      type_="enumeration", options=ROLES)
    store.con.execute("UPDATE property_definitions SET field_type = 'checkbox' "
                      "WHERE name = 'hs_buying_role'")
    p.define_property("contacts", "hs_email_optout", "Opted out", type_="bool")
    p.define_property("deals", "amount", "Amount", type_="number")
    p.define_property("deals", "closedate", "Close date", type_="date")
    p.define_property("contacts", "hs_last_sales_activity", "Last sales activity",
                      type_="datetime")
    p.record("contacts", 51, email="maria@acme.com", firstname="Maria",
             lastname="Silva", lifecyclestage="lead")
    p.record("contacts", 52, email="m.silva@gmail.com", firstname="Mary",
             phone="+55 11 5555", jobtitle="CTO")
    p.record("companies", 9001, name="Acme", domain="acme.com")
    p.record("companies", 9002, name="Globex", domain="globex.com")
    p.record("deals", 3001, dealname="Renewal", amount="1200")
    p.record("tickets", 700, subject="Broken login")
    p.associate("contacts", 51, "companies", 9001, primary=True)
    p.associate("contacts", 51, "deals", 3001)
    p.associate("contacts", 51, "tickets", 700)
    p.associate("contacts", 52, "companies", 9002, primary=True)
    p.associate("contacts", 52, "companies", 9001, labels=["Former employer"])
    p.associate("contacts", 52, "deals", 3001)
    p.activity("note", 7001, "2024-03-04 16:20", on=[("contacts", 51)], owner=7,
               hs_note_body="<p>Budget ok</p>")
    p.activity("call", 7002, "2024-03-05 10:00", on=[("contacts", 52)], owner=8,
               hs_call_title="Intro", hs_call_body="Talked pricing")
    p.activity("task", 7003, "2024-06-01 09:00", on=[("contacts", 51)], owner=7,
               hs_task_subject="Send quote", hs_task_status="NOT_STARTED")
    p.file(60, "deck.pdf", on=("contacts", 52))
    return p


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, to prove a refused action wrote nothing."""
    names = [r[0] for r in store.con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' ORDER BY table_name").fetchall()]
    # Table names come from the catalogue, not from a caller.
    return {n: sorted(store.con.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)
            for n in names}


def rows(store: Store, sql: str, params: list[Any] | None = None) -> list[tuple]:
    """Plain tuples (None for NULL), easier to compare than a DataFrame."""
    return store.con.execute(sql, params or []).fetchall()


def prop(store: Store, object_type: str, record_id: int, name: str) -> str | None:
    """One stored property value, or None."""
    found = rows(store, "SELECT value FROM record_properties WHERE object_type = ? "
                 "AND record_id = ? AND name = ?", [object_type, record_id, name])
    return found[0][0] if found else None
