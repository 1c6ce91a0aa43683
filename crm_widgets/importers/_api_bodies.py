"""HubSpot CRM v3 response bodies turned into store rows, checked as they are read."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..activities import activity_row
from ..errors import ExportFormatError
from ..model import ENGAGEMENT_OBJECTS
from ._load import (
    PRIMARY_ASSOCIATION_TYPE_IDS,
    activity_type_id,
    association_rows,
    check_timestamp,
    unlabeled_type_id,
)


@dataclass
class Snapshot:
    """One record or engagement as one file showed it."""

    object_type: str
    id: int
    properties: dict[str, str]
    created_at: Any
    updated_at: Any
    archived: bool
    archived_at: Any
    associations: dict[str, Any]
    history: list[tuple[Any, ...]]
    path: Path
    row: int

    def content(self) -> tuple[Any, ...]:
        """What two copies must agree on to count as the same snapshot."""
        return (self.properties, self.updated_at, self.archived, self.associations)


@dataclass
class PortalRows:
    """Every row one import will write, keyed so that duplicates collapse."""

    snapshots: dict[tuple[str, int], Snapshot] = field(default_factory=dict)
    associations: set[tuple[Any, ...]] = field(default_factory=set)
    labels: dict[tuple[str, int], tuple[Any, ...]] = field(default_factory=dict)
    activity_links: dict[tuple[int, str, int], int | None] = field(
        default_factory=dict)
    owners: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    teams: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    team_members: dict[tuple[int, int], tuple[Any, ...]] = field(default_factory=dict)
    definitions: dict[tuple[str, str], tuple[Any, ...]] = field(default_factory=dict)
    pipelines: dict[tuple[str, str], tuple[Any, ...]] = field(default_factory=dict)
    stages: dict[tuple[str, str, str], tuple[Any, ...]] = field(default_factory=dict)


# The singular that HubSpot's association type names start with.
SINGULAR = {"contacts": "contact", "companies": "company", "deals": "deal",
            "tickets": "ticket", "notes": "note", "calls": "call", "emails": "email",
            "meetings": "meeting", "tasks": "task"}


def engagement_type(object_type: str) -> str | None:
    """``"task"`` for ``"tasks"``; None for a record type."""
    return ENGAGEMENT_OBJECTS.get(object_type)


def record_id(value: Any, *, path: Path, row: int, field_name: str = "id") -> int:
    """A HubSpot id (string or number) as an int, or an ExportFormatError."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise ExportFormatError(f"{value!r} is not a HubSpot id (expected digits)",
                                path=str(path), row=row, field=field_name) from None


def snapshot(item: Any, object_type: str, *, path: Path, row: int,
             date_names: frozenset[str]) -> Snapshot:
    """Check one object of a v3 body and return it as a Snapshot."""
    if not isinstance(item, dict) or "id" not in item:
        raise ExportFormatError("expected an object with an 'id'", path=str(path),
                                row=row)
    props = item.get("properties") or {}
    if not isinstance(props, dict):
        raise ExportFormatError("'properties' must be an object", path=str(path),
                                row=row, field="properties")
    values = {str(k): str(v) for k, v in props.items() if v is not None}
    for name in sorted(values.keys() & date_names):
        if values[name] != "":
            check_timestamp(values[name], path=path, row=row, field_name=name)
    return Snapshot(
        object_type=object_type,
        id=record_id(item["id"], path=path, row=row),
        properties=values,
        created_at=check_timestamp(item.get("createdAt"), path=path, row=row,
                                   field_name="createdAt"),
        updated_at=check_timestamp(item.get("updatedAt"), path=path, row=row,
                                   field_name="updatedAt"),
        archived=bool(item.get("archived", False)),
        archived_at=check_timestamp(item.get("archivedAt"), path=path, row=row,
                                    field_name="archivedAt"),
        associations=item.get("associations") or {},
        history=_history(item, object_type, path=path, row=row),
        path=path, row=row)


