"""The Activities tab payload: one page of timeline items plus the filter choices."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..text import sanitize_html
from . import sources
from .tags import priority_tag, status_tag

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
DEFAULT_FILTER: dict[str, Any] = {"tab": "activity", "kinds": [], "users": [],
                                  "teams": [], "search": ""}
ENGAGEMENTS = ("note", "email", "call", "task", "meeting")
# A body longer than this reaches the page cut short: one 5 MB email would otherwise
# ride along in the widget's state and stall the notebook each time it syncs.
BODY_LIMIT = 64 * 1024


def query_arguments(timeline_filter: Mapping[str, Any]) -> dict[str, Any]:
    """Turn the ``timeline_filter`` trait into keyword arguments of ``timeline``.

    Empty lists mean "no filter", so they become None.

    Example:
        >>> query_arguments({"tab": "notes", "users": [7], "search": "budget"})
        {'tab': 'notes', 'kinds': None, 'users': [7], 'teams': None, 'search': 'budget'}
    """
    f = {**DEFAULT_FILTER, **dict(timeline_filter)}
    return {"tab": f["tab"] or "activity", "kinds": list(f["kinds"]) or None,
            "users": [int(u) for u in f["users"]] or None,
            "teams": [int(t) for t in f["teams"]] or None,
            "search": str(f["search"] or "").strip() or None}


def kind_options(kinds: Mapping[str, str]) -> list[dict[str, str]]:
    """The "Filter activity" checklist from the timeline query's kinds."""
    return [{"value": k, "label": k.replace("_", " ").capitalize()} for k in kinds]


def timeline_payload(frame: pd.DataFrame, *, offset: int, total: int,
                     kinds: Mapping[str, str], users: list[dict[str, Any]],
                     teams: list[dict[str, Any]]) -> dict[str, Any]:
    """One page of the timeline as the browser draws it.

    Args:
        frame: a page from ``queries.timeline``.
        offset: where the page starts (0 replaces the list, more appends).
        total: matching activities before paging.
        kinds, users, teams: the choices of the filter menus.

    Example:
        >>> timeline_payload(page, offset=0, total=212, kinds={}, users=[],
        ...                  teams=[])["total"]  # doctest: +SKIP
        212
    """
    items = [activity_item(r) for r in frame.to_dict("records")]
    upcoming = sum(1 for i in items if i["upcoming"])
    return {"offset": int(offset), "total": int(total), "items": items,
            "upcoming_count": upcoming if offset == 0 else None,
            "kinds": kind_options(kinds), "users": users, "teams": teams}


