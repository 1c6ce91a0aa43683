"""Import the warehouse tables of Fivetran's HubSpot connector (CSV or Parquet)."""

from __future__ import annotations

import csv
import logging
import os
import re
from pathlib import Path

import duckdb
from tqdm.auto import tqdm

from ..errors import ExportFormatError
from ..store import Store
from . import _fivetran_tables as maps
from . import _fivetran_write as write
from ._load import ImportReport, require_file
from ._sql import encoding_problem, first_ragged_row, parse_timestamp_sql, stage_csv

logger = logging.getLogger(__name__)

_FILE = re.compile(r"^(?P<table>[a-z0-9_]+?)(?:_data)?\.(?P<ext>csv|parquet)$")
_LINE = re.compile(r"CSV Error on Line: (\d+)")
# Fivetran writes snake_case column names (one seed has a '-'): anything else is
# refused, so a column name can be named in SQL without quoting trouble.
_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")


def import_fivetran_hubspot(store: Store, folder: str | os.PathLike[str], *,
                            progress: bool | None = None) -> ImportReport:
    """Import a folder of Fivetran HubSpot tables, all of it or nothing.

    Files are named after their table (``contact.csv``, ``deal_company.parquet``,
    or ``contact_data.csv`` as in Fivetran's dbt seeds). Object tables become records
    with their ``property_*`` columns as properties; ``engagement_*`` tables become
    activities; association, owner, team, list, pipeline and property-history tables
    fill their store tables. Tables with no counterpart are listed in
    ``report.skipped``. Ids that join nothing (an association to a contact that is
    not in the export) are imported and counted in ``report.warnings``.

    Args:
        store: the portal to write into.
        folder: the folder of table files.
        progress: show a progress bar over the tables; by default for more than 20.

    Returns:
        An :class:`ImportReport`.

    Raises:
        ExportFormatError: an empty or malformed file, a missing id column, an id
            that is not a number, a non-date in a date column, or one key twice
            with different values. The store is left unchanged.

    Example:
        >>> import crm_widgets
        >>> store = crm_widgets.connect(":memory:")
        >>> report = crm_widgets.import_fivetran_hubspot(store, "warehouse_export/")
        >>> report.rows["records"], report.skipped[:1]  # doctest: +SKIP
        (115, ['email_campaign_data.csv: no counterpart in the store'])
    """
    root = Path(folder)
    if not root.is_dir():
        raise ExportFormatError("not a folder of Fivetran tables", path=str(root))
    report = ImportReport(str(root))
    tables = _find_tables(root, report)
    con = store.con
    show = progress if progress is not None else len(tables) > 20
    try:
        for table, path in tqdm(sorted(tables.items()), desc="staging",
                                disable=not show):
            _stage(con, table, path)
            _check(con, table, path)
        with store.transaction():
            write.write_all(store, tables, report)
    finally:
        for table in tables:
            con.execute(f"DROP TABLE IF EXISTS {write.staged(table)}")
    logger.info("imported %s: %s", root, report.rows)
    return report


def _find_tables(root: Path, report: ImportReport) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(root.iterdir()):
        match = _FILE.match(path.name.lower())
        if not path.is_file() or match is None:
            continue
        table = match["table"]
        if table not in maps.KNOWN_TABLES:
            report.skipped.append(f"{path.name}: no counterpart in the store")
        elif table in found:
            raise ExportFormatError(f"table {table} is also in {found[table].name}",
                                    path=str(path))
        else:
            found[table] = path
    if not found:
        raise ExportFormatError("no Fivetran HubSpot tables found (contact.csv, "
                                "deal.csv, ...)", path=str(root))
    return found


