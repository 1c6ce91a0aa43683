"""Assemble every payload of a record page from the queries, one card at a time.

A card whose query fails becomes an error card ("Couldn't load deals") carrying the
Python error, and the rest of the page still draws.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import sources
from .associations import association_cards, association_tables, attachments_card
from .formats import currency_of
from .overview import highlights, stage_tracker
from .record_card import (
    about_payload,
    header_payload,
    subscriptions_payload,
    website_payload,
)
from .timeline import activity_item
from .tools import TOOL_BUILDERS, account_payload

logger = logging.getLogger(__name__)


def error_card(title: str, exc: BaseException) -> dict[str, Any]:
    """A card that shows a failure where it happened, with the details to hand."""
    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return {"title": title, "blocks": [{"type": "error",
                                        "title": f"Couldn't load {title.lower()}",
                                        "reason": str(exc)[:300], "detail": detail}]}


def guarded(title: str, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run one card's builder; log and turn a failure into an error card."""
    try:
        return build()
    except sources.Unavailable as exc:
        logger.warning("%s: %s", title, exc)
        return error_card(title, exc)
    except Exception as exc:
        logger.exception("building the %s card failed", title)
        return error_card(title, exc)


def left_payloads(store: Any, object_type: str, record_id: int, details: Any,
                  following: bool | None, keys: list[str]
                  ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The header, the About card and the other left-sidebar cards."""
    header = header_payload(details, following=following)
    about = about_payload(details)
    cards: dict[str, Any] = {}
    if "communication_subscriptions" in keys:
        cards["communication_subscriptions"] = guarded(
            "Communication subscriptions", lambda: subscriptions_payload(details))
    if "website_activity" in keys:
        cards["website_activity"] = guarded("Website activity",
                                            lambda: website_payload(details))
    return header, about, cards


@dataclass
class SharedReads:
    """Reads of the sidebars that the Overview tab shows again.

    Attributes:
        associations: the record's associations frame (None when it failed).
        recent: a company's recent activities, read by its account overview.
    """

    associations: pd.DataFrame | None = None
    recent: pd.DataFrame | None = None


def right_payloads(store: Any, object_type: str, record_id: int, keys: list[str],
                   context: dict[str, Any]
                   ) -> tuple[dict[str, Any], dict[str, Any], SharedReads]:
    """Association cards and tool cards for the keys the layout shows.

    Returns:
        ``(associations, tools, shared)``; ``shared`` holds what the Overview
        can reuse rather than read again.
    """
    assoc_keys = [k for k in keys if k.startswith("associations.")]
    shared = SharedReads()
    try:
        shared.associations = sources.query("associations")(store, object_type,
                                                            record_id)
        cards = association_cards(shared.associations, assoc_keys)
    except Exception as exc:
        logger.exception("associations of %s %s", object_type, record_id)
        cards = {k: error_card(k.split(".", 1)[1].capitalize(), exc)
                 for k in assoc_keys}
    tools: dict[str, Any] = {}
    if "attachments" in keys:
        tools["attachments"] = guarded("Attachments", lambda: attachments_card(
            sources.query("attachments")(store, object_type, record_id)))
    for key in keys:
        build = TOOL_BUILDERS.get(key)
        if key == "account_overview":
            build = _account_card(shared)
        if build is not None:
            tools[key] = guarded(key.replace("_", " ").capitalize(),
                                 lambda b=build: b(store, object_type, record_id,
                                                   context))
    return cards, tools, shared


def _account_card(shared: SharedReads) -> Callable[..., dict[str, Any]]:
    """The account card's builder, keeping its recent activities for the Overview.

    A company's account overview reads the same five past activities (timeline,
    past period, company and its contacts) as the company's Overview tab.
    """
    def build(store: Any, object_type: str, record_id: int,
              context: dict[str, Any]) -> dict[str, Any]:
        acc = sources.query("account_overview")(store, record_id)
        if isinstance(getattr(acc, "recent", None), pd.DataFrame):
            shared.recent = acc.recent
        return account_payload(acc)
    return build


def overview_payload(store: Any, object_type: str, record_id: int, *,
                     shared: SharedReads | None = None,
                     first_page: pd.DataFrame | None = None) -> dict[str, Any]:
    """The Overview tab: highlights, stage tracker, recent activities, tables.

    Args:
        shared: what :func:`right_payloads` read that the Overview shows again.
        first_page: the record's first timeline page with no filter: its past
            items are the recent activities when it holds enough of them.
    """
    try:
        shared = shared or SharedReads()
        recent = None if first_page is None else sources.query(
            "recent_from_page")(first_page)
        data = sources.query("overview")(
            store, object_type, record_id, associated=shared.associations,
            recent=shared.recent if recent is None else recent)
        frame = pd.concat([f for f in data.association_tables.values() if len(f)],
                          ignore_index=True) if any(
            len(f) for f in data.association_tables.values()) else None
        kinds = list(data.association_tables)
        currency = currency_of({"deal_currency_code": store.scalar(
            "SELECT value FROM record_properties WHERE object_type = ? AND "
            "record_id = ? AND name = 'deal_currency_code'",
            [object_type, record_id])})
        return {"stats": highlights(data.highlights, currency),
                "stage": stage_tracker(data.stages),
                "recent": [activity_item(r) for r in data.recent.to_dict("records")],
                "tables": association_tables(frame, kinds) if frame is not None
                else [{"key": k, "title": k.capitalize(), "count": 0, "columns": [],
                       "rows": [], "empty": f"No {k} associated yet"} for k in kinds]}
    except Exception as exc:
        logger.exception("overview of %s %s", object_type, record_id)
        return {"error": str(exc)}
