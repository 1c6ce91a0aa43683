"""Left sidebar payloads: the record header, the About card, and the contact cards."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..model import HEADER_FIELDS
from .formats import currency_of, formatted
from .tags import stage_tag

_SHAPES = {"contacts": "circle"}
# Contact cards of the left sidebar and the properties behind them.
SUBSCRIPTION_PROPERTIES = ("hs_email_optout", "hs_marketable_status", "hs_legal_basis")
WEBSITE_STATS = ("hs_analytics_num_page_views", "hs_analytics_num_visits")
WEBSITE_ROWS = ("hs_analytics_first_timestamp", "hs_analytics_last_timestamp",
                "hs_analytics_first_url", "hs_analytics_last_url")


def _clean(value: Any) -> Any:
    """None for pandas' missing markers, so payloads hold JSON null."""
    if value is None:
        return None
    if not isinstance(value, (list, dict)) and pd.isna(value):
        return None
    return value


def header_payload(details: Any, *, following: bool | None) -> dict[str, Any]:
    """The header of the left sidebar from a ``queries.record`` result.

    Example:
        >>> header_payload(details, following=False)["name"]  # doctest: +SKIP
        'Maria Silva'
    """
    head = details.header
    email = _clean(head.get("email"))
    props = dict(zip(details.properties["name"], details.properties["value"],
                     strict=True))
    shown = {n: _clean(d) for n, d in zip(details.properties["name"],
                                         details.properties["display"], strict=True)}
    # A property shown as a tag (a deal's stage) is not repeated as a text line.
    tagged = {t.get("name") for t in head.get("tags", [])
              if _clean(t.get("value")) is not None}
    lines = []
    for name in HEADER_FIELDS.get(details.object_type, {}).get("secondary", ()):
        raw = _clean(props.get(name))
        if not raw or not shown.get(name) or name in tagged:
            continue
        value = formatted(name, raw, shown[name], currency_of(props))
        text = str(value["value"])
        lines.append({**value, "text": text, "copy": bool(email) and text == email})
    tags = [stage_tag(details.object_type, t.get("name"), _clean(t.get("value")),
                      _clean(t.get("display")))
            for t in head.get("tags", [])]
    primary = HEADER_FIELDS.get(details.object_type, {}).get("primary", ())
    return {
        "object_type": details.object_type, "record_id": int(details.record_id),
        "object_label": details.object_label, "name": details.name,
        "shape": _SHAPES.get(details.object_type, "square"),
        "name_property": primary[0] if primary else None,
        "lines": lines, "tags": [t for t in tags if t],
        "following": bool(following), "archived": bool(details.archived),
    }


def about_payload(details: Any) -> dict[str, Any]:
    """The "About this ..." card: one editable row per configured property."""
    options = _options_by_name(details.properties)
    currency = currency_of(dict(zip(details.properties["name"],
                                    details.properties["value"], strict=True)))
    rows = []
    for r in details.about.to_dict("records"):
        raw, shown = _clean(r["value"]), _clean(r["display"])
        rows.append({"name": r["name"], "label": _clean(r["label"]) or r["name"],
                     **formatted(r["name"], raw, shown, currency), "raw": raw,
                     "editable": True, "options": options.get(r["name"])})
    title = f"About this {details.object_label.lower()}"
    return {"title": title, "rows": rows}


def _options_by_name(properties: pd.DataFrame) -> dict[str, list[dict[str, str]]]:
    found = {}
    for name, opts in zip(properties["name"], properties["options"], strict=True):
        if isinstance(opts, list) and opts:
            found[name] = [{"value": str(o.get("value")), "label":
                            str(o.get("label", o.get("value")))} for o in opts]
    return found


def _lookup(properties: pd.DataFrame) -> dict[str, tuple[str, Any]]:
    return {n: (_clean(lbl) or n, _clean(d)) for n, lbl, d in zip(
        properties["name"], properties["label"], properties["display"], strict=True)}


def subscriptions_payload(details: Any) -> dict[str, Any]:
    """Communication subscriptions: opt-out, marketing status and legal basis."""
    props = _lookup(details.properties)
    rows = []
    for name in SUBSCRIPTION_PROPERTIES:
        label, shown = props.get(name, (name, None))
        if name == "hs_email_optout":
            label = "Unsubscribed from all email"
            shown = {"true": "Yes", "false": "No"}.get(str(shown).lower(), shown)
        rows.append({"label": label, "value": shown})
    return {"title": "Communication subscriptions",
            "blocks": [{"type": "rows", "items": rows}]}


def website_payload(details: Any) -> dict[str, Any]:
    """Website activity: page views and sessions, first and last visit."""
    props = _lookup(details.properties)
    if not any(props.get(n, (None, None))[1] for n in WEBSITE_STATS + WEBSITE_ROWS):
        return {"title": "Website activity", "blocks": [],
                "empty": "No tracked website visits yet"}
    stats = [{"label": label, "value": value, "format": "number"}
             for label, value in (props.get(n, (n, None)) for n in WEBSITE_STATS)]
    rows = [{"label": label, "value": value}
            for label, value in (props.get(n, (n, None)) for n in WEBSITE_ROWS)]
    return {"title": "Website activity", "blocks": [
        {"type": "stats", "items": stats}, {"type": "rows", "items": rows}]}
