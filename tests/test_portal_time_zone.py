"""The portal's time zone: stored in meta, checked, and handed to RecordView."""

from __future__ import annotations

import pytest
import traitlets

from crm_widgets.queries.portal_settings import (
    TIME_ZONE_KEY,
    portal_time_zone,
    set_portal_time_zone,
)
from crm_widgets.record_view import RecordView
from tests.record_view_portal import build_portal
from tests.test_record_view import ANA, open_view


def test_no_zone_set_means_the_browsers(store):
    build_portal(store)
    assert portal_time_zone(store) is None
    assert open_view(store).time_zone == ""


def test_the_portals_zone_fills_the_trait_unless_one_is_given(store):
    build_portal(store)
    set_portal_time_zone(store, "Europe/Berlin")
    assert store.scalar("SELECT value FROM meta WHERE key = ?",
                        [TIME_ZONE_KEY]) == "Europe/Berlin"
    assert open_view(store).time_zone == "Europe/Berlin"
    own = RecordView(store, "contacts", 51, user=str(ANA), time_zone="Asia/Tokyo")
    assert own.time_zone == "Asia/Tokyo"
    assert own.get_state()["time_zone"] == "Asia/Tokyo"


def test_an_unknown_zone_is_refused_and_changes_nothing(store):
    build_portal(store)
    set_portal_time_zone(store, "Europe/Berlin")
    with pytest.raises(ValueError, match="'Mars/Base' is not an IANA zone"):
        set_portal_time_zone(store, "Mars/Base")
    assert portal_time_zone(store) == "Europe/Berlin"
    view = open_view(store)
    with pytest.raises(traitlets.TraitError, match="time_zone: time zone 'Nowhere'"):
        view.time_zone = "Nowhere"
    assert view.time_zone == "Europe/Berlin"


def test_a_stored_zone_this_machine_does_not_know_is_ignored(store):
    """Symptom: a portal file written elsewhere with an odd zone broke the page."""
    build_portal(store)
    store.con.execute("INSERT INTO meta VALUES (?, ?)", [TIME_ZONE_KEY, "Mars/Base"])
    assert portal_time_zone(store) is None
    assert open_view(store).time_zone == ""
