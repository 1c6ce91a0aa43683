"""credit(): one entry point giving every touch its share under any model."""

from __future__ import annotations

import logging
import time

import numpy as np
import pandas as pd

from .engine import (
    POSITIONAL_MODELS,
    check_columns,
    positional_credit,
    required_columns,
    sort_journeys,
    time_decay_credit,
)
from .markov import markov_touch_credit

logger = logging.getLogger(__name__)

_COPY_ON_WRITE = (int(pd.__version__.split(".")[0]) >= 3
                  or pd.get_option("mode.copy_on_write") is True)


def credit(touches: pd.DataFrame, model: str, *,
           half_life_days: float = 7.0) -> pd.DataFrame:
    """Give each touch its share of its journey's conversion under ``model``.

    Touches of a journey are ordered by ``occurred_at``; touches at the same moment
    keep their input order, and rows may arrive in any order. First and last are the
    earliest and latest touches; lead creation, deal creation and closed-won are the
    latest touch whose ``is_lead_creation`` / ``is_deal_creation`` / ``is_closed_won``
    flag is true. A touch holding several named positions gets the sum of their
    shares; the rest share is split equally over touches holding none. A position (or
    the rest) with no touch has its share dropped, and the others are scaled up so the
    journey still sums to 1 (U-shaped with two touches: 50/50).

    Models: first_interaction, last_interaction, linear, u_shaped (40/40/20),
    w_shaped (30/30/30/10), full_path (22.5 x 4 / 10), time_decay (weight
    ``2 ** (-(conversion_at - occurred_at) / half_life)``, normalised), j_shaped
    (20/60/20), inverse_j_shaped (60/20/20), and markov (see
    :func:`crm_widgets.attribution.markov.markov_touch_credit`: it learns the chain
    from all the journeys given, reads the optional per-journey ``converted`` column,
    and gives non-converting journeys 0).

    Args:
        touches: one row per touch with ``journey_id`` and ``occurred_at``, plus the
            flag columns a model reads (``channel`` for markov). Other columns
            (touch_id, interaction_type, conversion_at...) are carried through.
        model: one of :data:`crm_widgets.attribution.MODELS`.
        half_life_days: the time-decay half-life.

    Returns:
        A copy of ``touches`` (same index, same row order) with a float ``credit``
        column; each journey's credits sum to 1 (markov: each converting journey).

    Raises:
        ValueError: unknown model (the message lists the models), missing columns
            (named), a missing journey_id or occurred_at, or a half-life <= 0.

    Example:
        >>> import pandas as pd
        >>> touches = pd.DataFrame({"journey_id": [1, 1],
        ...     "occurred_at": pd.to_datetime(["2024-01-02", "2024-01-01"]),
        ...     "is_lead_creation": [True, False]})
        >>> credit(touches, "u_shaped")["credit"].tolist()
        [0.5, 0.5]
    """
    check_columns(touches, required_columns(model), model)
    # Under copy-on-write a shallow copy already keeps the caller's frame unchanged,
    # and skips copying every column of millions of touches.
    result = touches.copy(deep=not _COPY_ON_WRITE)
    if touches.empty:
        result["credit"] = np.zeros(0)
        return result

    started = time.perf_counter()
    journeys = sort_journeys(touches)
    if model == "time_decay":
        sorted_credit = time_decay_credit(touches, journeys, half_life_days)
    elif model == "markov":
        sorted_credit = markov_touch_credit(touches, journeys)
    else:
        sorted_credit = positional_credit(touches, journeys, POSITIONAL_MODELS[model])
    result["credit"] = journeys.restore(sorted_credit)
    logger.info("credit %s: %d touches, %d journeys in %.3fs", model, len(touches),
                journeys.n_journeys, time.perf_counter() - started)
    return result
