"""Touch paths read from the store for contact create, deal create and revenue."""

from __future__ import annotations

import logging
from datetime import datetime

import pandas as pd

from ..model import ASSOCIATION_TYPE_IDS

logger = logging.getLogger(__name__)

KINDS = ("contact_create", "deal_create", "revenue")

DEAL_CONTACT_TYPE_ID = ASSOCIATION_TYPE_IDS["deals", "contacts"]

# A HubSpot date property holds either epoch milliseconds or an ISO-8601 string;
# offsets are converted to UTC, which is how the store keeps every timestamp.
_PROPERTY_TIME = """CASE WHEN regexp_full_match({v}, '[0-9]+')
    THEN make_timestamp(TRY_CAST({v} AS BIGINT) * 1000)
    ELSE CAST(timezone('UTC', TRY_CAST({v} AS TIMESTAMPTZ)) AS TIMESTAMP) END"""

# Each kind's conversions: journey id, conversion moment, value, deal creation moment.
_CONVERSIONS = {
    "contact_create": """
        SELECT id AS journey_id, created_at AS conversion_at, 1.0 AS value,
               NULL::TIMESTAMP AS deal_created_at
        FROM records
        WHERE object_type = 'contacts' AND NOT archived AND created_at IS NOT NULL""",
    "deal_create": """
        SELECT id AS journey_id, created_at AS conversion_at, 1.0 AS value,
               created_at AS deal_created_at
        FROM records
        WHERE object_type = 'deals' AND NOT archived AND created_at IS NOT NULL""",
    # Closed won: HubSpot's default stage id, or any closed stage of probability 1.
    "revenue": f"""
        SELECT r.id AS journey_id, {_PROPERTY_TIME.format(v='close.value')}
                   AS conversion_at,
               coalesce(TRY_CAST(amount.value AS DOUBLE), 0.0) AS value,
               r.created_at AS deal_created_at
        FROM records r
        JOIN record_properties stage ON stage.object_type = 'deals'
             AND stage.record_id = r.id AND stage.name = 'dealstage'
        JOIN record_properties close ON close.object_type = 'deals'
             AND close.record_id = r.id AND close.name = 'closedate'
        LEFT JOIN record_properties amount ON amount.object_type = 'deals'
             AND amount.record_id = r.id AND amount.name = 'amount'
        WHERE r.object_type = 'deals' AND NOT r.archived
          AND (stage.value = 'closedwon' OR stage.value IN (
              SELECT stage_id FROM pipeline_stages
              WHERE object_type = 'deals' AND is_closed AND probability >= 1.0))""",
}

# Which contacts' interactions make up each journey.
_JOURNEY_CONTACTS = {
    "contact_create": "SELECT journey_id, journey_id AS contact_id FROM conversions",
    "deal_create": f"""
        SELECT DISTINCT c.journey_id, a.to_id AS contact_id FROM conversions c
        JOIN associations a ON a.from_type = 'deals' AND a.from_id = c.journey_id
             AND a.to_type = 'contacts' AND a.type_id = {DEAL_CONTACT_TYPE_ID}""",
}
_JOURNEY_CONTACTS["revenue"] = _JOURNEY_CONTACTS["deal_create"]

_PATHS = """
WITH conversions AS (
    SELECT * FROM ({conversions})
    WHERE conversion_at IS NOT NULL{filters}
),
journey_contacts AS ({journey_contacts}),
usable AS (
    SELECT * FROM marketing_interactions WHERE {usable}
),
-- A contact's lead-creation touch: its latest usable touch at or before its
-- creation. Only the journeys' contacts are ranked: one deal's card reads a few
-- contacts' touches, not every contact's.
lead_touches AS (
    SELECT m.id FROM usable m
    JOIN records c ON c.object_type = 'contacts' AND c.id = m.contact_id
    WHERE m.occurred_at <= c.created_at
      AND m.contact_id IN (SELECT contact_id FROM journey_contacts)
    QUALIFY row_number() OVER (PARTITION BY m.contact_id
                               ORDER BY m.occurred_at DESC, m.id DESC) = 1
),
touches AS (
    SELECT j.journey_id, m.id AS touch_id, m.occurred_at, m.channel,
           m.interaction_type, coalesce(m.campaign, '(no campaign)') AS campaign,
           m.contact_id, c.conversion_at, c.value, c.deal_created_at,
           m.id IN (SELECT id FROM lead_touches) AS is_lead_creation
    FROM journey_contacts j
    JOIN conversions c USING (journey_id)
    JOIN usable m ON m.contact_id = j.contact_id AND m.occurred_at <= c.conversion_at
)
SELECT journey_id, touch_id, occurred_at, channel, interaction_type, campaign,
       contact_id, value, conversion_at, is_lead_creation,
       coalesce(occurred_at <= deal_created_at
                AND row_number() OVER (
                    PARTITION BY journey_id, occurred_at <= deal_created_at
                    ORDER BY occurred_at DESC, touch_id DESC) = 1, false)
           AS is_deal_creation,
       row_number() OVER (PARTITION BY journey_id
                          ORDER BY occurred_at DESC, touch_id DESC) = 1 AS is_closed_won
FROM touches
ORDER BY journey_id, occurred_at, touch_id
"""


def touch_paths(store, kind: str, *, start: datetime | None = None,
                end: datetime | None = None, journey_id: int | None = None
                ) -> pd.DataFrame:
    """Every conversion's touches for a report kind, in journey order.

    Args:
        store: the portal.
        kind: ``contact_create`` (a journey per contact, touches up to its creation),
            ``deal_create`` (a journey per deal: its associated contacts' touches up to
            the deal's creation, logged calls left out) or ``revenue`` (closed-won
            deals: touches up to the close date, logged calls left out, ``value`` is
            the deal amount).
        start: keep conversions at or after this moment.
        end: keep conversions before this moment.
        journey_id: keep only this contact (contact_create) or deal.

    Returns:
        The columns :func:`crm_widgets.attribution.credit` reads, plus ``campaign``,
        ``contact_id`` and ``value``. ``is_lead_creation`` marks each contact's
        lead-creation touch, ``is_deal_creation`` the last touch at or before the
        deal's creation, ``is_closed_won`` the journey's last touch. Conversions
        without any touch are left out.

    Example:
        >>> from crm_widgets import connect
        >>> with connect(":memory:") as store:
        ...     len(touch_paths(store, "contact_create"))
        0
    """
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}; expected one of: "
                         f"{', '.join(KINDS)}")
    usable = "true" if kind == "contact_create" else "NOT is_logged_call"
    # Only the filters asked for are written: "(? IS NULL OR x = ?)" would keep
    # DuckDB from pushing a journey's id into the scan of records.
    filters, params = [], []
    for fragment, value in (("conversion_at >= ?::TIMESTAMP", start),
                            ("conversion_at < ?::TIMESTAMP", end),
                            ("journey_id = ?::BIGINT", journey_id)):
        if value is not None and pd.notna(value):  # NaT, like None, is no bound
            filters.append(f"\n      AND {fragment}")
            params.append(value)
    sql = _PATHS.format(conversions=_CONVERSIONS[kind], filters="".join(filters),
                        journey_contacts=_JOURNEY_CONTACTS[kind], usable=usable)
    rows = store.query(sql, params)
    logger.debug("%s paths: %d touches", kind, len(rows))
    return rows