def people_menus(store: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The "All users" and "All teams" menus from ``queries.tools``."""
    owners = sources.tool("owners")(store)
    teams = sources.tool("teams")(store)
    return ([{"value": int(i), "label": str(n)}
             for i, n in zip(owners["owner_id"], owners["name"], strict=True)],
            [{"value": int(i), "label": str(n)}
             for i, n in zip(teams["team_id"], teams["name"], strict=True)])


def _v(value: Any) -> Any:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    return value


def _iso(value: Any) -> str | None:
    value = _v(value)
    return None if value is None else pd.Timestamp(value).isoformat()


def activity_item(row: Mapping[str, Any]) -> dict[str, Any]:
    """One timeline row as an item: title, actor line, preview, fields, tags."""
    kind = row["type"]
    owner = _v(row.get("owner_name")) or "Someone"
    status = _v(row.get("task_status"))
    completed = kind == "task" and status == "COMPLETED"
    tags = []
    if kind == "task":
        tags = [t for t in (priority_tag(_v(row.get("task_priority"))),) if t]
        if row.get("is_overdue"):
            tags.append({"text": "Overdue", "variant": "danger"})
        if completed:
            tags.append({"text": "Completed", "variant": "success"})
    if kind == "meeting" and _v(row.get("meeting_outcome")):
        tags.append(status_tag(row["meeting_outcome"]))
    body, cut = shortened_body(_v(row.get("body_html")))
    return {
        "id": int(row["activity_id"]), "type": kind,
        "type_label": kind.replace("_", " ").capitalize(),
        "system": kind not in ENGAGEMENTS, "title": _v(row.get("title")),
        "actor": actor_line(kind, owner, row), "preview": _v(row.get("preview")),
        "body_html": body, "body_truncated": cut,
        "occurred_at": _iso(row["occurred_at"]),
        "upcoming": bool(row.get("is_upcoming")),
        "overdue": bool(row.get("is_overdue")),
        "completed": completed, "tags": tags, "fields": fields(kind, row),
        "comment_count": int(_v(row.get("comment_count")) or 0),
        "attachment_count": int(_v(row.get("attachment_count")) or 0),
        "association_count": int(_v(row.get("association_count")) or 0),
    }


def shortened_body(html: str | None) -> tuple[str | None, bool]:
    """The body as the page gets it, cut to ``BODY_LIMIT`` with a marker if longer.

    The cut is re-sanitised, so a tag split in half is dropped or closed rather
    than left open. Known limit: the page shows only the first part; the whole
    body is in ``view.timeline_frame()`` and in the store.

    Example:
        >>> shortened_body("<p>" + "x" * 70_000 + "</p>")[1]
        True
    """
    if html is None or len(html) <= BODY_LIMIT:
        return html, False
    size = f"{len(html) / 1024:,.0f} KB"
    marker = (f"<p><em>… cut here: the page shows the first "
              f"{BODY_LIMIT // 1024} KB of {size}. The whole body is in "
              "view.timeline_frame().</em></p>")
    return sanitize_html(html[:BODY_LIMIT]) + marker, True


def actor_line(kind: str, owner: str, row: Mapping[str, Any]) -> str:
    """Line 2 of an item: who did what, then the key facts after "·"."""
    facts: list[str] = []
    if kind == "note":
        return f"{owner} added a note"
    if kind == "email":
        incoming = _v(row.get("email_direction")) == "INCOMING_EMAIL"
        sender = _v(row.get("email_from")) or owner
        text = f"{sender} replied" if incoming else f"{owner} emailed"
        to = _v(row.get("email_to"))
        return f"{text} {to}" if to and not incoming else text
    if kind == "call":
        facts = [str(_v(row.get("call_direction")) or "").lower(),
                 str(_v(row.get("call_status")) or "").capitalize(),
                 _minutes(_v(row.get("call_duration_ms")))]
        return " · ".join([f"{owner} called", *[f for f in facts if f]])
    if kind == "task":
        return f"Assigned to {owner}"
    if kind == "meeting":
        where = _v(row.get("meeting_location"))
        return f"{owner} met" + (f" · {where}" if where else "")
    return owner if owner != "Someone" else ""


def _minutes(ms: Any) -> str:
    if not ms:
        return ""
    minutes = round(float(ms) / 60000)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def fields(kind: str, row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The type's fields shown in the shaded box of an expanded item."""
    spec: dict[str, list[tuple[str, str, str | None]]] = {
        "email": [("From", "email_from", None), ("To", "email_to", None),
                  ("Cc", "email_cc", None), ("Status", "email_status", None)],
        "call": [("Direction", "call_direction", None),
                 ("Outcome", "call_status", None),
                 ("Duration", "call_duration_ms", "duration")],
        "task": [("Status", "task_status", None), ("Priority", "task_priority", None),
                 ("Type", "task_type", None), ("Due", "due_at", "absolute")],
        "meeting": [("Start", "meeting_start", "absolute"),
                    ("End", "meeting_end", "absolute"),
                    ("Location", "meeting_location", None),
                    ("Outcome", "meeting_outcome", None)],
    }
    out = []
    for label, column, fmt in spec.get(kind, []):
        value = _v(row.get(column))
        if value is None:
            continue
        if fmt == "absolute":
            out.append({"label": label, "value": _iso(value), "format": "absolute"})
        elif fmt == "duration":
            out.append({"label": label, "value": int(value), "format": "duration"})
        else:
            out.append({"label": label, "value": str(value).replace("_", " ").title()})
    return out
