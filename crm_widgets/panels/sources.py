"""Find the query and action functions the panels use, by their public names.

The widget reaches every query through here, so a portal whose optional parts are
missing (an older install, a module not written yet) still shows the rest of the
page, and the missing card says plainly what is missing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

# Public name -> module that defines it.
QUERIES: dict[str, str] = {
    "record": "crm_widgets.queries.records",
    "property_history": "crm_widgets.queries.records",
    "timeline": "crm_widgets.queries.timeline",
    "timeline_total": "crm_widgets.queries.timeline",
    "overview": "crm_widgets.queries.overview",
    "recent_from_page": "crm_widgets.queries.overview",
    "associations": "crm_widgets.queries.associations",
    "attachments": "crm_widgets.queries.attachments",
    "account_overview": "crm_widgets.queries.account",
    "record_attribution": "crm_widgets.attribution.reports",
}
ACTIONS_MODULE = "crm_widgets.queries.actions"
TOOLS_MODULE = "crm_widgets.queries.tools"


class Unavailable(LookupError):
    """A query or action this page needs is not installed."""


def query(name: str) -> Callable[..., Any]:
    """The query function called ``name``.

    Raises:
        Unavailable: its module or the function is missing.

    Example:
        >>> query("timeline").__name__
        'timeline'
    """
    return _find(QUERIES[name], name)


def action(name: str) -> Callable[..., Any]:
    """The write action called ``name`` from ``crm_widgets.queries.actions``."""
    return _find(ACTIONS_MODULE, name)


def tool(name: str) -> Callable[..., Any]:
    """A tool-card query (``memberships``, ``playbooks``...) from ``queries.tools``."""
    return _find(TOOLS_MODULE, name)


def _find(module: str, name: str) -> Callable[..., Any]:
    try:
        found = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise Unavailable(f"{module}.{name} is not available: {exc}") from exc
    return found
