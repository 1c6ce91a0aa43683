"""The HubSpot API JSON importer: real Nango recordings, the sample export, bad data."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from crm_widgets import ExportFormatError
from crm_widgets.importers import import_hubspot_api
from crm_widgets.importers._load import table_counts

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample_export"


def nango(real_data: Path) -> Path:
    return real_data / "hubspot-api-v3-nango"


def rows(store, sql, params=()):
    return store.con.execute(sql, list(params)).fetchall()


# Counted from the JSON by a separate script reading api.<method>.<path>.response:
# contacts 26, companies 57, deals 21, tickets 22 unique ids (duplicates across
# get-*/search-* files removed), 25 tasks and 1 note; 849 non-null properties on
# the kept snapshots (deals from search-deals add `pipeline` to the tied snapshot).
NANGO_RECORDS = {"companies": 57, "contacts": 26, "deals": 21, "tickets": 22}


def test_nango_folder_imports_exact_counts(store, real_data):
    report = import_hubspot_api(store, nango(real_data))

    assert dict(rows(store, "SELECT object_type, count(*) FROM records GROUP BY 1")
                ) == NANGO_RECORDS
    assert report.rows["records"] == 126
    assert report.rows["record_properties"] == 849
    assert rows(store, "SELECT type, count(*) FROM activities GROUP BY 1 ORDER BY 1"
                ) == [("note", 1), ("task", 25)]
    assert report.rows["property_definitions"] == 247
    assert rows(store, "SELECT count(*) FROM pipeline_stages WHERE object_type = "
                "'deals' AND pipeline_id = 'default'") == [(7,)]
    assert rows(store, "SELECT label, probability, is_closed FROM pipeline_stages "
                "WHERE stage_id = 'qualifiedtobuy'") == [("Qualified To Buy", 0.4,
                                                          False)]
    assert report.skipped == [
        "marketing-emails.test.json: /marketing/v3/emails (not a CRM object)"]


def test_nango_tasks_keep_their_contacts(store, real_data):
    import_hubspot_api(store, nango(real_data))

    assert rows(store, "SELECT activity_id, object_type, record_id, type_id FROM "
                "activity_associations ORDER BY 1") == [
        (463216971977, "contacts", 713802347732, 204),
        (463572058346, "contacts", 713903210728, 204)]
    # Both linked contacts are real records of the same import.
    assert rows(store, "SELECT count(*) FROM activity_associations a JOIN records r "
                "ON r.object_type = a.object_type AND r.id = a.record_id") == [(2,)]
    task = rows(store, "SELECT title, task_type, task_priority, occurred_at FROM "
                "activities WHERE id = 463216971977")[0]
    assert task[:3] == ("(Sample task) Follow up with Brian", "TODO", "NONE")
    # No hs_timestamp in the recording: the creation time stands in, and says so.
    assert str(task[3]) == "2026-02-25 15:16:50.258000"


def test_newer_snapshot_of_a_contact_wins(store, real_data):
    report = import_hubspot_api(store, nango(real_data))

    props = dict(rows(store, "SELECT name, value FROM record_properties WHERE "
                      "object_type = 'contacts' AND record_id = 713492963559"))
    # contacts.test.json (10:04) is newer than get-contact.test.json (07:34).
    assert props == {
        "company": "Test Company Inc", "createdate": "2026-02-25T16:23:49.023Z",
        "email": "test-contact-2026@example.com", "firstname": "Updated",
        "hs_object_id": "713492963559", "lastmodifieddate": "2026-03-12T10:04:17.969Z",
        "lastname": "Contact", "phone": "+1234567890"}
    assert any("contacts 713492963559" in w and "contacts.test.json" in w
               for w in report.warnings)
    assert rows(store, "SELECT to_type, to_id, type_id FROM associations WHERE "
                "from_type = 'contacts' AND from_id = 713492963559") == [
        ("companies", 406260751575, 279)]
    assert rows(store, "SELECT type_id FROM associations WHERE from_type = "
                "'companies' AND from_id = 406260751575") == [(280,)]


def test_sample_export_builds_a_linked_portal(store):
    report = import_hubspot_api(store, SAMPLE)

    assert dict(rows(store, "SELECT object_type, count(*) FROM records GROUP BY 1")
                ) == {"companies": 3, "contacts": 5, "deals": 2, "tickets": 1}
    assert report.rows["activities"] == 4
    assert report.rows["owners"] == 2
    assert report.warnings == []
    # Maja's primary company appears twice in the v3 shape: primary and unlabeled.
    assert rows(store, "SELECT to_id, type_id, label FROM associations WHERE "
                "from_type = 'contacts' AND from_id = 1001 AND to_type = 'companies' "
                "ORDER BY type_id") == [(5001, 1, "Primary"), (5001, 279, None)]
    assert rows(store, "SELECT type_id, label FROM associations WHERE from_type = "
                "'companies' AND from_id = 5001 AND to_id = 1001 ORDER BY 1") == [
        (2, "Primary"), (280, None)]
    assert rows(store, "SELECT object_type, record_id, type_id FROM "
                "activity_associations WHERE activity_id = 8001 ORDER BY 1") == [
        ("companies", 5001, 190), ("contacts", 1001, 202), ("deals", 7001, 214)]
    assert rows(store, "SELECT search_text FROM activities WHERE id = 8001") == [
        ("maja confirmed the renewal budget; legal review of the new sla by "
         "march 15.",)]
    assert rows(store, "SELECT team_id, owner_id, is_primary FROM team_members "
                "ORDER BY 1") == [(3101, 610001, True), (3102, 610002, True)]


def test_single_object_file_and_pages(store, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    page = {"results": [{"id": "11", "properties": {"firstname": "Ana"},
                         "createdAt": "2024-01-01T00:00:00Z",
                         "updatedAt": "2024-01-02T00:00:00Z", "archived": False}],
            "paging": {"next": {"after": "12"}}}
    (folder / "contacts.json").write_text(json.dumps(page))
    page2 = {"results": [{"id": "12", "properties": {"firstname": "Ben"},
                          "updatedAt": "2024-01-02T00:00:00Z"}]}
    (folder / "contacts-2.json").write_text(json.dumps(page2))
    (folder / "company.json").write_text(json.dumps(
        {"id": "5", "properties": {"name": "Acme"}, "archived": True,
         "archivedAt": "2024-02-01T00:00:00Z"}))

    report = import_hubspot_api(store, folder)

    assert report.rows["records"] == 3
    assert rows(store, "SELECT object_type, id, archived, archived_at FROM records "
                "ORDER BY id") == [
        ("companies", 5, True, datetime(2024, 2, 1)),
        ("contacts", 11, False, None), ("contacts", 12, False, None)]


# Bad input: a clear error, and the store exactly as it was -------------------------


def bad_folder(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "bad"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("*.csv"))
    (folder / name).write_text(text)
    return folder


def assert_refused(store, path, *, row, field, words):
    before = table_counts(store)
    with pytest.raises(ExportFormatError) as caught:
        import_hubspot_api(store, path)
    error = caught.value
    assert (error.row, error.field) == (row, field)
    assert str(path) in str(error) or Path(error.path).parent == Path(path)
    for word in words:
        assert word in str(error)
    assert table_counts(store) == before
    # The same store still takes a good import afterwards.
    assert import_hubspot_api(store, SAMPLE).rows["records"] == 11


@pytest.fixture
def seeded(store):
    """A store that already holds the sample portal, so 'unchanged' means something."""
    import_hubspot_api(store, SAMPLE)
    return store


def test_truncated_json_is_refused(seeded, tmp_path):
    text = (SAMPLE / "deals.json").read_text()[:300]
    folder = bad_folder(tmp_path, "deals.json", text)
    assert_refused(seeded, folder, row=text.count("\n") + 1, field=None,
                   words=["deals.json", "not valid JSON", "cut short"])


def test_non_date_in_a_date_property_is_refused(seeded, tmp_path):
    body = json.loads((SAMPLE / "deals.json").read_text())
    body["results"][1]["properties"]["closedate"] = "next Tuesday"
    folder = bad_folder(tmp_path, "deals.json", json.dumps(body))
    assert_refused(seeded, folder, row=2, field="closedate",
                   words=["deals.json", "'next Tuesday' is not a date"])


def test_non_date_hs_timestamp_on_an_engagement_is_refused(seeded, tmp_path):
    body = json.loads((SAMPLE / "notes.json").read_text())
    body["results"][0]["properties"]["hs_timestamp"] = "soon"
    folder = bad_folder(tmp_path, "notes.json", json.dumps(body))
    assert_refused(seeded, folder, row=1, field="hs_timestamp",
                   words=["notes.json", "'soon'"])


def test_same_id_twice_with_different_values_is_refused(seeded, tmp_path):
    body = json.loads((SAMPLE / "contacts.json").read_text())
    twin = json.loads(json.dumps(body["results"][0]))
    twin["properties"]["jobtitle"] = "COO"
    body["results"].append(twin)
    folder = bad_folder(tmp_path, "contacts.json", json.dumps(body))
    assert_refused(seeded, folder, row=6, field="jobtitle",
                   words=["contacts 1001 appears twice", "rows 1 and 6"])


def test_same_id_twice_with_same_values_is_one_record(store, tmp_path):
    body = json.loads((SAMPLE / "contacts.json").read_text())
    body["results"].append(body["results"][0])
    folder = bad_folder(tmp_path, "contacts.json", json.dumps(body))
    import_hubspot_api(store, folder)
    assert rows(store, "SELECT count(*) FROM records WHERE object_type = 'contacts'"
                ) == [(5,)]


def test_unknown_object_type_is_refused(seeded, tmp_path):
    folder = bad_folder(tmp_path, "spaceships.json",
                        json.dumps({"results": [{"id": "1", "properties": {}}]}))
    assert_refused(seeded, folder, row=None, field=None,
                   words=["spaceships.json", "unknown object type 'spaceships'"])


def test_empty_file_is_refused(seeded, tmp_path):
    folder = bad_folder(tmp_path, "tickets.json", "")
    assert_refused(seeded, folder, row=None, field=None,
                   words=["tickets.json", "the file is empty"])


def test_failure_while_writing_rolls_back(seeded, tmp_path, monkeypatch):
    """A write that fails half-way leaves no half-imported portal behind."""
    from crm_widgets.importers import _api_write

    calls = []
    real = _api_write.insert_rows

    def fail_on_activities(con, table, *args, **kwargs):
        calls.append(table)
        if table == "activities":
            raise RuntimeError("disk full")
        return real(con, table, *args, **kwargs)

    monkeypatch.setattr(_api_write, "insert_rows", fail_on_activities)
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "contacts.json").write_text(json.dumps(
        {"results": [{"id": "77", "properties": {"firstname": "Zoe"}}]}))
    (folder / "notes.json").write_text(json.dumps(
        {"results": [{"id": "78", "properties": {"hs_timestamp": "1700000000000"}}]}))
    before = table_counts(seeded)

    with pytest.raises(RuntimeError, match="disk full"):
        import_hubspot_api(seeded, folder)

    assert "records" in calls
    assert "activities" in calls
    assert table_counts(seeded) == before


def test_v4_association_reads_keep_type_ids_and_labels(store, tmp_path):
    folder = tmp_path / "v4"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("*.csv"))
    batch = {"status": "COMPLETE", "results": [
        {"from": {"id": "1003"}, "to": [{"toObjectId": 7002, "associationTypes": [
            {"category": "HUBSPOT_DEFINED", "typeId": 4, "label": None},
            {"category": "USER_DEFINED", "typeId": 37, "label": "Decision maker"}]}]}]}
    (folder / "associations-contacts-deals.json").write_text(json.dumps(batch))
    recorded = {"api": {"get": {
        "/crm/v4/objects/contacts/1005/associations/companies": {"response": {
            "results": [{"toObjectId": 5002, "associationTypes": [
                {"category": "HUBSPOT_DEFINED", "typeId": 279, "label": None}]}]}}}}}
    (folder / "sofia-companies.json").write_text(json.dumps(recorded))

    report = import_hubspot_api(store, folder)

    assert rows(store, "SELECT to_id, category, type_id, label FROM associations "
                "WHERE from_type = 'contacts' AND from_id = 1003 AND to_type = 'deals' "
                "ORDER BY type_id") == [
        (7002, "HUBSPOT_DEFINED", 4, None), (7002, "USER_DEFINED", 37,
                                             "Decision maker")]
    assert rows(store, "SELECT from_type, to_type, label FROM association_labels "
                "WHERE category = 'USER_DEFINED'") == [
        ("contacts", "deals", "Decision maker")]
    assert rows(store, "SELECT from_type, from_id, type_id FROM associations WHERE "
                "to_id = 1005") == [("companies", 5002, 280)]
    assert report.rows["association_labels"] == 1


def test_latin1_file_is_refused_not_crashed(seeded, tmp_path):
    """A JSON file saved as Latin-1 escaped as a raw UnicodeDecodeError."""
    body = json.loads((SAMPLE / "contacts.json").read_text())
    body["results"][0]["properties"]["lastname"] = "Müller"
    folder = bad_folder(tmp_path, "contacts.json", "")
    (folder / "contacts.json").write_bytes(json.dumps(body, ensure_ascii=False)
                                           .encode("latin-1"))
    assert_refused(seeded, folder, row=None, field=None,
                   words=["contacts.json", "not UTF-8"])


def test_utf16_json_imports(store, tmp_path):
    body = {"results": [{"id": "3", "properties": {"lastname": "Müller"}}]}
    path = tmp_path / "contacts.json"
    path.write_bytes(json.dumps(body, ensure_ascii=False).encode("utf-16"))
    import_hubspot_api(store, path)
    assert rows(store, "SELECT value FROM record_properties") == [("Müller",)]


def test_object_types_are_looked_up_once_per_name(store, tmp_path, monkeypatch):
    """20,000 contacts took 90 s: each association block asked the catalogue again."""
    page = {"results": [
        {"id": str(n), "properties": {"firstname": f"C{n}"},
         "associations": {"companies": {"results": [
             {"id": "9", "type": "contact_to_company_unlabeled"}]}}}
        for n in range(1, 301)]}
    (tmp_path / "contacts.json").write_text(json.dumps(page))
    calls = []
    real = type(store).custom_object_types
    monkeypatch.setattr(type(store), "custom_object_types",
                        lambda self: calls.append(1) or real(self))

    report = import_hubspot_api(store, tmp_path / "contacts.json")

    assert report.rows["associations"] == 600
    assert len(calls) <= 3


def test_properties_with_history_fill_property_history_once(store, tmp_path):
    contact = {"id": "21", "properties": {"lifecyclestage": "customer"},
               "updatedAt": "2024-03-02T00:00:00Z",
               "propertiesWithHistory": {"lifecyclestage": [
                   {"value": "customer", "timestamp": "2024-03-01T12:00:00Z",
                    "sourceType": "CRM_UI", "sourceId": "userId:7"},
                   {"value": "lead", "timestamp": "2024-01-05T08:00:00.000Z",
                    "sourceType": "IMPORT"}]}}
    path = tmp_path / "contacts.json"
    path.write_text(json.dumps({"results": [contact]}))

    first = import_hubspot_api(store, path)
    again = import_hubspot_api(store, path)

    assert first.rows["property_history"] == 2
    assert "property_history" not in again.rows
    assert rows(store, "SELECT name, value, changed_at, source_type, source_id FROM "
                "property_history ORDER BY changed_at") == [
        ("lifecyclestage", "lead", datetime(2024, 1, 5, 8), "IMPORT", None),
        ("lifecyclestage", "customer", datetime(2024, 3, 1, 12), "CRM_UI",
         "userId:7")]


def test_non_date_in_property_history_is_refused(seeded, tmp_path):
    body = json.loads((SAMPLE / "contacts.json").read_text())
    body["results"][2]["propertiesWithHistory"] = {
        "jobtitle": [{"value": "CTO", "timestamp": "last spring"}]}
    folder = bad_folder(tmp_path, "contacts.json", json.dumps(body))
    assert_refused(seeded, folder, row=3, field="propertiesWithHistory.jobtitle",
                   words=["'last spring' is not a date"])
