"""Queries over a portal imported from real HubSpot API responses (Nango sample)."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime

import pytest

import crm_widgets
from crm_widgets.queries.associations import associations
from crm_widgets.queries.records import record
from crm_widgets.queries.timeline import timeline

NOW = datetime(2026, 3, 1)


@pytest.fixture
def nango(real_data, store):
    folder = real_data / "hubspot-api-v3-nango"
    crm_widgets.import_hubspot_api(store, folder)
    return store, folder


def _results(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [r for calls in doc["api"].values() for call in calls.values()
            for r in call["response"].get("results", [])]


def test_contact_timeline_holds_exactly_its_linked_tasks(nango):
    store, folder = nango
    linked = defaultdict(set)
    for task in _results(folder / "tasks.test.json"):
        for link in task.get("associations", {}).get("contacts", {}).get("results", []):
            linked[int(link["id"])].add(int(task["id"]))
    contacts = [int(c["id"]) for c in _results(folder / "contacts.test.json")]
    assert sum(len(v) for v in linked.values()) == 2  # what the sample holds

    for contact_id in contacts:
        page = timeline(store, "contacts", contact_id, tab="tasks", now=NOW)
        assert set(page["activity_id"]) == linked.get(contact_id, set()), contact_id
        assert page.attrs["total"] == len(linked.get(contact_id, ()))


def test_real_task_without_status_is_open_and_overdue(nango):
    store, _ = nango
    page = timeline(store, "contacts", 713802347732, now=NOW)
    row = page.set_index("activity_id").loc[463216971977]
    assert row["title"] == "(Sample task) Follow up with Brian"
    assert (row["is_upcoming"], row["is_overdue"], row["section"]) == (
        True, True, "Upcoming")


def test_real_contact_record_and_batch_created_association(nango):
    store, folder = nango
    first = _results(folder / "contacts.test.json")[0]
    details = record(store, "contacts", first["id"])
    props = first["properties"]
    expected = " ".join(p for p in (props.get("firstname"), props.get("lastname")) if p)
    assert details.name == (expected or props.get("email")
                            or f"Unnamed contact #{first['id']}")

    pairs = {(int(r["from"]["id"]), int(r["to"]["id"]))
             for r in _results(folder / "create-association.test.json")
             if r["type"] == "contact_to_company"}
    assert len(pairs) == 1
    (contact_id, company_id), = pairs
    linked = associations(store, "contacts", contact_id, "companies")
    assert linked["record_id"].tolist() == [company_id]
    back = associations(store, "companies", company_id, "contacts")
    assert contact_id in back["record_id"].tolist()
