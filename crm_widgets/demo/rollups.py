"""Properties HubSpot computes from other data, derived in SQL once all is written.

Last contacted, last activity, next activity and counts come from the stored
activities and associations, so the record page's numbers agree with its timeline.
"""

from __future__ import annotations

from .portal import Portal

_ISO = "strftime({}, '%Y-%m-%dT%H:%M:%S.%gZ')"

_ENGAGEMENT_FACTS = f"""
INSERT INTO record_properties
SELECT object_type, record_id, name, value FROM (
    UNPIVOT (
        SELECT aa.object_type, aa.record_id,
            {_ISO.format("max(a.occurred_at) FILTER (WHERE a.occurred_at <= $now "
                         "AND a.type IN ('call', 'email', 'meeting'))")}
                AS notes_last_contacted,
            {_ISO.format("max(a.occurred_at) FILTER (WHERE a.occurred_at <= $now)")}
                AS notes_last_updated,
            {_ISO.format("max(a.occurred_at) FILTER (WHERE a.occurred_at <= $now "
                         "AND a.type <> 'task')")}
                AS hs_last_sales_activity_timestamp,
            {_ISO.format("min(a.occurred_at) FILTER (WHERE a.occurred_at > $now)")}
                AS notes_next_activity_date,
            (count(*) FILTER (WHERE a.occurred_at <= $now
                AND a.type IN ('call', 'email', 'meeting')))::VARCHAR
                AS num_contacted_notes
        FROM activity_associations aa JOIN activities a ON a.id = aa.activity_id
        WHERE a.type IN ('note', 'email', 'call', 'task', 'meeting')
        GROUP BY aa.object_type, aa.record_id
    ) ON COLUMNS(* EXCLUDE (object_type, record_id)) INTO NAME name VALUE value
) WHERE value IS NOT NULL
"""

_COUNTS = """
INSERT INTO record_properties
SELECT from_type, from_id, name, count(*)::VARCHAR FROM (
    SELECT from_type, from_id,
        CASE to_type WHEN 'contacts' THEN 'num_associated_contacts'
                     ELSE 'num_associated_deals' END AS name
    FROM associations
    WHERE category = 'HUBSPOT_DEFINED' AND type_id IN (4, 280, 342, 3)
) GROUP BY ALL
"""

_COMPANY = """
INSERT INTO record_properties
SELECT object_type, record_id, name, value FROM (
    UNPIVOT (
        SELECT 'companies' AS object_type, c.id AS record_id,
            (SELECT count(*) FROM associations s
             JOIN record_properties p ON p.object_type = 'deals'
                  AND p.record_id = s.to_id AND p.name = 'dealstage'
             WHERE s.from_type = 'companies' AND s.from_id = c.id
               AND s.type_id = 342 AND p.value NOT IN ('closedwon', 'closedlost')
            )::VARCHAR AS hs_num_open_deals,
            count(r.value)::VARCHAR AS hs_num_contacts_with_buying_roles,
            count(*) FILTER (WHERE r.value LIKE '%DECISION_MAKER%')::VARCHAR
                AS hs_num_decision_makers,
            count(*) FILTER (WHERE r.value LIKE '%BLOCKER%')::VARCHAR
                AS hs_num_blockers
        FROM records c
        LEFT JOIN associations s ON s.from_type = 'companies' AND s.from_id = c.id
             AND s.type_id = 280 AND s.category = 'HUBSPOT_DEFINED'
        LEFT JOIN record_properties r ON r.object_type = 'contacts'
             AND r.record_id = s.to_id AND r.name = 'hs_buying_role'
        WHERE c.object_type = 'companies'
        GROUP BY c.id
    ) ON COLUMNS(* EXCLUDE (object_type, record_id)) INTO NAME name VALUE value
)
"""

_RECENT_DEAL = """
INSERT INTO record_properties
SELECT 'companies', company_id, 'recent_deal_amount', arg_max(amount, closed) FROM (
    SELECT s.to_id AS company_id, amt.value AS amount, cd.value AS closed
    FROM associations s
    JOIN record_properties st ON st.object_type = 'deals' AND st.record_id = s.from_id
         AND st.name = 'dealstage' AND st.value = 'closedwon'
    JOIN record_properties amt ON amt.object_type = 'deals'
         AND amt.record_id = s.from_id AND amt.name = 'amount'
    JOIN record_properties cd ON cd.object_type = 'deals'
         AND cd.record_id = s.from_id AND cd.name = 'closedate'
    WHERE s.from_type = 'deals' AND s.type_id = 341
) GROUP BY company_id
"""


def write_rollups(portal: Portal) -> None:
    """Engagement dates and counts on every record; company account figures."""
    portal.con.execute(_ENGAGEMENT_FACTS, {"now": portal.now})
    portal.con.execute(_COUNTS)
    portal.con.execute(_COMPANY)
    portal.con.execute(_RECENT_DEAL)
