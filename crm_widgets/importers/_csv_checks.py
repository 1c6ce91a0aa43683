"""Checks of a staged HubSpot export CSV: bad ids, dates, links, conflicting copies."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ..errors import ExportFormatError
from ._csv_columns import Column
from ._sql import STAGE

# The staging column holding each row's record id as a BIGINT (NULL if not digits).
RECORD_ID = "_id"


def check_staged_rows(con: duckdb.DuckDBPyConnection, file: Path,
                      columns: list[Column]) -> bool:
    """Refuse the first bad cell, then conflicting copies of one record.

    Every check runs in one pass over the staged rows: each one finds its first bad
    row, and the checks are then read in the order a person would fix them (the id
    column first, then the other columns left to right). Dates were parsed while
    staging, so a bad date is a filled cell whose parsed column is NULL.

    Returns:
        Whether some record id appears on more than one row (all of them with the
        same values): the writer then keeps each id's first row.

    Raises:
        ExportFormatError: naming the file, the 1-based data row, the column's
            header and the cell.
    """
    record = next(c for c in columns if c.kind == "id")
    checks = [(record, f"{RECORD_ID} IS NULL")]
    for column in columns:
        if column.kind == "date":
            checks.append((column, f"nullif(trim({column.sql}), '') IS NOT NULL AND "
                                   f"{column.parsed_sql} IS NULL"))
        elif column.kind in ("association", "primary_association"):
            checks.append((column, f"list_bool_or(list_transform(string_split("
                                   f"{column.sql}, ';'), lambda v: trim(v) <> '' AND "
                                   "try_cast(trim(v) AS BIGINT) IS NULL))"))
    firsts = ", ".join(f"min(_row) FILTER (WHERE {where})" for _, where in checks)
    found = con.execute(
        f"SELECT {firsts}, count(*) > count(DISTINCT {RECORD_ID}) FROM {STAGE}"
    ).fetchone()
    for (column, _), row in zip(checks, found, strict=False):
        if row is not None:
            _refuse(con, file, column, row)
    repeated = bool(found[-1])
    if repeated:
        _check_copies(con, file, columns)
    return repeated


def _refuse(con: duckdb.DuckDBPyConnection, file: Path, column: Column,
            row: int) -> None:
    (cell,) = con.execute(f"SELECT {column.sql} FROM {STAGE} WHERE _row = ?",
                          [row]).fetchone()
    if column.kind == "id":
        message = f"{cell!r} is not a record id (expected digits)"
    elif column.kind == "date":
        message = (f"{cell!r} is not a date for {column.name} (expected a date such "
                   "as 2024-03-12 09:14 or 2024-03-12T09:14:00Z)")
    else:
        message = f"{cell!r} is not a list of record ids separated by ';'"
    raise ExportFormatError(message, path=str(file), row=row, field=column.label)


def _check_copies(con: duckdb.DuckDBPyConnection, file: Path,
                  columns: list[Column]) -> None:
    """Refuse a record id whose rows differ; ``007`` and ``7`` are the same id."""
    values = ", ".join(c.sql for c in columns if c.kind != "id") or "1"
    clash = con.execute(
        f"SELECT {RECORD_ID} FROM {STAGE} GROUP BY {RECORD_ID} "
        f"HAVING count(DISTINCT ({values})) > 1 ORDER BY min(_row) LIMIT 1").fetchone()
    if not clash:
        return
    names = ", ".join(["_row"] + [c.sql for c in columns])
    copies = con.execute(f"SELECT {names} FROM {STAGE} WHERE {RECORD_ID} = ? "
                         "ORDER BY _row", [clash[0]]).fetchall()
    first = copies[0]
    compared = [c for c in columns if c.kind != "id"]
    second = next(c for c in copies
                  if any(c[col.index + 1] != first[col.index + 1] for col in compared))
    field = next(c.label for c in compared
                 if first[c.index + 1] != second[c.index + 1])
    raise ExportFormatError(
        f"record {clash[0]} appears twice (rows {first[0]} and {second[0]}) with "
        "different values", path=str(file), row=second[0], field=field)
