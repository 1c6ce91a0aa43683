"""The journey-order shortcuts give exactly the credits of the general sort."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_widgets.attribution import MODELS, credit, journeys, markov_channel_shares

DAY0 = pd.Timestamp("2024-03-01").value
CHANNELS = ["EMAIL", "DIRECT", "SOCIAL"]

touch_rows = st.lists(
    st.tuples(st.integers(0, 3),       # day: few values, so many ties
              st.booleans(), st.booleans(), st.booleans(),
              st.sampled_from(CHANNELS)),
    min_size=1, max_size=5)


@st.composite
def touch_frames(draw):
    """Journeys under distinct ids in a drawn arrangement of rows.

    ``grouped`` keeps each journey's rows together in time order, ``grouped_unsorted``
    keeps them together in drawn order, ``shuffled`` mixes all rows.
    """
    n_journeys = draw(st.integers(1, 6))
    ids = draw(st.lists(st.integers(0, 1_000), min_size=n_journeys,
                        max_size=n_journeys, unique=True))
    rows = []
    for journey_id in ids:
        touches = draw(touch_rows)
        converted = draw(st.booleans())
        rows += [(journey_id, day, *rest, converted) for day, *rest in touches]
    frame = pd.DataFrame(rows, columns=[
        "journey_id", "day", "is_lead_creation", "is_deal_creation",
        "is_closed_won", "channel", "converted"])
    arrangement = draw(st.sampled_from(["grouped", "grouped_unsorted", "shuffled"]))
    if arrangement == "grouped":
        frame["rank"] = frame.index
        frame = frame.sort_values(["journey_id", "day", "rank"], kind="stable")
        # Grouped, but journeys in drawn (not increasing) id order.
        position = {journey_id: i for i, journey_id in enumerate(ids)}
        frame = frame.sort_values("journey_id", key=lambda s: s.map(position),
                                  kind="stable").drop(columns="rank")
    elif arrangement == "shuffled":
        permutation = draw(st.permutations(range(len(frame))))
        frame = frame.iloc[list(permutation)]
    if draw(st.booleans()):
        frame["journey_id"] = "J" + frame["journey_id"].astype(str)
    frame["occurred_at"] = pd.to_datetime(DAY0 + frame["day"] * 86_400 * 10**9)
    return frame.drop(columns="day").reset_index(drop=True)


def general_path(function, *args, **kwargs):
    """``function`` run with the shortcuts off: factorize and sort every touch."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(journeys, "USE_SHORTCUTS", False)
        return function(*args, **kwargs)


@settings(max_examples=150, deadline=None)
@given(touch_frames(), st.sampled_from(MODELS))
def test_shortcuts_give_the_general_credits(touches, model):
    fast = credit(touches, model)["credit"].to_numpy()
    slow = general_path(credit, touches, model)["credit"].to_numpy()
    np.testing.assert_array_equal(fast, slow)


@settings(max_examples=80, deadline=None)
@given(touch_frames())
def test_shortcuts_give_the_general_order_and_markov_shares(touches):
    fast = journeys.sort_journeys(touches)
    slow = general_path(journeys.sort_journeys, touches)
    np.testing.assert_array_equal(fast.order, slow.order)
    np.testing.assert_array_equal(fast.starts, slow.starts)
    np.testing.assert_array_equal(fast.times, slow.times)
    pd.testing.assert_frame_equal(markov_channel_shares(touches),
                                  general_path(markov_channel_shares, touches))


def test_grouped_rows_out_of_time_order_sort_within_their_journey():
    """Only journey 7's rows are out of time order; the others keep their rows."""
    touches = pd.DataFrame({
        "journey_id": [9, 9, 7, 7, 7, 3],
        "occurred_at": pd.to_datetime(DAY0 + np.array([0, 1, 5, 2, 2, 4]) * 10**9),
    })
    order = journeys.sort_journeys(touches)
    assert order.order.tolist() == [0, 1, 3, 4, 2, 5]
    assert order.starts.tolist() == [0, 2, 5]
    assert not order.in_input_order
    assert credit(touches, "first_interaction")["credit"].tolist() == [
        1, 0, 0, 1, 0, 1]
    assert credit(touches, "last_interaction")["credit"].tolist() == [
        0, 1, 1, 0, 0, 1]


def test_rows_in_journey_order_are_used_as_they_are():
    touches = pd.DataFrame({
        "journey_id": [4, 4, 1],
        "occurred_at": pd.to_datetime(DAY0 + np.array([0, 0, 3]) * 10**9),
    })
    order = journeys.sort_journeys(touches)
    assert order.in_input_order
    assert order.starts.tolist() == [0, 2]
    # Tied first and last: input order decides.
    assert credit(touches, "first_interaction")["credit"].tolist() == [1, 0, 1]
    assert credit(touches, "last_interaction")["credit"].tolist() == [0, 1, 1]


def test_credit_leaves_the_callers_frame_unchanged():
    touches = pd.DataFrame({"journey_id": [1, 1],
                            "occurred_at": pd.to_datetime([DAY0, DAY0 + 1])})
    result = credit(touches, "linear")
    result.loc[0, "journey_id"] = 99
    assert touches["journey_id"].tolist() == [1, 1]
    assert "credit" not in touches.columns
