"""Account overview of companies: contacts, buying roles, engagement, deals."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from ..model import BUYING_ROLES
from ..store import Store
from .common import record_id_value, require_record, utc_now
from .display import display_name
from .timeline import timeline

logger = logging.getLogger(__name__)

# Activity types counted in the engagement figures, with their plural names.
ENGAGEMENT_KINDS = {"email": "emails", "call": "calls", "meeting": "meetings",
                    "note": "notes", "task": "tasks"}
CONTACTING_TYPES = ("call", "email", "meeting")
WEEKS_CHARTED = 13
_ROLE_COLUMNS = {role: role.lower() for role in BUYING_ROLES}

# The contacts of each company (live ones only) and every activity of a company,
# its own and its contacts'. An engagement is a past note, email, call or meeting,
# or a completed task: an open task is a plan, not an engagement.
_SCOPE_SQL = """
links AS (
    SELECT DISTINCT a.from_id AS company_id, a.to_id AS contact_id
    FROM associations a
    JOIN records c ON c.object_type = 'contacts' AND c.id = a.to_id AND NOT c.archived
    WHERE a.from_type = 'companies' AND a.to_type = 'contacts'
      AND ($cid IS NULL OR a.from_id = $cid)
),
company_activities AS (
    SELECT record_id AS company_id, activity_id FROM activity_associations
    WHERE object_type = 'companies' AND ($cid IS NULL OR record_id = $cid)
    UNION
    SELECT l.company_id, aa.activity_id FROM links l
    JOIN activity_associations aa
      ON aa.object_type = 'contacts' AND aa.record_id = l.contact_id
),
engagements AS (
    SELECT ca.company_id, a.id, a.type, a.occurred_at
    FROM company_activities ca JOIN activities a ON a.id = ca.activity_id
    WHERE NOT a.archived AND a.occurred_at <= $now
      AND (a.type IN ('note', 'email', 'call', 'meeting')
           OR (a.type = 'task' AND a.task_status = 'COMPLETED'))
)"""


# "($cid IS NULL OR x = $cid)" serves every company and one company with one text,
# but DuckDB cannot push such a filter into the scans, so one company read every
# company's links and activities. One company's queries keep just "x = $cid".
_EVERY_OR_ONE = re.compile(r"\(\$cid IS NULL OR ([^()]*)\)")


def _one_company(sql: str) -> str:
    """The query for ``$cid`` only, with every ``$cid IS NULL OR`` guard dropped."""
    return _EVERY_OR_ONE.sub(r"(\1)", sql)


def _summary_sql() -> str:
    role_columns = ",\n".join(
        f"coalesce(count(DISTINCT r.contact_id) FILTER (WHERE r.role = "
        f"'{role}'), 0) AS {column}"  # roles and columns are model constants
        for role, column in _ROLE_COLUMNS.items())
    return f"""
WITH {_SCOPE_SQL},
roles AS (
    SELECT l.company_id, l.contact_id, trim(unnest(string_split(p.value, ';'))) AS role
    FROM links l JOIN record_properties p
      ON p.object_type = 'contacts' AND p.record_id = l.contact_id
     AND p.name = 'hs_buying_role'
),
role_counts AS (
    SELECT r.company_id,
           count(DISTINCT r.contact_id) FILTER (WHERE r.role <> '')
               AS contacts_with_roles,
           {role_columns}
    FROM roles r GROUP BY r.company_id
),
contact_counts AS (
    SELECT company_id, count(*) AS contacts FROM links GROUP BY company_id
),
engaged AS (
    SELECT company_id, max(occurred_at) AS last_engagement_at,
           max(occurred_at) FILTER (WHERE type IN ('call', 'email', 'meeting'))
               AS last_contacted_at
    FROM engagements GROUP BY company_id
)
SELECT c.id AS company_id, n.value AS name, d.value AS domain,
       coalesce(lower(t.value) = 'true', false) AS is_target_account,
       coalesce(cc.contacts, 0) AS contacts,
       coalesce(rc.contacts_with_roles, 0) AS contacts_with_roles,
       {", ".join(f"coalesce(rc.{c}, 0) AS {c}" for c in _ROLE_COLUMNS.values())},
       e.last_engagement_at, e.last_contacted_at
FROM records c
LEFT JOIN record_properties n
  ON n.object_type = 'companies' AND n.record_id = c.id AND n.name = 'name'
LEFT JOIN record_properties d
  ON d.object_type = 'companies' AND d.record_id = c.id AND d.name = 'domain'
