"""Snowplow's fractribution fixture: our last-touch credit reproduces its figures."""

from __future__ import annotations

import pandas as pd
import pytest

from crm_widgets.attribution import (
    MODELS,
    POSITIONAL_MODELS,
    credit,
    markov_channel_shares,
)

FOLDER = "attribution-snowplow-fractribution/expected"


def snowplow(real_data, name):
    return pd.read_csv(real_data / FOLDER / f"snowplow_fractribution_{name}.csv")


def touches_from_paths(paths: pd.DataFrame) -> pd.DataFrame:
    """One row per path step; every step gets the conversion moment, so the path
    order rests on the rule that ties keep their input order."""
    steps = paths.assign(channel=paths["path"].str.split(" > ")).explode("channel")
    return pd.DataFrame({
        "journey_id": steps["customer_id"].to_numpy(),
        "occurred_at": pd.to_datetime(steps["conversion_tstamp"]).to_numpy(),
        "channel": steps["channel"].to_numpy(),
        "revenue": steps["revenue"].to_numpy(),
    })


def test_last_touch_conversions_and_revenue_match_snowplow(real_data):
    paths = snowplow(real_data, "paths_to_conversion_expected")
    conversions = snowplow(real_data, "conversions_by_customer_id_expected")
    # Revenue in the paths file agrees with the conversions file.
    joined = paths.merge(conversions, on="customer_id", suffixes=("", "_conv"))
    assert len(joined) == len(paths) == 6
    assert joined["revenue"].tolist() == pytest.approx(joined["revenue_conv"].tolist())

    credited = credit(touches_from_paths(paths), "last_interaction")
    credited["revenue_credit"] = credited["credit"] * credited["revenue"]
    ours = credited.groupby("channel")[["credit", "revenue_credit"]].sum()

    expected = snowplow(real_data, "channel_attribution_expected")
    expected = expected[expected["ATTRIBUTION_TYPE"] == "last_touch"].set_index(
        "CHANNEL")
    ours = ours.reindex(expected.index, fill_value=0.0)
    assert ours["credit"].tolist() == pytest.approx(expected["CONVERSIONS"].tolist())
    assert ours["revenue_credit"].tolist() == pytest.approx(
        expected["REVENUE"].tolist())
    assert ours.loc["Direct"].tolist() == pytest.approx([4, 234.42])
    assert ours.loc["Organic_Search"].tolist() == pytest.approx([1, 66.5])
    assert ours.loc["Video"].tolist() == pytest.approx([1, 200])


@pytest.mark.parametrize("model", [*POSITIONAL_MODELS, "time_decay"])
def test_every_model_keeps_the_totals(real_data, model):
    paths = snowplow(real_data, "paths_to_conversion_expected")
    touches = touches_from_paths(paths)
    touches["is_lead_creation"] = touches["is_deal_creation"] = False
    touches["is_closed_won"] = False
    credited = credit(touches, model)
    assert credited["credit"].sum() == pytest.approx(6)
    assert (credited["credit"] * credited["revenue"]).sum() == pytest.approx(500.92)
    assert model in MODELS


def test_markov_on_converting_and_non_converting_paths(real_data):
    converting = snowplow(real_data, "paths_to_conversion_expected")["path"]
    other = snowplow(real_data, "paths_to_non_conversion_expected")["path"]
    shares = markov_channel_shares([*converting, *other],
                                   [True] * len(converting) + [False] * len(other))
    assert shares["conversions"].sum() == pytest.approx(6)
    assert set(shares.index) >= {"Direct", "Organic_Search", "Video"}
    # Same input, same answer: nothing is simulated.
    again = markov_channel_shares([*converting, *other],
                                  [True] * len(converting) + [False] * len(other))
    pd.testing.assert_frame_equal(shares, again)
