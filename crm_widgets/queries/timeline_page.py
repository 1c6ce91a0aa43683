"""The timeline's SQL: find the scope, rank one page of ids, then read that page."""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd

from ..store import Store
from .common import owner_name_sql

logger = logging.getLogger(__name__)

# Only vetted fragments are formatted in; every value is a parameter.
#
# A page is read in two short queries rather than one long one: the first ranks
# the scope on a few narrow columns and returns only the page's ids, flags and
# the total; the second reads the wide columns, owner names and comment and link
# counts of those <= limit ids, passed as a list.

# The activities associated with a record; a company's timeline adds those of its
# live contacts.
_SCOPE_DIRECT = """
    SELECT activity_id FROM activity_associations
    WHERE object_type = $otype AND record_id = $rid"""
_SCOPE_ROLLUP = _SCOPE_DIRECT + """
    UNION
    SELECT aa.activity_id
    FROM associations s
    JOIN records c ON c.object_type = 'contacts' AND c.id = s.to_id AND NOT c.archived
    JOIN activity_associations aa
      ON aa.object_type = 'contacts' AND aa.record_id = s.to_id
    WHERE s.from_type = 'companies' AND s.from_id = $rid AND s.to_type = 'contacts'"""

UPCOMING_SQL = """(
    (a.type = 'task' AND coalesce(a.task_status, '') <> 'COMPLETED')
    OR (a.type = 'meeting' AND a.meeting_start > $now)
    OR a.occurred_at > $now)"""
_OVERDUE_SQL = ("(a.type = 'task' AND coalesce(a.task_status, '') <> 'COMPLETED' "
                "AND a.occurred_at < $now)")
# Upcoming items come soonest first: a meeting by its start time, anything else
# by its timestamp (a task's due date).
_WHEN_DUE_SQL = ("CASE WHEN a.type = 'meeting' THEN coalesce(a.meeting_start, "
                 "a.occurred_at) ELSE a.occurred_at END")

# The scope is joined, not tested with IN: as the join's build side its ids are
# pushed into the scan of activities, which made ranking 3x faster at 10M rows.
_IN_SCOPE_SQL = "activities a JOIN ({scope}) scope ON scope.activity_id = a.id"

# A search term is tested after the join, on the scope's rows only: pushed into
# the scan of activities (where DuckDB puts a one-table filter) it ran on every
# row of the table, 1.4x slower at 2M activities. Referring to the scope's column
# keeps it in the join; in an inner join that column is never NULL, so the
# result is the same as the bare contains().
_SEARCH_TERM_SQL = ("CASE WHEN scope.activity_id IS NOT NULL "
                    "THEN contains(coalesce(a.search_text, ''), ${name}) END")

# The filtered scope is materialized once and both counted and ranked from it:
# a count(*) OVER () over the ranking query kept DuckDB from its top-N sort and
# took about a third longer (wall) at 10,000 activities.
_RANK_SQL = """
WITH matching AS MATERIALIZED (
    SELECT a.id, a.occurred_at, """ + UPCOMING_SQL + """ AS is_upcoming,
           """ + _OVERDUE_SQL + """ AS is_overdue, """ + _WHEN_DUE_SQL + """ AS due
    FROM """ + _IN_SCOPE_SQL + """
    WHERE {where}
)
SELECT id, is_upcoming, is_overdue, (SELECT count(*) FROM matching) AS total
FROM matching
ORDER BY is_upcoming DESC, CASE WHEN is_upcoming THEN due END,
         occurred_at DESC, id DESC
LIMIT $lim OFFSET $off"""

_COUNT_SQL = "SELECT count(*) FROM " + _IN_SCOPE_SQL + " WHERE {where}"

