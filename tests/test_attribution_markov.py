"""Markov removal effects on tiny path sets worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crm_widgets.attribution import credit, markov_channel_shares


def touches_from_paths(paths, converted):
    rows = []
    for j, (path, conv) in enumerate(zip(paths, converted, strict=True)):
        for step, channel in enumerate(path.split(" > ")):
            rows.append({"journey_id": j, "channel": channel, "converted": conv,
                         "occurred_at": pd.Timestamp("2024-01-01")
                         + pd.Timedelta(hours=step)})
    return pd.DataFrame(rows)


def test_two_channels_removal_effects():
    # Start A 2/3, B 1/3. A -> B 1/2, A -> null 1/2; B -> conversion 1.
    # P = 2/3 * 1/2 + 1/3 * 1 = 2/3. Without A: 1/3 (RE 1/2). Without B: 0 (RE 1).
    shares = markov_channel_shares(["A > B", "A", "B"], [True, False, True])
    assert shares.index.tolist() == ["B", "A"]
    assert shares["removal_effect"].tolist() == pytest.approx([1.0, 0.5])
    assert shares["share"].tolist() == pytest.approx([2 / 3, 1 / 3])
    assert shares["conversions"].tolist() == pytest.approx([4 / 3, 2 / 3])


def test_loop_between_channels():
    # A -> B 1/2, A -> conversion 1/2; B -> A 1/2, B -> null 1/2; start 1/2 each.
    # x_A = 2/3, x_B = 1/3, P = 1/2. Without A: 0 (RE 1). Without B: start A
    # converts 1/2, start B never: P = 1/4 (RE 1/2). Shares A 2/3, B 1/3.
    shares = markov_channel_shares([["A", "B", "A"], ["B"]], [True, False])
    assert shares["removal_effect"].to_dict() == pytest.approx({"A": 1.0, "B": 0.5})
    # Journey A > B > A: A's 2/3 over two touches, B's 1/3 on one -> 1/3 each.
    touches = touches_from_paths(["A > B > A", "B"], [True, False])
    assert credit(touches, "markov")["credit"].tolist() == pytest.approx(
        [1 / 3, 1 / 3, 1 / 3, 0.0])


def test_credit_per_touch_matches_the_shares():
    touches = touches_from_paths(["A > B", "A", "B"], [True, False, True])
    shuffled = touches.iloc[[3, 0, 2, 1]]
    result = credit(shuffled, "markov")
    assert result.index.tolist() == [3, 0, 2, 1]
    assert result["credit"].tolist() == pytest.approx([1.0, 1 / 3, 0.0, 2 / 3])


def test_shares_from_a_touch_frame_match_the_path_list():
    touches = touches_from_paths(["A > B", "A", "B"], [True, False, True])
    shares = markov_channel_shares(touches.iloc[::-1])
    assert shares["removal_effect"].to_dict() == pytest.approx({"B": 1.0, "A": 0.5})
    assert shares["conversions"].sum() == pytest.approx(2)


def test_self_transitions_do_not_change_the_result():
    plain = markov_channel_shares(["A > B", "A", "B", "C > A"],
                                  [True, False, True, True])
    repeated = markov_channel_shares(["A > A > B", "A > A", "B > B", "C > C > A"],
                                     [True, False, True, True])
    pd.testing.assert_frame_equal(plain, repeated)


def test_removal_effects_match_a_direct_solve():
    """The one-inverse shortcut agrees with removing each channel and re-solving."""
    rng = np.random.default_rng(3)
    channels = list("ABCDE")
    paths = [[channels[i] for i in rng.integers(0, 5, rng.integers(1, 6))]
             for _ in range(300)]
    converted = rng.random(300) < 0.3
    shares = markov_channel_shares(paths, converted)
    for removed in channels:
        expected = 1 - _direct_p(paths, converted, removed) / _direct_p(
            paths, converted, None)
        assert shares.loc[removed, "removal_effect"] == pytest.approx(expected)


def _direct_p(paths, converted, removed):
    """Conversion probability of the chain with ``removed`` sent to null."""
    states = sorted({c for p in paths for c in p} - {removed})
    at = {c: i for i, c in enumerate(states)}
    k = len(states)
    moves, conv, leave, start = np.zeros((k, k)), np.zeros(k), np.zeros(k), np.zeros(k)
    counts = {}
    for path, is_conv in zip(paths, converted, strict=True):
        nexts = [*path[1:], "(conversion)" if is_conv else "(null)"]
        for a, b in zip(path, nexts, strict=True):
            counts[a, b] = counts.get((a, b), 0) + 1
        if path[0] in at:
            start[at[path[0]]] += 1
    for (a, b), n in counts.items():
        if a not in at:
            continue
        leave[at[a]] += n
        if b in at:
            moves[at[a], at[b]] += n
        elif b == "(conversion)":
            conv[at[a]] += n
    q, r = moves / leave[:, None], conv / leave
    return float(start / len(paths) @ np.linalg.solve(np.eye(k) - q, r))


def test_nothing_converted_gives_zero_credit():
    touches = touches_from_paths(["A > B", "B"], [False, False])
    assert credit(touches, "markov")["credit"].tolist() == [0.0, 0.0, 0.0]
    shares = markov_channel_shares(["A > B", "B"], [False, False])
    assert shares["share"].tolist() == [0.0, 0.0]


def test_without_converted_column_every_journey_converts():
    touches = touches_from_paths(["A > B", "B"], [True, True]).drop(
        columns=["converted"])
    result = credit(touches, "markov")
    assert result.groupby("journey_id")["credit"].sum().tolist() == pytest.approx(
        [1.0, 1.0])


def test_markov_needs_a_channel_column():
    touches = touches_from_paths(["A"], [True]).drop(columns=["channel"])
    with pytest.raises(ValueError, match="channel"):
        credit(touches, "markov")


def test_converted_flags_must_match_the_paths():
    with pytest.raises(ValueError, match="2 converted flags for 3 paths"):
        markov_channel_shares(["A", "B", "C"], [True, False])
