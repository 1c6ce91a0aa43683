"""Hand-worked journeys for every attribution model and every edge rule."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_widgets.attribution import MODELS, POSITIONAL_MODELS, credit

DAY0 = pd.Timestamp("2024-03-01")


def journey(days, lead=(), deal=(), won=(), journey_id=1, index=None):
    """Touches of one journey at ``DAY0 + days``; flags name 0-based positions."""
    n = len(days)
    return pd.DataFrame({
        "journey_id": [journey_id] * n,
        "touch_id": range(n),
        "occurred_at": [DAY0 + pd.Timedelta(days=d) for d in days],
        "channel": ["ORGANIC_SEARCH"] * n,
        "interaction_type": ["PAGE_VIEW"] * n,
        "is_lead_creation": [i in lead for i in range(n)],
        "is_deal_creation": [i in deal for i in range(n)],
        "is_closed_won": [i in won for i in range(n)],
        "conversion_at": [DAY0 + pd.Timedelta(days=max(days))] * n,
    }, index=index)


def credits(touches, model, **kwargs):
    return credit(touches, model, **kwargs)["credit"].tolist()


def test_first_last_linear_on_unsorted_rows():
    # Input rows are days 3, 1, 4, 2: first is row 1, last is row 2.
    touches = journey([3, 1, 4, 2])
    assert credits(touches, "first_interaction") == [0, 1, 0, 0]
    assert credits(touches, "last_interaction") == [0, 0, 1, 0]
    assert credits(touches, "linear") == pytest.approx([0.25] * 4)


@pytest.mark.parametrize("model", MODELS)
def test_one_touch_gets_everything(model):
    assert credits(journey([0]), model) == pytest.approx([1.0])


def test_two_touches_drop_the_empty_rest():
    two = journey([0, 1], lead=[1], deal=[1], won=[1])
    assert credits(two, "u_shaped") == pytest.approx([0.5, 0.5])
    assert credits(two, "j_shaped") == pytest.approx([0.25, 0.75])
    assert credits(two, "inverse_j_shaped") == pytest.approx([0.75, 0.25])
    # W: first 0.3, lead + deal on the second 0.6, no rest: 0.3/0.9 and 0.6/0.9.
    assert credits(two, "w_shaped") == pytest.approx([1 / 3, 2 / 3])


def test_w_shaped_first_touch_is_lead_creation():
    touches = journey([0, 1, 2, 3], lead=[0], deal=[2])
    assert credits(touches, "w_shaped") == pytest.approx([0.6, 0.05, 0.3, 0.05])


def test_w_shaped_two_touches_first_is_lead():
    touches = journey([0, 1], lead=[0], deal=[1])
    assert credits(touches, "w_shaped") == pytest.approx([2 / 3, 1 / 3])


def test_u_shaped_lead_in_the_middle():
    touches = journey([0, 1, 2, 3, 4], lead=[2])
    rest = 0.2 / 3
    assert credits(touches, "u_shaped") == pytest.approx([0.4, rest, 0.4, rest, rest])


def test_u_shaped_without_lead_flag_scales_first_and_rest():
    # First 0.4 and rest 0.2 over 2 touches; total 0.6.
    touches = journey([0, 1, 2])
    assert credits(touches, "u_shaped") == pytest.approx([2 / 3, 1 / 6, 1 / 6])


def test_several_lead_flags_use_the_latest():
    touches = journey([0, 1, 2, 3], lead=[1, 2])
    assert credits(touches, "u_shaped") == pytest.approx([0.4, 0.1, 0.4, 0.1])


def test_full_path_four_anchors_and_two_middle_touches():
    touches = journey([0, 1, 2, 3, 4, 5], lead=[1], deal=[3], won=[5])
    assert credits(touches, "full_path") == pytest.approx(
        [0.225, 0.225, 0.05, 0.225, 0.05, 0.225])


def test_full_path_stacked_positions_and_no_rest():
    # first + lead on touch 0 (0.45), deal 0.225, won 0.225; total 0.9.
    touches = journey([0, 1, 2], lead=[0], deal=[1], won=[2])
    assert credits(touches, "full_path") == pytest.approx([0.5, 0.25, 0.25])


def test_full_path_missing_deal_creation_is_dropped():
    touches = journey([0, 1, 2, 3], lead=[1], won=[3])
    total = 0.225 * 3 + 0.1
    assert credits(touches, "full_path") == pytest.approx(
        [0.225 / total, 0.225 / total, 0.1 / total, 0.225 / total])


def test_j_and_inverse_j_on_five_touches():
    touches = journey([0, 1, 2, 3, 4])
    rest = 0.2 / 3
    assert credits(touches, "j_shaped") == pytest.approx([0.2, rest, rest, rest, 0.6])
    assert credits(touches, "inverse_j_shaped") == pytest.approx(
        [0.6, rest, rest, rest, 0.2])


def test_ties_keep_input_order():
    touches = journey([1, 1])
    assert credits(touches, "first_interaction") == [1, 0]
    assert credits(touches, "last_interaction") == [0, 1]
    # Unsorted with a tie: rows are day 2 (a), day 1 (b), day 2 (c) -> b, a, c.
    touches = journey([2, 1, 2])
    assert credits(touches, "j_shaped") == pytest.approx([0.2, 0.2, 0.6])
    assert credits(touches, "inverse_j_shaped") == pytest.approx([0.2, 0.6, 0.2])


def test_time_decay_halves_every_half_life():
    # 14, 7 and 0 days before conversion: weights 1/4, 1/2, 1 over 7/4.
    touches = journey([0, 7, 14])
    assert credits(touches, "time_decay") == pytest.approx([1 / 7, 2 / 7, 4 / 7])
    # Half-life 14: weights 2**-1, 2**-0.5, 1.
    weights = np.array([2**-1, 2**-0.5, 1.0])
    assert credits(touches, "time_decay", half_life_days=14) == pytest.approx(
        list(weights / weights.sum()))


def test_time_decay_is_continuous_and_ties_share_equally():
    touches = journey([0, 3.5])
    low = 2**-0.5
    assert credits(touches, "time_decay") == pytest.approx([low / (1 + low),
                                                            1 / (1 + low)])
    assert credits(journey([5, 5, 5]), "time_decay") == pytest.approx([1 / 3] * 3)


def test_time_decay_rejects_a_non_positive_half_life():
    with pytest.raises(ValueError, match="half_life_days"):
        credit(journey([0, 1]), "time_decay", half_life_days=0)


def test_index_and_row_order_are_kept():
    touches = journey([2, 0, 1], lead=[2], index=[30, 10, 20])
    result = credit(touches, "u_shaped")
    assert result.index.tolist() == [30, 10, 20]
    assert result["touch_id"].tolist() == [0, 1, 2]
    # Sorted: row 10 (first), row 20 (lead), row 30 (rest) -> 0.4, 0.4, 0.2.
    assert result["credit"].tolist() == pytest.approx([0.2, 0.4, 0.4])


def test_interleaved_journeys_are_kept_apart():
    a = journey([0, 1, 2, 3], lead=[0], deal=[2], journey_id="a")
    b = journey([0, 1], lead=[1], deal=[1], journey_id="b")
    mixed = pd.concat([a, b]).iloc[[4, 0, 3, 5, 1, 2]].reset_index(drop=True)
    result = credit(mixed, "w_shaped")
    by_touch = result.set_index(["journey_id", "touch_id"])["credit"]
    assert by_touch.loc["a"].sort_index().tolist() == pytest.approx(
        [0.6, 0.05, 0.3, 0.05])
    assert by_touch.loc["b"].sort_index().tolist() == pytest.approx([1 / 3, 2 / 3])


def test_unknown_model_lists_the_models():
    with pytest.raises(ValueError, match="unknown attribution model 'v_shaped'") as err:
        credit(journey([0]), "v_shaped")
    assert "inverse_j_shaped" in str(err.value)
    assert "markov" in str(err.value)


def test_missing_columns_are_named():
    touches = journey([0, 1]).drop(columns=["is_lead_creation", "is_deal_creation"])
    with pytest.raises(ValueError, match="is_lead_creation, is_deal_creation"):
        credit(touches, "w_shaped")
    with pytest.raises(ValueError, match="journey_id"):
        credit(touches.drop(columns=["journey_id"]), "linear")


def test_missing_flag_values_count_as_not_flagged():
    touches = journey([0, 1, 2])
    touches["is_lead_creation"] = pd.array([None, True, None], dtype="boolean")
    assert credits(touches, "u_shaped") == pytest.approx([0.4, 0.4, 0.2])


def test_empty_input_gives_an_empty_credit_column():
    result = credit(journey([0]).iloc[:0], "linear")
    assert result.empty
    assert "credit" in result.columns


journeys_strategy = st.lists(
    st.lists(st.integers(0, 30), min_size=1, max_size=6, unique=True),
    min_size=1, max_size=8)


@settings(max_examples=25, deadline=None)
@given(journeys_strategy, st.randoms(use_true_random=False))
def test_every_journey_sums_to_one_whatever_the_row_order(day_lists, rnd):
    parts = [journey(days, lead=[len(days) // 2], deal=[len(days) - 1],
                     won=[len(days) - 1], journey_id=j)
             for j, days in enumerate(day_lists)]
    touches = pd.concat(parts, ignore_index=True)
    shuffled_rows = list(range(len(touches)))
    rnd.shuffle(shuffled_rows)
    for model in [*POSITIONAL_MODELS, "time_decay"]:
        result = credit(touches, model)
        sums = result.groupby("journey_id")["credit"].sum()
        assert sums.to_numpy() == pytest.approx(np.ones(len(day_lists)))
        # Times are distinct within a journey, so row order cannot matter.
        shuffled = credit(touches.iloc[shuffled_rows], model)
        assert shuffled["credit"].reindex(touches.index).to_numpy() == (
            pytest.approx(result["credit"].to_numpy()))
