"""The HubSpot CRM export CSV importer: labels, owners, associations, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_widgets import ExportFormatError
from crm_widgets.importers import import_hubspot_api, import_hubspot_csv
from crm_widgets.importers._load import table_counts

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample_export"
CONTACTS_CSV = SAMPLE / "hubspot-crm-exports-contacts-2024-03-01.csv"

DEALS = (
    "Record ID,Deal Name,Deal Stage,Amount,Close Date,Deal owner,Renewal Quarter,"
    "Favourite Colour,Associated Company IDs,Associated Company\r\n"
    "301,Atlas rollout,contractsent,18000,2024-05-31 17:00,Omar Castillo,Q2,teal,"
    "5001;5002,Brightline Logistics;Kestrel Analytics\r\n"
    "302,Beacon upsell,qualifiedtobuy,,,,Q3,,,\r\n"
)


def rows(store, sql, params=()):
    return store.con.execute(sql, list(params)).fetchall()


@pytest.fixture
def portal(store):
    """The sample portal (owners, companies, deals) that the CSVs refer to."""
    import_hubspot_api(store, SAMPLE)
    return store


def write(tmp_path: Path, text: str, name: str = "export.csv", *,
          bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_sample_contacts_csv(portal):
    report = import_hubspot_csv(portal, CONTACTS_CSV)

    assert report.rows == {"records": 3, "record_properties": 28, "associations": 16}
    assert report.warnings == []
    assert dict(rows(portal, "SELECT name, value FROM record_properties WHERE "
                     "object_type = 'contacts' AND record_id = 1007")) == {
        "createdate": "2024-02-05T16:02:00.000Z",
        "email": "grace.whitfield@kestrel-analytics.example.org",
        "firstname": "Grace", "lastname": "Whitfield", "jobtitle": "CFO",
        "hs_buying_role": "EXECUTIVE_SPONSOR", "hs_lead_status": "IN_PROGRESS",
        "hubspot_owner_id": "610001",  # written as "Lena Hartmann"
        "lifecyclestage": "opportunity"}
    # "lena.hartmann@..." (an email) resolves to the same owner.
    assert rows(portal, "SELECT value FROM record_properties WHERE record_id = 1006 "
                "AND name = 'hubspot_owner_id'") == [("610001",)]
    assert rows(portal, "SELECT to_type, to_id, type_id, label FROM associations "
                "WHERE from_type = 'contacts' AND from_id = 1007 ORDER BY type_id") == [
        ("companies", 5002, 1, "Primary"), ("deals", 7002, 4, None),
        ("companies", 5002, 279, None)]
    assert rows(portal, "SELECT from_id, type_id FROM associations WHERE from_type = "
                "'deals' AND to_id = 1007") == [(7002, 3)]
    created = rows(portal, "SELECT created_at FROM records WHERE id = 1008")[0][0]
    assert created.isoformat() == "2023-07-18T09:14:00"


def test_bom_crlf_deals_with_definitions_defaults_and_snake_case(portal, tmp_path):
    portal.con.execute(
        "INSERT INTO property_definitions (object_type, name, label, type) VALUES "
        "('deals', 'renewal_q', 'Renewal Quarter', 'enumeration')")
    path = write(tmp_path, DEALS, bom=True)

    report = import_hubspot_csv(portal, path)  # object type from "Deal Name"

    assert report.rows["records"] == 2
    assert report.skipped == [
        "column 'Associated Company' (names only; the ids column is used)"]
    assert dict(rows(portal, "SELECT name, value FROM record_properties WHERE "
                     "object_type = 'deals' AND record_id = 301")) == {
        "dealname": "Atlas rollout", "dealstage": "contractsent", "amount": "18000",
        "closedate": "2024-05-31T17:00:00.000Z", "hubspot_owner_id": "610002",
        "renewal_q": "Q2", "favourite_colour": "teal"}
    assert dict(rows(portal, "SELECT name, value FROM record_properties WHERE "
                     "object_type = 'deals' AND record_id = 302")) == {
        "dealname": "Beacon upsell", "dealstage": "qualifiedtobuy", "renewal_q": "Q3"}
    assert rows(portal, "SELECT to_id, type_id FROM associations WHERE from_type = "
                "'deals' AND from_id = 301 ORDER BY to_id") == [
        (5001, 341), (5002, 341)]


def test_identical_duplicate_rows_make_one_record(store, tmp_path):
    text = "Record ID,First Name\n9,Ada\n9,Ada\n10,Grace\n"
    report = import_hubspot_csv(store, write(tmp_path, text))
    assert report.rows["records"] == 2
    assert rows(store, "SELECT record_id, value FROM record_properties ORDER BY 1"
                ) == [(9, "Ada"), (10, "Grace")]


def test_unknown_owner_is_kept_and_reported(store, tmp_path):
    text = "Record ID,Email,Contact owner\n9,a@example.org,Nobody Known\n"
    report = import_hubspot_csv(store, write(tmp_path, text))
    assert rows(store, "SELECT value FROM record_properties WHERE name = "
                "'hubspot_owner_id'") == [("Nobody Known",)]
    assert "'Nobody Known'" in report.warnings[0]


# Bad files: a clear error, and the store exactly as it was -------------------------


def assert_refused(store, path, *, row, field, words, object_type=None):
    before = table_counts(store)
    with pytest.raises(ExportFormatError) as caught:
        import_hubspot_csv(store, path, object_type=object_type)
    error = caught.value
    assert (error.path, error.row, error.field) == (str(path), row, field)
    for word in words:
        assert word in str(error)
    assert table_counts(store) == before
    assert import_hubspot_csv(store, CONTACTS_CSV).rows["records"] == 3


def test_missing_record_id_column(portal, tmp_path):
    path = write(tmp_path, "First Name,Email\nAda,ada@example.org\n")
    assert_refused(portal, path, row=None, field="Record ID",
                   words=["no 'Record ID' column", "First Name, Email"])


def test_non_date_in_a_date_column(portal, tmp_path):
    text = DEALS.replace("2024-05-31 17:00", "end of May")
    assert_refused(portal, write(tmp_path, text), row=1, field="Close Date",
                   words=["'end of May' is not a date for closedate"])


def test_non_date_in_create_date_on_a_later_row(portal, tmp_path):
    text = ("Record ID,First Name,Create Date\r\n1,Ada,2024-01-02 10:00\r\n"
            "2,Bob,2024-13-45 10:00\r\n")
    assert_refused(portal, write(tmp_path, text), row=2, field="Create Date",
                   words=["'2024-13-45 10:00'"])


def test_same_id_twice_with_different_values(portal, tmp_path):
    text = "Record ID,First Name,Job Title\n9,Ada,CTO\n10,Bob,\n9,Ada,CEO\n"
    assert_refused(portal, write(tmp_path, text), row=3, field="Job Title",
                   words=["record 9 appears twice (rows 1 and 3)"])


def test_bad_record_id(portal, tmp_path):
    text = "Record ID,First Name\n9,Ada\nabc,Bob\n"
    assert_refused(portal, write(tmp_path, text), row=2, field="Record ID",
                   words=["'abc' is not a record id"])


def test_bad_association_id(portal, tmp_path):
    text = "Record ID,First Name,Associated Deal IDs\n9,Ada,7001;x7\n"
    assert_refused(portal, write(tmp_path, text), row=1, field="Associated Deal IDs",
                   words=["'7001;x7'"])


def test_unknown_object_type(portal, tmp_path):
    path = write(tmp_path, "Record ID,First Name\n9,Ada\n")
    assert_refused(portal, path, row=None, field=None, object_type="spaceship",
                   words=["unknown object type 'spaceship'"])


def test_object_type_that_cannot_be_told(portal, tmp_path):
    path = write(tmp_path, "Record ID,Colour\n9,teal\n")
    assert_refused(portal, path, row=None, field=None,
                   words=["cannot tell which object type", "object_type="])


def test_empty_file(portal, tmp_path):
    assert_refused(portal, write(tmp_path, ""), row=None, field=None,
                   words=["the file is empty"])


def test_row_with_too_many_cells(portal, tmp_path):
    text = "Record ID,First Name\n9,Ada\n10,Bob,extra\n"
    assert_refused(portal, write(tmp_path, text), row=2, field=None,
                   words=["malformed CSV", "Line: 3"])


def test_report_as_a_frame(portal):
    report = import_hubspot_csv(portal, CONTACTS_CSV)
    frame = report.to_frame()
    assert frame.to_dict("records") == [
        {"table": "record_properties", "rows": 28},
        {"table": "associations", "rows": 16},
        {"table": "records", "rows": 3}]


# Writes into a store that already holds some of the records -----------------------


def test_reimport_updates_filled_cells_and_keeps_the_rest(store, tmp_path):
    first = ("Record ID,First Name,Job Title,Create Date\n"
             "9,Ada,CTO,2024-01-02 10:00\n10,Bob,Buyer,2024-01-03 11:00\n")
    import_hubspot_csv(store, write(tmp_path, first, "first.csv"))
    second = "Record ID,First Name,Job Title,Create Date\n9,Ada,CEO,\n11,Cy,,\n"

    report = import_hubspot_csv(store, write(tmp_path, second, "second.csv"))

    assert report.rows == {"records": 2, "record_properties": 3}
    assert rows(store, "SELECT record_id, name, value FROM record_properties "
                "ORDER BY ALL") == [
        (9, "createdate", "2024-01-02T10:00:00.000Z"), (9, "firstname", "Ada"),
        (9, "jobtitle", "CEO"), (10, "createdate", "2024-01-03T11:00:00.000Z"),
        (10, "firstname", "Bob"), (10, "jobtitle", "Buyer"), (11, "firstname", "Cy")]
    assert [(i, c.isoformat() if c else None) for i, c in rows(
        store, "SELECT id, created_at FROM records ORDER BY id")] == [
        (9, "2024-01-02T10:00:00"), (10, "2024-01-03T11:00:00"), (11, None)]


def test_properties_of_a_record_without_its_record_row_are_replaced(store, tmp_path):
    store.con.execute("INSERT INTO record_properties VALUES "
                      "('contacts', 9, 'firstname', 'Old'), "
                      "('contacts', 9, 'city', 'Oslo')")
    path = write(tmp_path, "Record ID,First Name\n9,Ada\n")

    import_hubspot_csv(store, path)

    assert rows(store, "SELECT name, value FROM record_properties ORDER BY 1") == [
        ("city", "Oslo"), ("firstname", "Ada")]
    assert rows(store, "SELECT id FROM records") == [(9,)]


def test_two_columns_for_one_property_left_most_filled_cell_wins(store, tmp_path):
    """A property named by columns 2 and 10 took column 10's value (text order)."""
    fillers = [f"Note {n}" for n in range(3, 10)]
    header = ["Record ID", "Email", "First Name", *fillers, "Firstname"]
    lines = [",".join(header),
             ",".join(["9", "a@x.org", "Ada", *["x"] * 7, "Adaline"]),
             ",".join(["10", "b@x.org", "", *["x"] * 7, "Bo"])]
    path = write(tmp_path, "\n".join(lines) + "\n")

    import_hubspot_csv(store, path)

    assert rows(store, "SELECT record_id, value FROM record_properties WHERE "
                "name = 'firstname' ORDER BY 1") == [(9, "Ada"), (10, "Bo")]


def test_zero_padded_id_is_the_same_record(store, tmp_path):
    """'007' and '7' with different values were imported, one of them silently lost."""
    same = write(tmp_path, "Record ID,First Name\n007,Ada\n7,Ada\n", "same.csv")
    assert import_hubspot_csv(store, same).rows == {
        "records": 1, "record_properties": 1}

    differ = write(tmp_path, "Record ID,First Name\n007,Ada\n7,Bob\n", "differ.csv")
    assert_refused(store, differ, row=2, field="First Name",
                   words=["record 7 appears twice (rows 1 and 2)"])


def test_the_id_column_is_blamed_before_an_earlier_bad_date(store, tmp_path):
    text = ("Record ID,First Name,Create Date\n1,Ada,soon\n2,Bob,2024-01-02\n"
            "x3,Cy,2024-01-03\n")
    assert_refused(store, write(tmp_path, text), row=3, field="Record ID",
                   words=["'x3' is not a record id"])
