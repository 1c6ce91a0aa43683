"""The demo portal: deterministic, believable, and consistent with its own rows."""

from __future__ import annotations

import json
import re
from datetime import datetime

import duckdb
import pytest

from crm_widgets.activities import activity_row
from crm_widgets.demo import DEFAULT_NOW, build_demo, showcase_company_id
from crm_widgets.demo.__main__ import main
from crm_widgets.errors import CrmWidgetsError

EXAMPLE_EMAIL = re.compile(r"^[a-z0-9.]+@example\.(com|org|net)$")
TABLES_SQL = "SELECT table_name FROM information_schema.tables ORDER BY 1"


def table_contents(path) -> dict[str, list[tuple]]:
    """Every table's rows, fully ordered, so two builds can be compared."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [t for (t,) in con.execute(TABLES_SQL).fetchall()]
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in tables}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A scale-1 demo portal, built once for the module and opened read-only."""
    path = build_demo(tmp_path_factory.mktemp("demo") / "demo.duckdb",
                      progress=False)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def rows(con, sql, params=()):
    return con.execute(sql, list(params)).fetchall()


def test_same_seed_gives_identical_tables(tmp_path):
    first = build_demo(tmp_path / "a.duckdb", seed=11, scale=0.25, progress=False)
    second = build_demo(tmp_path / "b.duckdb", seed=11, scale=0.25, progress=False)
    other = build_demo(tmp_path / "c.duckdb", seed=12, scale=0.25, progress=False)
    a, b, c = table_contents(first), table_contents(second), table_contents(other)

    assert a.keys() == b.keys()
    for table in a:
        assert a[table] == b[table], table
    assert a["record_properties"] != c["record_properties"]
    assert a["activities"] != c["activities"]
    assert len(a["records"]) == 15 + 100 + 30 + 15


def test_counts_at_scale_one(demo):
    counts = dict(rows(demo, "SELECT object_type, count(*) FROM records GROUP BY 1"))
    assert counts == {"companies": 60, "contacts": 400, "deals": 120, "tickets": 60}
    assert 7_500 <= rows(demo, "SELECT count(*) FROM activities")[0][0] <= 9_000
    assert rows(demo, "SELECT count(*) FROM owners")[0][0] == 12
    assert rows(demo, "SELECT count(*) FROM teams")[0][0] == 3
    types = {t for (t,) in rows(demo, "SELECT DISTINCT type FROM activities")}
    assert types == {"note", "email", "call", "task", "meeting", "record_created",
                     "lifecycle_change", "form_submission", "page_view", "merge"}
    for table in ("activity_comments", "files", "record_files", "lists",
                  "list_memberships", "workflows", "workflow_enrollments",
                  "products", "line_items", "quotes", "playbooks", "playbook_steps",
                  "conversation_threads", "conversation_messages", "sync_state",
                  "property_history", "marketing_interactions"):
        assert rows(demo, f"SELECT count(*) FROM {table}")[0][0] > 0, table


def test_activity_associations_point_at_records(demo):
    dangling = rows(demo, """
        SELECT count(*) FROM activity_associations aa
        ANTI JOIN records r ON r.object_type = aa.object_type AND r.id = aa.record_id
    """)[0][0]
    orphans = rows(demo, """SELECT count(*) FROM activity_associations aa
                            ANTI JOIN activities a ON a.id = aa.activity_id""")[0][0]
    unlinked = rows(demo, """SELECT count(*) FROM activities a
                             ANTI JOIN activity_associations aa
                             ON a.id = aa.activity_id""")[0][0]
    assert (dangling, orphans, unlinked) == (0, 0, 0)


def test_upcoming_and_overdue_items_around_now(demo):
    now = DEFAULT_NOW
    upcoming = dict(rows(demo, """
        SELECT type, count(*) FROM activities
        WHERE occurred_at > ? AND type IN ('task', 'meeting') GROUP BY 1""", [now]))
    assert upcoming["task"] >= 20
    assert upcoming["meeting"] >= 20
    scheduled = rows(demo, """SELECT DISTINCT meeting_outcome FROM activities
                              WHERE type = 'meeting' AND occurred_at > ?""", [now])
    assert scheduled == [("SCHEDULED",)]
    overdue = rows(demo, """SELECT count(*) FROM activities WHERE type = 'task'
                            AND occurred_at < ? AND task_status <> 'COMPLETED'""",
                   [now])[0][0]
    assert overdue >= 20
    late = rows(demo, "SELECT count(*) FROM activities WHERE occurred_at > ? "
                "AND type NOT IN ('task', 'meeting')", [now])[0][0]
    assert late == 0