def _history(item: dict[str, Any], object_type: str, *, path: Path,
             row: int) -> list[tuple[Any, ...]]:
    """property_history rows from ``propertiesWithHistory``, when it was requested."""
    found = item.get("propertiesWithHistory") or {}
    if not isinstance(found, dict):
        raise ExportFormatError("'propertiesWithHistory' must be an object",
                                path=str(path), row=row, field="propertiesWithHistory")
    ident = record_id(item["id"], path=path, row=row)
    rows = []
    for name, versions in found.items():
        for version in versions if isinstance(versions, list) else []:
            changed = check_timestamp(version.get("timestamp"), path=path, row=row,
                                      field_name=f"propertiesWithHistory.{name}")
            if changed is not None:
                value = version.get("value")
                rows.append((object_type, ident, str(name),
                             None if value is None else str(value), changed,
                             version.get("sourceType"), version.get("sourceId")))
    return rows


def first_difference(a: Snapshot, b: Snapshot) -> str:
    """The first field on which two snapshots of one record disagree."""
    for name in sorted(a.properties.keys() | b.properties.keys()):
        if a.properties.get(name) != b.properties.get(name):
            return name
    for name in ("updated_at", "archived", "associations"):
        if getattr(a, name) != getattr(b, name):
            return {"updated_at": "updatedAt"}.get(name, name)
    return "id"


def association_type_id(name: Any, from_type: str, to_type: str) -> int | None:
    """The type id of a v3 association entry such as ``contact_to_company``.

    In v3 reads the primary company shows as ``contact_to_company`` and again as
    ``contact_to_company_unlabeled``; other names map to the unlabeled id.
    """
    if isinstance(name, int) or str(name).isdigit():
        return int(name)
    name = str(name)
    primary = PRIMARY_ASSOCIATION_TYPE_IDS.get((from_type, to_type))
    if primary is not None and not name.endswith("_unlabeled") and name.count(
            "_to_") == 1 and "_" not in name.split("_to_")[1]:
        return primary
    return unlabeled_type_id(from_type, to_type)


def link(rows: PortalRows, from_type: str, from_id: int, to_type: str, to_id: int,
         type_name: Any) -> None:
    """Remember one association, between records or between a record and an activity."""
    from_activity, to_activity = engagement_type(from_type), engagement_type(to_type)
    if from_activity and not to_activity:
        key = (from_id, to_type, to_id)
        rows.activity_links[key] = activity_type_id(from_activity, to_type)
    elif to_activity and not from_activity:
        key = (to_id, from_type, from_id)
        rows.activity_links[key] = activity_type_id(to_activity, from_type)
    elif not from_activity and not to_activity:
        type_id = association_type_id(type_name, from_type, to_type)
        if type_id is not None:
            rows.associations.update(
                association_rows(from_type, from_id, to_type, to_id, type_id))


def v4_links(rows: PortalRows, from_type: str, from_id: int, to_type: str,
             targets: Any, *, path: Path, row: int) -> None:
    """Associations in the v4 shape: ``{"toObjectId", "associationTypes": [...]}``.

    HubSpot-defined types are stored both ways. Known limit: a USER_DEFINED label's
    reverse type id is not in the response, so only the direction read is stored.
    """
    for target in targets if isinstance(targets, list) else []:
        to_id = record_id(target.get("toObjectId"), path=path, row=row,
                          field_name="toObjectId")
        for kind in target.get("associationTypes") or []:
            type_id = record_id(kind.get("typeId"), path=path, row=row,
                                field_name="typeId")
            category = str(kind.get("category") or "HUBSPOT_DEFINED")
            label = kind.get("label") or None
            if engagement_type(from_type) or engagement_type(to_type):
                link(rows, from_type, from_id, to_type, to_id, type_id)
                continue
            rows.associations.update(association_rows(
                from_type, from_id, to_type, to_id, type_id, category, label))
            if category != "HUBSPOT_DEFINED":
                rows.labels[(category, type_id)] = (type_id, category, from_type,
                                                    to_type, label)


