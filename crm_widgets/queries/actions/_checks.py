"""Argument checks shared by the write actions: ids, records, users, text, time."""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from ...errors import ActionError, RecordNotFoundError
from ...model import STANDARD_OBJECTS
from ...store import Store

# A user id, a property name or a ui_state key longer than this is a mistake.
MAX_NAME_LENGTH = 256


def now() -> datetime:
    """The current time as a naive UTC datetime, to the millisecond as HubSpot's."""
    moment = datetime.now(timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def hubspot_datetime(moment: datetime) -> str:
    """A datetime as HubSpot writes datetime property values: ISO, ms, ``Z``."""
    return moment.isoformat(timespec="milliseconds") + "Z"


def whole_number(value: Any, argument: str) -> int:
    """``value`` as an int (ints or digit strings), else ActionError naming it."""
    if isinstance(value, bool):
        raise ActionError(f"{argument} must be an integer id, got {value!r}")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise ActionError(f"{argument} must be an integer id, got {value!r}")


def label(object_type: str) -> str:
    """A lower-case singular label for messages ("contact", or the custom name)."""
    known = STANDARD_OBJECTS.get(object_type)
    return known.label_singular.lower() if known else object_type


def record_state(store: Store, object_type: str, record_id: Any,
                 argument: str = "record_id") -> tuple[str, int, bool]:
    """Normalise and look up a record; ``(object_type, id, archived)``.

    Raises:
        UnknownObjectTypeError: the object type is unknown.
        ActionError: the id is not an integer.
        RecordNotFoundError: the store holds no such record.
    """
    kind = store.object_type(object_type)
    rid = whole_number(record_id, argument)
    row = store.con.execute(
        "SELECT archived FROM records WHERE object_type = ? AND id = ?",
        [kind, rid]).fetchone()
    if row is None:
        raise RecordNotFoundError(f"{argument}: no {label(kind)} with id {rid}")
    return kind, rid, bool(row[0])


def live_record(store: Store, object_type: str, record_id: Any,
                argument: str = "record_id") -> tuple[str, int]:
    """A record that exists and is not deleted; ``(object_type, id)``.

    Raises:
        RecordNotFoundError: no such record.
        ActionError: the record is deleted (archived); restore it first.
    """
    kind, rid, archived = record_state(store, object_type, record_id, argument)
    if archived:
        raise ActionError(f"{argument}: {label(kind)} {rid} is deleted; restore it "
                          "before changing it")
    return kind, rid


def activity_type_of(store: Store, activity_id: Any) -> tuple[int, str]:
    """An activity that exists and is not archived; ``(id, type)``."""
    aid = whole_number(activity_id, "activity_id")
    row = store.con.execute("SELECT type, archived FROM activities WHERE id = ?",
                            [aid]).fetchone()
    if row is None or row[1]:
        raise RecordNotFoundError(f"activity_id: no activity with id {aid}")
    return aid, row[0]


def text(value: Any, argument: str, *, required: bool = False) -> str | None:
    """A user-written string (kept literally), None, or ActionError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ActionError(f"{argument} must not be empty, got {value!r}")
        return None
    if not isinstance(value, str):
        raise ActionError(f"{argument} must be a string, got {type(value).__name__} "
                          f"{value!r}")
    return value


def name(value: Any, argument: str) -> str:
    """A name used as a key (user, property, ui_state key): short, printable."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise ActionError(f"{argument} must be a non-empty string, got {value!r}")
    if len(value) > MAX_NAME_LENGTH or not value.isprintable():
        raise ActionError(f"{argument} must be printable text of at most "
                          f"{MAX_NAME_LENGTH} characters, got {value!r}")
    return value


def user_name(user: Any) -> str | None:
    """The user as stored in history, comments and follows (None when unknown)."""
    return None if user is None else name(user, "user")


def owner_of(store: Store, user: Any) -> int | None:
    """The owner id of ``user``: an owner id, or an owner's email; else None."""
    who = user_name(user)
    if who is None:
        return None
    if who.strip().isdigit():
        row = store.con.execute("SELECT id FROM owners WHERE id = ?",
                                [int(who)]).fetchone()
    else:
        row = store.con.execute(
            "SELECT id FROM owners WHERE lower(email) = lower(?) ORDER BY archived, id",
            [who.strip()]).fetchone()
    return None if row is None else int(row[0])


def record_pairs(records: Any, argument: str) -> list[tuple[Any, Any]]:
    """A list of ``(object_type, id)`` pairs, or ActionError naming ``argument``."""
    if isinstance(records, (str, bytes)) or not isinstance(records, Iterable):
        raise ActionError(f"{argument} must be a list of (object_type, id) pairs, got "
                          f"{records!r}")
    pairs = []
    for item in records:
        if isinstance(item, (str, bytes)) or not isinstance(item, (tuple, list)) \
                or len(item) != 2:
            raise ActionError(f"{argument}: each item must be an (object_type, id) "
                              f"pair, got {item!r}")
        pairs.append((item[0], item[1]))
    return pairs
