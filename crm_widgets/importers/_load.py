"""What every importer shares: the import report, bulk writes, and date checks."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from ..activities import parse_timestamp
from ..errors import ExportFormatError
from ..model import (
    ACTIVITY_ASSOCIATION_TYPE_IDS,
    ASSOCIATION_TYPE_IDS,
    PRIMARY_ASSOCIATION_TYPE_IDS,
)
from ..store import Store

logger = logging.getLogger(__name__)

# Tables an importer may write; bulk inserts refuse any other name.
WRITABLE_TABLES = frozenset({
    "records", "record_properties", "property_history", "property_definitions",
    "pipelines", "pipeline_stages", "owners", "teams", "team_members", "associations",
    "activities", "activity_associations", "lists", "list_memberships",
    "association_labels",
})

# Properties that hold dates in every portal, whatever the property definitions say.
DATE_PROPERTIES = frozenset({
    "createdate", "closedate", "lastmodifieddate", "hs_lastmodifieddate",
    "hs_createdate", "hs_timestamp", "notes_last_contacted", "notes_last_updated",
    "notes_next_activity_date", "hs_meeting_start_time", "hs_meeting_end_time",
    "closed_date", "first_agent_reply_date", "hs_lastcontacted",
})

# Reverse direction of every record-to-record association type id.
REVERSE_TYPE_IDS: dict[int, int] = {}
for _pairs in (ASSOCIATION_TYPE_IDS, PRIMARY_ASSOCIATION_TYPE_IDS):
    for (_from, _to), _id in _pairs.items():
        if (_to, _from) in _pairs:
            REVERSE_TYPE_IDS[_id] = _pairs[(_to, _from)]


_PRIMARY_IDS = frozenset(PRIMARY_ASSOCIATION_TYPE_IDS.values())


@dataclass
class ImportReport:
    """What an import wrote and what it noticed.

    Attributes:
        source: the file or folder imported.
        rows: rows written, per table.
        warnings: things that imported but deserve a look (dangling associations,
            duplicate snapshots, missing timestamps).
        skipped: files or tables that were not imported, with the reason.

    Example:
        >>> report = ImportReport("contacts.json")
        >>> report.add("records", 3)
        >>> report.rows
        {'records': 3}
    """

    source: str
    rows: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def add(self, table: str, count: int) -> None:
        """Count ``count`` more rows written to ``table``."""
        if count:
            self.rows[table] = self.rows.get(table, 0) + int(count)

    def warn(self, message: str) -> None:
        """Record a warning and log it."""
        logger.warning("%s: %s", self.source, message)
        self.warnings.append(message)

    def to_frame(self) -> pd.DataFrame:
        """Rows written per table as a DataFrame (``table``, ``rows``), largest first.

        Example:
            >>> report = ImportReport("x.csv", rows={"records": 3, "owners": 1})
            >>> report.to_frame()["table"].tolist()
            ['records', 'owners']
        """
        frame = pd.DataFrame(sorted(self.rows.items()), columns=["table", "rows"])
        return frame.sort_values("rows", ascending=False, kind="stable",
                                 ignore_index=True)

    def __str__(self) -> str:
        lines = [f"Imported {self.source}"]
        lines += [f"  {table}: {n}" for table, n in sorted(self.rows.items())]
        lines += [f"  warning: {w}" for w in self.warnings]
        lines += [f"  skipped: {s}" for s in self.skipped]
        return "\n".join(lines)


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str],
                rows: Iterable[Sequence[Any]], *, conflict: str = "replace") -> int:
    """Bulk-insert rows through an Arrow table, in one statement.

    Args:
        con: the connection, inside the caller's transaction.
        table: one of :data:`WRITABLE_TABLES`.
        columns: column names (vetted constants from the importer).
        rows: tuples in ``columns`` order; their keys must be unique.
        conflict: ``"replace"``, ``"ignore"`` or ``"error"`` on a key clash.

    Returns:
        The number of rows handed to DuckDB.
    """
    if table not in WRITABLE_TABLES:
        raise ValueError(f"importers do not write table {table!r}")
    rows = list(rows)
    if not rows:
        return 0
    arrays = {c: pa.array([r[i] for r in rows]) for i, c in enumerate(columns)}
    verb = {"replace": "INSERT OR REPLACE", "ignore": "INSERT OR IGNORE",
            "error": "INSERT"}[conflict]
    view = f"_incoming_{table}"
    con.register(view, pa.table(arrays))
    try:
        names = ", ".join(columns)
        con.execute(f"{verb} INTO {table} ({names}) SELECT {names} FROM {view}")
    finally:
        con.unregister(view)
    return len(rows)


def association_rows(from_type: str, from_id: int, to_type: str, to_id: int,
                     type_id: int, category: str = "HUBSPOT_DEFINED",
                     label: str | None = None) -> list[tuple[Any, ...]]:
    """The association row and, where the model knows it, its reverse row."""
    if label is None and type_id in _PRIMARY_IDS and category == "HUBSPOT_DEFINED":
        label = "Primary"
    rows = [(from_type, from_id, to_type, to_id, category, type_id, label)]
    reverse = REVERSE_TYPE_IDS.get(type_id) if category == "HUBSPOT_DEFINED" else None
    if reverse is not None:
        rows.append((to_type, to_id, from_type, from_id, category, reverse, label))
    return rows


ASSOCIATION_COLUMNS = ("from_type", "from_id", "to_type", "to_id", "category",
                       "type_id", "label")


def unlabeled_type_id(from_type: str, to_type: str) -> int | None:
    """HubSpot's unlabeled association type id between two record types."""
    return ASSOCIATION_TYPE_IDS.get((from_type, to_type))


