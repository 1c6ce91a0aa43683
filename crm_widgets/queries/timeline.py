"""The activity timeline of a record: scope, filters, upcoming-first order, paging."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import pandas as pd

from ..store import Store
from ..text import preview, sanitize_html
from .common import page_bounds, require_record, utc_now
from .timeline_page import (
    UPCOMING_SQL,
    count_matching,
    page_rows,
    ranked_ids,
    scope_sql,
    search_term_sql,
)

logger = logging.getLogger(__name__)

# The type tabs at the top of the timeline and the activity type each one shows.
TABS: dict[str, str | None] = {"activity": None, "notes": "note", "emails": "email",
                               "calls": "call", "tasks": "task", "meetings": "meeting"}

# The "Filter activity" choices of the activity tab -> activities.type.
KINDS: dict[str, str] = {
    "notes": "note", "emails": "email", "calls": "call", "tasks": "task",
    "meetings": "meeting", "merges": "merge", "lifecycle_changes": "lifecycle_change",
    "form_submissions": "form_submission", "page_views": "page_view",
    "record_created": "record_created", "property_changes": "property_change",
}
_KIND_OF_TYPE = {t: k for k, t in KINDS.items()}

# The heading of an item without a title of its own (a note's is always "Note").
DEFAULT_TITLES: dict[str, str] = {
    "note": "Note", "email": "Email", "call": "Call", "task": "Task",
    "meeting": "Meeting", "merge": "Records merged",
    "lifecycle_change": "Lifecycle stage changed", "form_submission": "Form submission",
    "page_view": "Page view", "record_created": "Record created",
    "property_change": "Property changed",
}

# Which part of the timeline to keep: everything, the upcoming items or the past.
PERIODS: dict[str, str | None] = {"all": None, "upcoming": UPCOMING_SQL,
                                  "past": "NOT " + UPCOMING_SQL}

_COLUMNS = (
    "activity_id", "type", "kind", "occurred_at", "is_upcoming", "is_overdue",
    "section", "owner_id", "owner_name", "title", "preview", "body_html",
    "comment_count", "association_count", "attachment_count", "call_direction",
    "call_disposition", "call_duration_ms", "call_status", "email_direction",
    "email_status", "email_from", "email_to", "email_cc", "meeting_start",
    "meeting_end", "meeting_location", "meeting_outcome", "task_status",
    "task_priority", "task_type", "due_at", "attachment_ids",
)


def timeline(store: Store, object_type: str, record_id: int, *, tab: str = "activity",
             kinds: Iterable[str] | None = None, users: Iterable[int] | None = None,
             teams: Iterable[int] | None = None, search: str | None = None,
             limit: int = 50, offset: int = 0, now: datetime | None = None,
             rollup: bool = True, period: str = "all") -> pd.DataFrame:
    """One page of a record's activity timeline, upcoming items first.

    Scope: the activities associated with the record, and for a company those of its
    associated contacts too (unless ``rollup=False``); archived activities never
    show, and each activity shows once. All filters combine with AND.

    Args:
        store: the portal.
        object_type: ``"contacts"``, ``"company"``, ``"0-3"``...
        record_id: the record's id.
        tab: activity (everything), notes, emails, calls, tasks or meetings.
        kinds: on the activity tab, the kinds to keep (see :data:`KINDS`).
        users: owner ids to keep.
        teams: team ids; keeps activities owned by any member. For kinds, users
            and teams, None means no filter and an empty list matches nothing.
        search: every whitespace-separated term must appear (case-insensitive) in
            the activity's searchable text.
        limit: rows per page; offset: rows to skip.
        now: the moment that splits upcoming from past (default: now, UTC).
        rollup: include a company's contacts' activities.
        period: "all", or only the "upcoming" or the "past" items.

    Returns:
        One row per activity (columns in ``_COLUMNS``); ``frame.attrs["total"]``
        holds the number of matching activities before paging.

    Raises:
        UnknownObjectTypeError, RecordNotFoundError: no such record.
        ValueError: an unknown tab or kind, or a negative limit/offset.

    NOTE: no index is used. The scope is cheap only when activity_associations is
    clustered by record; counting a page's links reads the activity_id column of
    that whole table (about 6 ms of CPU per million rows, ~80 ms at 13.5M), which
    is most of a page's cost in a 10M-activity store.

    Example:
        >>> page = timeline(store, "contacts", 51, limit=9)  # doctest: +SKIP
        >>> page[["title", "section", "is_overdue"]]  # doctest: +SKIP
    """
    lim, off = page_bounds(limit, offset)
    scope, where_sql, params = _filtered(store, object_type, record_id, tab, kinds,
                                         users, teams, search, now, rollup, period)
    ranked = ranked_ids(store, scope, where_sql, params, lim, off)
    rows = page_rows(store, ranked)

    if ranked:
        total = int(ranked[0][3])
    elif off == 0 and lim > 0:
        total = 0  # an empty first page is the whole answer: no second query
    else:
        total = count_matching(store, scope, where_sql, params)
    frame = _finish(rows)
    frame.attrs["total"] = total
    logger.debug("timeline %s %s: %d of %d rows", object_type, record_id, len(frame),
                 total)
    return frame


def timeline_total(store: Store, object_type: str, record_id: int, *,
                   tab: str = "activity", kinds: Iterable[str] | None = None,
                   users: Iterable[int] | None = None,
                   teams: Iterable[int] | None = None, search: str | None = None,
                   now: datetime | None = None, rollup: bool = True,
                   period: str = "all", **_paging: Any) -> int:
    """The number of activities :func:`timeline` would page through (same filters).

    ``limit`` and ``offset`` are accepted and ignored, so one dict of arguments can
    feed both functions.

    Example:
        >>> timeline_total(store, "companies", 9001, tab="calls")  # doctest: +SKIP
        3
    """
    scope, where_sql, params = _filtered(store, object_type, record_id, tab, kinds,
                                         users, teams, search, now, rollup, period)
    return count_matching(store, scope, where_sql, params)


def _filtered(store: Store, object_type: str, record_id: Any, tab: str,
              kinds: Iterable[str] | None, users: Iterable[int] | None,
              teams: Iterable[int] | None, search: str | None,
              now: datetime | None, rollup: bool, period: str = "all"
              ) -> tuple[str, str, dict[str, Any]]:
    """The scope SELECT, the WHERE clause and the parameters of a timeline."""
    otype, rid = require_record(store, object_type, record_id)
    params: dict[str, Any] = {"otype": otype, "rid": rid, "now": utc_now(now)}
    scope = scope_sql(otype, rollup)
    where = ["NOT a.archived"]

    if tab not in TABS:
        raise ValueError(f"unknown timeline tab {tab!r}; expected one of: "
                         f"{', '.join(TABS)}")
    if TABS[tab] is not None:
        where.append("a.type = $tab_type")
        params["tab_type"] = TABS[tab]
    if kinds is not None:
        params["kinds"] = _kind_types(kinds)
        where.append("list_contains($kinds::VARCHAR[], a.type)")
    if users is not None:
        params["users"] = _ids(users, "users")
        where.append("list_contains($users::BIGINT[], a.owner_id)")
    if teams is not None:
        params["teams"] = _ids(teams, "teams")
        where.append("a.owner_id IN (SELECT owner_id FROM team_members "
                     "WHERE list_contains($teams::BIGINT[], team_id))")
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; expected one of: "
                         f"{', '.join(PERIODS)}")
    if PERIODS[period]:
        where.append(PERIODS[period])
    for i, term in enumerate(search_terms(search)):
        params[f"term{i}"] = term
        where.append(search_term_sql(f"term{i}"))
    return scope, " AND ".join(where), params


def search_terms(search: str | None) -> list[str]:
    """The lower-cased whitespace-separated terms of a search box entry.

    Example:
        >>> search_terms("  Budget  FRIDAY ")
        ['budget', 'friday']
    """
    if search is None:
        return []
    if not isinstance(search, str):
        raise ValueError(f"search must be text, got {search!r}")
    return search.lower().split()


def _kind_types(kinds: Iterable[str]) -> list[str]:
    if isinstance(kinds, str):
        kinds = [kinds]
    chosen = list(kinds)
    unknown = [k for k in chosen if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown activity kind(s) {unknown!r}; expected any of: "
                         f"{', '.join(KINDS)}")
    return [KINDS[k] for k in chosen]


def _ids(values: Iterable[Any], what: str) -> list[int]:
    if isinstance(values, (str, int)):
        values = [values]
    try:
        return [int(v) for v in values]
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be integer ids, got {values!r}") from None


def _finish(rows: pd.DataFrame) -> pd.DataFrame:
    """Add kind, title, preview and sanitised body to one page of rows."""
    frame = rows.copy()
    types = frame["type"].tolist()
    titles = frame["title"].tolist()
    bodies = [None if pd.isna(b) else b for b in frame["body"].tolist()]
    frame["kind"] = [_KIND_OF_TYPE.get(t, t) for t in types]
    frame["title"] = [
        DEFAULT_TITLES["note"] if t == "note"
        else (ti if isinstance(ti, str) and ti else DEFAULT_TITLES.get(t, t))
        for t, ti in zip(types, titles, strict=True)]
    frame["preview"] = [preview(b) for b in bodies]
    frame["body_html"] = [sanitize_html(b) for b in bodies]
    return frame.drop(columns=["body"])[list(_COLUMNS)].reset_index(drop=True)
