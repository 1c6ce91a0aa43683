"""Portal-wide settings kept in the ``meta`` table: for now, the portal's time zone."""

from __future__ import annotations

import logging
import zoneinfo
from typing import Any

logger = logging.getLogger(__name__)

# The meta key an importer or the user sets; the widget shows times in this zone.
TIME_ZONE_KEY = "portal.time_zone"


def check_time_zone(name: str) -> str:
    """Return ``name`` if it is an IANA time zone, else raise ValueError.

    Example:
        >>> check_time_zone("Europe/Berlin")
        'Europe/Berlin'
    """
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValueError(f"time zone {name!r} is not an IANA zone name such as "
                         "'Europe/Berlin' or 'America/New_York'") from exc
    return name


def portal_time_zone(store: Any) -> str | None:
    """The portal's time zone, or None when no importer or user has set one.

    A stored name this machine does not know is ignored (logged), so the page falls
    back to the browser's zone rather than failing to open.

    Example:
        >>> portal_time_zone(store)  # doctest: +SKIP
        'Europe/Berlin'
    """
    row = store.con.execute("SELECT value FROM meta WHERE key = ?",
                            [TIME_ZONE_KEY]).fetchone()
    if row is None or not row[0]:
        return None
    try:
        return check_time_zone(row[0])
    except ValueError:
        logger.warning("ignoring the portal's time zone %r: unknown zone", row[0])
        return None


def set_portal_time_zone(store: Any, name: str) -> None:
    """Store the portal's time zone (an IANA name), as HubSpot's account settings do.

    Raises:
        ValueError: ``name`` is not a known IANA zone; the store is left unchanged.

    Example:
        >>> set_portal_time_zone(store, "America/New_York")  # doctest: +SKIP
    """
    check_time_zone(name)
    with store.transaction():
        store.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                          [TIME_ZONE_KEY, name])
