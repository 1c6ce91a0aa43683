"""Record life-cycle actions: create, clone, delete (archive) and restore."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from ...errors import ActionError
from ...model import STANDARD_OBJECTS
from ...store import Store
from . import _checks as check
from ._writes import SINGLE_PRIMARY, associate, has_primary, record_event
from .values import (
    READ_ONLY_PROPERTIES,
    check_owner,
    check_unique,
    set_property,
    stored_value,
    unique_properties,
)

logger = logging.getLogger(__name__)

# Not copied by a clone besides unique values: the store's own stamps, and the
# activity dates, since a clone starts without activities.
CLONE_SKIPPED = READ_ONLY_PROPERTIES | {
    "lastmodifieddate", "hs_lastmodifieddate", "notes_last_updated",
    "notes_last_contacted"}


def create_record(store: Store, object_type: str, properties: Mapping[str, Any], *,
                  associations: Iterable[tuple[str, Any]] = (),
                  user: Any = None) -> int:
    """Create a record, associate it, and put a "created" event on its timeline.

    Values are checked as :func:`edit_property` checks them; a unique value (a
    contact's email, a company's domain) already held by a live record is refused.
    The first company a contact, deal or ticket is associated with becomes its
    Primary company. The owner defaults to ``user`` when that is an owner.

    Returns:
        The new record id (one more than the highest id of that object type).

    Raises:
        UnknownObjectTypeError, RecordNotFoundError, ActionError: nothing written.

    Example:
        >>> create_record(store, "contacts", {"email": "ana@example.com"},
        ...               associations=[("companies", 9001)], user=7)  # doctest: +SKIP
        52
    """
    if not isinstance(properties, Mapping):
        raise ActionError(f"properties must be a mapping, got {properties!r}")
    names = {check.name(k, "properties"): v for k, v in properties.items()}
    fixed = sorted(READ_ONLY_PROPERTIES & set(names))
    if fixed:
        raise ActionError(f"properties: {', '.join(fixed)} are set by the store")
    links = check.record_pairs(associations, "associations")
    who = check.user_name(user)

    with store.transaction():
        kind = store.object_type(object_type)
        values = {k: stored_value(store, kind, k, v) for k, v in names.items()}
        check_unique(store, kind, values)
        check_owner(store, values)
        owner = check.owner_of(store, user)
        if owner is not None and "hubspot_owner_id" not in values:
            values["hubspot_owner_id"] = str(owner)
        targets = [check.live_record(store, t, i, "associations") for t, i in links]
        moment = check.now()
        new_id = _insert_record(store, kind, values, moment, who)
        for t, i in dict.fromkeys(targets):
            primary = (kind, t) in SINGLE_PRIMARY and not has_primary(
                store, kind, new_id, t)
            associate(store, kind, new_id, t, i, primary=primary)
        record_event(store, "record_created", kind, new_id, at=moment, owner_id=owner,
                     title=f"{_singular(kind)} created")
    logger.info("created %s %d", kind, new_id)
    return new_id


def clone_record(store: Store, object_type: str, record_id: Any, *,
                 user: Any = None) -> int:
    """Create a copy of a record with its properties and associations.

    Unique values (email, domain, unique custom properties), ``hs_object_id``,
    ``createdate``, ``hs_merged_object_ids`` and the activity dates are not copied;
    nor are activities and attachments, as in HubSpot. Association labels are kept.

    Returns:
        The new record id.

    Example:
        >>> clone_record(store, "contacts", 51)  # doctest: +SKIP
        52
    """
    who = check.user_name(user)
    with store.transaction():
        kind, rid = check.live_record(store, object_type, record_id)
        skipped = CLONE_SKIPPED | unique_properties(store, kind)
        values = {n: v for n, v in store.con.execute(
            "SELECT name, value FROM record_properties WHERE object_type = ? AND "
            "record_id = ? ORDER BY name", [kind, rid]).fetchall()
            if n not in skipped and v not in (None, "")}
        moment = check.now()
        new_id = _insert_record(store, kind, values, moment, who)
        _copy_associations(store, kind, rid, new_id)
        record_event(store, "record_created", kind, new_id, at=moment,
                     owner_id=check.owner_of(store, user),
                     title=f"{_singular(kind)} created as a clone of {rid}",
                     properties={"hs_cloned_from_object_id": str(rid)})
    logger.info("cloned %s %d as %d", kind, rid, new_id)
    return new_id


def delete_record(store: Store, object_type: str, record_id: Any, *,
                  user: Any = None) -> dict[str, Any]:
    """Delete (archive) a record so it can be restored later.

    Its activities stay in the store, still on the timelines of the other records
    they are associated with; the record's own page and timeline are hidden.

    Returns:
        ``{"object_type", "id", "archived", "archived_at"}``.

    Example:
        >>> delete_record(store, "deals", 3001)["archived"]  # doctest: +SKIP
        True
    """
    check.user_name(user)
    with store.transaction():
        kind, rid = check.live_record(store, object_type, record_id)
        moment = check.now()
        store.con.execute("UPDATE records SET archived = true, archived_at = ? "
                          "WHERE object_type = ? AND id = ?", [moment, kind, rid])
    logger.info("deleted %s %d", kind, rid)
    return {"object_type": kind, "id": rid, "archived": True, "archived_at": moment}


def restore_record(store: Store, object_type: str, record_id: Any, *,
                   user: Any = None) -> dict[str, Any]:
    """Bring back a deleted record, with its timeline.

    A record merged into another cannot come back (merges are final), nor one whose
    unique value (email, domain) a live record has taken since.

    Returns:
        ``{"object_type", "id", "archived", "archived_at"}``.

    Example:
        >>> restore_record(store, "deals", 3001)["archived"]  # doctest: +SKIP
        False
    """
    check.user_name(user)
    with store.transaction():
        kind, rid, archived = check.record_state(store, object_type, record_id)
        if not archived:
            raise ActionError(f"record_id: {check.label(kind)} {rid} is not deleted")
        survivor = store.con.execute(
            "SELECT p.record_id FROM record_properties p JOIN records r "
            "ON r.object_type = p.object_type AND r.id = p.record_id "
            "WHERE p.object_type = ? AND p.name = 'hs_merged_object_ids' "
            "AND list_contains(string_split(p.value, ';'), ?) LIMIT 1",
            [kind, str(rid)]).fetchone()
        if survivor:
            raise ActionError(f"record_id: {check.label(kind)} {rid} was merged into "
                              f"{check.label(kind)} {survivor[0]}; merges are final")
        unique = dict(store.con.execute(
            "SELECT name, value FROM record_properties WHERE object_type = ? AND "
            "record_id = ? AND list_contains(?::VARCHAR[], name)",
            [kind, rid, sorted(unique_properties(store, kind))]).fetchall())
        check_unique(store, kind, unique, record_id=rid)
        store.con.execute("UPDATE records SET archived = false, archived_at = NULL "
                          "WHERE object_type = ? AND id = ?", [kind, rid])
    logger.info("restored %s %d", kind, rid)
    return {"object_type": kind, "id": rid, "archived": False, "archived_at": None}


def _insert_record(store: Store, kind: str, values: dict[str, str | None],
                   moment: datetime, user: str | None) -> int:
    """Write a new records row and its properties (with history); its id."""
    new_id = int(store.con.execute(
        "SELECT coalesce(max(id), 0) + 1 FROM records WHERE object_type = ?",
        [kind]).fetchone()[0])
    store.con.execute("INSERT INTO records VALUES (?, ?, ?, ?, false, NULL)",
                      [kind, new_id, moment, moment])
    stamps = {"hs_object_id": str(new_id),
              "createdate": check.hubspot_datetime(moment)}
    for prop, value in {**stamps, **values}.items():
        set_property(store, kind, new_id, prop, value, at=moment,
                     source="crm_widgets", user=user)
    return new_id


def _copy_associations(store: Store, kind: str, source_id: int, new_id: int) -> None:
    """Give ``new_id`` every association of ``source_id`` to a live record."""
    live = ("EXISTS (SELECT 1 FROM records r WHERE r.object_type = a.to_type "
            "AND r.id = a.to_id AND NOT r.archived)")
    store.con.execute(
        "INSERT OR IGNORE INTO associations SELECT a.from_type, ?, a.to_type, a.to_id,"
        " a.category, a.type_id, a.label FROM associations a WHERE a.from_type = ? "
        f"AND a.from_id = ? AND NOT (a.to_type = ? AND a.to_id = ?) AND {live}",
        [new_id, kind, source_id, kind, source_id])
    store.con.execute(
        "INSERT OR IGNORE INTO associations SELECT b.from_type, b.from_id, b.to_type, "
        "?, b.category, b.type_id, b.label FROM associations b JOIN associations a "
        "ON a.from_type = b.to_type AND a.from_id = ? AND a.to_type = b.from_type "
        "AND a.to_id = b.from_id WHERE b.to_type = ? AND b.to_id = ? "
        "AND a.from_type = ?",
        [new_id, new_id, kind, source_id, kind])


def _singular(kind: str) -> str:
    known = STANDARD_OBJECTS.get(kind)
    return known.label_singular if known else kind
