"""One company's account overview: its contacts, engagement, deals, recent items."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from ..errors import RecordNotFoundError
from ..store import Store
from .account_figures import (
    ENGAGEMENT_KINDS,
    contacts_frame,
    engagement_frame,
    last_engagements,
    role_counts,
    weekly_frame,
)
from .account_recent import recent_activities
from .display import display_name
from .timeline import PERIODS

logger = logging.getLogger(__name__)

# An engagement is a past note, email, call or meeting, or a completed task: an
# open task is a plan, not an engagement. Columns of the activities alias "a".
ENGAGEMENT_SQL = """(a.occurred_at <= $now
    AND (a.type IN ('note', 'email', 'call', 'meeting')
         OR (a.type = 'task' AND a.task_status = 'COMPLETED')))"""


@dataclass(frozen=True)
class AccountOverview:
    """The account overview card and the "View account details" panel of a company.

    Attributes:
        summary: target account, contacts, contacts per buying role (one key per
            role, lower-cased: ``decision_maker``...), contacts_with_roles,
            last_engagement_at, last_contacted_at.
        contacts: each associated contact: contact_id, name, email, jobtitle,
            roles (labels), last_engagement_at.
        deals: open_deals, open_amount, closed_won_deals, closed_won_amount.
        engagement: per kind (emails, calls, meetings, notes, tasks) the counts in
            the last 30 and 90 days.
        weekly: week_start, kind, count for the last 13 weeks (zero-filled).
        recent: the last five past activities (timeline columns).
    """

    company_id: int
    name: str
    summary: dict[str, Any]
    contacts: pd.DataFrame = field(repr=False)
    deals: dict[str, Any] = field(repr=False)
    engagement: pd.DataFrame = field(repr=False)
    weekly: pd.DataFrame = field(repr=False)
    recent: pd.DataFrame = field(repr=False)


# The company's live contacts with the properties the overview shows.
_PEOPLE_SQL = """
WITH people AS (
    SELECT DISTINCT a.to_id AS contact_id
    FROM associations a
    JOIN records c ON c.object_type = 'contacts' AND c.id = a.to_id AND NOT c.archived
    WHERE a.from_type = 'companies' AND a.from_id = $cid AND a.to_type = 'contacts'
)
SELECT s.contact_id,
       max(p.value) FILTER (WHERE p.name = 'firstname') AS firstname,
       max(p.value) FILTER (WHERE p.name = 'lastname') AS lastname,
       max(p.value) FILTER (WHERE p.name = 'email') AS email,
       max(p.value) FILTER (WHERE p.name = 'jobtitle') AS jobtitle,
       max(p.value) FILTER (WHERE p.name = 'hs_buying_role') AS buying_role
FROM people s
LEFT JOIN record_properties p
  ON p.object_type = 'contacts' AND p.record_id = s.contact_id
 AND p.name IN ('firstname', 'lastname', 'email', 'jobtitle', 'hs_buying_role')
GROUP BY s.contact_id ORDER BY s.contact_id
"""

# Every live activity of the company and of its contacts (given as a list, so the
# contacts are not looked up twice), once per record it is on; own is true for the
# company's own. kind is the 1-based position of the type in $types, else 0.
_SCOPE_SQL = f"""
WITH scope AS (
    SELECT record_id AS contact_id, activity_id FROM activity_associations
    WHERE object_type = 'contacts'
      AND record_id IN (SELECT unnest($contacts::BIGINT[]))
    UNION ALL
    SELECT NULL, activity_id FROM activity_associations
    WHERE object_type = 'companies' AND record_id = $cid
)
SELECT s.contact_id IS NULL AS own, coalesce(s.contact_id, 0) AS contact_id,
       a.id, a.occurred_at,
       coalesce(list_position($types::VARCHAR[], a.type), 0) AS kind,
       coalesce({ENGAGEMENT_SQL}, false) AS engaged,
       coalesce({PERIODS["past"]}, false) AS past
