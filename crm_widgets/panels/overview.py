"""The Overview tab's highlights and stage tracker from the overview query."""

from __future__ import annotations

from typing import Any

import pandas as pd


def overview_parts(data: Any) -> dict[str, Any]:
    """Data highlights and the stage tracker from ``queries.overview``'s result.

    Accepts a dict with ``highlights`` (a DataFrame or list of label/value rows)
    and an optional ``stage`` dict, or a DataFrame of highlights.

    Example:
        >>> overview_parts({"highlights": [{"label": "Amount", "value": "5"}]})
        {'stats': [{'label': 'Amount', 'value': '5', 'format': None}], 'stage': None}
    """
    highlights = data.get("highlights") if isinstance(data, dict) else data
    if isinstance(highlights, pd.DataFrame):
        highlights = highlights.to_dict("records")
    stats = []
    for h in highlights or []:
        value = h.get("display", h.get("value"))
        if value is not None and not isinstance(value, str) and pd.isna(value):
            value = None
        stats.append({"label": h.get("label") or h.get("name"), "value": value,
                      "format": h.get("format")})
    stage = data.get("stage") if isinstance(data, dict) else None
    return {"stats": stats, "stage": stage}
