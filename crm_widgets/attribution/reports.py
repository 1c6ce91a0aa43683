"""Attribution reports: credit per group, models side by side, one record's touches."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

import pandas as pd

from ..errors import RecordNotFoundError
from .credit import credit
from .engine import check_model
from .paths import KINDS, touch_paths

logger = logging.getLogger(__name__)

# HubSpot offers W-shaped only from deal create on and full path only for revenue;
# markov is ours and works on every kind.
_CONTACT_MODELS = ("first_interaction", "last_interaction", "linear", "u_shaped",
                   "j_shaped", "inverse_j_shaped", "time_decay")
KIND_MODELS = {
    "contact_create": (*_CONTACT_MODELS, "markov"),
    "deal_create": (*_CONTACT_MODELS, "w_shaped", "markov"),
    "revenue": (*_CONTACT_MODELS, "w_shaped", "full_path", "markov"),
}
GROUPINGS = ("channel", "interaction_type", "campaign")
RECORD_KINDS = {"contacts": "contact_create", "deals": "deal_create"}


def attribution_report(store, kind: str, model: str, *, by: str = "channel",
                       start: datetime | None = None, end: datetime | None = None,
                       half_life_days: float = 7.0) -> pd.DataFrame:
    """Credit per channel (or interaction type, or campaign) for one model.

    Each conversion is worth 1 (contact_create, deal_create) or its deal amount
    (revenue); see :func:`crm_widgets.attribution.paths.touch_paths` for which touches
    make a path. Conversions with no touch get no credit anywhere, so the total is
    the number (or value) of conversions that had at least one touch.

    Markov here treats every journey as converted: the store holds no record of paths
    that did not convert, so its removal effects only compare channels on converting
    paths.

    Args:
        store: the portal.
        kind: contact_create, deal_create or revenue.
        model: a model available for ``kind`` (see ``KIND_MODELS``).
        by: channel, interaction_type or campaign.
        start: count conversions at or after this moment.
        end: count conversions before this moment.
        half_life_days: the time-decay half-life.

    Returns:
        One row per group (index named after ``by``), columns ``credit`` and ``share``
        (credit over the total), largest credit first.

    Example:
        >>> from crm_widgets import connect
        >>> with connect(":memory:") as store:
        ...     attribution_report(store, "deal_create", "w_shaped").columns.tolist()
        ['credit', 'share']
    """
    _check(kind, model, by)
    paths = touch_paths(store, kind, start=start, end=end)
    return _group(_credited(paths, model, half_life_days), by)


def compare_models(store, kind: str, *, by: str = "channel",
                   models: Sequence[str] | None = None,
                   half_life_days: float = 7.0) -> pd.DataFrame:
    """Every model's credit per group, one column per model.

    Args:
        store: the portal.
        kind: contact_create, deal_create or revenue.
        by: channel, interaction_type or campaign.
        models: the models to compare; all of those available for ``kind`` by default.
        half_life_days: the time-decay half-life.

    Returns:
        Index = group (named after ``by``), one float column per model, groups with
        the largest total credit first; a group a model gives nothing has 0.

    Example:
        >>> from crm_widgets import connect
        >>> with connect(":memory:") as store:
        ...     compare_models(store, "contact_create", models=["linear"]).shape
        (0, 1)
    """
    chosen = list(KIND_MODELS[_check_kind(kind)] if models is None else models)
    for model in chosen:
        _check(kind, model, by)
    paths = touch_paths(store, kind)
    columns = {model: _group(_credited(paths, model, half_life_days), by)["credit"]
               for model in chosen}
    table = pd.DataFrame(columns, columns=chosen).fillna(0.0)
    table.index.name = by
    order = table.sum(axis=1).sort_values(ascending=False, kind="stable").index
    return table.loc[order]


def record_attribution(store, object_type: str, record_id: int,
                       model: str) -> pd.DataFrame:
    """One contact's (contact create) or deal's (deal create) touches with credit.

    Markov is learnt from every journey of the same kind in the portal, then this
    record's touches are picked out.

    Args:
        store: the portal.
        object_type: contacts or deals (singular and "0-1"/"0-3" accepted).
        record_id: the record's id.
        model: a model available for the record's kind.

    Returns:
        The record's touches in time order: touch_id, occurred_at, channel,
        interaction_type, campaign, contact_id, is_lead_creation, is_deal_creation,
        credit. Empty when the record has no touch before its creation.

    Raises:
        ValueError: an object type other than contacts or deals, or a model not
            available for it.
        RecordNotFoundError: no such record.

    Example:
        >>> from crm_widgets import connect
        >>> with connect(":memory:") as store:
        ...     record_attribution(store, "contact", 1, "linear")
        Traceback (most recent call last):
        ...
        crm_widgets.errors.RecordNotFoundError: no contacts record with id 1
    """
    object_type = store.object_type(object_type)
    if object_type not in RECORD_KINDS:
        raise ValueError(f"attribution covers contacts and deals, not {object_type!r}")
    kind = RECORD_KINDS[object_type]
    _check(kind, model, "channel")
    exists = store.scalar(
        "SELECT count(*) FROM records WHERE object_type = ? AND id = ?",
        [object_type, int(record_id)])
    if not exists:
        raise RecordNotFoundError(f"no {object_type} record with id {record_id}")

    only = None if model == "markov" else int(record_id)
    paths = touch_paths(store, kind, journey_id=only)
    credited = _credited(paths, model, 7.0)
    mine = credited[credited["journey_id"] == int(record_id)]
    columns = ["touch_id", "occurred_at", "channel", "interaction_type", "campaign",
               "contact_id", "is_lead_creation", "is_deal_creation", "credit"]
    return mine[columns].reset_index(drop=True)


def _credited(paths: pd.DataFrame, model: str, half_life_days: float) -> pd.DataFrame:
    """Paths with credit, scaled by each conversion's value."""
    credited = credit(paths, model, half_life_days=half_life_days)
    credited["credit"] = credited["credit"] * credited["value"].astype(float)
    return credited


def _group(credited: pd.DataFrame, by: str) -> pd.DataFrame:
    """Credit summed per group, with each group's share of the total."""
    sums = credited.groupby(by, sort=True)["credit"].sum().astype(float)
    total = sums.sum()
    report = pd.DataFrame({"credit": sums,
                           "share": sums / total if total else sums * 0.0})
    report.index = report.index.astype(object)
    report.index.name = by
    return report.sort_values("credit", ascending=False, kind="stable")


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}; expected one of: "
                         f"{', '.join(KINDS)}")
    return kind


def _check(kind: str, model: str, by: str) -> None:
    """Raise ValueError for an unknown kind, model or grouping, or a model the kind
    does not offer."""
    _check_kind(kind)
    check_model(model)
    if model not in KIND_MODELS[kind]:
        raise ValueError(f"model {model!r} is not available for {kind} reports; "
                         f"expected one of: {', '.join(KIND_MODELS[kind])}")
    if by not in GROUPINGS:
        raise ValueError(f"cannot group attribution by {by!r}; expected one of: "
                         f"{', '.join(GROUPINGS)}")
