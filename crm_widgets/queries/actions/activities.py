"""Write actions on the timeline: log an activity, comment, re-associate, complete."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from ...activities import activity_row, parse_timestamp
from ...errors import ActionError
from ...model import ACTIVITY_ASSOCIATION_TYPE_IDS
from ...store import Store
from . import _checks as check
from ._writes import insert_activity, properties_json
from .composer import (
    CONTACTING_TYPES,
    MAX_BODY_CHARS,
    check_meeting_end,
    engagement_properties,
    engagement_type,
    timestamp,
)
from .values import set_property

logger = logging.getLogger(__name__)

def log_activity(store: Store, object_type: str, record_id: Any, activity_type: str,
                 *, user: Any = None, body: str | None = None,
                 title: str | None = None, when: Any = None,
                 properties: Mapping[str, Any] | None = None,
                 associate_with: Iterable[tuple[str, Any]] = ()) -> int:
    """Log a note, email, call, task or meeting on a record.

    The activity goes on the record's timeline, on every record in
    ``associate_with``, and, as HubSpot does, on the primary company of each contact
    it is logged on (not on the contact's tickets). ``notes_last_updated`` of those
    records moves to now, and ``notes_last_contacted`` to the activity's time for a
    call, email or meeting that has happened.

    Args:
        store: the portal.
        object_type: type of the record the activity is logged on.
        record_id: that record's id.
        activity_type: note, email, call, task or meeting.
        user: the current user; an owner id (or owner email) becomes the owner.
        body: the body (HTML); required for a note. Kept as written.
        title: call title, email subject, meeting title or task subject (required
            for a task; a note has none).
        when: hs_timestamp: when it happened, a task's due date, a meeting's start;
            now by default. A datetime, an ISO string or epoch milliseconds.
        properties: other HubSpot engagement properties (``hs_task_priority``...).
        associate_with: more ``(object_type, id)`` records to associate.

    Returns:
        The new activity id.

    Raises:
        RecordNotFoundError: a record does not exist.
        ActionError: a bad argument; nothing was written.

    Example:
        >>> log_activity(store, "contacts", 51, "call", user=7, title="Intro",
        ...              body="Budget approved")  # doctest: +SKIP
        9001
    """
    kind = engagement_type(activity_type)
    props = engagement_properties(kind, body, title, properties)
    moment = check.now()
    occurred = timestamp(when, moment)
    props["hs_timestamp"] = check.hubspot_datetime(occurred)
    if kind == "meeting":
        props["hs_meeting_start_time"] = props["hs_timestamp"]
        check_meeting_end(props, occurred)
    if kind == "task":
        props.setdefault("hs_task_status", "NOT_STARTED")
        props.setdefault("hs_task_type", "TODO")
    created = check.hubspot_datetime(moment)
    props.update(hs_createdate=created, hs_lastmodifieddate=created)

    with store.transaction():
        owner = _assignee(store, user, props)
        if owner is not None:
            props["hubspot_owner_id"] = str(owner)
        targets = _targets(store, object_type, record_id, associate_with)
        try:
            row = activity_row(kind, store.next_id("activities"), props,
                               created_at=moment, updated_at=moment)
        except ValueError as exc:
            raise ActionError(f"properties: {exc}") from None
        row["owner_id"] = owner
        activity_id = insert_activity(store, row)
        store.con.executemany(
            "INSERT INTO activity_associations VALUES (?, ?, ?, ?)",
            [(activity_id, t, i, ACTIVITY_ASSOCIATION_TYPE_IDS.get((kind, t)))
             for t, i in targets])
        happened = kind in CONTACTING_TYPES and occurred <= moment
        contacted = occurred if happened else None
        for t, i in targets:
            _touch(store, t, i, moment, contacted, check.user_name(user))
    logger.info("logged %s %d on %d records", kind, activity_id, len(targets))
    return activity_id


def add_comment(store: Store, activity_id: Any, body: str, *, user: Any = None) -> int:
    """Leave a comment on an activity; returns the comment id.

    Example:
        >>> add_comment(store, 9001, "Sent the deck", user=7)  # doctest: +SKIP
        1
    """
    text = check.text(body, "body", required=True)
    if len(text) > MAX_BODY_CHARS:
        raise ActionError(f"body: {len(text)} characters; at most {MAX_BODY_CHARS}")
    with store.transaction():
        aid, _ = check.activity_type_of(store, activity_id)
        comment_id = store.next_id("activity_comments")
        store.con.execute("INSERT INTO activity_comments VALUES (?, ?, ?, ?, ?)",
                          [comment_id, aid, check.owner_of(store, user), text,
                           check.now()])
    return comment_id


def set_activity_associations(store: Store, activity_id: Any,
                              records: Iterable[tuple[str, Any]]
                              ) -> list[tuple[str, int]]:
    """Replace the set of records an activity shows on; at least one must remain.

    Returns:
        The new set as sorted ``(object_type, id)`` pairs.

    Example:
        >>> set_activity_associations(store, 9001, [("contacts", 51),
        ...                                         ("deals", 3001)])  # doctest: +SKIP
        [('contacts', 51), ('deals', 3001)]
    """
    pairs = check.record_pairs(records, "records")
    if not pairs:
        raise ActionError("records: an activity must stay associated with at least "
                          "one record, got none")
    with store.transaction():
        aid, kind = check.activity_type_of(store, activity_id)
        chosen = sorted({check.live_record(store, t, i, "records") for t, i in pairs})
        store.con.execute("DELETE FROM activity_associations WHERE activity_id = ?",
                          [aid])
        store.con.executemany(
            "INSERT INTO activity_associations VALUES (?, ?, ?, ?)",
            [(aid, t, i, ACTIVITY_ASSOCIATION_TYPE_IDS.get((kind, t)))
             for t, i in chosen])
        store.con.execute("UPDATE activities SET updated_at = ? WHERE id = ?",
                          [check.now(), aid])
    return chosen


def complete_task(store: Store, activity_id: Any, *,
                  user: Any = None) -> dict[str, Any]:
    """Mark a task COMPLETED; a task already completed is left as it is.

    Returns:
        ``{"id", "task_status", "completed_at"}`` of the task.

    Example:
        >>> complete_task(store, 9002)["task_status"]  # doctest: +SKIP
        'COMPLETED'
    """
    who = check.user_name(user)
    with store.transaction():
        aid, kind = check.activity_type_of(store, activity_id)
        if kind != "task":
            raise ActionError(f"activity_id: activity {aid} is a {kind}, not a task")
        status, raw = store.con.execute(
            "SELECT task_status, properties FROM activities WHERE id = ?",
            [aid]).fetchone()
        if status == "COMPLETED":
            return {"id": aid, "task_status": status,
                    "completed_at": _completed_at(raw)}
        moment = check.now()
        props = properties_json(raw, hs_task_status="COMPLETED",
                                hs_task_completion_date=check.hubspot_datetime(moment),
                                hs_lastmodifieddate=check.hubspot_datetime(moment))
        if who is not None:
            props = properties_json(props, hs_task_completed_by=who)
        store.con.execute("UPDATE activities SET task_status = 'COMPLETED', "
                          "updated_at = ?, properties = ? WHERE id = ?",
                          [moment, props, aid])
    return {"id": aid, "task_status": "COMPLETED", "completed_at": moment}


def _completed_at(raw: str | None) -> datetime | None:
    """When an already completed task was completed, if its properties say so."""
    try:
        return parse_timestamp((json.loads(raw) if raw else {})
                               .get("hs_task_completion_date"))
    except (ValueError, OverflowError):
        return None


def _assignee(store: Store, user: Any, props: dict[str, str]) -> int | None:
    """The owner: ``hubspot_owner_id`` when given (a task's assignee), else user's."""
    given = props.get("hubspot_owner_id")
    if given is None:
        return check.owner_of(store, user)
    owner = check.whole_number(given, "properties['hubspot_owner_id']")
    if store.con.execute("SELECT count(*) FROM owners WHERE id = ?",
                         [owner]).fetchone()[0] == 0:
        raise ActionError(f"properties: hubspot_owner_id {given!r} is not an owner")
    return owner


def _targets(store: Store, object_type: str, record_id: Any,
             associate_with: Iterable[tuple[str, Any]]) -> list[tuple[str, int]]:
    """The record, the extra records, then each contact's primary company."""
    chosen = [check.live_record(store, object_type, record_id)]
    chosen += [check.live_record(store, t, i, "associate_with")
               for t, i in check.record_pairs(associate_with, "associate_with")]
    for t, i in list(chosen):
        if t == "contacts":
            chosen += [("companies", int(r[0])) for r in store.con.execute(
                "SELECT a.to_id FROM associations a JOIN records r "
                "ON r.object_type = a.to_type AND r.id = a.to_id AND NOT r.archived "
                "WHERE a.from_type = 'contacts' AND a.from_id = ? "
                "AND a.to_type = 'companies' AND a.category = 'HUBSPOT_DEFINED' "
                "AND a.type_id = 1 ORDER BY a.to_id", [i]).fetchall()]
    return list(dict.fromkeys(chosen))


def _touch(store: Store, object_type: str, record_id: int, moment: datetime,
           contacted: datetime | None, user: str | None) -> None:
    """Move the record's last-activity dates forward (never back)."""
    stamps = {"notes_last_updated": moment, "notes_last_contacted": contacted}
    for prop, moment_value in stamps.items():
        if moment_value is None:
            continue
        current = store.con.execute(
            "SELECT value FROM record_properties WHERE object_type = ? AND "
            "record_id = ? AND name = ?", [object_type, record_id, prop]).fetchone()
        try:
            before = parse_timestamp(current[0]) if current else None
        except (ValueError, OverflowError):
            before = None  # an unreadable stamp is replaced
        if before is None or moment_value > before:
            set_property(store, object_type, record_id, prop,
                         check.hubspot_datetime(moment_value), at=moment,
                         source="crm_widgets", user=user)
