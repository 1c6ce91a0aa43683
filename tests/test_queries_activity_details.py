"""Comments and associated records of one timeline item, read for its expanded view."""

from __future__ import annotations

import pytest

from crm_widgets.errors import RecordNotFoundError
from crm_widgets.queries import actions
from crm_widgets.queries.activity_details import (
    activity_comments,
    activity_records,
    association_choices,
)
from tests.record_view_portal import ANA, LUIS, NOW, build_portal


@pytest.fixture
def portal(store):
    build_portal(store)
    return store


def test_comments_oldest_first_with_author_names(portal):
    actions.add_comment(portal, 101, "Second thought", user=str(LUIS))
    frame = activity_comments(portal, 101)
    assert frame["body"].tolist() == ["Budget owner is João", "Second thought"]
    assert frame["author"].tolist() == ["Ana Lima", "Luis Costa"]
    assert frame["created_at"].iloc[0] == NOW.replace(day=11)
    assert activity_comments(portal, 102).empty


def test_records_of_a_note_with_names_by_type(portal):
    rows = activity_records(portal, 101).to_dict("records")
    assert rows == [
        {"object_type": "companies", "record_id": 9001, "name": "Acme Logistics",
         "object_label": "Company"},
        {"object_type": "contacts", "record_id": 51, "name": "Maria Silva",
         "object_label": "Contact"},
        {"object_type": "deals", "record_id": 3001, "name": "Acme renewal 2026",
         "object_label": "Deal"}]


def test_records_follow_an_edit_and_skip_deleted_records(portal):
    actions.set_activity_associations(portal, 300, [("contacts", 52)])
    assert activity_records(portal, 300)["name"].tolist() == ["João Pereira"]
    actions.set_activity_associations(portal, 300, [("contacts", 52),
                                                    ("tickets", 7001)])
    actions.delete_record(portal, "contacts", 52, user=str(ANA))
    assert activity_records(portal, 300)["record_id"].tolist() == [7001]


def test_choices_are_the_record_and_its_associations(portal):
    frame = association_choices(portal, "contact", 51)
    assert list(zip(frame["object_type"], frame["record_id"], strict=True)) == [
        ("companies", 9001), ("contacts", 51), ("deals", 3001), ("tickets", 7001)]


def test_unknown_activity_id_is_refused(portal):
    with pytest.raises(RecordNotFoundError, match="abc"):
        activity_records(portal, "abc")
