"""Merging two records of one object type into one; irreversible, as in HubSpot."""

from __future__ import annotations

import logging
from typing import Any

from ...activities import parse_timestamp
from ...errors import ActionError
from ...model import PRIMARY_ASSOCIATION_TYPE_IDS, STANDARD_OBJECTS
from ...store import Store
from . import _checks as check
from ._writes import SINGLE_PRIMARY, record_event
from .values import READ_ONLY_PROPERTIES, set_property

logger = logging.getLogger(__name__)

# Dates where the merged record keeps the later of the two values.
LATEST_WINS = ("notes_last_updated", "notes_last_contacted")
# Rows of other tables that follow a record of that type into the merge:
# (table, column holding the record id); names are constants, never user text.
FOLLOWERS: dict[str, tuple[tuple[str, str], ...]] = {
    "contacts": (("marketing_interactions", "contact_id"),),
    "deals": (("line_items", "deal_id"), ("quotes", "deal_id")),
    "tickets": (("conversation_threads", "ticket_id"),),
}
# Link tables keyed by (object_type, record_id, ...): rows move unless the primary
# already has the same one.
LINK_TABLES = (("activity_associations", "activity_id, object_type, {id}, type_id"),
               ("record_files", "object_type, {id}, file_id, attached_at"),
               ("follows", "user_id, object_type, {id}, followed_at"))


def merge_records(store: Store, object_type: str, primary_id: Any, secondary_id: Any,
                  *, user: Any = None) -> dict[str, Any]:
    """Merge the secondary record into the primary one. This cannot be undone.

    The secondary is archived and its id appended to the primary's
    ``hs_merged_object_ids`` (';'-separated). Its activities, attachments,
    followers and associations move to the primary, so the primary keeps both
    records' associations without duplicates (the primary's own Primary company
    wins over the secondary's). Properties blank on the primary take the
    secondary's values, and a ``merge`` event goes on the primary's timeline.

    Known limit: list memberships and workflow enrollments of the secondary are
    not moved; they stay on the archived record.

    Returns:
        ``{"object_type", "id", "merged_id", "merged_object_ids",
        "activities_moved", "event_id"}``.

    Raises:
        RecordNotFoundError: either record does not exist.
        ActionError: the same id twice, or a deleted record; nothing was written.

    Example:
        >>> merge_records(store, "contacts", 51, 52)["merged_object_ids"]
        ...  # doctest: +SKIP
        ['52']
    """
    who = check.user_name(user)
    with store.transaction():
        kind, pid = check.live_record(store, object_type, primary_id, "primary_id")
        _, sid = check.live_record(store, kind, secondary_id, "secondary_id")
        if pid == sid:
            raise ActionError(f"secondary_id: cannot merge {check.label(kind)} {pid} "
                              "into itself")
        moment = check.now()
        merged = _merge_properties(store, kind, pid, sid, moment, who)
        _move_associations(store, kind, pid, sid)
        moved = store.con.execute(
            "SELECT count(*) FROM activity_associations WHERE object_type = ? AND "
            "record_id = ?", [kind, sid]).fetchone()[0]
        _move_links(store, kind, pid, sid)
        store.con.execute("UPDATE records SET archived = true, archived_at = ? "
                          "WHERE object_type = ? AND id = ?", [moment, kind, sid])
        singular = (STANDARD_OBJECTS[kind].label_singular
                    if kind in STANDARD_OBJECTS else kind)
        event_id = record_event(
            store, "merge", kind, pid, at=moment, owner_id=check.owner_of(store, user),
            title=f"{singular} {sid} merged into this record",
            properties={"hs_merged_object_id": str(sid)})
    logger.info("merged %s %d into %d", kind, sid, pid)
    return {"object_type": kind, "id": pid, "merged_id": sid,
            "merged_object_ids": merged, "activities_moved": int(moved),
            "event_id": event_id}


