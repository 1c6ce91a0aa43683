"""crm_widgets: the CRM record page in Jupyter, backed by a DuckDB file.

The public face: open a portal with :func:`connect`, read it with the query functions
(each returns pandas DataFrames), import real exports, and show a record with
:class:`RecordView`.

Example:
    >>> import crm_widgets
    >>> store = crm_widgets.connect(":memory:")
    >>> store.close()
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from .errors import (
    ActionError,
    CrmWidgetsError,
    ExportFormatError,
    RecordNotFoundError,
    StoreLockedError,
    UnknownObjectTypeError,
)
from .store import Store, connect

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"

# Heavier parts load on first use, so `import crm_widgets` stays quick and a user who
# only wants the store does not pay for the widget.
_LAZY = {
    "RecordView": "crm_widgets.record_view",
    "import_hubspot_api": "crm_widgets.importers.hubspot_api",
    "import_hubspot_csv": "crm_widgets.importers.hubspot_csv",
    "import_fivetran_hubspot": "crm_widgets.importers.fivetran",
    "timeline": "crm_widgets.queries.timeline",
    "timeline_total": "crm_widgets.queries.timeline",
    "record": "crm_widgets.queries.records",
    "overview": "crm_widgets.queries.overview",
    "associations": "crm_widgets.queries.associations",
    "attachments": "crm_widgets.queries.attachments",
    "account_overview": "crm_widgets.queries.account",
    "attribution_report": "crm_widgets.attribution.reports",
    "compare_models": "crm_widgets.attribution.reports",
    "record_attribution": "crm_widgets.attribution.reports",
}
_SUBMODULES = {"actions": "crm_widgets.queries.actions",
               "tools": "crm_widgets.queries.tools",
               "attribution": "crm_widgets.attribution",
               "demo": "crm_widgets.demo"}

__all__ = [
    "ActionError", "CrmWidgetsError", "ExportFormatError", "RecordNotFoundError",
    "Store", "StoreLockedError", "UnknownObjectTypeError", "connect",
    *_LAZY, *_SUBMODULES,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    if name in _SUBMODULES:
        return importlib.import_module(_SUBMODULES[name])
    raise AttributeError(f"module 'crm_widgets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
