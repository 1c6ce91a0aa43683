"""The Overview tab's highlights and stage tracker from the overview query."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .formats import DEFAULT_CURRENCY, formatted


def _plain(value: Any) -> Any:
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return None
    return value


def highlights(frame: pd.DataFrame, currency: str = DEFAULT_CURRENCY
               ) -> list[dict[str, Any]]:
    """Data highlights (label above a large value) from ``Overview.highlights``.

    Example:
        >>> highlights(pd.DataFrame({"name": ["amount"], "label": ["Amount"],
        ...                          "value": ["48000"], "display": ["48000"]}))
        [{'label': 'Amount', 'value': '48000', 'format': 'money', 'currency': 'USD'}]
    """
    return [{"label": _plain(r["label"]) or r["name"],
             **formatted(r["name"], _plain(r["value"]), _plain(r["display"]), currency)}
            for r in frame.to_dict("records")]


def stage_tracker(stages: pd.DataFrame | None) -> dict[str, Any] | None:
    """The segmented stage bar from ``Overview.stages`` (deals and tickets)."""
    if stages is None or stages.empty or not stages["is_current"].any():
        return None
    rows = stages.to_dict("records")
    current = next(i for i, r in enumerate(rows) if r["is_current"])
    # A closed-lost deal marks the bar red up to where it stood, as HubSpot does.
    lost = str(rows[current].get("stage_id")) == "closedlost"
    probability = _plain(rows[current].get("probability"))
    return {"stages": [{"id": str(r["stage_id"]), "label": str(r["label"])}
                       for r in rows],
            "current_index": current, "label": str(rows[current]["label"]),
            "probability": None if probability is None else float(probability),
            "lost": lost}
