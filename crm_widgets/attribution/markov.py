"""First-order Markov removal-effect attribution, computed exactly from the chain.

The chain has one state per channel, a start, and two absorbing ends: conversion and
null. Transition probabilities are the observed transition counts, normalised per
state. The conversion probability is ``P = s . (I - Q)^-1 . r`` with ``s`` the start
distribution, ``Q`` the channel-to-channel block and ``r`` the channel-to-conversion
column. Removing channel ``c`` sends every transition into ``c`` to null; the removal
effect is ``RE_c = 1 - P_without_c / P``. With ``N = (I - Q)^-1`` and ``x = N r``,
``P - P_without_c = h_c * x_c`` where ``h_c = (s . N[:, c]) / N[c, c]`` is the
probability of ever reaching ``c``; so one matrix inverse gives every removal effect,
with no random simulation and the same answer on every run.

Self-transitions (a channel followed by itself) do not change any absorption
probability of a first-order chain, so keeping or dropping them gives the same
result.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .engine import Journeys, _as_bool, sort_journeys

logger = logging.getLogger(__name__)


def removal_effects(journeys: Journeys, channel_codes: np.ndarray,
                    converted: np.ndarray, n_channels: int) -> tuple[np.ndarray, float]:
    """Removal effect of each channel code and the chain's conversion probability.

    Args:
        journeys: sorted journeys.
        channel_codes: channel code (0..n_channels-1) of each sorted touch.
        converted: one boolean per journey.
        n_channels: number of distinct channels.

    Returns:
        ``(effects, p_conversion)``; effects are all 0 when nothing converted.
    """
    k = n_channels
    first = channel_codes[journeys.starts]
    last = channel_codes[journeys.starts + journeys.sizes - 1]
    # Every touch to the next; a step into another journey lands in an extra bin.
    pairs = np.multiply(channel_codes[:-1], k, dtype=np.int64)
    pairs += channel_codes[1:]
    pairs[journeys.starts[1:] - 1] = k * k
    moves = np.bincount(pairs, minlength=k * k + 1)[:k * k]
    moves = moves.reshape(k, k).astype(np.float64)
    to_conversion = np.bincount(last[converted], minlength=k).astype(np.float64)
    to_null = np.bincount(last[~converted], minlength=k).astype(np.float64)

    leaving = moves.sum(axis=1) + to_conversion + to_null
    q = moves / leaving[:, None]
    r = to_conversion / leaving
    s = np.bincount(first, minlength=k) / len(first)
    fundamental = np.linalg.inv(np.eye(k) - q)
    x = fundamental @ r
    p_conversion = float(s @ x)
    if p_conversion <= 0:
        return np.zeros(k), 0.0
    reach = (s @ fundamental) / np.diag(fundamental)
    effects = reach * x / p_conversion
    return np.clip(effects, 0.0, 1.0), p_conversion


def markov_touch_credit(touches: pd.DataFrame, journeys: Journeys) -> np.ndarray:
    """Credit of each sorted touch under the Markov model.

    The chain is learnt from all the journeys passed in. Each channel's share is its
    removal effect over the sum of removal effects. In a converting journey, each
    channel present gets its share renormalised over the channels of that journey, split
    equally over the journey's touches of that channel, so the journey sums to 1.
    Journeys that did not convert get 0 on every touch.

    A journey is converted when any of its rows has a true ``converted`` value; with no
    ``converted`` column every journey counts as converted (and the removal effects then
    only reflect which channels sit on converting paths).
    """
    codes, _ = channel_codes(touches, journeys)
    converted = _journey_converted(touches, journeys)
    effects, _ = removal_effects(journeys, codes, converted, int(codes.max()) + 1)
    share = effects / effects.sum() if effects.sum() > 0 else effects

    k = len(share)
    pair = journeys.group.astype(np.int64) * k + codes
    pair_codes, _ = pd.factorize(pair)  # hashing: no sort of every touch
    raw = share[codes] / np.bincount(pair_codes)[pair_codes]
    raw = np.where(converted[journeys.group], raw, 0.0)
    total = np.bincount(journeys.group, weights=raw, minlength=journeys.n_journeys)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total[journeys.group] > 0, raw / total[journeys.group], 0.0)


def markov_channel_shares(paths: Iterable[Sequence[str] | str] | pd.DataFrame,
                          converted: Iterable[bool] | None = None, *,
                          sep: str = " > ") -> pd.DataFrame:
    """Removal effect and credit share of each channel over a set of paths.

    Args:
        paths: one path per journey, as a sequence of channels or a string joined
            with ``sep`` (``"Organic_Search > Direct"``); or a DataFrame of touches
            (journey_id, occurred_at, channel, optional converted) as for
            :func:`crm_widgets.attribution.credit`.
        converted: one flag per path; all paths count as converted when omitted
            (ignored for a DataFrame, which carries its own ``converted`` column).
        sep: separator of string paths.

    Returns:
        One row per channel (index ``channel``) with ``removal_effect``, ``share``
        (effects normalised to sum to 1) and ``conversions`` (share times the number
        of converting paths), largest share first.

    Example:
        >>> shares = markov_channel_shares(["A > B", "A", "B"], [True, False, True])
        >>> shares["share"].round(4).to_dict()
        {'B': 0.6667, 'A': 0.3333}
    """
    if isinstance(paths, pd.DataFrame):
        journeys = sort_journeys(paths)
        codes, names = channel_codes(paths, journeys)
        return _shares_frame(journeys, codes, names,
                             _journey_converted(paths, journeys))
    steps = pd.Series([p.split(sep) if isinstance(p, str) else list(p) for p in paths],
                      dtype=object)
    flags = (np.ones(len(steps), dtype=bool) if converted is None
             else np.asarray(list(converted), dtype=bool))
    if len(flags) != len(steps):
        raise ValueError(f"{len(flags)} converted flags for {len(steps)} paths")
    exploded = steps.explode()
    touches = pd.DataFrame({"journey_id": exploded.index.to_numpy(),
                            "channel": exploded.to_numpy()})
    touches = touches[touches["channel"].notna() & (touches["channel"] != "")]
    touches["occurred_at"] = pd.Timestamp(0)  # the input order is the path order
    journeys = sort_journeys(touches)
    codes, names = pd.factorize(touches["channel"].to_numpy()[journeys.order])
    kept = flags[pd.unique(touches["journey_id"].to_numpy()[journeys.order])]
    return _shares_frame(journeys, codes, names, kept)


def channel_codes(touches: pd.DataFrame,
                  journeys: Journeys) -> tuple[np.ndarray, np.ndarray]:
    """Channel code of each sorted touch, numbered by first appearance in that order.

    The column is factorized as it is (a categorical or Arrow string column is
    encoded without making a Python object per touch), then the codes are put in
    journey order and renumbered.
    """
    codes, uniques = pd.factorize(touches["channel"])
    if (codes < 0).any():
        raise ValueError("touches have a missing channel")
    names = np.asarray(uniques, dtype=object)
    if journeys.in_input_order:
        return codes, names
    codes = codes[journeys.order]
    seen = pd.unique(codes)
    renumber = np.empty(len(names), dtype=codes.dtype)
    renumber[seen] = np.arange(len(seen), dtype=codes.dtype)
    return renumber[codes], names[seen]


def _shares_frame(journeys: Journeys, codes: np.ndarray, names: pd.Index,
                  converted: np.ndarray) -> pd.DataFrame:
    """Removal effects, shares and conversions per channel, largest share first."""
    effects, _ = removal_effects(journeys, codes, converted, len(names))
    share = effects / effects.sum() if effects.sum() > 0 else effects
    frame = pd.DataFrame({"removal_effect": effects, "share": share,
                          "conversions": share * converted.sum()},
                         index=pd.Index(names, name="channel"))
    return frame.sort_values("share", ascending=False, kind="stable")


def _journey_converted(touches: pd.DataFrame, journeys: Journeys) -> np.ndarray:
    """One converted flag per journey (any true row); all true without the column."""
    if "converted" not in touches.columns:
        return np.ones(journeys.n_journeys, dtype=bool)
    flags = _as_bool(journeys.take(touches["converted"].to_numpy()), "converted")
    return np.maximum.reduceat(flags, journeys.starts).astype(bool)