LEFT JOIN record_properties t ON t.object_type = 'companies' AND t.record_id = c.id
 AND t.name = 'hs_is_target_account'
LEFT JOIN contact_counts cc ON cc.company_id = c.id
LEFT JOIN role_counts rc ON rc.company_id = c.id
LEFT JOIN engaged e ON e.company_id = c.id
WHERE c.object_type = 'companies' AND NOT c.archived
  AND ($cid IS NULL OR c.id = $cid)
ORDER BY c.id
"""


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


def account_overview(store: Store, company_id: int | None = None, *,
                     now: datetime | None = None
                     ) -> AccountOverview | pd.DataFrame:
    """The account overview of one company, or of every company at once.

    Args:
        company_id: a company, or None for a frame with one row per company
            (computed in one SQL pass).
        now: the moment that separates past engagements (default: now, UTC).

    Returns:
        An :class:`AccountOverview`, or for ``company_id=None`` a DataFrame with
        company_id, name, domain, is_target_account, contacts, contacts_with_roles,
        one count column per buying role, last_engagement_at, last_contacted_at.

    Example:
        >>> every = account_overview(store)  # doctest: +SKIP
        >>> every.loc[every["is_target_account"], ["name", "decision_maker"]]
        ... # doctest: +SKIP
    """
    moment = utc_now(now)
    if company_id is None:
        return store.query(_summary_sql(), {"cid": None, "now": moment})

    _, cid = require_record(store, "companies", record_id_value(company_id))
    summary_row = store.query(_one_company(_summary_sql()),
                              {"cid": cid, "now": moment})
    summary = {k: _plain(v) for k, v in summary_row.iloc[0].to_dict().items()}
    name = display_name("companies", cid,
                        {"name": summary["name"], "domain": summary["domain"]})
    return AccountOverview(
        company_id=cid, name=name, summary=summary,
        contacts=_contacts(store, cid, moment), deals=_deals(store, cid),
        engagement=_engagement(store, cid, moment),
        weekly=_weekly(store, cid, moment),
        recent=timeline(store, "companies", cid, period="past", limit=5, now=moment))


def _contacts(store: Store, cid: int, moment: datetime) -> pd.DataFrame:
    frame = store.query(_one_company(f"""
        WITH {_SCOPE_SQL},
        contact_engaged AS (
            SELECT aa.record_id AS contact_id, max(a.occurred_at) AS last_engagement_at
            FROM links l
            JOIN activity_associations aa
              ON aa.object_type = 'contacts' AND aa.record_id = l.contact_id
            JOIN activities a ON a.id = aa.activity_id
            WHERE NOT a.archived AND a.occurred_at <= $now
              AND (a.type IN ('note', 'email', 'call', 'meeting')
                   OR (a.type = 'task' AND a.task_status = 'COMPLETED'))
            GROUP BY aa.record_id
        )
        SELECT l.contact_id,
               max(p.value) FILTER (WHERE p.name = 'firstname') AS firstname,
               max(p.value) FILTER (WHERE p.name = 'lastname') AS lastname,
               max(p.value) FILTER (WHERE p.name = 'email') AS email,
               max(p.value) FILTER (WHERE p.name = 'jobtitle') AS jobtitle,
               max(p.value) FILTER (WHERE p.name = 'hs_buying_role') AS buying_role,
               max(ce.last_engagement_at) AS last_engagement_at
        FROM links l
        LEFT JOIN record_properties p
          ON p.object_type = 'contacts' AND p.record_id = l.contact_id
        LEFT JOIN contact_engaged ce ON ce.contact_id = l.contact_id
        GROUP BY l.contact_id ORDER BY l.contact_id
    """), {"cid": cid, "now": moment})
    props = frame[["firstname", "lastname", "email"]].astype(object)
    props = props.where(props.notna(), None).to_dict("records")
    frame.insert(1, "name", [display_name("contacts", int(i), p)
                             for i, p in zip(frame["contact_id"], props, strict=True)])
    frame["roles"] = [_role_labels(v) for v in frame["buying_role"]]
    frame = frame.drop(columns=["firstname", "lastname"])
    # Contacts with roles first, then by name.
    frame["_has_role"] = [bool(r) for r in frame["roles"]]
    frame = frame.sort_values(["_has_role", "name"], ascending=[False, True])
    return frame.drop(columns="_has_role").reset_index(drop=True)


def _deals(store: Store, cid: int) -> dict[str, Any]:
    row = store.con.execute("""
        WITH deals AS (
            SELECT DISTINCT a.to_id AS deal_id
            FROM associations a
            JOIN records r ON r.object_type = 'deals' AND r.id = a.to_id
                          AND NOT r.archived
            WHERE a.from_type = 'companies' AND a.from_id = ? AND a.to_type = 'deals'
        ),
        facts AS (
            SELECT d.deal_id,
                   max(try_cast(p.value AS DOUBLE)) FILTER (WHERE p.name = 'amount')
                       AS amount,
                   max(p.value) FILTER (WHERE p.name = 'dealstage') AS stage,
                   max(p.value) FILTER (WHERE p.name = 'pipeline') AS pipeline
            FROM deals d LEFT JOIN record_properties p
              ON p.object_type = 'deals' AND p.record_id = d.deal_id
            GROUP BY d.deal_id
        ),
        judged AS (
            SELECT f.deal_id, f.amount, f.stage,
                   coalesce(bool_or(s.is_closed),
                            f.stage IN ('closedwon', 'closedlost')) AS is_closed,
                   coalesce(bool_or(s.is_closed AND s.probability >= 1.0), false)
                       OR f.stage = 'closedwon' AS is_won
            FROM facts f LEFT JOIN pipeline_stages s
              ON s.object_type = 'deals' AND s.stage_id = f.stage
             AND (f.pipeline IS NULL OR s.pipeline_id = f.pipeline)
            GROUP BY f.deal_id, f.amount, f.stage
        )
        SELECT count(*) FILTER (WHERE NOT is_closed),
               coalesce(sum(amount) FILTER (WHERE NOT is_closed), 0),
               count(*) FILTER (WHERE is_won),
               coalesce(sum(amount) FILTER (WHERE is_won), 0)
        FROM judged
    """, [cid]).fetchone()
    return {"open_deals": int(row[0]), "open_amount": float(row[1]),
            "closed_won_deals": int(row[2]), "closed_won_amount": float(row[3])}


def _engagement(store: Store, cid: int, moment: datetime) -> pd.DataFrame:
    frame = store.query(_one_company(f"""
        WITH {_SCOPE_SQL},
        kinds AS (SELECT unnest($types::VARCHAR[]) AS type)
        SELECT k.type,
               count(e.id) FILTER (WHERE e.occurred_at > $now - INTERVAL 30 DAY)
                   AS last_30_days,
               count(e.id) FILTER (WHERE e.occurred_at > $now - INTERVAL 90 DAY)
                   AS last_90_days
        FROM kinds k LEFT JOIN engagements e ON e.type = k.type
        GROUP BY k.type
    """), {"cid": cid, "now": moment, "types": list(ENGAGEMENT_KINDS)})
    frame["kind"] = frame["type"].map(ENGAGEMENT_KINDS)
    order = {t: i for i, t in enumerate(ENGAGEMENT_KINDS)}
    frame = frame.sort_values("type", key=lambda s: s.map(order))
    return frame[["kind", "last_30_days", "last_90_days"]].reset_index(drop=True)


def _weekly(store: Store, cid: int, moment: datetime) -> pd.DataFrame:
    first_week = _week_start(moment) - timedelta(weeks=WEEKS_CHARTED - 1)
    return store.query(_one_company(f"""
        WITH {_SCOPE_SQL},
        weeks AS (SELECT unnest(generate_series($first::TIMESTAMP, $now::TIMESTAMP,
                                                INTERVAL 7 DAY)) AS week_start),
        kinds AS (SELECT unnest($types::VARCHAR[]) AS type,
                         unnest($kinds::VARCHAR[]) AS kind,
                         unnest(range(5)) AS position)
        SELECT w.week_start, k.kind, count(e.id) AS count
        FROM weeks w CROSS JOIN kinds k
        LEFT JOIN engagements e
          ON e.type = k.type AND date_trunc('week', e.occurred_at) = w.week_start
        GROUP BY w.week_start, k.kind, k.position
        ORDER BY w.week_start, k.position
    """), {"cid": cid, "now": moment, "first": first_week,
          "types": list(ENGAGEMENT_KINDS), "kinds": list(ENGAGEMENT_KINDS.values())})


def _week_start(moment: datetime) -> datetime:
    """Monday 00:00 of the moment's week (DuckDB's date_trunc('week') agrees)."""
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def _role_labels(value: Any) -> list[str]:
    if not isinstance(value, str):
        return []
    return [BUYING_ROLES.get(v.strip(), v.strip()) for v in value.split(";")
            if v.strip()]


def _plain(value: Any) -> Any:
    """numpy scalars and pandas missing values as plain Python values."""
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):
        return value.item()
    return value
