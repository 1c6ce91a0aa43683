"""Property values checked against their definitions and written with history."""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil import parser as dateparser

from ...activities import parse_timestamp
from ...errors import ActionError
from ...model import UNIQUE_PROPERTIES
from ...store import Store
from ._checks import hubspot_datetime, label

# Properties the store maintains itself; an edit would make the record lie.
READ_ONLY_PROPERTIES = frozenset({"hs_object_id", "createdate", "hs_merged_object_ids"})
OWNER_PROPERTY = "hubspot_owner_id"
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


def definition(store: Store, object_type: str, prop: str) -> dict[str, Any] | None:
    """The property_definitions row of ``prop``, or None where there is none."""
    row = store.con.execute(
        "SELECT type, field_type, options, is_unique FROM property_definitions "
        "WHERE object_type = ? AND name = ?", [object_type, prop]).fetchone()
    if row is None:
        return None
    options = json.loads(row[2]) if row[2] else []
    return {"type": row[0], "field_type": row[1], "options": options,
            "is_unique": bool(row[3])}


def unique_properties(store: Store, object_type: str) -> set[str]:
    """Names whose values must be unique among live records of ``object_type``."""
    rows = store.con.execute(
        "SELECT name FROM property_definitions WHERE object_type = ? AND is_unique",
        [object_type]).fetchall()
    return set(UNIQUE_PROPERTIES.get(object_type, ())) | {r[0] for r in rows}


def stored_value(store: Store, object_type: str, prop: str, value: Any) -> str | None:
    """``value`` as the string the store keeps for ``prop``; None clears it.

    Raises:
        ActionError: the value does not fit the property's definition; the message
            names the property, the value and what was expected.

    Example:
        >>> stored_value(store, "deals", "amount", 1200.50)  # doctest: +SKIP
        '1200.5'
    """
    if value is None or (isinstance(value, str) and value == ""):
        return None
    spec = definition(store, object_type, prop)
    kind = spec["type"] if spec else _natural_type(value)
    try:
        if kind == "number":
            return _number(value)
        if kind == "bool":
            return _boolean(value)
        if kind == "date":
            return _date(value)
        if kind == "datetime":
            return hubspot_datetime(_datetime(value))
        if kind == "enumeration" and spec:
            return _enumeration(value, spec)
    except (ValueError, TypeError, OverflowError, InvalidOperation) as exc:
        raise ActionError(f"{label(object_type)} property {prop!r}: {value!r} is not "
                          f"a valid {kind} ({exc})") from None
    if not isinstance(value, (str, int, float, Decimal)) or isinstance(value, bool):
        raise ActionError(f"{label(object_type)} property {prop!r}: expected text, "
                          f"got {type(value).__name__} {value!r}")
    return str(value)


def check_unique(store: Store, object_type: str, values: dict[str, str | None],
                 record_id: int | None = None) -> None:
    """ActionError if a unique value is already held by another live record."""
    for prop in sorted(unique_properties(store, object_type) & set(values)):
        value = values[prop]
        if value is None:
            continue
        holder = store.con.execute(
            "SELECT p.record_id FROM record_properties p JOIN records r "
            "ON r.object_type = p.object_type AND r.id = p.record_id "
            "WHERE p.object_type = ? AND p.name = ? AND lower(p.value) = lower(?) "
            "AND NOT r.archived AND p.record_id IS DISTINCT FROM ? LIMIT 1",
            [object_type, prop, value, record_id]).fetchone()
        if holder:
            raise ActionError(f"{label(object_type)} property {prop!r}: {value!r} "
                              f"already belongs to {label(object_type)} {holder[0]}; "
                              "it must be unique")


def check_owner(store: Store, values: dict[str, str | None]) -> None:
    """ActionError unless a given ``hubspot_owner_id`` is one of the portal's owners."""
    value = values.get(OWNER_PROPERTY)
    if value is None:
        return
    owner = int(value) if value.isdigit() else None
    if owner is None or not store.con.execute(
            "SELECT count(*) FROM owners WHERE id = ?", [owner]).fetchone()[0]:
        raise ActionError(f"{OWNER_PROPERTY}: {value!r} is not an owner id of this "
                          "portal")


def set_property(store: Store, object_type: str, record_id: int, prop: str,
                 value: str | None, *, at: datetime, source: str,
                 user: str | None) -> str | None:
    """Write one stored value and its history row; returns the previous value.

    Call inside a transaction. An unchanged value writes nothing. History times
    never go backwards for a property, so two quick edits keep their order.
    """
    previous = store.con.execute(
        "SELECT value FROM record_properties WHERE object_type = ? AND record_id = ? "
        "AND name = ?", [object_type, record_id, prop]).fetchone()
    before = None if previous is None else previous[0]
    if before == value or (not before and value is None):
        return before
    if value is None:
        store.con.execute("DELETE FROM record_properties WHERE object_type = ? AND "
                          "record_id = ? AND name = ?", [object_type, record_id, prop])
    else:
        store.con.execute(
            "INSERT OR REPLACE INTO record_properties VALUES (?, ?, ?, ?)",
            [object_type, record_id, prop, value])
    latest = store.con.execute(
        "SELECT max(changed_at) FROM property_history WHERE object_type = ? AND "
        "record_id = ? AND name = ?", [object_type, record_id, prop]).fetchone()[0]
    if latest is not None and latest >= at:
        at = latest + timedelta(milliseconds=1)
    store.con.execute(
        "INSERT INTO property_history VALUES (?, ?, ?, ?, ?, ?, ?)",
        [object_type, record_id, prop, "" if value is None else value, at, source,
         user])
    store.con.execute("UPDATE records SET updated_at = ? WHERE object_type = ? AND "
                      "id = ?", [at, object_type, record_id])
    return before


def _natural_type(value: Any) -> str:
    """The type of a value for a property without a definition."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    return "string"


def _number(value: Any) -> str:
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be finite")
    number = Decimal(str(value).strip())
    if not number.is_finite():
        raise ValueError("must be finite")
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def _boolean(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    word = str(value).strip().lower()
    if word in _TRUE:
        return "true"
    if word in _FALSE:
        return "false"
    raise ValueError("expected true or false")


def _date(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueError("expected an ISO date such as 2024-03-05")
    return dateparser.isoparse(value.strip()).date().isoformat()


def _datetime(value: Any) -> datetime:
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    if not isinstance(value, (str, int, datetime)) or isinstance(value, bool):
        raise ValueError("expected an ISO datetime or epoch milliseconds")
    moment = parse_timestamp(value)
    if moment is None:
        raise ValueError("expected an ISO datetime or epoch milliseconds")
    return moment


def _enumeration(value: Any, spec: dict[str, Any]) -> str:
    allowed = [str(o.get("value")) for o in spec["options"] if isinstance(o, dict)]
    multiple = spec["field_type"] == "checkbox"
    if isinstance(value, (list, tuple, set, frozenset)):
        chosen = [str(v) for v in value]
    elif isinstance(value, str):
        chosen = value.split(";") if multiple else [value]
    elif isinstance(value, bool):
        chosen = ["true" if value else "false"]
    else:
        chosen = [str(value)]
    if len(chosen) > 1 and not multiple:
        raise ValueError("this property takes one option")
    if not allowed:  # a definition imported without its options: keep the text
        return ";".join(chosen)
    unknown = [c for c in chosen if c not in allowed]
    if unknown:
        shown = ", ".join(allowed[:20]) + (" ..." if len(allowed) > 20 else "")
        raise ValueError(f"expected one of: {shown}")
    ordered = [a for a in allowed if a in set(chosen)]  # HubSpot keeps option order
    return ";".join(ordered)
