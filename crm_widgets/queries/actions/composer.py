"""Checks of what a user typed into an activity composer, as HubSpot properties."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ...activities import parse_timestamp
from ...errors import ActionError
from ...model import ENGAGEMENT_OBJECTS, ENGAGEMENT_TYPES
from . import _checks as check

BODY_PROPERTY = {"note": "hs_note_body", "call": "hs_call_body",
                 "email": "hs_email_html", "meeting": "hs_meeting_body",
                 "task": "hs_task_body"}
TITLE_PROPERTY = {"call": "hs_call_title", "email": "hs_email_subject",
                  "meeting": "hs_meeting_title", "task": "hs_task_subject"}
# Logged calls, emails and meetings count as contacting the record.
CONTACTING_TYPES = frozenset({"call", "email", "meeting"})
# Engagement properties with a fixed set of values (HubSpot's API values).
CHOICES: dict[str, frozenset[str]] = {
    "hs_task_status": frozenset({"NOT_STARTED", "IN_PROGRESS", "WAITING", "DEFERRED",
                                 "COMPLETED"}),
    "hs_task_priority": frozenset({"NONE", "LOW", "MEDIUM", "HIGH"}),
    "hs_call_direction": frozenset({"INBOUND", "OUTBOUND"}),
    "hs_email_direction": frozenset({"EMAIL", "INCOMING_EMAIL", "FORWARDED_EMAIL"}),
}
# Set by the action itself, so they are refused in ``properties``.
CONTROLLED = frozenset({"hs_timestamp", "hs_createdate", "hs_lastmodifieddate",
                        "hs_object_id"})
MAX_BODY_CHARS = 65_536  # HubSpot's limit on a note body


def engagement_type(activity_type: Any) -> str:
    """"note", "Notes", "CALL"... as one of the five engagement types."""
    key = activity_type.strip().lower() if isinstance(activity_type, str) else None
    kind = ENGAGEMENT_OBJECTS.get(key, key)
    if kind not in ENGAGEMENT_TYPES:
        raise ActionError(f"activity_type: {activity_type!r} is not one of "
                          f"{', '.join(ENGAGEMENT_TYPES)}")
    return kind


def engagement_properties(kind: str, body: Any, title: Any,
                           properties: Mapping[str, Any] | None) -> dict[str, str]:
    """The HubSpot properties of a new engagement, or ActionError naming the
    argument: body and title land in the type's own properties."""
    props: dict[str, str] = {}
    if properties is not None and not isinstance(properties, Mapping):
        raise ActionError(f"properties must be a mapping, got {properties!r}")
    for key, value in (properties or {}).items():
        prop = check.name(key, "properties")
        if prop in CONTROLLED:
            raise ActionError(f"properties: {prop!r} is set by log_activity itself "
                              "(use when= for the timestamp)")
        if value is None:
            continue
        if not isinstance(value, (str, int, float)):
            raise ActionError(f"properties: {prop!r} must be text or a number, got "
                              f"{value!r}")
        value = str(value).lower() if isinstance(value, bool) else str(value)
        if prop in CHOICES and value not in CHOICES[prop]:
            raise ActionError(f"properties: {prop!r} is {value!r}; expected one of "
                              f"{', '.join(sorted(CHOICES[prop]))}")
        props[prop] = value
    for given, argument, prop in ((body, "body", BODY_PROPERTY[kind]),
                                  (title, "title", TITLE_PROPERTY.get(kind))):
        text = check.text(given, argument)
        if text is None:
            continue
        if prop is None:
            raise ActionError(f"title: a {kind} has no title, got {title!r}")
        if prop in props and props[prop] != text:
            raise ActionError(f"{argument}: given both as {argument}= and as "
                              f"properties[{prop!r}]; give it once")
        props[prop] = text
    body_text = props.get(BODY_PROPERTY[kind])
    if body_text is not None and len(body_text) > MAX_BODY_CHARS:
        raise ActionError(f"body: {len(body_text)} characters; at most "
                          f"{MAX_BODY_CHARS}")
    if kind == "note" and not body_text:
        raise ActionError("body: a note needs a body, got none")
    if kind == "task" and not props.get("hs_task_subject"):
        raise ActionError("title: a task needs a subject, got none")
    return props


def timestamp(value: Any, default: datetime) -> datetime:
    """The ``when`` argument as a naive UTC datetime; ``default`` when absent."""
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, (str, int, datetime)):
        raise ActionError(f"when must be a datetime, an ISO string or epoch "
                          f"milliseconds, got {value!r}")
    try:
        return parse_timestamp(value)
    except (ValueError, OverflowError) as exc:
        raise ActionError(f"when: {value!r} is not a date and time ({exc})") from None


def check_meeting_end(props: dict[str, str], start: datetime) -> None:
    """A meeting may not end before it starts; the end is normalised in place."""
    end = props.get("hs_meeting_end_time")
    if end is None:
        return
    try:
        finish = parse_timestamp(end)
    except (ValueError, OverflowError):
        raise ActionError(f"properties: hs_meeting_end_time {end!r} is not a date "
                          "and time") from None
    if finish < start:
        raise ActionError(f"properties: hs_meeting_end_time {end!r} is before the "
                          f"meeting start {check.hubspot_datetime(start)}")
    props["hs_meeting_end_time"] = check.hubspot_datetime(finish)
