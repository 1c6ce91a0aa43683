"""Multi-touch attribution: HubSpot's models, an exact Markov model, and reports.

Example:
    >>> from crm_widgets.attribution import MODELS, credit
    >>> "w_shaped" in MODELS
    True
"""

from __future__ import annotations

from .credit import credit
from .engine import MODELS, POSITIONAL_MODELS
from .markov import markov_channel_shares, removal_effects

__all__ = ["MODELS", "POSITIONAL_MODELS", "attribution_chart", "attribution_report",
           "compare_models", "credit", "markov_channel_shares", "record_attribution",
           "removal_effects"]


def __getattr__(name: str):
    # Reports need the store and the chart needs Altair: load them on first use.
    if name in {"attribution_report", "compare_models", "record_attribution"}:
        from . import reports
        return getattr(reports, name)
    if name == "attribution_chart":
        from .chart import attribution_chart
        return attribution_chart
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
