"""Touches put in journey order: journey by journey, by time, ties in input order."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

logger = logging.getLogger(__name__)

# Shortcuts for rows that already arrive grouped by journey (and mostly in time order:
# the store's queries return them so), and in engine for the first, last and linear
# credits. Tests switch this off to check that the shortcuts give exactly what the
# general factorize-and-sort path and the general positional credit give.
USE_SHORTCUTS = True

_NAT = np.iinfo(np.int64).min


@dataclass(frozen=True)
class Journeys:
    """Touches in journey order, with the arrays every model needs.

    ``order[k]`` is the input row of the k-th touch in journey order: journeys one after
    another (in order of first appearance), touches by ``occurred_at``, ties in input
    order. ``in_input_order`` says that ``order`` is the identity, so taking values in
    journey order needs no copy.
    """

    order: np.ndarray       # input row index of each sorted touch
    starts: np.ndarray      # sorted position where each journey begins
    sizes: np.ndarray       # touches per journey
    times: np.ndarray       # occurred_at as int64 nanoseconds, sorted
    in_input_order: bool = False

    @property
    def n_journeys(self) -> int:
        """How many journeys."""
        return len(self.starts)

    @cached_property
    def group(self) -> np.ndarray:
        """Journey number (0..n_journeys-1) of each sorted touch."""
        return np.repeat(np.arange(len(self.starts)), self.sizes)

    def take(self, values: np.ndarray) -> np.ndarray:
        """``values`` (one per input row) in journey order."""
        return values if self.in_input_order else values[self.order]

    def restore(self, sorted_values: np.ndarray) -> np.ndarray:
        """``sorted_values`` (one per sorted touch) back in input row order."""
        if self.in_input_order:
            return sorted_values
        values = np.empty_like(sorted_values)
        values[self.order] = sorted_values
        return values


def sort_journeys(touches: pd.DataFrame) -> Journeys:
    """Order touches by journey, then time, keeping the input order of ties.

    Rows that already come one journey after another skip the hashing of journey ids
    and sort only the journeys whose touches are out of time order; other rows are
    factorized and sorted in full.
    """
    times = nanoseconds(touches["occurred_at"])
    keys, are_codes = _journey_keys(touches["journey_id"])
    n = len(keys)
    new_block = np.ones(n, dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=new_block[1:])
    starts = np.flatnonzero(new_block)
    sizes = np.diff(np.append(starts, n))
    if USE_SHORTCUTS:
        block_keys = keys[starts]
        if len(starts) < 2 or (block_keys[1:] > block_keys[:-1]).all():
            return _order_within_blocks(times, new_block, starts, sizes)
        if are_codes:  # codes of grouped rows would have been increasing
            codes = keys
        else:
            block_codes, uniques = pd.factorize(block_keys)
            if len(uniques) == len(starts):  # every journey is one block of rows
                return _order_within_blocks(times, new_block, starts, sizes)
            codes = np.repeat(block_codes, sizes)
    else:
        codes = keys if are_codes else pd.factorize(keys)[0]
    # np.lexsort is stable and sorts by its last key first.
    return _from_order(np.lexsort((times, codes)), codes, times)


def nanoseconds(moments: pd.Series) -> np.ndarray:
    """``occurred_at`` as int64 nanoseconds; ValueError naming a row with none."""
    dtype = moments.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "M":
        values = moments.to_numpy()
        if dtype != np.dtype("datetime64[ns]"):
            values = values.astype("datetime64[ns]")
        times = values.view(np.int64)
        missing = times == _NAT
    else:
        parsed = pd.to_datetime(moments)
        missing = parsed.isna().to_numpy()
        times = parsed.to_numpy().astype("datetime64[ns]").astype(np.int64)
    if missing.any():
        row = int(np.flatnonzero(missing)[0])
        raise ValueError(f"touch at row {row} has no occurred_at")
    return times


def _journey_keys(ids: pd.Series) -> tuple[np.ndarray, bool]:
    """Integer keys equal exactly when journey ids are; True when they are codes."""
    if isinstance(ids.dtype, np.dtype) and ids.dtype.kind in "iu":
        return ids.to_numpy(), False  # plain integers cannot be missing
    codes, _ = pd.factorize(ids)
    if (codes < 0).any():
        raise ValueError("touches have a missing journey_id")
    return codes, True


def _order_within_blocks(times: np.ndarray, new_block: np.ndarray,
                         starts: np.ndarray, sizes: np.ndarray) -> Journeys:
    """Journeys for rows grouped by journey: sort only journeys out of time order."""
    n = len(times)
    back = times[1:] < times[:-1]
    back &= ~new_block[1:]
    if not back.any():
        return Journeys(np.arange(n), starts, sizes, times, in_input_order=True)
    group = np.cumsum(new_block) - 1
    unsorted = np.zeros(len(starts), dtype=bool)
    unsorted[group[1:][back]] = True
    rows = np.flatnonzero(np.repeat(unsorted, sizes))
    order = np.arange(n)
    # Each unsorted journey keeps its block of positions; lexsort is stable.
    order[rows] = rows[np.lexsort((times[rows], group[rows]))]
    return Journeys(order, starts, sizes, times[order])


def _from_order(order: np.ndarray, codes: np.ndarray, times: np.ndarray) -> Journeys:
    """Journeys from a full sort order of journey codes and times."""
    group_sorted = codes[order]
    is_start = np.ones(len(order), dtype=bool)
    is_start[1:] = group_sorted[1:] != group_sorted[:-1]
    starts = np.flatnonzero(is_start)
    sizes = np.diff(np.append(starts, len(order)))
    return Journeys(order, starts, sizes, times[order])
