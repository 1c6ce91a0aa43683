"""Checks and SQL pieces that every read query shares."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ..errors import RecordNotFoundError
from ..model import STANDARD_OBJECTS
from ..store import Store

# An owner's display name: "First Last", else the email, else "Owner #id".
OWNER_NAME_SQL = (
    "coalesce(nullif(trim(concat_ws(' ', {o}.first_name, {o}.last_name)), ''), "
    "{o}.email, CASE WHEN {o}.id IS NOT NULL THEN 'Owner #' || {o}.id END)"
)


def owner_name_sql(alias: str) -> str:
    """The SQL expression of an owner's display name for the owners alias given."""
    return OWNER_NAME_SQL.format(o=alias)


def record_id_value(record_id: Any) -> int:
    """A record id as an int, or RecordNotFoundError naming the bad value."""
    if isinstance(record_id, bool):
        raise RecordNotFoundError(f"record id must be an integer, got {record_id!r}")
    if isinstance(record_id, float) and record_id.is_integer():
        return int(record_id)  # ids read back from a frame with gaps are floats
    try:
        return int(str(record_id).strip())
    except (TypeError, ValueError):
        raise RecordNotFoundError(
            f"record id must be an integer, got {record_id!r}") from None


def require_record(store: Store, object_type: str, record_id: Any) -> tuple[str, int]:
    """Normalise the object type and check that the record exists.

    Returns:
        ``(object_type, record_id)`` with the type's API name and an int id.

    Raises:
        UnknownObjectTypeError: the object type is unknown.
        RecordNotFoundError: the store holds no such record.
    """
    kind = api_name(store, object_type)
    rid = record_id_value(record_id)
    found = store.scalar(
        "SELECT count(*) FROM records WHERE object_type = ? AND id = ?", [kind, rid])
    if not found:
        raise RecordNotFoundError(f"no {singular(store, kind)} with id {rid}")
    return kind, rid


def api_name(store: Store, object_type: str) -> str:
    """An object type's API name, as ``store.object_type`` gives it.

    A standard API name is its own normal form, so it skips reading the portal's
    custom types.

    Example:
        >>> api_name(store, "contact")  # doctest: +SKIP
        'contacts'
    """
    if object_type in STANDARD_OBJECTS:
        return object_type
    return store.object_type(object_type)


def singular(store: Store, object_type: str) -> str:
    """The lower-case singular label of an object type, for messages."""
    if object_type in STANDARD_OBJECTS:
        return STANDARD_OBJECTS[object_type].label_singular.lower()
    label = store.scalar("SELECT label_singular FROM object_types WHERE name = ?",
                         [object_type])
    return (label or object_type).lower()


def utc_now(now: datetime | None = None) -> datetime:
    """``now`` (or the current time) as a naive UTC datetime, as the store keeps."""
    moment = now or datetime.now(timezone.utc)
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def page_bounds(limit: Any, offset: Any) -> tuple[int, int]:
    """Checked ``(limit, offset)``: whole numbers, limit >= 0 and offset >= 0."""
    try:
        lim, off = int(limit), int(offset)
    except (TypeError, ValueError):
        raise ValueError(f"limit and offset must be integers, got {limit!r}, "
                         f"{offset!r}") from None
    if lim < 0 or off < 0:
        raise ValueError(f"limit and offset must be >= 0, got {lim}, {off}")
    return lim, off


def properties_of(store: Store, object_type: str, record_ids: list[int],
                  names: tuple[str, ...]) -> dict[int, dict[str, str | None]]:
    """Selected property values of several records: ``{id: {name: value}}``."""
    if not record_ids or not names:
        return {rid: {} for rid in record_ids}
    rows = store.con.execute(
        "SELECT record_id, name, value FROM record_properties "
        "WHERE object_type = ? AND list_contains(?::BIGINT[], record_id) "
        "AND list_contains(?::VARCHAR[], name)",
        [object_type, list(record_ids), list(names)]).fetchall()
    found: dict[int, dict[str, str | None]] = {rid: {} for rid in record_ids}
    for rid, name, value in rows:
        found[rid][name] = value
    return found


def properties_of_types(store: Store, record_ids: dict[str, list[int]],
                        names: dict[str, tuple[str, ...]]
                        ) -> dict[str, dict[int, dict[str, str | None]]]:
    """Selected property values of records of several types, in one query.

    Args:
        record_ids: object type -> the ids to read.
        names: object type -> the property names to read for that type.

    Returns:
        ``{object_type: {id: {name: value}}}``, every id present (empty when none
        of its properties is set).

    Example:
        >>> properties_of_types(store, {"deals": [301]}, {"deals": ("amount",)})
        ... # doctest: +SKIP
        {'deals': {301: {'amount': '12000'}}}
    """
    found = {kind: {int(rid): {} for rid in ids} for kind, ids in record_ids.items()}
    kinds = [k for k, ids in record_ids.items() if ids and names.get(k)]
    if not kinds:
        return found
    # "IN (SELECT unnest(...))" lets DuckDB skip the row groups of other records
    # (record_properties is stored sorted by record); list_contains() does not.
    rows = store.con.execute(
        "SELECT object_type, record_id, name, value FROM record_properties "
        "WHERE list_contains(?::VARCHAR[], object_type) "
        "AND record_id IN (SELECT unnest(?::BIGINT[])) "
        "AND list_contains(?::VARCHAR[], name)",
        [kinds, sorted({int(i) for k in kinds for i in record_ids[k]}),
         sorted({n for k in kinds for n in names[k]})]).fetchall()
    for kind, rid, name, value in rows:
        mine = found.get(kind, {}).get(rid)
        if mine is not None and name in names[kind]:
            mine[name] = value
    return found