# The page's rows in rank order; is_upcoming and is_overdue come from the ranking.
_DETAILS_SQL = """
WITH ranked AS (
    SELECT unnest($ids::BIGINT[]) AS id, unnest($up::BOOLEAN[]) AS is_upcoming,
           unnest($overdue::BOOLEAN[]) AS is_overdue,
           generate_subscripts($ids::BIGINT[], 1) AS pos
),
comments AS (
    SELECT activity_id, count(*) AS n FROM activity_comments
    WHERE activity_id IN (SELECT unnest($ids::BIGINT[])) GROUP BY activity_id
),
links AS (
    SELECT activity_id, count(*) AS n FROM activity_associations
    WHERE activity_id IN (SELECT unnest($ids::BIGINT[])) GROUP BY activity_id
)
SELECT p.id AS activity_id, p.type, p.occurred_at, r.is_upcoming, r.is_overdue,
       CASE WHEN r.is_upcoming THEN 'Upcoming'
            ELSE strftime(p.occurred_at, '%B %Y') END AS section,
       p.owner_id, """ + owner_name_sql("o") + """ AS owner_name,
       p.title, p.body,
       coalesce(c.n, 0) AS comment_count,
       coalesce(l.n, 0) AS association_count,
       len(list_filter(string_split(coalesce(p.attachment_ids, ''), ';'),
                       lambda f: trim(f) <> '')) AS attachment_count,
       p.call_direction, p.call_disposition, p.call_duration_ms, p.call_status,
       p.email_direction, p.email_status, p.email_from, p.email_to, p.email_cc,
       p.meeting_start, p.meeting_end, p.meeting_location, p.meeting_outcome,
       p.task_status, p.task_priority, p.task_type,
       CASE WHEN p.type = 'task' THEN p.occurred_at END AS due_at,
       p.attachment_ids
FROM ranked r
JOIN activities p ON p.id = r.id
LEFT JOIN owners o ON o.id = p.owner_id
LEFT JOIN comments c ON c.activity_id = r.id
LEFT JOIN links l ON l.activity_id = r.id
ORDER BY r.pos"""


def scope_sql(object_type: str, rollup: bool) -> str:
    """The SELECT of a timeline's activity ids (parameters ``$otype``, ``$rid``).

    Example:
        >>> "UNION" in scope_sql("companies", rollup=True)
        True
    """
    return _SCOPE_ROLLUP if (rollup and object_type == "companies") else _SCOPE_DIRECT


def search_term_sql(name: str) -> str:
    """The WHERE fragment keeping activities whose text contains ``$<name>``.

    ``name`` must be one of the timeline's own parameter names, never user text.

    Example:
        >>> "$term0" in search_term_sql("term0")
        True
    """
    return _SEARCH_TERM_SQL.format(name=name)


def ranked_ids(store: Store, scope: str, where: str, params: dict[str, Any],
               limit: int, offset: int) -> list[tuple[int, bool, bool, int]]:
    """``(id, is_upcoming, is_overdue, total)`` of one page, in timeline order.

    The scope stays a subquery: passing its ids as a list parameter cost about
    1.3 ms per thousand ids just to convert them.

    Example:
        >>> ranked_ids(store, scope_sql("contacts", True), "NOT a.archived",
        ...            {"otype": "contacts", "rid": 51, "now": now}, 2, 0)
        ...  # doctest: +SKIP
        [(6, True, False, 5), (4, True, True, 5)]
    """
    sql = _RANK_SQL.format(scope=scope, where=where)
    return store.con.execute(sql, {**params, "lim": limit, "off": offset}).fetchall()


def count_matching(store: Store, scope: str, where: str,
                   params: dict[str, Any]) -> int:
    """How many activities of the scope pass the filters.

    Example:
        >>> count_matching(store, scope_sql("contacts", True), "NOT a.archived",
        ...                {"otype": "contacts", "rid": 51})  # doctest: +SKIP
        5
    """
    used = {k: v for k, v in params.items() if k != "now" or "$now" in where}
    return int(store.scalar(_COUNT_SQL.format(scope=scope, where=where), used))


def page_rows(store: Store, ranked: list[tuple[int, bool, bool, int]]
              ) -> pd.DataFrame:
    """The wide columns, owner names and counts of a ranked page, in its order.

    Example:
        >>> page_rows(store, [(6, True, False, 5)])["title"].tolist()
        ...  # doctest: +SKIP
        ['Demo']
    """
    params = {"ids": [r[0] for r in ranked], "up": [r[1] for r in ranked],
              "overdue": [r[2] for r in ranked]}
    return store.query(_DETAILS_SQL, params)
