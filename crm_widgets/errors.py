"""The exceptions crm_widgets raises, so callers can catch ours and nothing else."""

from __future__ import annotations


class CrmWidgetsError(Exception):
    """Base class of every error raised on purpose by crm_widgets."""


class UnknownObjectTypeError(CrmWidgetsError, ValueError):
    """An object type name that is neither standard nor a known custom object."""


class RecordNotFoundError(CrmWidgetsError, LookupError):
    """A record id that the store does not hold for that object type."""


class StoreLockedError(CrmWidgetsError):
    """Another process holds the DuckDB file open for writing."""


class ExportFormatError(CrmWidgetsError, ValueError):
    """Bad input in an export file; names the file, the row and the field.

    Attributes:
        path: the file being read.
        row: the 1-based row (CSV data row, or index in a JSON results list), or None.
        field: the column or property name, or None.
    """

    def __init__(self, message: str, *, path: str, row: int | None = None,
                 field: str | None = None) -> None:
        self.path = str(path)
        self.row = row
        self.field = field
        where = [f"file {self.path}"]
        if row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {message}")


class ActionError(CrmWidgetsError, ValueError):
    """A write refused because its arguments were wrong; nothing was written."""
