"""Record details, property history, associations and attachments."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest
from builders import Portal, table_counts

from crm_widgets.errors import RecordNotFoundError, UnknownObjectTypeError
from crm_widgets.queries.associations import associations
from crm_widgets.queries.attachments import attachments
from crm_widgets.queries.records import property_history, record

DEAL_STAGES = [("appointmentscheduled", "Appointment scheduled"),
               ("qualifiedtobuy", "Qualified to buy"), ("closedwon", "Closed won"),
               ("closedlost", "Closed lost")]


@pytest.fixture
def portal(store):
    p = Portal(store)
    p.owner(64492917, "Ana", "Lima")
    p.pipeline("deals", "default", "Sales Pipeline", DEAL_STAGES,
               closed=["closedwon", "closedlost"])
    p.define_property("contacts", "lifecyclestage", "Lifecycle stage",
                      type_="enumeration", group="contactinformation", order=1,
                      options=[{"value": "lead", "label": "Lead"},
                               {"value": "salesqualifiedlead",
                                "label": "Sales qualified lead"}])
    p.define_property("contacts", "email", "Email", group="contactinformation",
                      order=0)
    p.define_property("contacts", "hubspot_owner_id", "Contact owner",
                      type_="enumeration", group="sales", order=2)
    p.record("contacts", 51, firstname="Maria", lastname="Silva",
             email="maria@acme.example", jobtitle="Head of Operations",
             lifecyclestage="salesqualifiedlead", hubspot_owner_id="64492917",
             notes_last_contacted="2024-03-01T14:00:00Z", favourite_colour="teal")
    p.record("contacts", 52, email="joao@acme.example")
    p.record("contacts", 53)
    p.record("contacts", 54, firstname="Gone", archived=True)
    p.record("companies", 9001, name="Acme", domain="acme.example")
    p.record("companies", 9002, name="Beta Corp", domain="beta.example")
    p.record("deals", 301, dealname="Renewal 2024", amount="12000",
             pipeline="default", dealstage="qualifiedtobuy",
             closedate="2024-06-30T00:00:00Z")
    p.associate("contacts", 51, "companies", 9001, primary=True,
                labels=["Decision maker"])
    p.associate("contacts", 51, "companies", 9002)
    p.associate("contacts", 51, "deals", 301, labels=["Champion", "Budget holder"])
    p.associate("contacts", 54, "companies", 9001)
    p.associate("contacts", 52, "companies", 9001)
    p.history("contacts", 51, "lifecyclestage", "lead", "2024-01-10 08:30")
    p.history("contacts", 51, "lifecyclestage", "salesqualifiedlead",
              "2024-02-01 10:00", source_type="WORKFLOW")
    p.history("contacts", 51, "email", "maria@old.example", "2024-01-10 08:30")
    return p


def test_record_header_about_and_labels(portal):
    details = record(portal.store, "contact", "51")

    assert (details.object_type, details.record_id) == ("contacts", 51)
    assert (details.object_label, details.name) == ("Contact", "Maria Silva")
    assert details.header["secondary"] == ["Head of Operations", "maria@acme.example"]
    assert details.header["tags"] == [{
        "name": "lifecyclestage", "label": "Lifecycle stage",
        "value": "salesqualifiedlead", "display": "Sales qualified lead"}]
    about = details.about.set_index("name")
    assert list(about.index) == ["email", "phone", "hubspot_owner_id",
                                 "notes_last_contacted", "lifecyclestage",
                                 "hs_lead_status"]
    assert about.loc["hubspot_owner_id", "label"] == "Contact owner"
    assert about.loc["hubspot_owner_id", "display"] == "Ana Lima"
    assert about.loc["notes_last_contacted", "display"] == "2024-03-01 14:00"
    assert about.loc["phone", "value"] is None
    assert details.created_at == datetime(2024, 1, 10, 8, 30)
    assert details.archived is False


def test_properties_lists_defined_ones_first_then_undefined(portal):
    props = record(portal.store, "contacts", 51).properties
    assert props["name"].tolist()[:3] == ["email", "lifecyclestage",
                                          "hubspot_owner_id"]
    row = props.set_index("name").loc["lifecyclestage"]
    assert (row["label"], row["type"], row["group_name"]) == (
        "Lifecycle stage", "enumeration", "contactinformation")
    assert row["options"][1] == {"value": "salesqualifiedlead",
                                 "label": "Sales qualified lead"}
    undefined = props.set_index("name").loc["favourite_colour"]
    assert (undefined["label"], undefined["value"]) == ("favourite_colour", "teal")


@pytest.mark.parametrize(("record_id", "expected"), [
    (52, "joao@acme.example"), (53, "Unnamed contact #53")])
def test_nameless_contact_falls_back(portal, record_id, expected):
    assert record(portal.store, "contacts", record_id).name == expected


def test_deal_header_resolves_stage_label(portal):
    details = record(portal.store, "deals", 301)
    assert details.header["secondary"] == ["12000", "2024-06-30", "Qualified to buy"]
    assert details.header["tags"][0]["display"] == "Qualified to buy"
    about = details.about.set_index("name")
    assert about.loc["pipeline", "display"] == "Sales Pipeline"


def test_record_errors(portal):
    with pytest.raises(RecordNotFoundError, match="no company with id 1"):
        record(portal.store, "companies", 1)
    with pytest.raises(UnknownObjectTypeError):
        record(portal.store, "'; DROP TABLE records; --", 1)


def test_property_history_newest_first(portal):
    history = property_history(portal.store, "contacts", 51, "lifecyclestage")
    assert history[["value", "display", "source_type"]].values.tolist() == [
        ["salesqualifiedlead", "Sales qualified lead", "WORKFLOW"],
        ["lead", "Lead", "CRM_UI"]]
    assert len(property_history(portal.store, "contacts", 51)) == 3


def test_property_history_hostile_name_changes_nothing(portal):
    before = table_counts(portal.store)
    hostile = "'; DROP TABLE property_history; --"
    assert property_history(portal.store, "contacts", 51, hostile).empty
    assert table_counts(portal.store) == before


def test_associations_fold_labels_into_one_row_per_record(portal):
    found = associations(portal.store, "contacts", 51)

    assert found[["object_type", "record_id", "name"]].values.tolist() == [
        ["companies", 9001, "Acme"], ["companies", 9002, "Beta Corp"],
        ["deals", 301, "Renewal 2024"]]
    assert found["labels"].tolist() == [["Primary", "Decision maker"], [],
                                        ["Budget holder", "Champion"]]
    assert found["is_primary"].tolist() == [True, False, False]
    assert found["type_ids"].iloc[0][:2] == [1, 279]


def test_associations_from_the_other_side(portal):
    found = associations(portal.store, "companies", 9001, "contacts")
    # The archived contact 54 is left out.
    assert found["record_id"].tolist() == [51, 52]
    assert found["name"].tolist() == ["Maria Silva", "joao@acme.example"]
    assert found["labels"].tolist() == [["Primary", "Decision maker"], []]
    assert found["email"].tolist() == ["maria@acme.example", "joao@acme.example"]
    deals = associations(portal.store, "contacts", 51, "deal")
    assert deals["display"].iloc[0]["dealstage"] == "Qualified to buy"
    assert deals["amount"].tolist() == ["12000"]


def test_associations_empty_and_errors(portal):
    empty = associations(portal.store, "contacts", 53, "companies")
    assert empty.empty
    assert {"name", "labels", "domain"} <= set(empty.columns)
    with pytest.raises(UnknownObjectTypeError):
        associations(portal.store, "contacts", 51, "planets")


def test_attachments_uploaded_and_carried_by_activities(portal):
    p = portal
    p.file(1, "terms.pdf", 2048, "2024-02-01", on=("contacts", 51))
    p.file(2, "quote.pdf", 4096, "2024-03-01")
    p.file(3, "deck.pptx", 8192, "2024-03-02")
    p.file(4, "secret.txt", 10, "2024-03-03")
    p.file(5, "other.pdf", 10, "2024-03-04", on=("contacts", 52))
    p.activity("note", 1, "2024-03-01", on=[("contacts", 51)],
               hs_note_body="see quote", hs_attachment_ids="2")
    p.activity("email", 2, "2024-03-02", on=[("contacts", 51)],
               hs_email_subject="Deck", hs_attachment_ids="3; 999")
    p.activity("note", 3, "2024-03-03", on=[("contacts", 51)], archived=True,
               hs_note_body="gone", hs_attachment_ids="4")

    files = attachments(p.store, "contacts", 51)
    rows = files[["file_id", "name", "size_bytes", "source"]].values.tolist()
    assert rows == [[3, "deck.pptx", 8192, "Email"], [2, "quote.pdf", 4096, "Note"],
                    [1, "terms.pdf", 2048, "Uploaded"]]
    assert files["activity_id"].tolist()[:2] == [2, 1]
    assert pd.isna(files["activity_id"].iloc[2])


@pytest.mark.parametrize("given", [51, "51", 51.0, " 51 "])
def test_record_id_forms_that_name_the_same_record(portal, given):
    assert record(portal.store, "contacts", given).record_id == 51


@pytest.mark.parametrize("given", [51.5, True, None, "51 OR 1=1"])
def test_record_id_that_is_not_an_integer(portal, given):
    with pytest.raises(RecordNotFoundError, match="must be an integer"):
        record(portal.store, "contacts", given)
