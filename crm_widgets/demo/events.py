"""Property history and the timeline events that are not engagements.

Lifecycle, deal and ticket stage changes are drawn in numpy; the events (record
created, lifecycle change, form submission, page view, merge) are then derived in SQL
from what is already stored, so they agree with it by construction.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .contacts import MERGED_ID_OFFSET
from .definitions import DEAL_STAGES, LIFECYCLE_STAGES, TICKET_STAGES
from .portal import (
    CONTACT_CHUNK,
    DAY,
    EVENT_ASSOCIATION_TYPE_ID,
    ID_BASE,
    Portal,
    pick,
    stamp,
)


def _steps(rng: np.random.Generator, first: np.ndarray, count: np.ndarray,
           start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, ...]:
    """Expand ``count`` steps per record: (record, step number, time)."""
    record = np.repeat(first, count)
    where = np.repeat(np.arange(first.shape[0]), count)
    step = np.arange(record.shape[0]) - np.repeat(np.cumsum(count) - count, count)
    fraction = np.where(step == 0, 0.0, (step + rng.random(step.shape[0]) * 0.5)
                        / count[where])
    span = np.maximum(end - start, 0)[where]
    return record, where, step, start[where] + (fraction * span).astype(np.int64)


def _history(portal: Portal, object_type: str, name: str, record: np.ndarray,
             value: np.ndarray, when: np.ndarray, rng: np.random.Generator) -> None:
    n = record.shape[0]
    portal.insert("property_history", pd.DataFrame({
        "object_type": pd.Categorical([object_type] * n),
        "record_id": portal.ids(object_type, record),
        "name": pd.Categorical([name] * n), "value": pd.Categorical(value),
        "changed_at": stamp(np.minimum(when, portal.now_s)),
        "source_type": pd.Categorical(pick(rng, ("CRM_UI", "WORKFLOW", "API"), n,
                                           [5, 3, 1]))}))


def write_history(portal: Portal) -> None:
    """Lifecycle stage (contacts), deal stage and ticket status histories."""
    a = portal.arrays
    n = portal.counts["contacts"]
    stages = np.asarray([s[0] for s in LIFECYCLE_STAGES], dtype=object)
    for part, begin in enumerate(range(0, n, CONTACT_CHUNK)):
        rng = portal.rng("lifecycle-history", part)
        pos = np.arange(begin, min(n, begin + CONTACT_CHUNK))
        start = a["contact_created"][pos]
        count = a["contact_stage"][pos] - a["contact_stage_begin"][pos] + 1
        end = np.minimum(start + 240 * DAY, portal.now_s)
        record, where, step, when = _steps(rng, pos, count, start, end)
        value = stages[a["contact_stage_begin"][pos][where] + step]
        _history(portal, "contacts", "lifecyclestage", record, value, when, rng)

    rng = portal.rng("deal-history")
    final = a["deal_stage"]
    lost_at = rng.integers(0, 4, final.shape[0])
    count = np.where(final == 5, 6, np.where(final == 6, lost_at + 2, final + 1))
    end = np.minimum(a["deal_closedate"], portal.now_s)
    record, where, step, when = _steps(rng, np.arange(final.shape[0]), count,
                                       a["deal_created"], end)
    last = step == count[where] - 1
    value = np.where(last, final[where], step)
    ids = np.asarray([s[0] for s in DEAL_STAGES], dtype=object)
    _history(portal, "deals", "dealstage", record, ids[value], when, rng)

    final = a["ticket_stage"]
    end = np.where(a["ticket_closed"] >= 0, a["ticket_closed"], portal.now_s)
    record, where, step, when = _steps(rng, np.arange(final.shape[0]), final + 1,
                                       a["ticket_created"], end)
    ids = np.asarray([s[0] for s in TICKET_STAGES], dtype=object)
    _history(portal, "tickets", "hs_pipeline_stage", record, ids[step], when, rng)


_LABELS = {"contacts": "Contact", "companies": "Company", "deals": "Deal",
           "tickets": "Ticket"}
_EVENTS = """
CREATE OR REPLACE TEMP TABLE demo_events AS
WITH stage_labels(value, label) AS (VALUES {stage_labels}),
kinds(object_type, label) AS (VALUES {kind_labels}),
raw AS (
    SELECT 1 AS kind, 'record_created' AS type, r.created_at AS occurred_at,
           k.label || ' created' AS title, r.object_type, r.id AS record_id,
           NULL AS detail
    FROM records r JOIN kinds k USING (object_type)
    UNION ALL
    SELECT 2, 'lifecycle_change', h.changed_at,
           'Lifecycle stage set to ' || s.label, h.object_type, h.record_id, h.value
    FROM property_history h JOIN stage_labels s USING (value)
    WHERE h.name = 'lifecyclestage'
    UNION ALL
    SELECT 3, lower(m.interaction_type), m.occurred_at,
           CASE m.interaction_type WHEN 'PAGE_VIEW' THEN 'Viewed ' || m.asset
                ELSE 'Submitted form: ' || m.asset END,
           'contacts', m.contact_id, m.asset
    FROM marketing_interactions m
    WHERE m.interaction_type IN ('PAGE_VIEW', 'FORM_SUBMISSION')
    UNION ALL
    SELECT 4, 'merge', occurred_at, title, 'contacts', record_id, detail
    FROM demo_merges
)
SELECT ? + row_number() OVER (ORDER BY kind, object_type, record_id, occurred_at,
                                       title) AS id, *
FROM raw
"""


def write_events(portal: Portal, first_id: int) -> int:
    """Timeline events with ids from ``first_id``; returns the next free id."""
    a = portal.arrays
    merged = a["merge_contact"]
    old_ids = ID_BASE["contacts"] + MERGED_ID_OFFSET + merged
    portal.con.register("demo_frame", pd.DataFrame({
        "occurred_at": stamp(a["merge_time"]),
        "title": ["Merged with contact " + str(x) for x in old_ids],
        "record_id": portal.ids("contacts", merged),
        "detail": old_ids.astype(str)}))
    portal.con.execute("CREATE OR REPLACE TEMP TABLE demo_merges AS "
                       "SELECT * FROM demo_frame")
    portal.con.unregister("demo_frame")
    stage_labels = ", ".join(f"('{v}', '{lbl}')" for v, lbl in LIFECYCLE_STAGES)
    kind_labels = ", ".join(f"('{k}', '{v}')" for k, v in _LABELS.items())
    portal.con.execute(_EVENTS.format(stage_labels=stage_labels,
                                      kind_labels=kind_labels), [first_id - 1])
    portal.con.execute("""
        INSERT INTO activities BY NAME
        SELECT id, type, occurred_at, occurred_at AS created_at,
               occurred_at AS updated_at, false AS archived, title,
               '' AS search_text,
               to_json(map_from_entries(list_filter([
                   {'k': 'hs_event_detail', 'v': detail},
                   {'k': 'hs_timestamp',
                    'v': strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ')}],
                   lambda e: e.v IS NOT NULL))) AS properties
        FROM demo_events""")
    portal.con.execute(
        "INSERT INTO activity_associations SELECT id, object_type, record_id, ? "
        "FROM demo_events", [EVENT_ASSOCIATION_TYPE_ID])
    next_id = int(portal.con.execute(
        "SELECT coalesce(max(id), ?) + 1 FROM demo_events", [first_id - 1]
    ).fetchone()[0])
    portal.con.execute("DROP TABLE demo_events")
    portal.con.execute("DROP TABLE demo_merges")
    return next_id