FROM scope s JOIN activities a ON a.id = s.activity_id
WHERE NOT a.archived
"""

# The company's name, domain and target flag, and its live deals' totals.
# A deal is closed (won) by its pipeline stage's flags, else by the default
# stage ids closedwon/closedlost.
_FACTS_SQL = """
WITH deals AS (
    SELECT DISTINCT a.to_id AS deal_id
    FROM associations a
    JOIN records r ON r.object_type = 'deals' AND r.id = a.to_id AND NOT r.archived
    WHERE a.from_type = 'companies' AND a.from_id = $cid AND a.to_type = 'deals'
),
facts AS (
    SELECT d.deal_id,
           max(try_cast(p.value AS DOUBLE)) FILTER (WHERE p.name = 'amount') AS amount,
           max(p.value) FILTER (WHERE p.name = 'dealstage') AS stage,
           max(p.value) FILTER (WHERE p.name = 'pipeline') AS pipeline
    FROM deals d LEFT JOIN record_properties p
      ON p.object_type = 'deals' AND p.record_id = d.deal_id
     AND p.name IN ('amount', 'dealstage', 'pipeline')
    GROUP BY d.deal_id
),
judged AS (
    SELECT f.deal_id, f.amount,
           coalesce(bool_or(s.is_closed),
                    f.stage IN ('closedwon', 'closedlost')) AS is_closed,
           coalesce(bool_or(s.is_closed AND s.probability >= 1.0), false)
               OR f.stage = 'closedwon' AS is_won
    FROM facts f LEFT JOIN pipeline_stages s
      ON s.object_type = 'deals' AND s.stage_id = f.stage
     AND (f.pipeline IS NULL OR s.pipeline_id = f.pipeline)
    GROUP BY f.deal_id, f.amount, f.stage
),
company AS (
    SELECT max(value) FILTER (WHERE name = 'name') AS name,
           max(value) FILTER (WHERE name = 'domain') AS domain,
           max(value) FILTER (WHERE name = 'hs_is_target_account') AS target
    FROM record_properties
    WHERE object_type = 'companies' AND record_id = $cid
      AND name IN ('name', 'domain', 'hs_is_target_account')
)
SELECT (SELECT archived FROM records
        WHERE object_type = 'companies' AND id = $cid) AS archived,
       c.name, c.domain, coalesce(lower(c.target) = 'true', false) AS target,
       d.*
FROM company c, (
    SELECT count(*) FILTER (WHERE NOT is_closed) AS open_deals,
           coalesce(sum(amount) FILTER (WHERE NOT is_closed), 0) AS open_amount,
           count(*) FILTER (WHERE is_won) AS closed_won_deals,
           coalesce(sum(amount) FILTER (WHERE is_won), 0) AS closed_won_amount
    FROM judged) d
"""


def company_overview(store: Store, cid: int, moment: datetime) -> AccountOverview:
    """The account overview of one existing company (see ``account_overview``).

    Three reads do the work: the company's facts and deals, its contacts, and the
    activities of both; the figures are then counted from those rows with numpy,
    and the five recent items are read wide by id.

    NOTE: a company's contacts are spread over the whole contact id range, so the
    contacts' properties and activity links are found by scanning the contacts'
    part of record_properties and activity_associations (row groups cannot be
    skipped). At 1M contacts that scan alone is about 120 ms of CPU, which is
    what keeps one company far above 20 ms there; contacts stored next to their
    company (or a roll-up kept per company) would remove it. An ART index on
    record_properties(record_id) does not help: DuckDB uses it only for literal
    values, and fetching a company's ~10,000 property rows one row id at a time
    from compressed storage took longer (about 390 ms) than the scan.

    Raises:
        RecordNotFoundError: the company is archived.

    Example:
        >>> company_overview(store, 9001, datetime(2024, 3, 10)).summary[
        ...     "contacts"]  # doctest: +SKIP
        3
    """
    archived, name, domain, target, *deals = store.con.execute(
        _FACTS_SQL, {"cid": cid}).fetchone()
    if archived:
        raise RecordNotFoundError(f"company {cid} is archived: an account overview "
                                  "needs a live company")
    people = store.con.execute(_PEOPLE_SQL, {"cid": cid}).fetchall()
    rows = store.con.execute(_SCOPE_SQL, {
        "cid": cid, "now": moment, "contacts": [p[0] for p in people],
        "types": list(ENGAGEMENT_KINDS)}).fetchnumpy()
    rows = {k: np.asarray(v) for k, v in rows.items()}
    engaged = {k: v[rows["engaged"]] for k, v in rows.items()}
    past = rows["past"]
    # An activity on the company and on one of its contacts counts once.
    _, first = np.unique(engaged["id"], return_index=True)
    distinct = {k: v[first] for k, v in engaged.items()}

    summary = {"company_id": cid, "name": name, "domain": domain,
               "is_target_account": bool(target), **role_counts(people),
               **last_engagements(engaged)}
    return AccountOverview(
        company_id=cid,
        name=display_name("companies", cid, {"name": name, "domain": domain}),
        summary=summary, contacts=contacts_frame(people, engaged),
        deals={"open_deals": int(deals[0]), "open_amount": float(deals[1]),
               "closed_won_deals": int(deals[2]),
               "closed_won_amount": float(deals[3])},
        engagement=engagement_frame(distinct, moment),
        weekly=weekly_frame(distinct, moment),
        recent=recent_activities(store, rows["id"][past], rows["occurred_at"][past]))