def test_every_email_is_at_an_example_domain(demo):
    emails = rows(demo, """
        SELECT value FROM record_properties WHERE name = 'email'
        UNION ALL SELECT email FROM owners
        UNION ALL SELECT email_from FROM activities WHERE email_from IS NOT NULL
        UNION ALL SELECT email_to FROM activities WHERE email_to IS NOT NULL
        UNION ALL SELECT sender FROM conversation_messages""")
    assert len(emails) > 2_000
    bad = [e for (e,) in emails if not EXAMPLE_EMAIL.match(e)]
    assert bad == []
    unique = rows(demo, """SELECT count(*), count(DISTINCT value) FROM
                           record_properties WHERE name = 'email'""")[0]
    assert unique == (400, 400)


def test_engagement_columns_match_activity_row(demo):
    """The bulk SQL path must store what activity_row makes of the same properties."""
    columns = [c for (c,) in rows(demo, "SELECT column_name FROM "
                                  "information_schema.columns WHERE table_name = "
                                  "'activities' ORDER BY ordinal_position")]
    sample = rows(demo, """SELECT * FROM activities
                           WHERE type IN ('note', 'email', 'call', 'task', 'meeting')
                           ORDER BY hash(id) LIMIT 300""")
    assert {r[1] for r in sample} == {"note", "email", "call", "task", "meeting"}
    for stored in sample:
        stored = dict(zip(columns, stored, strict=True))
        props = json.loads(stored["properties"])
        expected = activity_row(stored["type"], stored["id"], props)
        expected["properties"] = json.loads(expected["properties"])
        stored["properties"] = props
        assert stored == expected, stored["id"]


def test_showcase_company_has_a_long_timeline(demo):
    company = showcase_company_id()
    direct = rows(demo, """SELECT count(*) FROM activity_associations
                           WHERE object_type = 'companies' AND record_id = ?""",
                  [company])[0][0]
    contacts = rows(demo, """SELECT count(*) FROM associations WHERE from_type =
                             'companies' AND from_id = ? AND type_id = 280""",
                    [company])[0][0]
    assert direct >= 1_000
    assert contacts >= 25
    target = rows(demo, """SELECT value FROM record_properties WHERE record_id = ?
                           AND name = 'hs_is_target_account'""", [company])
    assert target == [("true",)]


def test_associations_are_stored_both_ways_with_primary(demo):
    pairs = dict(((f, t, tid), n) for f, t, tid, n in rows(
        demo, "SELECT from_type, to_type, type_id, count(*) FROM associations "
        "GROUP BY ALL"))
    assert pairs[("contacts", "companies", 279)] == pairs[("companies", "contacts",
                                                           280)]
    assert pairs[("contacts", "companies", 1)] == pairs[("contacts", "companies",
                                                         279)]
    assert pairs[("deals", "companies", 5)] == 120
    assert pairs[("tickets", "companies", 26)] == 60
    with_company = rows(demo, """SELECT count(*) FROM record_properties
                                 WHERE name = 'associatedcompanyid'""")[0][0]
    assert pairs[("contacts", "companies", 1)] == with_company


def test_buying_roles_match_user_defined_labels(demo):
    roles = rows(demo, """
        SELECT p.record_id, p.value, list_sort(list(a.label)) FROM record_properties p
        JOIN associations a ON a.from_type = 'contacts' AND a.from_id = p.record_id
             AND a.to_type = 'companies' AND a.category = 'USER_DEFINED'
        WHERE p.name = 'hs_buying_role' GROUP BY ALL""")
    assert len(roles) > 50
    labels = {"DECISION_MAKER": "Decision maker", "CHAMPION": "Champion",
              "INFLUENCER": "Influencer", "END_USER": "End user",
              "BUDGET_HOLDER": "Budget holder", "BLOCKER": "Blocker",
              "EXECUTIVE_SPONSOR": "Executive sponsor", "OTHER": "Other",
              "LEGAL_AND_COMPLIANCE": "Legal and compliance"}
    for _, value, found in roles:
        assert sorted(labels[v] for v in value.split(";")) == found
    decision = rows(demo, """SELECT count(*) FROM associations
                             WHERE label = 'Decision maker' AND to_type = 'deals'""")
    assert decision[0][0] > 0


