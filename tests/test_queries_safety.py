"""Hostile text in any read query argument: no rows or a clear error; no change."""

from __future__ import annotations

from datetime import datetime

import pytest
from builders import Portal, table_counts

import crm_widgets
from crm_widgets.errors import CrmWidgetsError
from crm_widgets.queries import tools
from crm_widgets.queries.records import property_history

HOSTILE = [
    "'; DROP TABLE activities; --",
    "1; DELETE FROM records",
    "contacts' OR '1'='1",
    "\\'; --",
    "%",
    "_",
    "a\x00b",
    "x" * 50_000,
    "Robert'); DROP TABLE records;--",
]


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    path = tmp_path_factory.mktemp("safety") / "portal.duckdb"
    store = crm_widgets.connect(path)
    p = Portal(store)
    p.owner(1, "Ana", "Lima")
    p.record("contacts", 51, firstname="Maria")
    p.record("companies", 9001, name="Acme")
    p.record("deals", 301, dealname="Renewal")
    p.record("tickets", 7, subject="Login fails")
    p.associate("contacts", 51, "companies", 9001, primary=True)
    p.activity("note", 1, "2024-03-01", on=[("contacts", 51)], owner=1,
               hs_note_body="budget")
    yield p
    store.close()


def _calls(bad):
    """Every read query with ``bad`` in one argument."""
    return [
        lambda s: crm_widgets.timeline(s, bad, 51),
        lambda s: crm_widgets.timeline(s, "contacts", bad),
        lambda s: crm_widgets.timeline(s, "contacts", 51, search=bad),
        lambda s: crm_widgets.timeline(s, "contacts", 51, tab=bad),
        lambda s: crm_widgets.timeline(s, "contacts", 51, kinds=[bad]),
        lambda s: crm_widgets.timeline(s, "contacts", 51, users=[bad]),
        lambda s: crm_widgets.timeline(s, "contacts", 51, teams=[bad]),
        lambda s: crm_widgets.timeline_total(s, "companies", 9001, search=bad),
        lambda s: crm_widgets.record(s, bad, 51),
        lambda s: crm_widgets.record(s, "contacts", bad),
        lambda s: property_history(s, "contacts", 51, bad),
        lambda s: crm_widgets.overview(s, "deals", bad),
        lambda s: crm_widgets.associations(s, "contacts", 51, bad),
        lambda s: crm_widgets.attachments(s, bad, 51),
        lambda s: crm_widgets.account_overview(s, bad),
        lambda s: tools.playbooks(s, bad),
        lambda s: tools.line_items(s, bad),
        lambda s: tools.quotes(s, "deals", bad),
        lambda s: tools.sync_state(s, "contacts", bad),
        lambda s: tools.is_following(s, bad, "contacts", 51),
        lambda s: tools.memberships(s, bad, 51),
    ]


@pytest.mark.parametrize("bad", HOSTILE, ids=lambda v: repr(v[:20]))
def test_hostile_arguments_return_nothing_or_a_clear_error(portal, bad):
    store = portal.store
    before = table_counts(store)
    for i, call in enumerate(_calls(bad)):
        try:
            result = call(store)
        except (CrmWidgetsError, ValueError) as exc:
            message = str(exc)
        else:
            message = None
        if message is not None:
            assert message, f"call {i}: an error without a message"
            continue
        if hasattr(result, "empty"):
            assert result.empty, f"call {i} returned rows for {bad[:30]!r}"
        else:
            assert result in (False, 0), f"call {i} returned {result!r}"
    assert table_counts(store) == before


def test_the_portal_still_answers_afterwards(portal):
    page = crm_widgets.timeline(portal.store, "contacts", 51, now=datetime(2024, 4, 1))
    assert page["activity_id"].tolist() == [1]
