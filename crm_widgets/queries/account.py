"""Account overview of companies: contacts, buying roles, engagement, deals."""

from __future__ import annotations

import logging
from datetime import datetime

import pandas as pd

from ..store import Store
from .account_detail import ENGAGEMENT_SQL, AccountOverview, company_overview
from .account_figures import (
    CONTACTING_TYPES,
    ENGAGEMENT_KINDS,
    ROLE_COLUMNS,
    WEEKS_CHARTED,
)
from .common import record_id_value, require_record, utc_now

__all__ = ["CONTACTING_TYPES", "ENGAGEMENT_KINDS", "WEEKS_CHARTED", "AccountOverview",
           "account_overview"]

logger = logging.getLogger(__name__)


def _every_company_sql() -> str:
    """One pass over every company: the latest engagement of each record first,
    then per company over its own and its contacts'. A maximum needs no
    de-duplication, so an activity on a company and its contact is not merged."""
    role_flags = ",\n".join(
        f"bool_or(role = '{role}') AS {column}"  # roles are model constants
        for role, column in ROLE_COLUMNS.items())
    role_counts = ",\n".join(f"count(*) FILTER (WHERE r.{column}) AS {column}"
                             for column in ROLE_COLUMNS.values())
    return f"""
WITH links AS (
    SELECT DISTINCT a.from_id AS company_id, a.to_id AS contact_id
    FROM associations a
    JOIN records c ON c.object_type = 'contacts' AND c.id = a.to_id AND NOT c.archived
    WHERE a.from_type = 'companies' AND a.to_type = 'contacts'
),
engagements AS (
    SELECT a.id, a.occurred_at, a.type IN {CONTACTING_TYPES} AS contacting
    FROM activities a
    WHERE NOT a.archived AND {ENGAGEMENT_SQL}
),
touched AS (
    SELECT aa.object_type = 'companies' AS own, aa.record_id,
           max(e.occurred_at) AS last_engagement_at,
           max(e.occurred_at) FILTER (WHERE e.contacting) AS last_contacted_at
    FROM activity_associations aa JOIN engagements e ON e.id = aa.activity_id
    WHERE aa.object_type IN ('companies', 'contacts')
    GROUP BY own, aa.record_id
),
engaged AS (
    SELECT company_id, max(last_engagement_at) AS last_engagement_at,
           max(last_contacted_at) AS last_contacted_at
    FROM (SELECT record_id AS company_id, last_engagement_at, last_contacted_at
          FROM touched WHERE own
          UNION ALL
          SELECT l.company_id, t.last_engagement_at, t.last_contacted_at
          FROM links l JOIN touched t ON NOT t.own AND t.record_id = l.contact_id)
    GROUP BY company_id
),
contact_roles AS (
    SELECT contact_id, bool_or(role <> '') AS has_role,
           {role_flags}
    FROM (SELECT record_id AS contact_id,
                 trim(unnest(string_split(value, ';'))) AS role
          FROM record_properties
          WHERE object_type = 'contacts' AND name = 'hs_buying_role')
    GROUP BY contact_id
),
people AS (
    SELECT l.company_id, count(*) AS contacts,
           count(*) FILTER (WHERE r.has_role) AS contacts_with_roles,
           {role_counts}
    FROM links l LEFT JOIN contact_roles r ON r.contact_id = l.contact_id
    GROUP BY l.company_id
),
facts AS (
    SELECT record_id AS company_id,
           max(value) FILTER (WHERE name = 'name') AS name,
           max(value) FILTER (WHERE name = 'domain') AS domain,
           max(value) FILTER (WHERE name = 'hs_is_target_account') AS target
    FROM record_properties
    WHERE object_type = 'companies'
      AND name IN ('name', 'domain', 'hs_is_target_account')
    GROUP BY record_id
)
SELECT c.id AS company_id, f.name, f.domain,
       coalesce(lower(f.target) = 'true', false) AS is_target_account,
       coalesce(n.contacts, 0) AS contacts,
       coalesce(n.contacts_with_roles, 0) AS contacts_with_roles,
       {", ".join(f"coalesce(n.{c}, 0) AS {c}" for c in ROLE_COLUMNS.values())},
       e.last_engagement_at, e.last_contacted_at
FROM records c
LEFT JOIN facts f ON f.company_id = c.id
LEFT JOIN people n ON n.company_id = c.id
LEFT JOIN engaged e ON e.company_id = c.id
WHERE c.object_type = 'companies' AND NOT c.archived
ORDER BY c.id
"""


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

    Raises:
        RecordNotFoundError: no such company, or it is archived.

    Example:
        >>> every = account_overview(store)  # doctest: +SKIP
        >>> every.loc[every["is_target_account"], ["name", "decision_maker"]]
        ... # doctest: +SKIP
    """
    moment = utc_now(now)
    if company_id is None:
        return store.query(_every_company_sql(), {"now": moment})
    _, cid = require_record(store, "companies", record_id_value(company_id))
    return company_overview(store, cid, moment)