def _stage(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    """Copy a file into a temporary table of text columns with a 1-based ``_row``."""
    require_file(path)
    name = write.staged(table)
    try:
        if path.suffix.lower() == ".parquet":
            con.execute(f"DROP TABLE IF EXISTS {name}")
            con.execute(f"CREATE TEMP TABLE {name} AS SELECT row_number() OVER () AS "
                        "_row, COLUMNS(*)::VARCHAR FROM read_parquet(?)", [str(path)])
            _vet_columns(path, write.columns_of_table(con, name)[1:])
        else:
            stage_csv(con, path, _vet_columns(path, _csv_header(path)), table=name)
    except duckdb.Error as exc:
        line = _LINE.search(str(exc))
        row = int(line[1]) - 1 if line else None
        if row is None and path.suffix.lower() == ".csv":
            row = first_ragged_row(path)
        raise ExportFormatError(f"unreadable table: {str(exc).splitlines()[0]}",
                                path=str(path), row=row) from None
    present = write.columns_of(con, table)
    for column in _optional(table):
        if column not in present:
            # Absent optional columns read as NULL; names are schema constants.
            con.execute(f'ALTER TABLE {name} ADD COLUMN "{column}" VARCHAR')


def _csv_header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [h.strip() for h in next(csv.reader(handle), [])]
    except csv.Error as exc:
        raise ExportFormatError(f"not a readable CSV header ({exc})",
                                path=str(path)) from None
    except UnicodeDecodeError as exc:
        message, row = encoding_problem(path, exc)
        raise ExportFormatError(message, path=str(path), row=row) from None


def _vet_columns(path: Path, names: list[str]) -> list[str]:
    seen: set[str] = set()
    for name in names:
        if not _COLUMN.match(name):
            raise ExportFormatError("not a Fivetran column name (letters, digits, "
                                    "'_' and '-' only)", path=str(path), field=name)
        if name in seen:
            raise ExportFormatError("the same column appears twice", path=str(path),
                                    field=name)
        seen.add(name)
    return names


def _optional(table: str) -> tuple[str, ...]:
    spec = maps.TABLE_MAPS.get(table)
    if spec is not None:
        return (*spec.optional, "_fivetran_deleted")
    if table in maps.RECORD_TABLES:
        return ("_fivetran_deleted", "is_deleted", *(
            c for c, _ in maps.RECORD_TABLES[table].extra_properties))
    if table in maps.ASSOCIATION_TABLES:
        return ("type_id",)
    if table in maps.ENGAGEMENT_LINK_TABLES:
        return ("engagement_type",)
    return ("_fivetran_deleted",)


def _required(table: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...],
                                   tuple[str, ...]]:
    """(required, ids, dates, key) source columns of a table."""
    spec = maps.TABLE_MAPS.get(table)
    if spec is not None:
        return spec.required, spec.ids, spec.dates, spec.key
    if table in maps.RECORD_TABLES:
        column = maps.RECORD_TABLES[table].id_column
        dates = ("property_createdate", "property_closedate",
                 "property_hs_lastmodifieddate")
        return (column,), (column,), dates, (column,)
    if table in maps.ASSOCIATION_TABLES:
        a, _, b, _ = maps.ASSOCIATION_TABLES[table]
        return (a, b), (a, b), (), ()
    if table in maps.ENGAGEMENT_LINK_TABLES:
        column = maps.ENGAGEMENT_LINK_TABLES[table][0]
        return ("engagement_id", column), ("engagement_id", column), (), ()
    dates = ("property_hs_timestamp", "property_hs_createdate", "start_time",
             "end_time")
    return ("engagement_id",), ("engagement_id",), dates, ("engagement_id",)


def _check(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    """Refuse missing id columns, bad ids, bad dates and conflicting duplicates."""
    name = write.staged(table)
    present = write.columns_of(con, table)
    required, ids, dates, key = _required(table)
    for column in required:
        if column not in present:
            raise ExportFormatError(f"the table has no {column!r} column",
                                    path=str(path), field=column)
    for column in ids:
        bad = con.execute(
            f'SELECT _row, "{column}" FROM {name} WHERE try_cast(trim("{column}") AS '
            'BIGINT) IS NULL ORDER BY _row LIMIT 1').fetchone()
        if bad:
            raise ExportFormatError(f"{bad[1]!r} is not an id (expected digits)",
                                    path=str(path), row=bad[0], field=column)
    for column in (d for d in dates if d in present):
        bad = con.execute(
            f'SELECT _row, "{column}" FROM {name} WHERE nullif(trim("{column}"), \'\') '
            f"IS NOT NULL AND {parse_timestamp_sql(_quoted(column))} IS NULL "
            'ORDER BY _row LIMIT 1').fetchone()
        if bad:
            raise ExportFormatError(f"{bad[1]!r} is not a date", path=str(path),
                                    row=bad[0], field=column)
    if key:
        _check_duplicates(con, table, path, key)


def _quoted(column: str) -> str:
    return f'"{column}"'


def _check_duplicates(con: duckdb.DuckDBPyConnection, table: str, path: Path,
                      key: tuple[str, ...]) -> None:
    name = write.staged(table)
    keys = ", ".join(f'trim("{k}")' for k in key)
    clash = _first_clash(con, name, keys)
    if clash is None:
        return
    first, second, column = clash
    raise ExportFormatError(
        f"{', '.join(key)} appears twice (rows {first} and {second}) with different "
        "values", path=str(path), row=second, field=column)


def _first_clash(con: duckdb.DuckDBPyConnection, name: str,
                 keys: str) -> tuple[int, int, str] | None:
    """Rows of the first key that appears with different values, and one column."""
    dupes = con.execute(
        f"SELECT list(_row ORDER BY _row) FROM {name} GROUP BY {keys} "
        "HAVING count(*) > 1 ORDER BY min(_row)").fetchall()
    if not dupes:
        return None
    columns = [c for c in write.columns_of_table(con, name) if c != "_row"]
    for (numbers,) in dupes:
        copies = con.execute(f"SELECT * EXCLUDE (_row) FROM {name} WHERE _row IN "
                             f"(SELECT unnest(?)) ORDER BY _row", [numbers]).fetchall()
        for number, copy in zip(numbers[1:], copies[1:], strict=True):
            for column, a, b in zip(columns, copies[0], copy, strict=True):
                if a != b:
                    return numbers[0], number, column
    return None
