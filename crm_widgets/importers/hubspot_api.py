"""Import HubSpot CRM v3 API responses (JSON files or a folder of them) into a store."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from ..errors import ExportFormatError
from ..store import Store
from . import _api_bodies as bodies
from . import _api_routes as routes
from ._api_write import write_portal
from ._load import ImportReport, date_property_names

logger = logging.getLogger(__name__)


def import_hubspot_api(store: Store, path: str | os.PathLike[str], *,
                       progress: bool | None = None) -> ImportReport:
    """Import HubSpot CRM v3 API JSON into the store, all of it or nothing.

    Reads single objects, ``{"results": [...], "paging": ...}`` pages, inline
    ``associations``, property definitions, pipelines and owners. A folder of plain
    bodies is read by file name (``contacts.json``, ``contacts-2.json``,
    ``owners.json``, ``properties-companies.json``, ``pipelines-deals.json``); a file
    that recorded its API call (``{"api": {"get": {"/crm/v3/...": {"response":
    ...}}}}``) is read by that path. When one record comes in two snapshots, the newer
    ``updatedAt`` wins.

    Args:
        store: the portal to write into.
        path: a JSON file or a folder of them.
        progress: show a progress bar; by default only for more than 20 files.

    Returns:
        An :class:`ImportReport` of the rows written and what was noticed.

    Raises:
        ExportFormatError: bad JSON, an unknown object type, a non-date in a date
            property, or one record twice with different values in one file. The
            store is left as it was.

    Example:
        >>> import crm_widgets
        >>> store = crm_widgets.connect(":memory:")
        >>> report = crm_widgets.import_hubspot_api(store, "data/sample_export")
        >>> report.rows["records"] > 0
        True
    """
    root = Path(path)
    files = routes.json_files(root)
    report = ImportReport(str(root))
    rows = bodies.PortalRows()
    show = progress if progress is not None else len(files) > 20
    documents = [(f, _read_json(f)) for f in files]

    # Property definitions first: they say which further properties hold dates.
    parts = [(f, *part) for f, doc in documents for part in routes.parts(store, f, doc)]
    for f, kind, object_type, body in parts:
        if kind == "properties":
            for row, item in enumerate(_items(body, f), start=1):
                bodies.definition(item, object_type, rows, path=f, row=row)
    for f, kind, object_type, body in tqdm(parts, desc="reading", disable=not show):
        _collect(store, rows, report, f, kind, object_type, body)

    write_portal(store, rows, report)
    logger.info("imported %s: %s", root, report.rows)
    return report


def _read_json(path: Path) -> Any:
    raw = path.read_bytes()
    try:
        # json tells UTF-8 (with or without a BOM), UTF-16 and UTF-32 apart by bytes.
        text = raw.decode(json.detect_encoding(raw))
    except UnicodeDecodeError as exc:
        # HubSpot's API always answers UTF-8; another encoding means a re-saved file.
        raise ExportFormatError(
            f"not UTF-8 text (byte {exc.start} is {raw[exc.start:exc.start + 1]!r}); "
            "save the file as UTF-8", path=str(path)) from None
    if not text.strip():
        raise ExportFormatError("the file is empty", path=str(path))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExportFormatError(
            f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
            "was the file cut short?", path=str(path), row=exc.lineno) from None


def _items(body: Any, path: Path) -> list[Any]:
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        return body["results"]
    if isinstance(body, list):
        return body
    if isinstance(body, dict) and body:
        return [body]
    raise ExportFormatError("expected a HubSpot object or a page of 'results'",
                            path=str(path))


def _collect(store: Store, rows: bodies.PortalRows, report: ImportReport, path: Path,
             kind: str, object_type: str, body: Any) -> None:
    if kind == "skip":
        report.skipped.append(f"{path.name}: {object_type} (not a CRM object)")
        return
    items = _items(body, path)
    if kind == "owners":
        for row, item in enumerate(items, start=1):
            bodies.owner(item, rows, path=path, row=row)
    elif kind == "pipelines":
        for row, item in enumerate(items, start=1):
            bodies.pipeline(item, object_type, rows, path=path, row=row)
    elif kind == "associations_v4":
        from_type, from_id, to_type = object_type.split("/")
        for row, item in enumerate(items, start=1):
            bodies.v4_links(rows, from_type, int(from_id), to_type, [item], path=path,
                            row=row)
    elif kind == "associations":
        from_type, to_type = object_type.split("/")
        for row, item in enumerate(items, start=1):
            _batch_association(rows, item, from_type, to_type, path=path, row=row)
    elif kind == "objects":
        dates = date_property_names(store, object_type) | {
            name for (t, name), d in rows.definitions.items()
            if t == object_type and d[3] in ("date", "datetime")}
        seen: dict[int, bodies.Snapshot] = {}
        for row, item in enumerate(items, start=1):
            snap = bodies.snapshot(item, object_type, path=path, row=row,
                                   date_names=dates)
            _keep(rows, report, seen, snap)


def _keep(rows: bodies.PortalRows, report: ImportReport,
          seen: dict[int, bodies.Snapshot], snap: bodies.Snapshot) -> None:
    """Keep the newest snapshot of each record; refuse a conflict within one file."""
    earlier = seen.get(snap.id)
    if earlier is not None:
        if earlier.content() != snap.content():
            raise ExportFormatError(
                f"{snap.object_type} {snap.id} appears twice in this file (rows "
                f"{earlier.row} and {snap.row}) with different values",
                path=str(snap.path), row=snap.row,
                field=bodies.first_difference(earlier, snap))
        return
    seen[snap.id] = snap
    key = (snap.object_type, snap.id)
    other = rows.snapshots.get(key)
    if other is None:
        rows.snapshots[key] = snap
        return
    newer = snap if (snap.updated_at or 0) > (other.updated_at or 0) else other
    if snap.updated_at == other.updated_at:
        # Same moment, two views of it (a search asked for other properties): merge.
        merged = {**other.properties, **snap.properties}
        newer = other
        newer.properties = merged
        newer.associations = {**snap.associations, **other.associations}
    rows.snapshots[key] = newer
    report.warn(
        f"{snap.object_type} {snap.id} appears in {other.path.name} and "
        f"{snap.path.name}; kept the snapshot updated {newer.updated_at} "
        f"from {newer.path.name}")


def _batch_association(rows: bodies.PortalRows, item: Any, from_type: str,
                       to_type: str, *, path: Path, row: int) -> None:
    if not isinstance(item, dict):
        raise ExportFormatError("expected an association result", path=str(path),
                                row=row)
    from_id = bodies.record_id((item.get("from") or {}).get("id"), path=path, row=row,
                               field_name="from")
    if isinstance(item.get("to"), list):  # v4 batch read: every target of one record
        bodies.v4_links(rows, from_type, from_id, to_type, item["to"], path=path,
                        row=row)
        return
    to_id = bodies.record_id((item.get("to") or {}).get("id"), path=path, row=row,
                             field_name="to")
    # The batch result is written from both sides; the v3 default type is unlabeled.
    name = str(item.get("type", ""))
    head = name.split("_to_")[0]
    forward = not name or head == bodies.SINGULAR.get(from_type, from_type)
    pair = (from_type, from_id, to_type, to_id) if forward else (
        to_type, from_id, from_type, to_id)
    type_id = bodies.unlabeled_type_id(pair[0], pair[2])
    if type_id is not None:
        bodies.link(rows, pair[0], pair[1], pair[2], pair[3], type_id)
