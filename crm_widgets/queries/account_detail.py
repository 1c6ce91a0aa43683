"""One company's account overview: its contacts, engagement, deals, recent items."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from ..errors import RecordNotFoundError
from ..model import BUYING_ROLES
from ..store import Store
from .display import display_name
from .timeline import PERIODS, timeline

logger = logging.getLogger(__name__)

# Activity types counted in the engagement figures, with their plural names.
ENGAGEMENT_KINDS = {"email": "emails", "call": "calls", "meeting": "meetings",
                    "note": "notes", "task": "tasks"}
CONTACTING_TYPES = ("call", "email", "meeting")
WEEKS_CHARTED = 13
ROLE_COLUMNS = {role: role.lower() for role in BUYING_ROLES}
_KIND_NAMES = list(ENGAGEMENT_KINDS.values())
# 1-based positions in ENGAGEMENT_KINDS, as the scope query numbers the kinds.
_CONTACTING_KINDS = [i + 1 for i, t in enumerate(ENGAGEMENT_KINDS)
                     if t in CONTACTING_TYPES]

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
    activities of both; the figures are then counted from those rows with numpy.

    Raises:
        RecordNotFoundError: the company is archived.
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
    engaged = {k: np.asarray(v)[rows["engaged"]] for k, v in rows.items()}
    # An activity on the company and on one of its contacts counts once.
    _, first = np.unique(engaged["id"], return_index=True)
    distinct = {k: v[first] for k, v in engaged.items()}

    summary = {"company_id": cid, "name": name, "domain": domain,
               "is_target_account": bool(target), **_role_counts(people),
               **_last_engagements(engaged)}
    return AccountOverview(
        company_id=cid,
        name=display_name("companies", cid, {"name": name, "domain": domain}),
        summary=summary, contacts=_contacts(people, engaged),
        deals={"open_deals": int(deals[0]), "open_amount": float(deals[1]),
               "closed_won_deals": int(deals[2]),
               "closed_won_amount": float(deals[3])},
        engagement=_engagement(distinct, moment), weekly=_weekly(distinct, moment),
        recent=timeline(store, "companies", cid, period="past", limit=5, now=moment))


def _role_codes(value: Any) -> set[str]:
    """The buying role codes of one contact, trimmed of spaces as SQL's trim()."""
    if not isinstance(value, str):
        return set()
    return {part.strip(" ") for part in value.split(";")} - {""}


def _role_counts(people: list[tuple[Any, ...]]) -> dict[str, int]:
    """contacts, contacts_with_roles, and the number of contacts in each role."""
    codes = [_role_codes(p[5]) for p in people]
    counts = {"contacts": len(people), "contacts_with_roles": sum(map(bool, codes))}
    for role, column in ROLE_COLUMNS.items():
        counts[column] = sum(role in c for c in codes)
    return counts


def _last_engagements(engaged: dict[str, np.ndarray]) -> dict[str, datetime | None]:
    when = engaged["occurred_at"]
    contacting = np.isin(engaged["kind"], _CONTACTING_KINDS)
    return {"last_engagement_at": _latest(when),
            "last_contacted_at": _latest(when[contacting])}


def _latest(when: np.ndarray) -> datetime | None:
    return when.max().item() if len(when) else None


# The contacts frame when the company has none: the column types pandas gave the
# first version of this query, kept so that callers see the same frame.
_NO_CONTACTS = {"contact_id": "int64", "name": "float64", "email": "object",
                "jobtitle": "object", "buying_role": "object",
                "last_engagement_at": "datetime64[us]", "roles": "float64"}


def _contacts(people: list[tuple[Any, ...]], engaged: dict[str, np.ndarray]
              ) -> pd.DataFrame:
    """Each contact with its name, role labels and last engagement; contacts with
    roles first, then by name (ties keep the contact id order)."""
    if not people:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in _NO_CONTACTS.items()})
    ids = np.array([p[0] for p in people], dtype="int64")  # sorted by the query
    # The latest engagement per contact; int64's minimum is NaT, "none yet".
    latest = np.full(len(ids), np.iinfo("int64").min)
    on_contact = ~engaged["own"]
    np.maximum.at(latest, np.searchsorted(ids, engaged["contact_id"][on_contact]),
                  engaged["occurred_at"][on_contact].view("int64"))
    names = [display_name("contacts", int(p[0]),
                          {"firstname": p[1], "lastname": p[2], "email": p[3]})
             for p in people]
    roles = [_role_labels(p[5]) for p in people]
    order = sorted(range(len(people)), key=lambda i: (not roles[i], names[i]))
    column = [[people[i][k] for i in order] for k in (3, 4, 5)]
    return pd.DataFrame({
        "contact_id": ids[order], "name": [names[i] for i in order],
        "email": column[0], "jobtitle": column[1], "buying_role": column[2],
        "last_engagement_at": latest.view("datetime64[us]")[order],
        "roles": [roles[i] for i in order]})


def _role_labels(value: Any) -> list[str]:
    if not isinstance(value, str):
        return []
    return [BUYING_ROLES.get(v.strip(), v.strip()) for v in value.split(";")
            if v.strip()]


def _engagement(distinct: dict[str, np.ndarray], moment: datetime) -> pd.DataFrame:
    """Engagements of each kind in the last 30 and 90 days."""
    since = {days: np.datetime64(moment - timedelta(days=days), "us")
             for days in (30, 90)}
    kinds = len(ENGAGEMENT_KINDS)
    counts = {days: np.bincount(distinct["kind"][distinct["occurred_at"] > start],
                                minlength=kinds + 1)[1:]
              for days, start in since.items()}
    return pd.DataFrame({"kind": pd.array(_KIND_NAMES, dtype="str"),
                         "last_30_days": counts[30].astype("int64"),
                         "last_90_days": counts[90].astype("int64")})


def _weekly(distinct: dict[str, np.ndarray], moment: datetime) -> pd.DataFrame:
    """Engagements per kind in each of the last 13 weeks (Monday starts), zeros too."""
    first_week = np.datetime64(
        _week_start(moment) - timedelta(weeks=WEEKS_CHARTED - 1), "us")
    week = (distinct["occurred_at"] - first_week) // np.timedelta64(7, "D")
    keep = (week >= 0) & (week < WEEKS_CHARTED)
    kinds = len(ENGAGEMENT_KINDS)
    slot = week[keep].astype("int64") * kinds + distinct["kind"][keep] - 1
    counts = np.bincount(slot, minlength=WEEKS_CHARTED * kinds)
    starts = first_week + np.arange(WEEKS_CHARTED) * np.timedelta64(7, "D")
    return pd.DataFrame({"week_start": np.repeat(starts, kinds),
                         "kind": pd.array(_KIND_NAMES * WEEKS_CHARTED, dtype="str"),
                         "count": counts.astype("int64")})


def _week_start(moment: datetime) -> datetime:
    """Monday 00:00 of the moment's week (DuckDB's date_trunc('week') agrees)."""
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())
