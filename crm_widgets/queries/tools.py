"""The right sidebar's tool cards: memberships, line items, quotes, playbooks,
conversations, sync state and following; plus the owner and team menus."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import UnknownObjectTypeError
from ..store import Store
from .common import api_name, owner_name_sql, record_id_value, require_record


def list_memberships(store: Store, contact_id: int) -> pd.DataFrame:
    """The lists a contact belongs to, most recently added first.

    Example:
        >>> len(list_memberships(store, 51))  # the card's count  # doctest: +SKIP
        2
    """
    _, cid = require_record(store, "contacts", contact_id)
    return store.query(
        "SELECT l.id AS list_id, l.name, l.list_type, m.added_at "
        "FROM list_memberships m JOIN lists l ON l.id = m.list_id "
        "WHERE m.object_type = 'contacts' AND m.record_id = ? "
        "ORDER BY m.added_at DESC NULLS LAST, l.name", [cid])


def workflow_memberships(store: Store, contact_id: int) -> pd.DataFrame:
    """The workflows a contact is or was enrolled in; ``is_active`` marks current ones.

    Example:
        >>> int(workflow_memberships(store, 51)["is_active"].sum())  # doctest: +SKIP
        1
    """
    _, cid = require_record(store, "contacts", contact_id)
    return store.query(
        "SELECT w.id AS workflow_id, w.name, w.enabled, e.status, e.enrolled_at, "
        "coalesce(e.status, 'ACTIVE') = 'ACTIVE' AS is_active "
        "FROM workflow_enrollments e JOIN workflows w ON w.id = e.workflow_id "
        "WHERE e.object_type = 'contacts' AND e.record_id = ? "
        "ORDER BY is_active DESC, e.enrolled_at DESC NULLS LAST, w.name", [cid])


def line_items(store: Store, deal_id: Any, record_id: int | None = None
               ) -> pd.DataFrame:
    """A deal's line items; ``frame.attrs["total"]`` is the sum of their amounts.

    amount = quantity x unit price - discount, computed in exact decimals. Also
    callable in the tool-card shape ``line_items(store, "deals", 301)``.

    Returns:
        Columns line_item_id, product_id, product, sku, quantity, price, discount,
        amount, recurring_billing_period.

    Example:
        >>> items = line_items(store, 301)  # doctest: +SKIP
        >>> items.attrs["total"]  # doctest: +SKIP
        12000.0
    """
    did = _card_record(store, "deals", deal_id, record_id)
    frame = store.query(
        "SELECT li.id AS line_item_id, li.product_id, "
        "coalesce(li.name, p.name) AS product, p.sku, "
        "CAST(li.quantity AS DOUBLE) AS quantity, CAST(li.price AS DOUBLE) AS price, "
        "CAST(li.discount AS DOUBLE) AS discount, "
        "CAST(li.quantity * li.price - li.discount AS DOUBLE) AS amount, "
        "li.recurring_billing_period "
        "FROM line_items li LEFT JOIN products p ON p.id = li.product_id "
        "WHERE li.deal_id = ? ORDER BY li.created_at NULLS LAST, li.id", [did])
    total = store.scalar(
        "SELECT CAST(coalesce(sum(quantity * price - discount), 0) AS DOUBLE) "
        "FROM line_items WHERE deal_id = ?", [did])
    frame.attrs["total"] = float(total)
    return frame


def quotes(store: Store, deal_id: Any, record_id: int | None = None
           ) -> pd.DataFrame:
    """A deal's quotes, newest first: quote_id, title, status, amount, expiration.

    Also callable in the tool-card shape ``quotes(store, "deals", 301)``.

    Example:
        >>> quotes(store, 301)["status"].tolist()  # doctest: +SKIP
        ['DRAFT']
    """
    did = _card_record(store, "deals", deal_id, record_id)
    return store.query(
        "SELECT id AS quote_id, title, status, CAST(amount AS DOUBLE) AS amount, "
        "expiration_date, created_at FROM quotes WHERE deal_id = ? "
        "ORDER BY created_at DESC NULLS LAST, id DESC", [did])


def playbooks(store: Store, object_type: str, record_id: int | None = None
              ) -> pd.DataFrame:
    """The playbooks offered on an object type, each with its ordered steps.

    ``record_id`` is accepted (and unused) so that tool cards can call every tool
    as ``tool(store, object_type, record_id)``.

    Returns:
        Columns playbook_id, name, description, steps (a list of dicts: position,
        kind, text, options).

    Example:
        >>> playbooks(store, "deals")["name"].tolist()  # doctest: +SKIP
        ['Discovery call']
    """
    otype = api_name(store, object_type)
    frame = store.query(
        "SELECT p.id AS playbook_id, p.name, p.description, "
        "coalesce(list({'position': s.position, 'kind': s.kind, 'text': s.text, "
        "'options': s.options} ORDER BY s.position) FILTER (WHERE s.position IS NOT "
        "NULL), []) AS steps "
        "FROM playbooks p LEFT JOIN playbook_steps s ON s.playbook_id = p.id "
        "WHERE p.object_type IS NULL OR p.object_type = ? "
        "GROUP BY p.id, p.name, p.description ORDER BY p.name, p.id", [otype])
    frame["steps"] = [[_plain_step(s) for s in steps] for steps in frame["steps"]]
    return frame


@dataclass(frozen=True)
class Conversations:
    """A ticket's inbox threads and their messages (oldest message first)."""

    threads: pd.DataFrame = field(repr=False)
    messages: pd.DataFrame = field(repr=False)


