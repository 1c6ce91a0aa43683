"""Importers: real HubSpot exports (API JSON, CRM export CSV, Fivetran tables) in."""

from __future__ import annotations

import importlib
from typing import Any

from ._load import ImportReport

__all__ = ["ImportReport", "import_fivetran_hubspot", "import_hubspot_api",
           "import_hubspot_csv"]

_MODULES = {"import_hubspot_api": ".hubspot_api", "import_hubspot_csv": ".hubspot_csv",
            "import_fivetran_hubspot": ".fivetran"}


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return getattr(importlib.import_module(_MODULES[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
