"""The Fivetran HubSpot importer: real dbt seeds, file names, Parquet, bad tables."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

import crm_widgets
from crm_widgets import ExportFormatError
from crm_widgets.importers import import_fivetran_hubspot
from crm_widgets.importers._load import table_counts


def seeds(real_data: Path) -> Path:
    return real_data / "hubspot-fivetran-seeds"


def rows(store, sql, params=()):
    return store.con.execute(sql, list(params)).fetchall()


# Counted from the seed CSVs with Python's csv module, apart from the importer:
# non-empty property_* cells (plus a deal's pipeline, stage and owner columns):
# contact 178, company 246, deal 110, ticket 162; 68 of 100 list members are not
# _fivetran_deleted; 69 of 71 deal stages and all 15 ticket stages are live.
EXPECTED_ROWS = {
    "records": 22 + 24 + 44 + 25,
    "record_properties": 178 + 246 + 110 + 162,
    "activities": 100 + 1 + 1 + 1 + 2,   # meetings, note, call, email, tasks
    "associations": 2 * (11 + 2 + 9 + 9 + 9),   # both directions of each pair
    "activity_associations": 1 + 1 + 1 + 9,
    "owners": 100, "teams": 3, "team_members": 3, "lists": 60,
    "list_memberships": 68, "pipelines": 6 + 9, "pipeline_stages": 69 + 15,
    "property_history": 100 + 100 + 100 + 15,
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The real seeds imported once into a store the read-only tests share."""
    from tests.conftest import real_data_dir

    folder = real_data_dir() / "hubspot-fivetran-seeds"
    if not folder.is_dir():
        pytest.skip(f"real sample data not found at {folder}")
    path = tmp_path_factory.mktemp("fivetran") / "portal.duckdb"
    with crm_widgets.connect(path) as store:
        report = import_fivetran_hubspot(store, folder, progress=False)
        yield store, report


def test_real_seeds_import_with_exact_counts(imported):
    store, report = imported

    assert report.rows == EXPECTED_ROWS
    assert dict(rows(store, "SELECT object_type, count(*) FROM records GROUP BY 1")
                ) == {"contacts": 22, "companies": 24, "deals": 44, "tickets": 25}
    assert "engagement_communication_data.csv: no counterpart in the store" in (
        report.skipped)
    assert len(report.skipped) == 25


def test_ids_that_join_nothing_import_with_warnings(imported):
    store, report = imported

    # None of the 8 contact ids in deal_contact is a contact of contact_data.csv.
    assert "deal_contact: 8 contacts ids match no record (dangling links, kept)" in (
        report.warnings)
    assert ("deal_contact: 11 rows carry a type id that HubSpot does not define for "
            "deals to contacts; stored as unlabeled (3)") in report.warnings
    assert rows(store, "SELECT count(*) FROM associations WHERE from_type = 'deals' "
                "AND to_type = 'contacts' AND type_id = 3") == [(11,)]
    assert rows(store, "SELECT count(*) FROM associations WHERE from_type = "
                "'contacts' AND to_type = 'deals' AND type_id = 4") == [(11,)]


def test_one_contact_comes_back_exactly(imported):
    store, _ = imported

    assert dict(rows(store, "SELECT name, value FROM record_properties WHERE "
                     "object_type = 'contacts' AND record_id = 78971951")) == {
        "email": "fcb67ef339b691956cc85fa12be6490c", "company": "SampleCompany",
        "firstname": "db320f93ead463e1a2faee198cd9a122",
        "lastname": "22370ea245fce0b355938327d41bd1e4",
        "email_1": "261d3936e165a33b3f31e5fdd0e3121d",
        "createdate": "2021-04-01T17:32:47.000Z", "annualrevenue": "111111",
        "hs_merged_object_ids": "76340251;46897301;76226001",
        "created_at": "2021-04-01 17:32:47",
        "first_conversion_date": "2021-04-01 17:32:47"}
    assert rows(store, "SELECT created_at, archived FROM records WHERE id = 78971951"
                ) == [(datetime(2021, 4, 1, 17, 32, 47), False)]


def test_engagements_become_activities_with_links(imported):
    store, _ = imported

    assert rows(store, "SELECT type, occurred_at, body, search_text FROM activities "
                "WHERE id = 19732728857") == [
        ("note", datetime(2014, 8, 27, 20, 50, 44, 778000), "note body", "note body")]
    assert rows(store, "SELECT object_type, record_id, type_id FROM "
                "activity_associations WHERE activity_id = 19732910159") == [
        ("contacts", 501, 194)]
    meeting = rows(store, "SELECT occurred_at, meeting_start, meeting_end FROM "
                   "activities WHERE id = 3416212491")
    assert meeting == [(datetime(2019, 9, 26, 13, 0), datetime(2019, 9, 26, 13, 0),
                        datetime(2019, 9, 26, 14, 30))]


