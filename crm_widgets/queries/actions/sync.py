"""The "Sync now" action of the Salesforce sync card."""

from __future__ import annotations

import logging
from typing import Any

from ...store import Store
from . import _checks as check

logger = logging.getLogger(__name__)


def request_sync(store: Store, object_type: str, record_id: Any, *, user: Any = None,
                 system: str = "salesforce") -> int:
    """Ask for a record to be synced: a sync_requests row, and status PENDING.

    Nothing is sent anywhere: an integration reads ``sync_requests`` and writes the
    outcome back to ``sync_state``. The external id and last sync time are kept.

    Returns:
        The sync request id.

    Example:
        >>> request_sync(store, "companies", 9001, user="ana")  # doctest: +SKIP
        1
    """
    who = check.user_name(user)
    target = check.name(system, "system")
    with store.transaction():
        kind, rid = check.live_record(store, object_type, record_id)
        moment = check.now()
        request_id = store.next_id("sync_requests")
        store.con.execute("INSERT INTO sync_requests VALUES (?, ?, ?, ?, ?, ?)",
                          [request_id, kind, rid, target, moment, who])
        store.con.execute(
            "INSERT INTO sync_state (object_type, record_id, system, status) "
            "VALUES (?, ?, ?, 'PENDING') ON CONFLICT DO UPDATE SET status = 'PENDING'",
            [kind, rid, target])
    logger.info("sync of %s %d requested", kind, rid)
    return request_id
