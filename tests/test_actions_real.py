"""The write actions on a portal imported from real HubSpot API responses."""

from __future__ import annotations

import pytest
from test_actions_support import NOW, freeze, prop, rows, snapshot

from crm_widgets import actions
from crm_widgets.errors import ActionError
from crm_widgets.importers.hubspot_api import import_hubspot_api

CONTACT = 713492963559     # test-contact-2026@example.com, at company 406260751575
COMPANY = 406260751575
OTHER_CONTACT = 713802347732  # bh@hubspot.com, with one task


@pytest.fixture
def portal(store, real_data, monkeypatch):
    import_hubspot_api(store, real_data / "hubspot-api-v3-nango")
    freeze(monkeypatch)
    return store


def test_real_lifecycle_options_are_enforced(portal):
    company = rows(portal, "SELECT min(id) FROM records WHERE "
                   "object_type = 'companies'")[0][0]
    before = snapshot(portal)
    with pytest.raises(ActionError, match="marketingqualifiedlead"):
        actions.edit_property(portal, "companies", company, "lifecyclestage", "MQL")
    assert snapshot(portal) == before

    actions.edit_property(portal, "companies", company, "lifecyclestage",
                          "marketingqualifiedlead")
    assert prop(portal, "companies", company, "lifecyclestage") == \
        "marketingqualifiedlead"


def test_real_email_cannot_be_created_twice_and_new_id_follows_the_highest(portal):
    before = snapshot(portal)
    with pytest.raises(ActionError, match="already belongs to contact 713802347732"):
        actions.create_record(portal, "contacts", {"email": "BH@hubspot.com"})
    assert snapshot(portal) == before

    assert actions.create_record(portal, "contacts",
                                 {"email": "new@example.com"}) == 735131946234


def test_merging_real_contacts_keeps_the_company_and_the_task(portal):
    result = actions.merge_records(portal, "contacts", OTHER_CONTACT, CONTACT)

    assert result["activities_moved"] == 0
    assert rows(portal, "SELECT to_type, to_id, type_id FROM associations WHERE "
                "from_type = 'contacts' AND from_id = ?", [OTHER_CONTACT]) == [
        ("companies", COMPANY, 279)]
    assert rows(portal, "SELECT activity_id FROM activity_associations WHERE "
                "object_type = 'contacts' AND record_id = ? ORDER BY 1",
                [OTHER_CONTACT]) == [(463216971977,), (result["event_id"],)]
    assert prop(portal, "contacts", OTHER_CONTACT, "phone") == "+1234567890"
    assert prop(portal, "contacts", OTHER_CONTACT, "email") == "bh@hubspot.com"
    assert prop(portal, "contacts", OTHER_CONTACT, "hs_merged_object_ids") == \
        str(CONTACT)
    assert rows(portal, "SELECT archived_at FROM records WHERE object_type = "
                "'contacts' AND id = ?", [CONTACT]) == [(NOW,)]
