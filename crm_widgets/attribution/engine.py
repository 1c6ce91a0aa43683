"""Per-touch credit for HubSpot's attribution models, vectorised over many journeys."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import journeys as journey_order
from .journeys import Journeys, sort_journeys

__all__ = ["MODELS", "POSITIONAL_MODELS", "Journeys", "PositionalModel",
           "latest_flagged", "positional_credit", "sort_journeys", "time_decay_credit"]

logger = logging.getLogger(__name__)

# Positions a touch can hold in a journey. "first" and "last" come from the order of
# the touches; the other three from the flag columns.
POSITION_FLAGS = {
    "lead_creation": "is_lead_creation",
    "deal_creation": "is_deal_creation",
    "closed_won": "is_closed_won",
}


@dataclass(frozen=True)
class PositionalModel:
    """Shares of the named positions; ``rest`` goes equally to the other touches."""

    anchors: dict[str, float]
    rest: float


POSITIONAL_MODELS = {
    "first_interaction": PositionalModel({"first": 1.0}, 0.0),
    "last_interaction": PositionalModel({"last": 1.0}, 0.0),
    "linear": PositionalModel({}, 1.0),
    "u_shaped": PositionalModel({"first": 0.4, "lead_creation": 0.4}, 0.2),
    "w_shaped": PositionalModel(
        {"first": 0.3, "lead_creation": 0.3, "deal_creation": 0.3}, 0.1),
    "full_path": PositionalModel(
        {"first": 0.225, "lead_creation": 0.225, "deal_creation": 0.225,
         "closed_won": 0.225}, 0.1),
    "j_shaped": PositionalModel({"first": 0.2, "last": 0.6}, 0.2),
    "inverse_j_shaped": PositionalModel({"first": 0.6, "last": 0.2}, 0.2),
}

MODELS = (*POSITIONAL_MODELS, "time_decay", "markov")

BASE_COLUMNS = ("journey_id", "occurred_at")


def required_columns(model: str) -> tuple[str, ...]:
    """The touch columns ``model`` reads (others may be present and are ignored)."""
    check_model(model)
    if model == "markov":
        return (*BASE_COLUMNS, "channel")
    if model == "time_decay":
        return BASE_COLUMNS
    flags = [POSITION_FLAGS[name] for name in POSITIONAL_MODELS[model].anchors
             if name in POSITION_FLAGS]
    return (*BASE_COLUMNS, *flags)


def check_model(model: str) -> None:
    """Raise ValueError naming the known models when ``model`` is not one of them."""
    if model not in MODELS:
        known = ", ".join(MODELS)
        raise ValueError(
            f"unknown attribution model {model!r}; expected one of: {known}")


def check_columns(touches: pd.DataFrame, columns: tuple[str, ...], model: str) -> None:
    """Raise ValueError naming every column of ``columns`` missing from ``touches``."""
    missing = [c for c in columns if c not in touches.columns]
    if missing:
        raise ValueError(
            f"touches lack column(s) {', '.join(missing)} needed by model {model!r}")


def latest_flagged(journeys: Journeys, flags: np.ndarray) -> np.ndarray:
    """Per journey, the sorted position of its latest flagged touch (-1 if none).

    When several touches of a journey carry the flag, the latest one (in journey order)
    holds the position.
    """
    positions = np.where(flags, np.arange(len(flags)), -1)
    return np.maximum.reduceat(positions, journeys.starts)


def positional_credit(touches: pd.DataFrame, journeys: Journeys,
                      spec: PositionalModel) -> np.ndarray:
    """Credit of each sorted touch under a positional model.

    Each named position present in a journey gives its share to the touch holding it
    (a touch holding several gets their sum); the rest share is split equally over
    the touches holding no named position. A position, or the rest, with no touch has
    its share dropped and the journey's credits are scaled back up to sum to 1.
    """
    starts, sizes = journeys.starts, journeys.sizes
    holder = {"first": starts, "last": starts + sizes - 1}
    if journey_order.USE_SHORTCUTS:
        if not spec.rest and len(spec.anchors) == 1 and (
                [*spec.anchors] == ["first"] or [*spec.anchors] == ["last"]):
            # First or last interaction: its holder takes the whole journey (the
            # general path's share / share is exactly 1).
            raw = np.zeros(len(journeys.times))
            raw[holder[next(iter(spec.anchors))]] = 1.0
            return raw
        if not spec.anchors and spec.rest == 1.0:
            # Linear: 1 / touches each, the general path's value bit for bit.
            return np.repeat(1.0 / sizes, sizes)
    for name in spec.anchors:
        if name in POSITION_FLAGS:
            column = POSITION_FLAGS[name]
            flags = _as_bool(journeys.take(touches[column].to_numpy()), column)
            holder[name] = latest_flagged(journeys, flags)

    # Per journey: how many distinct touches hold a position, and the shares present.
    # Working per journey rather than per touch keeps the passes over all the touches
    # to a few vector operations.
    names = list(spec.anchors)
    holders = np.zeros(journeys.n_journeys, dtype=np.int64)
    present_share = np.zeros(journeys.n_journeys)
    for i, name in enumerate(names):
        present = holder[name] >= 0
        distinct = present.copy()
        for earlier in names[:i]:
            distinct &= holder[name] != holder[earlier]
        holders += distinct
        present_share += spec.anchors[name] * present

    rest_count = (sizes - holders).astype(np.float64)
    has_rest = rest_count > 0
    per_rest = np.divide(spec.rest, rest_count, out=np.zeros_like(rest_count),
                         where=has_rest)
    # With no rest share (first or last interaction) every other touch gets 0.
    raw = np.repeat(per_rest, sizes) if spec.rest else np.zeros(len(journeys.times))
    held = [holder[name] if name in ("first", "last") else
            holder[name][holder[name] >= 0] for name in names]
    if spec.rest:
        for where in held[1:]:
            raw[where] = 0.0
    # One holder per journey and name, so no index repeats within one assignment;
    # the first name's touches hold 0 until then, so setting its share is exact.
    for i, (name, where) in enumerate(zip(names, held, strict=True)):
        if i == 0:
            raw[where] = spec.anchors[name]
        else:
            raw[where] += spec.anchors[name]
    total = present_share + spec.rest * has_rest
    if not (total == 1.0).all():  # dividing by 1 changes nothing: skip the pass
        raw /= np.repeat(total, sizes)
    return raw


def time_decay_credit(touches: pd.DataFrame, journeys: Journeys,
                      half_life_days: float) -> np.ndarray:
    """Credit of each sorted touch under time decay with the given half-life.

    The weight 2 ** (-(conversion_at - occurred_at) / half-life) is normalised per
    journey, so conversion_at cancels out and is not read; weights are computed
    relative to the journey's latest touch, which keeps them from underflowing on long
    journeys.
    """
    if not half_life_days > 0:
        raise ValueError(f"half_life_days must be positive, got {half_life_days!r}")
    latest = np.maximum.reduceat(journeys.times, journeys.starts)
    age_ns = (latest[journeys.group] - journeys.times).astype(np.float64)
    weight = np.exp2(-age_ns / (half_life_days * 86_400e9))
    total = np.bincount(journeys.group, weights=weight)
    return weight / total[journeys.group]


def _as_bool(values: np.ndarray, column: str) -> np.ndarray:
    """Flag values as booleans; missing counts as not flagged."""
    if values.dtype == bool:
        return values
    try:
        return pd.Series(values).astype("boolean").fillna(False).to_numpy(bool)
    except (TypeError, ValueError) as error:
        raise ValueError(f"column {column} must hold booleans: {error}") from error