def _merge_properties(store: Store, kind: str, pid: int, sid: int, moment: Any,
                      who: str | None) -> list[str]:
    """Fill the primary's blanks from the secondary; return the merged ids."""
    def values(rid: int) -> dict[str, str]:
        return {n: v for n, v in store.con.execute(
            "SELECT name, value FROM record_properties WHERE object_type = ? AND "
            "record_id = ?", [kind, rid]).fetchall() if v not in (None, "")}

    primary, secondary = values(pid), values(sid)
    for prop in sorted(set(secondary) - READ_ONLY_PROPERTIES):
        take = prop not in primary or (prop in LATEST_WINS
                                       and _later(secondary[prop], primary[prop]))
        if take:
            set_property(store, kind, pid, prop, secondary[prop], at=moment,
                         source="crm_widgets", user=who)

    def ids(props: dict[str, str]) -> list[str]:
        return [i for i in props.get("hs_merged_object_ids", "").split(";") if i]

    merged = list(dict.fromkeys([*ids(primary), str(sid), *ids(secondary)]))
    merged = [i for i in merged if i != str(pid)]
    set_property(store, kind, pid, "hs_merged_object_ids", ";".join(merged),
                 at=moment, source="crm_widgets", user=who)
    return merged


def _later(candidate: str, current: str) -> bool:
    """True when the ISO stamp ``candidate`` is after ``current``."""
    try:
        return parse_timestamp(candidate) > parse_timestamp(current)
    except (TypeError, ValueError, OverflowError):
        return False  # an unreadable stamp does not replace a readable one


def _move_associations(store: Store, kind: str, pid: int, sid: int) -> None:
    """Re-point the secondary's associations (both directions) at the primary."""
    for from_type, to_type in SINGLE_PRIMARY:
        if from_type != kind:
            continue
        forward = PRIMARY_ASSOCIATION_TYPE_IDS[(from_type, to_type)]
        backward = PRIMARY_ASSOCIATION_TYPE_IDS[(to_type, from_type)]
        taken = store.con.execute(
            "SELECT count(*) FROM associations WHERE from_type = ? AND from_id = ? "
            "AND to_type = ? AND category = 'HUBSPOT_DEFINED' AND type_id = ?",
            [kind, pid, to_type, forward]).fetchone()[0]
        if taken:  # one Primary company per record: the primary's stays
            store.con.execute(
                "DELETE FROM associations WHERE category = 'HUBSPOT_DEFINED' AND ("
                "(from_type = ? AND from_id = ? AND to_type = ? AND type_id = ?) OR "
                "(to_type = ? AND to_id = ? AND from_type = ? AND type_id = ?))",
                [kind, sid, to_type, forward, kind, sid, to_type, backward])
    both = [kind, pid, sid]  # leave out links between the two records themselves
    store.con.execute(
        "INSERT OR IGNORE INTO associations SELECT from_type, ?, to_type, to_id, "
        "category, type_id, label FROM associations WHERE from_type = ? AND "
        "from_id = ? AND NOT (to_type = ? AND to_id IN (?, ?))",
        [pid, kind, sid, *both])
    store.con.execute(
        "INSERT OR IGNORE INTO associations SELECT from_type, from_id, to_type, ?, "
        "category, type_id, label FROM associations WHERE to_type = ? AND "
        "to_id = ? AND NOT (from_type = ? AND from_id IN (?, ?))",
        [pid, kind, sid, *both])
    store.con.execute(
        "DELETE FROM associations WHERE (from_type = ? AND from_id = ?) OR "
        "(to_type = ? AND to_id = ?)", [kind, sid, kind, sid])


def _move_links(store: Store, kind: str, pid: int, sid: int) -> None:
    """Move activities, attachments, followers and type-specific rows."""
    for table, columns in LINK_TABLES:  # vetted constants
        store.con.execute(
            f"INSERT OR IGNORE INTO {table} SELECT {columns.format(id='?')} "
            f"FROM {table} WHERE object_type = ? AND record_id = ?", [pid, kind, sid])
        store.con.execute(f"DELETE FROM {table} WHERE object_type = ? AND "
                          "record_id = ?", [kind, sid])
    for table, column in FOLLOWERS.get(kind, ()):
        store.con.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?",
                          [pid, sid])