def activity(snap: Snapshot, activity_type: str) -> tuple[dict[str, Any], bool]:
    """The activities row of an engagement snapshot; True when hs_timestamp was missing.

    A task without a due date has no ``hs_timestamp``; it is placed on the timeline at
    its creation time instead, and the importer says so in its report.
    """
    props = dict(snap.properties)
    missing = not props.get("hs_timestamp") and not props.get("hs_meeting_start_time")
    if missing:
        fallback = snap.created_at or check_timestamp(
            props.get("hs_createdate"), path=snap.path, row=snap.row,
            field_name="hs_createdate")
        if fallback is None:
            raise ExportFormatError("no hs_timestamp and no creation time",
                                    path=str(snap.path), row=snap.row,
                                    field="hs_timestamp")
        props["hs_timestamp"] = fallback.isoformat()
    try:
        row = activity_row(activity_type, snap.id, props, created_at=snap.created_at,
                           updated_at=snap.updated_at, archived=snap.archived)
    except ValueError as exc:
        name, _, message = str(exc).partition(": ")
        raise ExportFormatError(message or str(exc), path=str(snap.path),
                                row=snap.row, field=name) from exc
    if missing:
        row["properties"] = json.dumps(snap.properties, sort_keys=True)
    return row, missing


def owner(item: Any, rows: PortalRows, *, path: Path, row: int) -> None:
    """An owner of ``/crm/v3/owners``, with its teams."""
    if not isinstance(item, dict) or "id" not in item:
        raise ExportFormatError("expected an owner with an 'id'", path=str(path),
                                row=row)
    owner_id = record_id(item["id"], path=path, row=row)
    user_id = item.get("userId")
    rows.owners[owner_id] = (
        owner_id, item.get("email"), item.get("firstName"), item.get("lastName"),
        None if user_id is None else record_id(user_id, path=path, row=row,
                                               field_name="userId"),
        bool(item.get("archived", False)),
        check_timestamp(item.get("createdAt"), path=path, row=row,
                        field_name="createdAt"),
        check_timestamp(item.get("updatedAt"), path=path, row=row,
                        field_name="updatedAt"))
    for team in item.get("teams") or []:
        team_id = record_id(team.get("id"), path=path, row=row, field_name="teams")
        rows.teams[team_id] = (team_id, team.get("name") or str(team_id))
        rows.team_members[(team_id, owner_id)] = (
            team_id, owner_id, bool(team.get("primary", False)))


def definition(item: Any, object_type: str, rows: PortalRows, *, path: Path,
               row: int) -> None:
    """A property definition of ``/crm/v3/properties/{type}``."""
    if not isinstance(item, dict) or not item.get("name"):
        raise ExportFormatError("expected a property with a 'name'", path=str(path),
                                row=row, field="name")
    options = [{"value": o.get("value"), "label": o.get("label")}
               for o in item.get("options") or [] if isinstance(o, dict)]
    rows.definitions[(object_type, item["name"])] = (
        object_type, item["name"], item.get("label") or item["name"],
        item.get("type") or "string", item.get("fieldType"), item.get("groupName"),
        json.dumps(options), bool(item.get("hasUniqueValue", False)),
        item.get("displayOrder"))


def pipeline(item: Any, object_type: str, rows: PortalRows, *, path: Path,
             row: int) -> None:
    """A pipeline of ``/crm/v3/pipelines/{type}`` with its stages."""
    if not isinstance(item, dict) or "id" not in item:
        raise ExportFormatError("expected a pipeline with an 'id'", path=str(path),
                                row=row)
    pipeline_id = str(item["id"])
    rows.pipelines[(object_type, pipeline_id)] = (
        object_type, pipeline_id, item.get("label") or pipeline_id,
        item.get("displayOrder"))
    for stage in item.get("stages") or []:
        meta = stage.get("metadata") or {}
        probability = meta.get("probability")
        closed = meta.get("isClosed")
        if closed is None and "ticketState" in meta:
            closed = meta["ticketState"] == "CLOSED"
        rows.stages[(object_type, pipeline_id, str(stage["id"]))] = (
            object_type, pipeline_id, str(stage["id"]), stage.get("label") or "",
            stage.get("displayOrder"),
            None if probability in (None, "") else float(probability),
            None if closed is None else str(closed).lower() == "true")
