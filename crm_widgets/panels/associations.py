"""Association cards (right sidebar) and association tables (Overview tab)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..model import STANDARD_OBJECTS
from .formats import currency_of, formatted
from .tags import stage_tag

# The 2-3 preview lines of a tile, per object type (visual guide, association tile).
TILE_LINES: dict[str, tuple[str, ...]] = {
    "contacts": ("jobtitle", "email"),
    "companies": ("domain", "phone"),
    "deals": ("amount", "closedate"),
    "tickets": ("hs_ticket_priority", "createdate"),
}
STAGE_PROPERTY = {"deals": "dealstage", "tickets": "hs_pipeline_stage"}
TABLE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "contacts": (("Email", "email"), ("Job title", "jobtitle"), ("Phone", "phone")),
    "companies": (("Domain", "domain"), ("Phone", "phone")),
    "deals": (("Stage", "dealstage"), ("Close date", "closedate"),
              ("Amount", "amount")),
    "tickets": (("Status", "hs_pipeline_stage"), ("Priority", "hs_ticket_priority"),
                ("Created", "createdate")),
}
TABLE_ROWS = 5


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _label(object_type: str, plural: bool = True) -> str:
    known = STANDARD_OBJECTS.get(object_type)
    if known is None:
        return object_type.replace("_", " ").capitalize()
    return known.label_plural if plural else known.label_singular


def association_cards(frame: pd.DataFrame, keys: list[str]) -> dict[str, Any]:
    """One card payload per ``associations.<type>`` key, from ``queries.associations``.

    Example:
        >>> cards = association_cards(frame, ["associations.companies"])
        >>> cards["associations.companies"]["count"]  # doctest: +SKIP
        1
    """
    cards = {}
    for key in keys:
        kind = key.split(".", 1)[1]
        rows = frame[frame["object_type"] == kind].to_dict("records")
        tiles = [_tile(kind, r) for r in rows]
        cards[key] = {
            "title": _label(kind), "count": len(tiles),
            "blocks": [{"type": "tiles", "items": tiles}] if tiles else [],
            "empty": f"No {_label(kind).lower()} associated yet",
        }
    return cards


def _tile(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    shown = _dict(row.get("display"))
    raw = _dict(row.get("properties"))
    labels = [{"text": str(lbl), "variant": "neutral"}
              for lbl in row.get("labels") or []]
    stage = STAGE_PROPERTY.get(kind)
    if stage and raw.get(stage):
        tag = stage_tag(kind, stage, raw.get(stage), shown.get(stage))
        if tag:
            labels.insert(0, tag)
    lines = []
    for name in TILE_LINES.get(kind, ()):
        if not raw.get(name):
            continue
        value = formatted(name, raw[name], shown.get(name), currency_of(raw))
        lines.append(value if value["format"] else str(value["value"]))
    return {"title": str(row["name"]), "id": int(row["record_id"]),
            "object_type": kind, "square": kind != "contacts", "tags": labels,
            "lines": lines}


def association_tables(frame: pd.DataFrame, kinds: list[str]) -> list[dict[str, Any]]:
    """The Overview tab's tables: first rows per associated type, with a count."""
    tables = []
    for kind in kinds:
        rows = frame[frame["object_type"] == kind].to_dict("records")
        columns = TABLE_COLUMNS.get(kind, ())
        body = []
        for r in rows[:TABLE_ROWS]:
            shown, raw = _dict(r.get("display")), _dict(r.get("properties"))
            cells: list[Any] = [str(r["name"])]
            for _, name in columns:
                value = formatted(name, raw.get(name), shown.get(name),
                                  currency_of(raw))
                cells.append(value if value["format"] else value["value"])
            body.append(cells)
        tables.append({"key": kind, "title": _label(kind), "count": len(rows),
                       "columns": ["Name", *[c for c, _ in columns]],
                       "align": ["left", *["right" if n == "amount" else "left"
                                           for _, n in columns]],
                       "rows": body,
                       "empty": f"No {_label(kind).lower()} associated yet"})
    return tables


def attachments_card(frame: pd.DataFrame) -> dict[str, Any]:
    """The attachments card from ``queries.attachments``: name, source, size, date."""
    # Column by column: a record can carry hundreds of files, and a dict per row
    # cost more than the rest of the card.
    dates = [None if pd.isna(when) else pd.Timestamp(when).strftime("%d %b %Y")
             for when in frame["created_at"].tolist()]
    items = []
    for name, source, size, date in zip(frame["name"].tolist(),
                                        frame["source"].tolist(),
                                        frame["size_bytes"].tolist(), dates,
                                        strict=True):
        size_text = "" if size is None or pd.isna(size) else _size(int(size))
        meta = " · ".join(x for x in (str(source or ""), size_text, date or "") if x)
        items.append({"title": str(name), "meta": meta})
    return {"title": "Attachments", "count": len(items),
            "blocks": [{"type": "list", "items": items}] if items else [],
            "empty": "No attachments yet"}


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024:
            return f"{n} {unit}"
        n //= 1024
    return f"{n} GB"
