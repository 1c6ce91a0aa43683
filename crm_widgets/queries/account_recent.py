"""The latest past activities of a company, as timeline rows, from its scope rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..store import Store
from ..text import preview, sanitize_html
from .common import owner_name_sql
from .timeline import DEFAULT_TITLES, KINDS

_KIND_OF_TYPE = {t: k for k, t in KINDS.items()}

# The columns timeline() returns, in its order.
TIMELINE_COLUMNS = (
    "activity_id", "type", "kind", "occurred_at", "is_upcoming", "is_overdue",
    "section", "owner_id", "owner_name", "title", "preview", "body_html",
    "comment_count", "association_count", "attachment_count", "call_direction",
    "call_disposition", "call_duration_ms", "call_status", "email_direction",
    "email_status", "email_from", "email_to", "email_cc", "meeting_start",
    "meeting_end", "meeting_location", "meeting_outcome", "task_status",
    "task_priority", "task_type", "due_at", "attachment_ids",
)

# The wide columns of a few past activities, in the order of $ids. A past item is
# neither upcoming nor overdue (an open task is upcoming), so both are false.
# NOTE: this mirrors the timeline's page columns so that the account overview
# needs no second scope scan and ranking; a test keeps the two equal.
_DETAILS_SQL = """
WITH wanted AS (
    SELECT unnest($ids::BIGINT[]) AS id, generate_subscripts($ids::BIGINT[], 1) AS pos
),
comments AS (
    SELECT activity_id, count(*) AS n FROM activity_comments
    WHERE activity_id IN (SELECT id FROM wanted) GROUP BY activity_id
),
links AS (
    SELECT activity_id, count(*) AS n FROM activity_associations
    WHERE activity_id IN (SELECT id FROM wanted) GROUP BY activity_id
)
SELECT p.id AS activity_id, p.type, p.occurred_at, false AS is_upcoming,
       false AS is_overdue, strftime(p.occurred_at, '%B %Y') AS section,
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
FROM wanted w
JOIN activities p ON p.id = w.id
LEFT JOIN owners o ON o.id = p.owner_id
LEFT JOIN comments c ON c.activity_id = w.id
LEFT JOIN links l ON l.activity_id = w.id
ORDER BY w.pos
"""


def recent_activities(store: Store, ids: np.ndarray, when: np.ndarray,
                      limit: int = 5) -> pd.DataFrame:
    """The ``limit`` latest of some past activities, as ``timeline(period="past")``
    returns them: newest first (ties: higher id first), ``attrs["total"]`` set.

    Args:
        store: the portal.
        ids: activity ids (repeats allowed: an activity on several records).
        when: their occurred_at, aligned with ``ids``.
        limit: how many to return.

    Example:
        >>> recent_activities(store, np.array([1, 2]), np.array(  # doctest: +SKIP
        ...     ["2024-03-08", "2024-03-05"], dtype="datetime64[us]"))["activity_id"]
    """
    unique, first = np.unique(ids, return_index=True)
    # lexsort sorts by the last key first: newest, then the higher id.
    order = np.lexsort((-unique, -when[first].view("int64")))[:limit]
    rows = store.query(_DETAILS_SQL, {"ids": unique[order].tolist()})

    types = rows["type"].tolist()
    titles = rows["title"].tolist()
    bodies = [None if pd.isna(b) else b for b in rows["body"].tolist()]
    rows["kind"] = [_KIND_OF_TYPE.get(t, t) for t in types]
    rows["title"] = [
        DEFAULT_TITLES["note"] if t == "note"
        else (ti if isinstance(ti, str) and ti else DEFAULT_TITLES.get(t, t))
        for t, ti in zip(types, titles, strict=True)]
    rows["preview"] = [preview(b) for b in bodies]
    rows["body_html"] = [sanitize_html(b) for b in bodies]
    frame = rows[list(TIMELINE_COLUMNS)].reset_index(drop=True)
    frame.attrs["total"] = len(unique)
    return frame