def activity_type_id(activity_type: str, record_type: str) -> int | None:
    """HubSpot's association type id from an engagement to a record type."""
    return ACTIVITY_ASSOCIATION_TYPE_IDS.get((activity_type, record_type))


def check_timestamp(value: Any, *, path: Path | str, row: int | None,
                    field_name: str) -> datetime | None:
    """Parse a HubSpot date value, or raise an ExportFormatError naming where it was."""
    try:
        if isinstance(value, str):
            return _parse_text(value)
        return parse_timestamp(value)
    except (ValueError, OverflowError, TypeError) as exc:
        raise ExportFormatError(
            f"{value!r} is not a date (expected ISO-8601 such as "
            f"2024-03-12T09:14:00Z, or milliseconds since 1970)",
            path=str(path), row=row, field=field_name) from exc


@lru_cache(maxsize=65536)
def _parse_text(value: str) -> datetime | None:
    """parse_timestamp for text, remembered: exports repeat the same moments a lot."""
    text = value.strip()
    if not text or text.isdigit():
        return parse_timestamp(text)
    try:
        moment = datetime.fromisoformat(text)  # the common shapes, fast
    except ValueError:
        return parse_timestamp(text)  # dateutil reads the rarer ISO-8601 forms
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def date_property_names(store: Store, object_type: str) -> frozenset[str]:
    """Date properties of an object type: the built-in set plus the definitions'."""
    rows = store.con.execute(
        "SELECT name FROM property_definitions WHERE object_type = ? "
        "AND type IN ('date', 'datetime')", [object_type]).fetchall()
    return DATE_PROPERTIES | {r[0] for r in rows}


def table_counts(store: Store) -> dict[str, int]:
    """Row count of every table in the store: what an import changed, or did not."""
    tables = store.con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()
    # Table names come from the catalogue, not from user input.
    return {t: store.con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0]
            for (t,) in tables}


def dangling_associations(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Associations whose far end is not a record in the store, per record type.

    Counted over the whole store, after the writes of the running import.
    """
    rows = con.execute(
        "SELECT a.to_type, count(*) FROM associations a "
        "LEFT JOIN records r ON r.object_type = a.to_type AND r.id = a.to_id "
        "WHERE r.id IS NULL GROUP BY a.to_type ORDER BY a.to_type").fetchall()
    return {t: n for t, n in rows}


def require_file(path: Path) -> None:
    """Refuse a missing or empty file with an ExportFormatError."""
    if not path.is_file():
        raise ExportFormatError("no such file", path=str(path))
    if path.stat().st_size == 0:
        raise ExportFormatError("the file is empty", path=str(path))
