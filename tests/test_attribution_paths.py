"""One journey's touch path, read alone, is exactly its rows of the full report."""

from __future__ import annotations

import pandas as pd
import pytest

import crm_widgets
from crm_widgets.attribution.paths import KINDS, touch_paths
from crm_widgets.demo import build_demo


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """A small demo portal: contacts and deals with marketing paths of their own."""
    path = build_demo(tmp_path_factory.mktemp("paths") / "demo.duckdb", scale=0.25,
                      progress=False)
    with crm_widgets.connect(path, read_only=True) as store:
        yield store


@pytest.mark.parametrize("kind", KINDS)
def test_one_journey_alone_matches_the_full_report(demo_store, kind):
    full = touch_paths(demo_store, kind)
    journeys = full["journey_id"].drop_duplicates().tolist()
    assert len(journeys) >= 3
    chosen = [journeys[0], journeys[len(journeys) // 2], journeys[-1]]
    flags = 0
    for journey in chosen:
        alone = touch_paths(demo_store, kind, journey_id=int(journey))
        expected = full[full["journey_id"] == journey].reset_index(drop=True)
        pd.testing.assert_frame_equal(alone, expected)
        flags += int(alone["is_lead_creation"].sum())
    # Lead-creation touches are ranked per contact; read alone they must still be
    # found, or the comparison above would not cover them.
    assert flags >= 1


@pytest.mark.parametrize("kind", KINDS)
def test_a_window_keeps_the_conversions_inside_it(demo_store, kind):
    full = touch_paths(demo_store, kind)
    times = full["conversion_at"].sort_values().reset_index(drop=True)
    start, end = times.iloc[len(times) // 4], times.iloc[3 * len(times) // 4]
    windowed = touch_paths(demo_store, kind, start=start.to_pydatetime(),
                           end=end.to_pydatetime())
    inside = (full["conversion_at"] >= start) & (full["conversion_at"] < end)
    expected = full[inside].reset_index(drop=True)
    assert 0 < len(windowed) < len(full)
    pd.testing.assert_frame_equal(windowed, expected)


def test_a_missing_bound_is_no_bound(demo_store):
    """pandas' NaT, like None, leaves that end of the window open."""
    full = touch_paths(demo_store, "deal_create")
    assert len(full) > 0
    pd.testing.assert_frame_equal(
        touch_paths(demo_store, "deal_create", start=pd.NaT, end=pd.NaT), full)
