"""How HubSpot engagement properties map onto the columns of the activities table.

Importers, the demo generator and the write actions all build activity rows here, so
an activity looks the same whichever way it entered the store.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from dateutil import parser as dateparser

from .text import search_text

# Column <- HubSpot property, per engagement type. Columns not listed stay NULL.
COLUMN_SOURCES: dict[str, dict[str, str]] = {
    "note": {"body": "hs_note_body"},
    "call": {"title": "hs_call_title", "body": "hs_call_body",
             "call_direction": "hs_call_direction",
             "call_disposition": "hs_call_disposition",
             "call_status": "hs_call_status"},
    "email": {"title": "hs_email_subject", "body": "hs_email_html",
              "email_direction": "hs_email_direction",
              "email_status": "hs_email_status"},
    "meeting": {"title": "hs_meeting_title", "body": "hs_meeting_body",
                "meeting_location": "hs_meeting_location",
                "meeting_outcome": "hs_meeting_outcome"},
    "task": {"title": "hs_task_subject", "body": "hs_task_body",
             "task_status": "hs_task_status", "task_priority": "hs_task_priority",
             "task_type": "hs_task_type"},
}

ACTIVITY_COLUMNS = (
    "id", "type", "occurred_at", "owner_id", "created_at", "updated_at", "archived",
    "title", "body", "search_text", "task_status", "task_priority", "task_type",
    "call_direction", "call_disposition", "call_duration_ms", "call_status",
    "email_direction", "email_status", "email_from", "email_to", "email_cc",
    "meeting_start", "meeting_end", "meeting_location", "meeting_outcome",
    "attachment_ids", "properties",
)


def parse_timestamp(value: Any) -> datetime | None:
    """A HubSpot timestamp (ms epoch or ISO-8601 string) as a naive UTC datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, (int, float)) or str(value).strip().isdigit():
        moment = datetime.fromtimestamp(int(value) / 1000, tz=timezone.utc)
    else:
        moment = dateparser.isoparse(str(value).strip())
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def activity_row(activity_type: str, activity_id: int, properties: dict[str, Any], *,
                 created_at: datetime | None = None, updated_at: datetime | None = None,
                 archived: bool = False) -> dict[str, Any]:
    """One row of the activities table from an engagement's HubSpot properties.

    Args:
        activity_type: note, email, call, task or meeting.
        activity_id: the engagement id.
        properties: HubSpot property values (strings, as the API returns them).

    Raises:
        ValueError: ``hs_timestamp`` (or a meeting's start time) is missing or not a
            date, or a number field is not a number; the message names the property.

    Example:
        >>> row = activity_row("note", 7, {"hs_timestamp": "2024-03-04T16:20:00Z",
        ...                                "hs_note_body": "<p>Budget ok</p>"})
        >>> row["body"], row["search_text"], str(row["occurred_at"])
        ('<p>Budget ok</p>', 'budget ok', '2024-03-04 16:20:00')
    """
    props = {k: (None if v is None else str(v)) for k, v in properties.items()}
    row: dict[str, Any] = dict.fromkeys(ACTIVITY_COLUMNS)
    row.update(id=int(activity_id), type=activity_type, archived=bool(archived),
               created_at=created_at or _timestamp(props, "hs_createdate"),
               updated_at=updated_at or _timestamp(props, "hs_lastmodifieddate"))
    for column, prop in COLUMN_SOURCES.get(activity_type, {}).items():
        row[column] = props.get(prop)

    occurred = (_timestamp(props, "hs_timestamp")
                or (activity_type == "meeting"
                    and _timestamp(props, "hs_meeting_start_time")))
    if not occurred:
        raise ValueError("hs_timestamp: missing; every activity needs a timestamp")
    row["occurred_at"] = occurred
    row["owner_id"] = _integer(props, "hubspot_owner_id")
    row["call_duration_ms"] = _integer(props, "hs_call_duration")
    row["meeting_start"] = _timestamp(props, "hs_meeting_start_time")
    row["meeting_end"] = _timestamp(props, "hs_meeting_end_time")
    row["attachment_ids"] = props.get("hs_attachment_ids") or None
    if activity_type == "email":
        row.update(_email_addresses(props))
    row["search_text"] = search_text(activity_type, props)
    row["properties"] = json.dumps(props, sort_keys=True)
    return row


def _timestamp(props: dict[str, str | None], name: str) -> datetime | None:
    try:
        return parse_timestamp(props.get(name))
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"{name}: {props.get(name)!r} is not a date ({exc})") from exc


def _integer(props: dict[str, str | None], name: str) -> int | None:
    value = props.get(name)
    if value is None or value == "":
        return None
    try:
        return int(float(value))
    except ValueError as exc:
        raise ValueError(f"{name}: {value!r} is not a number") from exc


def _email_addresses(props: dict[str, str | None]) -> dict[str, str | None]:
    """from/to/cc of a logged email, from hs_email_headers JSON or the flat fields."""
    found = {"email_from": props.get("hs_email_from_email"),
             "email_to": props.get("hs_email_to_email"),
             "email_cc": props.get("hs_email_cc_email")}
    headers = props.get("hs_email_headers")
    if headers:
        try:
            parsed = json.loads(headers)
        except ValueError:
            parsed = {}
        if isinstance(parsed, dict):
            sender = parsed.get("from") or {}
            if isinstance(sender, dict) and sender.get("email"):
                found["email_from"] = found["email_from"] or sender["email"]
            for key, column in (("to", "email_to"), ("cc", "email_cc")):
                people = parsed.get(key) or []
                emails = [p.get("email") for p in people
                          if isinstance(p, dict) and p.get("email")]
                if emails and not found[column]:
                    found[column] = ";".join(emails)
    return found