def conversations(store: Store, ticket_id: Any, record_id: int | None = None
                  ) -> Conversations:
    """The inbox threads linked to a ticket, and every message in them.

    Also callable in the tool-card shape ``conversations(store, "tickets", 7)``.

    Example:
        >>> conv = conversations(store, 7)  # doctest: +SKIP
        >>> conv.threads["subject"].tolist()  # doctest: +SKIP
        ['Login fails']
    """
    tid = _card_record(store, "tickets", ticket_id, record_id)
    threads = store.query(
        "SELECT t.id AS thread_id, t.channel, t.subject, t.status, t.created_at, "
        "count(m.id) AS message_count, max(m.sent_at) AS last_message_at "
        "FROM conversation_threads t "
        "LEFT JOIN conversation_messages m ON m.thread_id = t.id "
        "WHERE t.ticket_id = ? GROUP BY ALL "
        "ORDER BY t.created_at DESC NULLS LAST, t.id", [tid])
    messages = store.query(
        "SELECT m.thread_id, m.id AS message_id, m.sender, m.direction, m.body, "
        "m.sent_at FROM conversation_messages m "
        "JOIN conversation_threads t ON t.id = m.thread_id "
        "WHERE t.ticket_id = ? ORDER BY m.thread_id, m.sent_at NULLS LAST, m.id",
        [tid])
    return Conversations(threads=threads, messages=messages)


def sync_state(store: Store, object_type: str, record_id: int) -> pd.DataFrame:
    """The record's sync status per external system (Salesforce...).

    A record that has never been synced has no row; ``last_requested_at`` is the
    latest "Sync now" request.

    Example:
        >>> sync_state(store, "contacts", 51)["status"].tolist()  # doctest: +SKIP
        ['SYNCED']
    """
    otype, rid = require_record(store, object_type, record_id)
    return store.query(
        "WITH requested AS (SELECT system, max(requested_at) AS last_requested_at "
        "  FROM sync_requests WHERE object_type = $t AND record_id = $r "
        "  GROUP BY system), "
        "state AS (SELECT * FROM sync_state WHERE object_type = $t AND record_id = $r)"
        "SELECT coalesce(s.system, q.system) AS system, s.external_id, "
        "coalesce(s.status, 'NOT_SYNCED') AS status, s.last_synced_at, s.last_error, "
        "q.last_requested_at "
        "FROM state s FULL JOIN requested q ON q.system = s.system ORDER BY system",
        {"t": otype, "r": rid})


