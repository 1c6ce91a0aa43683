"""How a property value travels to the page: raw value plus the format to show it in.

The page formats with the browser's Intl (money in the record's currency, dates as
"30 Apr 2026"), so Python sends the stored value and a format name, not a string.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..activities import parse_timestamp
from ..queries.display import DATE_PROPERTIES

MONEY_PROPERTIES = frozenset({"amount", "annualrevenue", "hs_arr", "hs_mrr", "hs_tcv",
                              "hs_acv", "total_revenue", "recent_deal_amount"})
# Enumerations whose HubSpot values are upper-case codes a portal often leaves
# undefined; shown as "High", "In progress" when no option label says otherwise.
CODED_ENUMS = frozenset({"hs_ticket_priority", "hs_lead_status", "dealtype",
                         "source_type", "hs_ticket_category", "hs_priority"})
DEFAULT_CURRENCY = "USD"


def currency_of(props: Mapping[str, Any]) -> str:
    """The record's currency code (``deal_currency_code``), USD when unset.

    Example:
        >>> currency_of({"deal_currency_code": "eur"})
        'EUR'
    """
    code = str(props.get("deal_currency_code") or "").strip().upper()
    return code if len(code) == 3 and code.isalpha() else DEFAULT_CURRENCY


def code_label(value: str) -> str:
    """"IN_PROGRESS" -> "In progress"; a value with lower-case letters is kept.

    Example:
        >>> code_label("HIGH"), code_label("Open deal")
        ('High', 'Open deal')
    """
    if not value or value != value.upper():
        return value
    return value.replace("_", " ").capitalize()


def formatted(name: str, raw: Any, shown: Any, currency: str) -> dict[str, Any]:
    """``{"value", "format"[, "currency"]}`` for one property of a record.

    Example:
        >>> formatted("amount", "48000", "48000", "EUR")
        {'value': '48000', 'format': 'money', 'currency': 'EUR'}
    """
    if raw is None or raw == "":
        return {"value": None, "format": None}
    if name in MONEY_PROPERTIES:
        try:
            float(raw)
            return {"value": raw, "format": "money", "currency": currency}
        except (TypeError, ValueError):
            return {"value": shown, "format": None}
    if name in DATE_PROPERTIES:
        try:
            return {"value": parse_timestamp(str(raw)).isoformat(), "format": "date"}
        except (ValueError, OverflowError, AttributeError):
            return {"value": shown, "format": None}
    if name in CODED_ENUMS and shown == raw:
        return {"value": code_label(str(raw)), "format": None}
    return {"value": shown, "format": None}
