"""Write the rows gathered from HubSpot API bodies to the store, in one transaction."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from ..errors import ExportFormatError, UnknownObjectTypeError
from ..store import Store
from . import _api_bodies as bodies
from ._load import ASSOCIATION_COLUMNS, ImportReport, insert_rows


def write_portal(store: Store, rows: bodies.PortalRows, report: ImportReport) -> None:
    """Turn the kept snapshots into table rows, then write them all or nothing.

    Known limit: a property that is null in the imported snapshot does not clear a
    value the store already holds; only values present in the export are written.
    """
    records, properties, activities, history = [], [], [], []
    missing_timestamps = 0
    known: dict[str, str | None] = {}  # association keys resolved once per import
    for snap in rows.snapshots.values():
        _inline_associations(store, rows, snap, known)
        kind = bodies.engagement_type(snap.object_type)
        if kind:
            row, missing = bodies.activity(snap, kind)
            activities.append(row)
            missing_timestamps += missing
            continue
        history += snap.history
        records.append((snap.object_type, snap.id, snap.created_at, snap.updated_at,
                        snap.archived, snap.archived_at))
        properties += [(snap.object_type, snap.id, name, value)
                       for name, value in sorted(snap.properties.items())]
    if missing_timestamps:
        report.warn(f"{missing_timestamps} activities had no hs_timestamp; they are "
                    "placed on the timeline at their creation time")

    with store.transaction() as con:
        report.add("property_definitions", insert_rows(
            con, "property_definitions",
            ("object_type", "name", "label", "type", "field_type", "group_name",
             "options", "is_unique", "display_order"), rows.definitions.values()))
        report.add("pipelines", insert_rows(
            con, "pipelines", ("object_type", "pipeline_id", "label", "display_order"),
            rows.pipelines.values()))
        report.add("pipeline_stages", insert_rows(
            con, "pipeline_stages",
            ("object_type", "pipeline_id", "stage_id", "label", "display_order",
             "probability", "is_closed"), rows.stages.values()))
        report.add("owners", insert_rows(
            con, "owners", ("id", "email", "first_name", "last_name", "user_id",
                            "archived", "created_at", "updated_at"),
            rows.owners.values()))
        report.add("teams", insert_rows(con, "teams", ("id", "name"),
                                        rows.teams.values()))
        report.add("team_members", insert_rows(
            con, "team_members", ("team_id", "owner_id", "is_primary"),
            rows.team_members.values()))
        report.add("records", insert_rows(
            con, "records", ("object_type", "id", "created_at", "updated_at",
                             "archived", "archived_at"), records))
        report.add("record_properties", insert_rows(
            con, "record_properties", ("object_type", "record_id", "name", "value"),
            properties))
        if activities:
            columns = tuple(activities[0])
            report.add("activities", insert_rows(
                con, "activities", columns, [tuple(a.values()) for a in activities]))
        report.add("property_history", _new_history(con, history))
        report.add("association_labels", insert_rows(
            con, "association_labels",
            ("type_id", "category", "from_type", "to_type", "label"),
            rows.labels.values(), conflict="ignore"))
        report.add("associations", insert_rows(
            con, "associations", ASSOCIATION_COLUMNS, sorted(rows.associations),
            conflict="ignore"))
        report.add("activity_associations", insert_rows(
            con, "activity_associations",
            ("activity_id", "object_type", "record_id", "type_id"),
            [(*key, type_id) for key, type_id in sorted(rows.activity_links.items())],
            conflict="replace"))


def _inline_associations(store: Store, rows: bodies.PortalRows,
                         snap: bodies.Snapshot, known: dict[str, str | None]) -> None:
    """The v3 read shape: ``{"companies": {"results": [{"id", "type"}]}}``."""
    if not isinstance(snap.associations, dict):
        raise ExportFormatError("'associations' must be an object", path=str(snap.path),
                                row=snap.row, field="associations")
    for to_key, block in snap.associations.items():
        if to_key not in known:
            known[to_key] = _to_type(store, to_key)
        to_type = known[to_key]
        if to_type is None:
            continue  # an association to an object the store does not model
        entries: list[Any] = (block or {}).get("results", []) if isinstance(
            block, dict) else []
        for entry in entries:
            to_id = bodies.record_id(entry.get("id"), path=snap.path, row=snap.row,
                                     field_name=f"associations.{to_key}")
            bodies.link(rows, snap.object_type, snap.id, to_type, to_id,
                        entry.get("type", ""))


def _to_type(store: Store, key: str) -> str | None:
    key = key.strip().lower()
    if key in bodies.ENGAGEMENT_OBJECTS:
        return key
    try:
        return store.object_type(key)
    except UnknownObjectTypeError:
        return None


def _new_history(con: duckdb.DuckDBPyConnection, history: list[tuple[Any, ...]]
                 ) -> int:
    """Insert the history versions the store does not hold yet (history has no key)."""
    if not history:
        return 0
    columns = ("object_type", "record_id", "name", "value", "changed_at",
               "source_type", "source_id")
    view = "_incoming_property_history"
    con.register(view, pa.table({c: pa.array([h[i] for h in history])
                                 for i, c in enumerate(columns)}))
    try:
        return con.execute(
            f"INSERT INTO property_history SELECT DISTINCT * FROM {view} s WHERE NOT "
            "EXISTS (SELECT 1 FROM property_history h WHERE h.object_type = "
            "s.object_type AND h.record_id = s.record_id AND h.name = s.name AND "
            "h.changed_at = s.changed_at AND h.value IS NOT DISTINCT FROM s.value)"
        ).fetchall()[0][0]
    finally:
        con.unregister(view)
