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
    ("first_interaction", "First interaction"),
    ("last_interaction", "Last interaction"),
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


def attribution_card(store: Any, object_type: str, record_id: int,
                     context: dict[str, Any]) -> dict[str, Any]:
    """Attribution with a model switcher: credit per interaction."""
    model = context.get("attribution_model", "linear")
    switcher = {"type": "select", "label": "Model", "trait": "attribution_model",
                "value": model, "options": [{"value": v, "label": lbl}
                                            for v, lbl in ATTRIBUTION_MODELS]}
    frame = sources.query("record_attribution")(store, object_type, record_id, model)
    blocks = [switcher, *attribution_table(frame)] \
        if isinstance(frame, pd.DataFrame) else [switcher]
    return {"title": "Attribution", "blocks": blocks,
            "empty": "No marketing interactions to credit"}


def attribution_table(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Credit per touch in four columns that fit a 288 px sidebar.

    The full frame (ids, creation flags, campaign) stays one call away in
    ``crm_widgets.record_attribution``; the card shows when, where, what and how
    much credit.

    Example:
        >>> attribution_table(frame)[0]["columns"]  # doctest: +SKIP
        ['When', 'Channel', 'Interaction', 'Credit']
    """
    if frame.empty:
        return []
    rows = [[_cell(r.occurred_at), _label(r.channel), _label(r.interaction_type),
             {"value": None if pd.isna(r.credit) else float(r.credit) * 100,
              "format": "percent"}]
            for r in frame.head(MAX_ROWS).itertuples(index=False)]
    return [{"type": "table", "columns": ["When", "Channel", "Interaction", "Credit"],
             "align": ["left", "left", "left", "right"], "rows": rows}]


def _label(code: Any) -> str | None:
    """A coded value such as ORGANIC_SEARCH as "Organic search"."""
    code = _cell(code)
    return None if code is None else str(code).replace("_", " ").capitalize()


def _when(value: Any) -> dict[str, Any]:
    value = _cell_raw(value)
    return {"value": None if value is None else pd.Timestamp(value).isoformat(),
            "format": "datetime"}


def _cell_raw(value: Any) -> Any:
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return None
    return value


_SYNC_TAGS = {"SYNCED": "success", "PENDING": "info", "ERROR": "danger",
              "NOT_SYNCED": "neutral"}


def sync_card(store: Any, object_type: str, record_id: int,
              context: dict[str, Any]) -> dict[str, Any]:
    """Salesforce sync: status tag, last sync, last request, and "Sync now"."""
    frame = sources.tool("salesforce_sync")(store, object_type, record_id)
    row = frame.iloc[0].to_dict() if len(frame) else {}
    status = str(row.get("status") or "NOT_SYNCED")
    rows = [{"label": "Status", "tag": {"text": status.replace("_", " ").capitalize(),
                                        "variant": _SYNC_TAGS.get(status, "neutral")}},
            {"label": "Last synced", **_when(row.get("last_synced_at"))},
            {"label": "Last requested", **_when(row.get("last_requested_at"))}]
    if _cell_raw(row.get("last_error")):
        rows.append({"label": "Last error", "value": str(row["last_error"])})
    return {"title": "Salesforce sync", "blocks": [
        {"type": "rows", "items": rows},
        {"type": "buttons", "items": [{"kind": "sync_now", "label": "Sync now"}]}]}


def account_card(store: Any, object_type: str, record_id: int,
                 context: dict[str, Any]) -> dict[str, Any]:
    """Account overview: target account, contacts and buying roles, engagement."""
    return account_payload(sources.query("account_overview")(store, record_id))


def account_payload(acc: Any) -> dict[str, Any]:
    """The account overview card from ``queries.account.account_overview``."""
    from ..model import BUYING_ROLES

    s = acc.summary
    target = bool(s.get("is_target_account"))
    roles = [{"text": f"{label} · {int(s.get(code.lower()) or 0)}",
              "variant": "info"} for code, label in BUYING_ROLES.items()
             if s.get(code.lower())]
    deals = acc.deals or {}
    return {"title": "Account overview", "blocks": [
        {"type": "stats", "items": [
            {"label": "Contacts", "value": s.get("contacts"), "format": "number"},
            {"label": "With buying roles", "value": s.get("contacts_with_roles"),
             "format": "number"}]},
        {"type": "rows", "items": [
            {"label": "Target account", "tag": {"text": "Yes" if target else "No",
                                                "variant": "success" if target
                                                else "neutral"}},
            {"label": "Buyer roles", "value": ", ".join(r["text"] for r in roles)
             or None},
            {"label": "Open deals", "value": deals.get("open_deals"),
             "format": "number"},
            {"label": "Last engagement", **_when(s.get("last_engagement_at"))},
            {"label": "Last contacted", **_when(s.get("last_contacted_at"))}]},
        {"type": "buttons", "items": [{"kind": "account_details",
                                       "label": "View account details"}]}]}


def _list_card(title: str, name: str, empty: str,
               item: Callable[[dict[str, Any]], dict[str, Any]]
               ) -> Callable[..., dict[str, Any]]:
    def build(store: Any, object_type: str, record_id: int,
              context: dict[str, Any]) -> dict[str, Any]:
        result = sources.tool(name)(store, object_type, record_id)
        frame = getattr(result, "threads", result)
        items = [item(r) for r in frame.to_dict("records")]
        return {"title": title, "count": len(items), "empty": empty,
                "blocks": [{"type": "list", "items": items}] if items else []}
    return build


def _table_card(title: str, name: str, empty: str, columns: list[tuple[str, str]]
                ) -> Callable[..., dict[str, Any]]:
    def build(store: Any, object_type: str, record_id: int,
              context: dict[str, Any]) -> dict[str, Any]:
        frame = sources.tool(name)(store, object_type, record_id)
        rows = []
        for r in frame.head(MAX_ROWS).to_dict("records"):
            rows.append([{"value": _cell_raw(r.get(c)), "format": "money"}
                         if c in ("amount", "price") else _cell(r.get(c))
                         for _, c in columns])
        blocks: list[dict[str, Any]] = []
        if rows:
            blocks.append({"type": "table", "columns": [h for h, _ in columns],
                           "rows": rows, "align": ["right" if c in (
                               "amount", "price", "quantity") else "left"
                               for _, c in columns]})
        total = frame.attrs.get("total")
        if total is not None and rows:
            blocks.append({"type": "rows", "items": [
                {"label": "Total", "value": float(total), "format": "money"}]})
        return {"title": title, "count": len(frame), "blocks": blocks, "empty": empty}
    return build


def _meta(*parts: Any) -> str:
    return " · ".join(str(p) for p in parts if _cell_raw(p) not in (None, ""))


TOOL_BUILDERS: dict[str, Callable[..., dict[str, Any]]] = {
    "account_overview": account_card,
    "attribution": attribution_card,
    "conversations": _list_card(
        "Conversations", "conversations", "No conversations linked",
        lambda r: {"title": str(r.get("subject") or "Conversation"),
                   "meta": _meta(r.get("channel"), r.get("status"),
                                 f"{int(r.get('message_count') or 0)} messages")}),
    "line_items": _table_card("Line items", "line_items", "No line items yet",
                              [("Product", "product"), ("Qty", "quantity"),
                               ("Amount", "amount")]),
    "quotes": _table_card("Quotes", "quotes", "No quotes yet",
                          [("Quote", "title"), ("Status", "status"),
                           ("Amount", "amount")]),
    "memberships": _list_card(
        "List and workflow memberships", "memberships", "Not in any list or workflow",
        lambda r: {"title": str(r.get("name")),
                   "meta": _meta(r.get("kind"), r.get("status"))}),
    "playbooks": _list_card(
        "Playbooks", "playbooks", "No playbooks for this record",
        lambda r: {"title": str(r.get("name")),
                   "meta": _cell_raw(r.get("description")) or "",
                   "steps": [str(st.get("text")) for st in r.get("steps") or []]}),
    "salesforce_sync": sync_card,
}