def salesforce_sync(store: Store, object_type: str, record_id: int) -> pd.DataFrame:
    """The Salesforce row of :func:`sync_state` (the "Salesforce sync" card).

    Example:
        >>> salesforce_sync(store, "contacts", 51)["status"].tolist()  # doctest: +SKIP
        ['SYNCED']
    """
    state = sync_state(store, object_type, record_id)
    return state[state["system"] == "salesforce"].reset_index(drop=True)


def memberships(store: Store, object_type: str, record_id: int) -> pd.DataFrame:
    """A contact's lists and workflows in one frame (the memberships card).

    Returns:
        Columns kind ("List" or "Workflow"), id, name, status, since; other object
        types have no memberships and get an empty frame.

    Example:
        >>> memberships(store, "contacts", 51)[["kind", "name"]]  # doctest: +SKIP
    """
    otype, rid = require_record(store, object_type, record_id)
    if otype != "contacts":
        return pd.DataFrame({c: pd.Series(dtype=object)
                             for c in ("kind", "id", "name", "status", "since")})
    lists = list_memberships(store, rid)
    flows = workflow_memberships(store, rid)
    return pd.concat([
        pd.DataFrame({"kind": "List", "id": lists["list_id"], "name": lists["name"],
                      "status": lists["list_type"], "since": lists["added_at"]}),
        pd.DataFrame({"kind": "Workflow", "id": flows["workflow_id"],
                      "name": flows["name"], "status": flows["status"],
                      "since": flows["enrolled_at"]}),
    ], ignore_index=True)


def is_following(store: Store, user: Any, object_type: str, record_id: int) -> bool:
    """Whether a user follows a record (gets notified of its changes).

    Example:
        >>> is_following(store, "ana@example.com", "contacts", 51)  # doctest: +SKIP
        True
    """
    otype = api_name(store, object_type)
    rid = record_id_value(record_id)
    return bool(store.scalar(
        "SELECT count(*) FROM follows WHERE user_id = ? AND object_type = ? "
        "AND record_id = ?", [str(user), otype, rid]))


def owners(store: Store, *, include_archived: bool = False) -> pd.DataFrame:
    """The users menu: owner id, name, email and team ids, by name.

    Example:
        >>> owners(store)[["owner_id", "name"]]  # doctest: +SKIP
    """
    frame = store.query(
        f"SELECT o.id AS owner_id, {owner_name_sql('o')} AS name, o.email, "
        "o.archived, coalesce(list(m.team_id ORDER BY m.team_id) "
        "FILTER (WHERE m.team_id IS NOT NULL), []) AS team_ids "
        "FROM owners o LEFT JOIN team_members m ON m.owner_id = o.id "
        "WHERE ? OR NOT o.archived GROUP BY ALL ORDER BY name, o.id",
        [include_archived])
    frame["team_ids"] = _int_lists(frame["team_ids"])
    return frame


def teams(store: Store) -> pd.DataFrame:
    """The teams menu: team id, name and member owner ids, by name.

    Example:
        >>> teams(store)[["team_id", "name"]]  # doctest: +SKIP
    """
    frame = store.query(
        "SELECT t.id AS team_id, t.name, coalesce(list(m.owner_id ORDER BY "
        "m.owner_id) FILTER (WHERE m.owner_id IS NOT NULL), []) AS member_ids "
        "FROM teams t LEFT JOIN team_members m ON m.team_id = t.id "
        "GROUP BY t.id, t.name ORDER BY t.name, t.id")
    frame["member_ids"] = _int_lists(frame["member_ids"])
    return frame


def _int_lists(column: pd.Series) -> list[list[int]]:
    """DuckDB lists arrive as numpy arrays; the menus want plain lists of ints."""
    return [[int(v) for v in values] for values in column]


def _card_record(store: Store, expected: str, first: Any, record_id: Any) -> int:
    """The record id of a call made as ``f(store, id)`` or ``f(store, type, id)``."""
    if record_id is None:
        return require_record(store, expected, first)[1]
    otype, rid = require_record(store, first, record_id)
    if otype != expected:
        raise UnknownObjectTypeError(
            f"this tool applies to {expected} only, not to {otype}")
    return rid


def _plain_step(step: dict[str, Any]) -> dict[str, Any]:
    options = step.get("options")
    return {**step, "options": [] if options is None else list(options)}
