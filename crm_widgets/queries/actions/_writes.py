"""Rows the actions write in several places: activities, events, associations."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ...activities import ACTIVITY_COLUMNS, activity_row
from ...errors import ActionError
from ...model import ASSOCIATION_TYPE_IDS, PRIMARY_ASSOCIATION_TYPE_IDS
from ...store import Store
from ._checks import hubspot_datetime, label

# Record -> company pairs where a record has at most one "Primary" company.
SINGLE_PRIMARY = frozenset(pair for pair in PRIMARY_ASSOCIATION_TYPE_IDS
                           if pair[1] == "companies" and pair[0] != "companies")


def insert_activity(store: Store, row: dict[str, Any]) -> int:
    """Insert one activities row built by ``activity_row``; returns its id."""
    columns = [c for c in ACTIVITY_COLUMNS if c in row]  # names from a constant
    store.con.execute(
        f"INSERT INTO activities ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})",
        [row[c] for c in columns])
    return int(row["id"])


def record_event(store: Store, event_type: str, object_type: str, record_id: int, *,
                 title: str, at: datetime, owner_id: int | None,
                 properties: dict[str, Any] | None = None) -> int:
    """Write a timeline event (record_created, merge) on one record; its id.

    Events have no HubSpot association type id, so their link rows carry NULL.
    """
    props = {"hs_timestamp": hubspot_datetime(at), **(properties or {})}
    row = activity_row(event_type, store.next_id("activities"), props,
                       created_at=at, updated_at=at)
    row.update(title=title, owner_id=owner_id)
    event_id = insert_activity(store, row)
    store.con.execute("INSERT INTO activity_associations VALUES (?, ?, ?, NULL)",
                      [event_id, object_type, record_id])
    return event_id


def association_type_id(from_type: str, to_type: str) -> int:
    """The unlabeled HubSpot type id of a pair, or ActionError for an unknown pair."""
    found = ASSOCIATION_TYPE_IDS.get((from_type, to_type))
    if found is None:
        raise ActionError(f"associations: {label(from_type)} records cannot be "
                          f"associated with {label(to_type)} records here")
    return found


def associate(store: Store, from_type: str, from_id: int, to_type: str, to_id: int,
              *, primary: bool = False) -> None:
    """Associate two records in both directions (unlabeled, plus Primary if asked)."""
    rows = [(from_type, from_id, to_type, to_id, "HUBSPOT_DEFINED",
             association_type_id(from_type, to_type), None),
            (to_type, to_id, from_type, from_id, "HUBSPOT_DEFINED",
             association_type_id(to_type, from_type), None)]
    if primary and (from_type, to_type) in PRIMARY_ASSOCIATION_TYPE_IDS:
        rows += [(from_type, from_id, to_type, to_id, "HUBSPOT_DEFINED",
                  PRIMARY_ASSOCIATION_TYPE_IDS[(from_type, to_type)], "Primary"),
                 (to_type, to_id, from_type, from_id, "HUBSPOT_DEFINED",
                  PRIMARY_ASSOCIATION_TYPE_IDS[(to_type, from_type)], "Primary")]
    store.con.executemany(
        "INSERT OR IGNORE INTO associations VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def has_primary(store: Store, from_type: str, from_id: int, to_type: str) -> bool:
    """True when the record already has a Primary association to ``to_type``."""
    type_id = PRIMARY_ASSOCIATION_TYPE_IDS.get((from_type, to_type))
    if type_id is None:
        return False
    return bool(store.con.execute(
        "SELECT count(*) FROM associations WHERE from_type = ? AND from_id = ? AND "
        "to_type = ? AND category = 'HUBSPOT_DEFINED' AND type_id = ?",
        [from_type, from_id, to_type, type_id]).fetchone()[0])


def properties_json(row_properties: str | None, **changes: str | None) -> str:
    """An activity's ``properties`` JSON with some values changed."""
    props = json.loads(row_properties) if row_properties else {}
    props.update(changes)
    return json.dumps(props, sort_keys=True)