def test_plain_table_names_and_parquet(store, tmp_path):
    folder = tmp_path / "warehouse"
    folder.mkdir()
    (folder / "contact.csv").write_text(
        "id,_fivetran_deleted,property_firstname,property_createdate\n"
        "41,false,Ada,2024-01-05 10:00:00\n42,true,Bob,\n")
    store.con.execute(
        "COPY (SELECT 41 AS contact_id, 7 AS deal_id) TO ? (FORMAT parquet)",
        [str(folder / "deal_contact.parquet")])
    (folder / "deal.csv").write_text("deal_id,property_dealname\n7,Pilot\n")

    report = import_fivetran_hubspot(store, folder)

    assert report.rows == {"records": 3, "record_properties": 4, "associations": 2}
    assert report.warnings == []
    assert rows(store, "SELECT id, archived FROM records WHERE object_type = "
                "'contacts' ORDER BY id") == [(41, False), (42, True)]
    assert rows(store, "SELECT from_type, from_id, type_id FROM associations ORDER BY "
                "1") == [("contacts", 41, 4), ("deals", 7, 3)]


# Bad tables: a clear error, and the store exactly as it was -------------------------


@pytest.fixture
def small(tmp_path, real_data):
    """A copy of four seed tables to spoil one at a time."""
    folder = tmp_path / "small"
    folder.mkdir()
    for table in ("contact", "company", "deal_contact", "engagement_note"):
        shutil.copy(seeds(real_data) / f"{table}_data.csv", folder)
    return folder


def spoil(folder: Path, table: str, old: str, new: str) -> Path:
    path = folder / f"{table}_data.csv"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


def assert_refused(store, folder, *, path, row, field, words):
    good = folder.parent / "good"
    if not good.exists():
        shutil.copytree(folder, good)
    import_fivetran_hubspot(store, good)  # the store holds something to protect
    before = table_counts(store)
    with pytest.raises(ExportFormatError) as caught:
        import_fivetran_hubspot(store, folder)
    error = caught.value
    assert (error.path, error.row, error.field) == (str(path), row, field)
    for word in words:
        assert word in str(error)
    assert table_counts(store) == before
    assert import_fivetran_hubspot(store, good).rows["records"] == 46


def test_empty_table_file(store, small):
    good = small.parent / "good"
    shutil.copytree(small, good)
    path = small / "company_data.csv"
    path.write_text("")
    assert_refused(store, small, path=path, row=None, field=None,
                   words=["the file is empty"])


def test_id_that_is_not_a_number(store, small):
    good = small.parent / "good"
    shutil.copytree(small, good)
    path = spoil(small, "contact", ",76340251,", ",7634O251,")
    assert_refused(store, small, path=path, row=2, field="id",
                   words=["'7634O251' is not an id"])


def test_non_date_in_createdate(store, small):
    good = small.parent / "good"
    shutil.copytree(small, good)
    path = spoil(small, "contact", "2021-03-21 14:33:30", "yesterday")
    assert_refused(store, small, path=path, row=2, field="property_createdate",
                   words=["'yesterday' is not a date"])


def test_non_date_hs_timestamp_on_an_engagement(store, small):
    good = small.parent / "good"
    shutil.copytree(small, good)
    path = spoil(small, "engagement_note", "2014-08-27 20:50:44.778000", "N/A")
    assert_refused(store, small, path=path, row=1, field="property_hs_timestamp",
                   words=["'N/A' is not a date"])


def test_same_id_twice_with_different_values(store, small):
    good = small.parent / "good"
    shutil.copytree(small, good)
    path = small / "company_data.csv"
    lines = path.read_text().splitlines()
    twin = lines[1].replace(lines[1].split(",")[3], "Other Name", 1)
    path.write_text("\n".join([*lines, twin]) + "\n")
    assert_refused(store, small, path=path, row=len(lines), field="property_name",
                   words=["id appears twice (rows 1 and 25)"])


def test_table_without_its_id_column(store, small):
    good = small.parent / "good"
    shutil.copytree(small, good)
    path = spoil(small, "deal_contact", "contact_id,deal_id", "person_id,deal_id")
    assert_refused(store, small, path=path, row=None, field="contact_id",
                   words=["no 'contact_id' column"])


def test_malformed_row(store, small):
    good = small.parent / "good"
    shutil.copytree(small, good)
    path = small / "deal_contact_data.csv"
    path.write_text(path.read_text().rstrip("\n") + "\n1,2,3,4,5,6,7\n")
    assert_refused(store, small, path=path, row=12, field=None,
                   words=["unreadable table"])


def test_folder_with_no_tables(store, tmp_path):
    with pytest.raises(ExportFormatError, match="no Fivetran HubSpot tables"):
        import_fivetran_hubspot(store, tmp_path)


def test_importing_the_same_tables_twice_changes_nothing(store, real_data):
    """Re-importing an export doubled its property history rows."""
    import_fivetran_hubspot(store, seeds(real_data), progress=False)
    first = table_counts(store)

    again = import_fivetran_hubspot(store, seeds(real_data), progress=False)

    assert table_counts(store) == first
    assert "property_history" not in again.rows
    assert again.rows["records"] == 115


def test_object_table_without_property_columns(store, tmp_path):
    """A contact table cut down to its id column failed with a SQL syntax error."""
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / "contact.csv").write_text("id\n5\n6\n")
    report = import_fivetran_hubspot(store, folder)
    assert report.rows == {"records": 2}
    assert report.warnings == [
        "contact: no property_* columns; records imported without properties"]
