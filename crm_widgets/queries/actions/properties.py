"""Inline editing of a record's property, with its history."""

from __future__ import annotations

import logging
from typing import Any

from ...errors import ActionError
from ...store import Store
from . import _checks as check
from .values import (
    READ_ONLY_PROPERTIES,
    check_owner,
    check_unique,
    set_property,
    stored_value,
)

logger = logging.getLogger(__name__)


def edit_property(store: Store, object_type: str, record_id: Any, name: str,
                  value: Any, *, user: Any = None,
                  source: str = "crm_widgets") -> dict[str, Any]:
    """Set one property of a record, checked against its definition.

    The value is checked against ``property_definitions`` where the property has one
    (an enumeration option, a number, a date, a datetime, a bool) and kept as the
    string HubSpot would return. A history row records the value, the time, the
    source and the user; the record's ``updated_at`` moves. An unchanged value
    writes nothing. ``None`` or ``""`` clears the property.

    Args:
        store: the portal.
        object_type: the record's type.
        record_id: the record's id.
        name: the property's internal name.
        value: the new value.
        user: who made the change (kept as the history row's source id).
        source: the history row's source type.

    Returns:
        ``{"object_type", "record_id", "name", "value", "previous", "changed"}``.

    Raises:
        RecordNotFoundError: no such record.
        ActionError: a read-only or unique-clashing property, or a value that does
            not fit; nothing was written.

    Example:
        >>> edit_property(store, "contacts", 51, "lifecyclestage", "customer",
        ...               user=7)["previous"]  # doctest: +SKIP
        'lead'
    """
    prop = check.name(name, "name")
    if prop in READ_ONLY_PROPERTIES:
        raise ActionError(f"name: {prop!r} is kept by the store and cannot be edited")
    origin = check.name(source, "source")
    who = check.user_name(user)

    with store.transaction():
        kind, rid = check.live_record(store, object_type, record_id)
        new = stored_value(store, kind, prop, value)
        check_unique(store, kind, {prop: new}, record_id=rid)
        check_owner(store, {prop: new})
        before = set_property(store, kind, rid, prop, new, at=check.now(),
                              source=origin, user=who)
    changed = (before or None) != new
    if changed:
        logger.info("%s %d: %s changed", kind, rid, prop)
    return {"object_type": kind, "record_id": rid, "name": prop, "value": new,
            "previous": before, "changed": changed}