def test_marketing_paths_end_at_contact_creation(demo):
    mismatched = rows(demo, """
        WITH created AS (
            SELECT record_id, value FROM record_properties WHERE name = 'createdate'
            AND object_type = 'contacts'),
        forms AS (SELECT contact_id, min(occurred_at) AS first_form
                  FROM marketing_interactions
                  WHERE interaction_type = 'FORM_SUBMISSION' GROUP BY 1),
        firsts AS (SELECT contact_id, arg_min(channel, (occurred_at, id)) AS channel
                   FROM marketing_interactions GROUP BY 1)
        SELECT count(*) FROM created c
        JOIN forms f ON f.contact_id = c.record_id
        JOIN firsts s ON s.contact_id = c.record_id
        JOIN record_properties src ON src.record_id = c.record_id
             AND src.name = 'hs_analytics_source'
        WHERE strftime(f.first_form, '%Y-%m-%dT%H:%M:%S.000Z') <> c.value
           OR s.channel <> src.value""")[0][0]
    assert mismatched == 0
    kinds = {k for (k,) in rows(demo, "SELECT DISTINCT interaction_type FROM "
                                "marketing_interactions")}
    assert kinds == {"PAGE_VIEW", "FORM_SUBMISSION", "EMAIL_CLICK", "AD_CLICK",
                     "MEETING_BOOKED", "CALL"}
    logged = rows(demo, "SELECT count(*) FROM marketing_interactions "
                  "WHERE is_logged_call")[0][0]
    assert logged > 0


def test_history_ends_at_the_current_value(demo):
    differing = rows(demo, """
        WITH last AS (
            SELECT object_type, record_id, name, arg_max(value, changed_at) AS value
            FROM property_history GROUP BY ALL)
        SELECT count(*), count(*) FILTER (WHERE l.value <> p.value) FROM last l
        JOIN record_properties p USING (object_type, record_id, name)""")[0]
    assert differing[0] == 400 + 120 + 60
    assert differing[1] == 0


def test_build_refuses_an_existing_file(tmp_path):
    path = tmp_path / "mine.duckdb"
    path.write_bytes(b"keep me")
    with pytest.raises(CrmWidgetsError, match="exists already"):
        build_demo(path, progress=False)
    assert path.read_bytes() == b"keep me"


def test_command_line_builds_at_a_scale(tmp_path):
    out = tmp_path / "cli.duckdb"
    assert main(["--scale", "0.1", "--seed", "3", "--out", str(out),
                 "--now", "2025-06-30T09:00:00"]) == 0
    with duckdb.connect(str(out), read_only=True) as con:
        assert rows(con, "SELECT count(*) FROM records WHERE object_type = "
                    "'contacts'")[0][0] == 40
        latest = rows(con, "SELECT max(occurred_at) FROM activities WHERE type = "
                      "'note'")[0][0]
    assert latest <= datetime(2025, 6, 30, 9, 0)


def test_engagement_share_and_showcase_items_tune_a_large_build(tmp_path):
    path = build_demo(tmp_path / "tuned.duckdb", scale=0.25, engagement_share=0.5,
                      showcase_items=200, progress=False)
    with duckdb.connect(str(path), read_only=True) as con:
        engaged = rows(con, "SELECT count(*) FROM activities WHERE type IN "
                            "('note', 'email', 'call', 'task', 'meeting')")[0][0]
        showcase = rows(con, """
            SELECT count(DISTINCT aa.activity_id) FROM activity_associations aa
            JOIN activities a ON a.id = aa.activity_id
            WHERE aa.object_type = 'companies' AND aa.record_id = ?
              AND a.type IN ('note', 'email', 'call', 'task', 'meeting')""",
                        [showcase_company_id()])[0][0]
    assert engaged == round(5_300 * 0.25 * 0.5)
    assert 150 <= showcase <= 250
