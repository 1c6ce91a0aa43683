"""Import a HubSpot CRM export CSV (property labels as headers) into a store."""

from __future__ import annotations

import csv
import logging
import os
import re
from pathlib import Path

import duckdb

from ..errors import ExportFormatError, UnknownObjectTypeError
from ..store import Store
from ._csv_checks import RECORD_ID, check_staged_rows
from ._csv_columns import Column, infer_object_type, map_columns
from ._csv_write import write_csv_rows
from ._load import ImportReport, date_property_names, require_file
from ._sql import STAGE, encoding_problem, parse_export_timestamp_sql, stage_csv

logger = logging.getLogger(__name__)

_LINE = re.compile(r"CSV Error on Line: (\d+)")


def import_hubspot_csv(store: Store, path: str | os.PathLike[str],
                       object_type: str | None = None) -> ImportReport:
    """Import one HubSpot CRM export CSV, all of it or nothing.

    Headers are property labels with ``Record ID`` first; ``Associated Company IDs``
    style columns (``;``-separated) become associations, ``Primary Associated Company
    ID`` a primary one; owner cells may be an owner's email, name or id; datetimes
    look like ``2024-03-12 09:14``. Labels map to property names through the store's
    property definitions, then HubSpot's default labels, then a snake_case of the
    label. The rows are loaded and checked inside DuckDB, so a file of a million
    rows needs no Python loop.

    Known limit: export datetimes are in the portal's time zone, which the file does
    not say; they are stored as if they were UTC.

    Args:
        store: the portal to write into.
        path: the CSV file (UTF-8, with or without a BOM; LF or CRLF lines).
        object_type: ``contacts``, ``deals``...; inferred from the headers if None.

    Returns:
        An :class:`ImportReport` of the rows written.

    Raises:
        ExportFormatError: no ``Record ID`` column, a bad id, a non-date in a date
            column, the same id twice with different values, an object type that
            cannot be told, or a malformed or empty file. The store is unchanged.

    Example:
        >>> import crm_widgets
        >>> store = crm_widgets.connect(":memory:")
        >>> report = crm_widgets.import_hubspot_csv(
        ...     store, "data/sample_export/hubspot-crm-exports-contacts-2024-03-01.csv")
        >>> report.rows["records"]
        3
    """
    file = Path(path)
    require_file(file)
    labels = _headers(file)
    kind = _object_type(store, file, labels, object_type)
    columns = map_columns(store, kind, labels, date_property_names(store, kind))
    report = ImportReport(str(file))
    report.skipped += [f"column {c.label!r} (names only; the ids column is used)"
                       for c in columns if c.kind == "skip"]

    try:
        _stage(store.con, file, columns)
        repeated = check_staged_rows(store.con, file, columns)
        write_csv_rows(store, kind, columns, report, repeated=repeated)
    finally:
        store.con.execute(f"DROP TABLE IF EXISTS {STAGE}")
    logger.info("imported %s (%s): %s", file, kind, report.rows)
    return report


def _headers(file: Path) -> list[str]:
    with file.open(encoding="utf-8-sig", newline="") as handle:
        try:
            labels = next(csv.reader(handle))
        except StopIteration:
            raise ExportFormatError("the file is empty", path=str(file)) from None
        except csv.Error as exc:
            raise ExportFormatError(f"not a readable CSV header ({exc})",
                                    path=str(file)) from None
        except UnicodeDecodeError as exc:
            message, row = encoding_problem(file, exc)
            raise ExportFormatError(message, path=str(file), row=row) from None
    stripped = [label.strip() for label in labels]
    if "record id" not in {label.lower() for label in stripped}:
        raise ExportFormatError(
            "no 'Record ID' column; a HubSpot export has the record id first "
            f"(found headers: {', '.join(stripped[:6])})", path=str(file),
            field="Record ID")
    seen: set[str] = set()
    for label in stripped:
        if label.lower() in seen:
            raise ExportFormatError("the same header appears twice", path=str(file),
                                    field=label)
        seen.add(label.lower())
    return stripped


def _object_type(store: Store, file: Path, labels: list[str],
                 given: str | None) -> str:
    if given is not None:
        try:
            return store.object_type(given)
        except UnknownObjectTypeError as exc:
            raise ExportFormatError(str(exc), path=str(file)) from None
    found = infer_object_type(labels)
    if found is None:
        raise ExportFormatError(
            "cannot tell which object type this export holds (no header such as "
            "'Deal Name', 'Ticket name', 'First Name' or 'Company name'); pass "
            "object_type=", path=str(file))
    return found


def _stage(con: duckdb.DuckDBPyConnection, file: Path, columns: list[Column]) -> None:
    """Read the file once, with each row's id and every date column parsed."""
    record = next(c for c in columns if c.kind == "id")
    derived = [(RECORD_ID, f"try_cast(trim({record.sql}) AS BIGINT)")]
    derived += [(c.parsed_sql, parse_export_timestamp_sql(c.sql))
                for c in columns if c.kind == "date"]
    try:
        stage_csv(con, file, [c.sql for c in columns], derived=derived)
    except (duckdb.InvalidInputException, duckdb.ConversionException) as exc:
        line = _LINE.search(str(exc))
        first = str(exc).splitlines()[0]
        raise ExportFormatError(
            f"malformed CSV: {first}", path=str(file),
            row=int(line[1]) - 1 if line else None) from None
