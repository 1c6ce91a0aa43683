"""Right-sidebar tool cards: account overview, attribution, line items, sync...

Each builder takes ``(store, object_type, record_id, context)`` and returns a card
payload. ``context`` carries widget state a card depends on (the attribution model).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from . import sources

MAX_ROWS = 8
ATTRIBUTION_MODELS = (
    ("first_interaction", "First interaction"), ("last_interaction", "Last interaction"),
    ("linear", "Linear"), ("u_shaped", "U-shaped"), ("w_shaped", "W-shaped"),
    ("full_path", "Full path"), ("time_decay", "Time decay"), ("j_shaped", "J-shaped"),
    ("inverse_j_shaped", "Inverse J-shaped"),
)


def _cell(value: Any) -> Any:
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d %b %Y")
    if isinstance(value, float):
        return round(value, 2)
    return str(value) if not isinstance(value, (int, str)) else value


def frame_blocks(frame: pd.DataFrame, columns: list[str] | None = None
                 ) -> list[dict[str, Any]]:
    """A DataFrame as one table block (first rows), numbers aligned right.

    Example:
        >>> frame_blocks(pd.DataFrame({"name": ["A"], "n": [2]}))[0]["rows"]
        [['A', 2]]
    """
    if frame is None or frame.empty:
        return []
    cols = [c for c in (columns or list(frame.columns)) if c in frame.columns]
    rows = [[_cell(v) for v in r] for r in frame[cols].head(MAX_ROWS).itertuples(
        index=False)]
    align = ["right" if pd.api.types.is_numeric_dtype(frame[c]) else "left"
             for c in cols]
    return [{"type": "table", "columns": [c.replace("_", " ").capitalize()
                                          for c in cols],
             "align": align, "rows": rows}]


def _frame_card(title: str, name: str, empty: str) -> Callable[..., dict[str, Any]]:
    def build(store: Any, object_type: str, record_id: int,
              context: dict[str, Any]) -> dict[str, Any]:
        frame = sources.tool(name)(store, object_type, record_id)
        blocks = frame_blocks(frame) if isinstance(frame, pd.DataFrame) else []
        count = None if not isinstance(frame, pd.DataFrame) else len(frame)
        return {"title": title, "count": count, "blocks": blocks, "empty": empty}
    return build


def attribution_card(store: Any, object_type: str, record_id: int,
                     context: dict[str, Any]) -> dict[str, Any]:
    """Attribution with a model switcher: credit per interaction."""
    model = context.get("attribution_model", "linear")
    switcher = {"type": "select", "label": "Model", "trait": "attribution_model",
                "value": model, "options": [{"value": v, "label": lbl}
                                            for v, lbl in ATTRIBUTION_MODELS]}
    frame = sources.query("record_attribution")(store, object_type, record_id, model)
    blocks = [switcher, *frame_blocks(frame)] if isinstance(frame, pd.DataFrame) \
        else [switcher]
    return {"title": "Attribution", "blocks": blocks,
            "empty": "No marketing interactions to credit"}


def sync_card(store: Any, object_type: str, record_id: int,
              context: dict[str, Any]) -> dict[str, Any]:
    """Salesforce sync: status, last sync, and "Sync now" (records a request)."""
    frame = sources.tool("salesforce_sync")(store, object_type, record_id)
    blocks = frame_blocks(frame) if isinstance(frame, pd.DataFrame) else []
    blocks.append({"type": "buttons", "items": [{"kind": "sync_now",
                                                 "label": "Sync now"}]})
    return {"title": "Salesforce sync", "blocks": blocks}


TOOL_BUILDERS: dict[str, Callable[..., dict[str, Any]]] = {
    "account_overview": lambda store, ot, rid, ctx: {
        "title": "Account overview",
        "blocks": frame_blocks(sources.query("account_overview")(store, rid))},
    "attribution": attribution_card,
    "conversations": _frame_card("Conversations", "conversations",
                                 "No conversations linked"),
    "line_items": _frame_card("Line items", "line_items", "No line items yet"),
    "quotes": _frame_card("Quotes", "quotes", "No quotes yet"),
    "memberships": _frame_card("List and workflow memberships", "memberships",
                               "Not in any list or workflow"),
    "playbooks": _frame_card("Playbooks", "playbooks", "No playbooks for this record"),
    "salesforce_sync": sync_card,
}
