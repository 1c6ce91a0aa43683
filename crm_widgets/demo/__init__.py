"""The demo portal: a believable B2B CRM, deterministic for a seed, at any scale.

``build_demo(path)`` writes a DuckDB file through :class:`crm_widgets.store.Store`:
owners and teams, companies, contacts, deals and tickets with their associations
(primary and buying-role labels), 24 months of engagements with upcoming and overdue
items, timeline events, property history, marketing interactions, lists, workflows,
products, line items, quotes, playbooks, inbox threads and Salesforce sync state.

The same ``seed``, ``scale`` and ``now`` give the same contents, table by table.
``now`` defaults to :data:`DEFAULT_NOW` (2026-12-01 12:00 UTC) rather than the
clock, so that a build today and a build next year agree; pass ``now`` to place
the history before another date.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tqdm.auto import tqdm

from ..clustering import cluster_for_reads
from ..errors import CrmWidgetsError
from ..store import Store
from . import (
    activity_links,
    contacts,
    definitions,
    engagements,
    events,
    links,
    lookups,
    marketing,
    people,
    rollups,
    sales,
    tools,
)
from .portal import ACTIVITY_CHUNK, DEFAULT_NOW, Portal

__all__ = ["DEFAULT_NOW", "build_demo", "showcase_company_id"]

logger = logging.getLogger(__name__)


def showcase_company_id() -> int:
    """Id of the account with the longest timeline (about 1,300 items at scale 1)."""
    from .portal import ID_BASE

    return ID_BASE["companies"] + 1


def build_demo(path: str | os.PathLike[str], *, seed: int = 7, scale: float = 1.0,
               now: datetime | None = None, progress: bool = True,
               engagement_share: float = 1.0,
               showcase_items: int = engagements.SHOWCASE_ITEMS) -> Path:
    """Write the demo portal into a new DuckDB file.

    Args:
        path: where to write; the file must not exist yet.
        seed: seeds Faker and every numpy Generator; same seed, same contents.
        scale: multiplies the counts (scale 1: about 60 companies, 400 contacts,
            120 deals, 60 tickets and 8,000 activities; 2500 reaches a million
            contacts and over ten million activities).
        now: the moment the history ends and upcoming items begin (naive UTC);
            defaults to :data:`DEFAULT_NOW` so builds are reproducible.
        progress: show a tqdm progress bar.
        engagement_share: multiplies the number of engagements (not the timeline
            events) to tune activities per contact at large scales.
        showcase_items: engagements of the showcase account's contacts, e.g.
            10,000 for a benchmark timeline (capped at a quarter of all).

    Returns:
        The path written.

    Raises:
        CrmWidgetsError: the file exists already (it is never overwritten).
        ValueError: scale is not a positive number.

    Example:
        >>> import tempfile, crm_widgets
        >>> from crm_widgets.demo import build_demo
        >>> folder = tempfile.mkdtemp()
        >>> path = build_demo(f"{folder}/demo.duckdb", scale=0.1, progress=False)
        >>> with crm_widgets.connect(path, read_only=True) as store:
        ...     store.scalar("SELECT count(*) FROM records WHERE object_type = ?",
        ...                  ["contacts"])
        40
    """
    target = Path(path)
    if not scale > 0:
        raise ValueError(f"scale must be a positive number, got {scale!r}")
    if not engagement_share > 0:
        raise ValueError("engagement_share must be a positive number, got "
                         f"{engagement_share!r}")
    if target.exists():
        raise CrmWidgetsError(
            f"{target} exists already; build_demo writes a new file only. "
            "Remove it or choose another path.")
    started = time.perf_counter()
    try:
        with Store(target) as store:
            # DuckDB's own progress bar would print over ours (and into notebooks)
            store.con.execute("SET enable_progress_bar = false")
            portal = Portal(store.con, seed, scale, now or DEFAULT_NOW,
                            engagement_share=engagement_share,
                            showcase_items=showcase_items)
            _run(store, portal, progress)
            # sorted by record, a timeline or a property read scans one row group
            began = time.perf_counter()
            cluster_for_reads(store)
            logger.info("demo step clustering: %.2f s", time.perf_counter() - began)
            store.con.execute("CHECKPOINT")
    except BaseException:
        # the file is ours (it did not exist): leave nothing half-built behind
        for leftover in (target, target.with_name(target.name + ".wal")):
            leftover.unlink(missing_ok=True)
        raise
    logger.info("demo portal (seed %s, scale %s) built in %.1f s at %s", seed, scale,
                time.perf_counter() - started, target)
    return target


def _run(store: Store, portal: Portal, progress: bool) -> None:
    """Each step (and each chunk of engagements) commits as its own transaction."""
    total = portal.counts["engagements"]
    chunks = range(0, total, ACTIVITY_CHUNK)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("settings", lambda: definitions.write_definitions(portal)),
        ("owners", lambda: (people.faker_pools(portal), people.write_owners(portal))),
        ("companies", lambda: people.write_companies(portal)),
        ("plans", lambda: (people.plan_contacts(portal), sales.plan_deals(portal),
                           sales.plan_tickets(portal),
                           contacts.plan_lifecycle(portal))),
        ("contacts", lambda: contacts.write_contacts(portal, progress)),
        ("deals and tickets", lambda: (sales.write_deals(portal),
                                       sales.write_tickets(portal))),
        ("associations", lambda: links.write_associations(portal)),
        ("history", lambda: events.write_history(portal)),
        ("marketing", lambda: (marketing.write_interactions(portal),
                               marketing.write_lists_and_workflows(portal))),
        ("tools", lambda: (tools.write_products_and_quotes(portal),
                           tools.write_playbooks(portal),
                           tools.write_conversations(portal),
                           tools.write_sync_state(portal),
                           tools.write_record_files(portal))),
        ("lookups", lambda: lookups.create_lookups(portal)),
    ]
    with tqdm(total=len(steps) + len(chunks) + 2, desc="demo portal",
              unit="step", disable=not progress) as bar:
        for name, step in steps:
            bar.set_postfix_str(name)
            began = time.perf_counter()
            with store.transaction():
                step()
            logger.info("demo step %s: %.2f s", name, time.perf_counter() - began)
            bar.update()
        began = time.perf_counter()
        weights = engagements.engagement_weights(portal)
        bar.set_postfix_str("activities")
        for part, begin in enumerate(chunks):
            size = min(ACTIVITY_CHUNK, total - begin)
            with store.transaction():
                _engagement_chunk(portal, begin + 1, size, part, weights)
            bar.update()
        logger.info("demo step activities: %.2f s", time.perf_counter() - began)
        bar.set_postfix_str("events and roll-ups")
        began = time.perf_counter()
        with store.transaction():
            events.write_events(portal, total + 1)
            lookups.drop_lookups(portal)
            _write_meta(portal)
        logger.info("demo step events: %.2f s", time.perf_counter() - began)
        bar.update()
        began = time.perf_counter()
        with store.transaction():
            rollups.write_rollups(portal)
        logger.info("demo step roll-ups: %.2f s", time.perf_counter() - began)
        bar.update()


def _engagement_chunk(portal: Portal, first_id: int, size: int, part: int,
                      weights) -> None:
    frame = engagements.engagement_chunk(portal, first_id, size, part, weights)
    portal.insert("files", activity_links.attach_files(portal, frame, part))
    engagements.insert_engagements(portal, frame)
    portal.insert("activity_associations",
                  activity_links.engagement_associations(portal, frame, part))
    portal.insert("activity_comments", activity_links.comments(portal, frame, part))


def _write_meta(portal: Portal) -> None:
    rows = {"demo.seed": str(portal.seed), "demo.scale": str(portal.scale),
            "demo.now": portal.now.isoformat(),
            "demo.showcase_company_id": str(showcase_company_id())}
    portal.con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                           list(rows.items()))
