"""SQL pieces for bulk imports: staging a file in DuckDB and reading dates there."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

# The staging table a CSV import reads into; a temporary table, never in the file.
STAGE = "_crm_import_stage"

# Datetime shapes seen in HubSpot exports and warehouse tables.
_FORMATS = ("'%Y-%m-%d %H:%M'", "'%Y-%m-%d %H:%M:%S'", "'%Y-%m-%d %H:%M:%S.%f'",
            "'%Y-%m-%d'", "'%m/%d/%Y %H:%M'", "'%m/%d/%Y'")


def parse_timestamp_sql(column: str) -> str:
    """A SQL expression: the column's text as a UTC TIMESTAMP, NULL if not a date.

    Accepts the export shapes above, ISO-8601 with ``Z`` or an offset, and
    milliseconds since 1970. ``column`` must be a generated, vetted column name.
    """
    text = f"trim({column})"
    return (
        f"(CASE WHEN regexp_full_match({text}, '\\d{{12,14}}') "
        f"THEN epoch_ms(try_cast({text} AS BIGINT)) "
        f"WHEN regexp_matches({text}, '(Z|[+-]\\d\\d:?\\d\\d)$') "
        f"THEN timezone('UTC', try_cast({text} AS TIMESTAMPTZ)) "
        f"ELSE coalesce(try_strptime({text}, [{', '.join(_FORMATS)}]), "
        f"try_cast({text} AS TIMESTAMP)) END)")


def iso_sql(column: str) -> str:
    """The column's date as HubSpot's ISO-8601 text (``2024-03-12T09:14:00.000Z``)."""
    return f"strftime({parse_timestamp_sql(column)}, '%Y-%m-%dT%H:%M:%S.%gZ')"


def stage_csv(con: duckdb.DuckDBPyConnection, file: Path, names: list[str],
              table: str = STAGE) -> None:
    """Read a CSV into a temporary table of VARCHAR columns plus its 1-based ``_row``.

    The header row is skipped and the columns take the generated ``names``, so no
    header text ever becomes SQL.
    """
    columns = ", ".join(f"'{n}': 'VARCHAR'" for n in names)
    con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(
        f"CREATE TEMP TABLE {table} AS SELECT row_number() OVER () AS _row, * "
        f"FROM read_csv(?, header = true, auto_detect = false, delim = ',', "
        f"quote = '\"', escape = '\"', columns = {{{columns}}})", [str(file)])


def first_ragged_row(file: Path) -> int | None:
    """The 1-based data row whose cell count differs from the header's, if any.

    Only read when DuckDB has refused a file, to say where the damage is.
    """
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            for number, cells in enumerate(reader, start=1):
                if cells and len(cells) != len(header):
                    return number
    except (UnicodeDecodeError, csv.Error):
        return None  # the error message from DuckDB still says what is wrong
    return None


def encoding_problem(file: Path, exc: UnicodeDecodeError) -> tuple[str, int | None]:
    """Say where a file stops being UTF-8: (message, 1-based data row or None).

    Only read when decoding has already failed; the file is read whole to find the
    byte, since the decoder's own position is within a buffered chunk.
    """
    raw = file.read_bytes()
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as whole:
        line = raw[:whole.start].count(b"\n")
        bad = raw[whole.start:whole.start + 1]
        where = "the header" if line == 0 else f"data row {line}"
        return (f"not UTF-8 text: byte {bad!r} in {where} (saved as latin-1 or "
                "UTF-16?); save the file as UTF-8", line or None)
    return f"not UTF-8 text ({exc})", None
