"""Write a staged HubSpot export CSV into the store with set-based SQL, in one go."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from ..model import PRIMARY_ASSOCIATION_TYPE_IDS
from ..store import Store
from ._csv_checks import RECORD_ID
from ._csv_columns import Column
from ._load import REVERSE_TYPE_IDS, ImportReport, unlabeled_type_id
from ._sql import STAGE, iso_text_sql

_OWNER_MAP = "_crm_import_owner_map"

# Each record id's first staged row, for files that repeat a record.
_FIRST_ROWS = (f"(SELECT * FROM {STAGE} QUALIFY row_number() OVER (PARTITION BY "
               f"{RECORD_ID} ORDER BY _row) = 1)")


def write_csv_rows(store: Store, object_type: str, columns: list[Column],
                   report: ImportReport, *, repeated: bool = False) -> None:
    """Records, properties and associations of the staged rows, in one transaction.

    The rows go from the staging table straight into the store's tables. Where the
    store holds none of the file's records yet, they are plain inserts, which skip
    DuckDB's search for rows to replace.

    Args:
        store: the portal written into.
        object_type: the records' object type.
        columns: what each staged column holds.
        report: counts rows written and collects warnings.
        repeated: some id appears on several (identical) rows; its first row is used.
    """
    con = store.con
    owners = [c for c in columns if c.kind == "owner"]
    owner_map = _owner_map(con, owners, report)
    source = _FIRST_ROWS if repeated else STAGE
    try:
        con.register(_OWNER_MAP, owner_map)
        with store.transaction():
            report.add("records", _records(con, object_type, columns, source))
            report.add("record_properties",
                       _properties(con, object_type, columns, source))
            for column in columns:
                if column.kind in ("association", "primary_association"):
                    report.add("associations", _associations(
                        con, object_type, column, source, report))
    finally:
        con.unregister(_OWNER_MAP)


def _owner_map(con: duckdb.DuckDBPyConnection, owners: list[Column],
               report: ImportReport) -> pa.Table:
    """Owner cells (an email, a full name or an id) -> owner id."""
    raw: set[str] = set()
    for column in owners:
        raw |= {r[0] for r in con.execute(
            f"SELECT DISTINCT trim({column.sql}) FROM {STAGE} "
            f"WHERE nullif(trim({column.sql}), '') IS NOT NULL").fetchall()}
    keys: dict[str, str] = {}
    for owner_id, email, first, last in con.execute(
            "SELECT id, email, first_name, last_name FROM owners").fetchall():
        keys[str(owner_id)] = str(owner_id)
        if email:
            keys[email.lower()] = str(owner_id)
        name = " ".join(p for p in (first, last) if p)
        if name:
            keys.setdefault(name.lower(), str(owner_id))
    found = {value: keys[value.lower()] for value in raw if value.lower() in keys}
    unknown = sorted(v for v in raw - found.keys() if not v.isdigit())
    if unknown:
        report.warn(f"{len(unknown)} owner values match no owner in the store and are "
                    f"kept as written (first: {unknown[0]!r}); import owners first")
    return pa.table({"raw": pa.array(list(found), pa.string()),
                     "owner_id": pa.array(list(found.values()), pa.string())})


def _holds_any(con: duckdb.DuckDBPyConnection, table: str, id_column: str,
               object_type: str) -> bool:
    """Whether ``table`` already has rows for some staged record id.

    ``table`` and ``id_column`` are this module's constants, never input.
    """
    return bool(con.execute(
        f"SELECT EXISTS (SELECT 1 FROM {table} WHERE object_type = ? AND {id_column} "
        f"IN (SELECT {RECORD_ID} FROM {STAGE}))", [object_type]).fetchone()[0])


def _records(con: duckdb.DuckDBPyConnection, object_type: str,
             columns: list[Column], source: str) -> int:
    """One row per record id; creation and change times from their date columns."""
    moments = []
    for names in (("createdate",), ("lastmodifieddate", "hs_lastmodifieddate")):
        found = next((c for name in names for c in columns
                      if c.name == name and c.kind == "date"), None)
        moments.append(f"s.{found.parsed_sql}" if found else "CAST(NULL AS TIMESTAMP)")
    insert = ("INSERT INTO records (object_type, id, created_at, updated_at) "
              f"SELECT ?, s.{RECORD_ID}, {moments[0]}, {moments[1]} FROM {source} s")
    if _holds_any(con, "records", "id", object_type):
        insert += (" ON CONFLICT (object_type, id) DO UPDATE SET "
                   "created_at = coalesce(excluded.created_at, created_at), "
                   "updated_at = coalesce(excluded.updated_at, updated_at)")
    return con.execute(insert, [object_type]).fetchall()[0][0]


def _properties(con: duckdb.DuckDBPyConnection, object_type: str,
                columns: list[Column], source: str) -> int:
    """One EAV row per filled cell; an empty cell leaves a stored value alone.

    Where two columns map to one property name, the left-most filled cell wins.

    Known limit: this insert is most of a large import's time, and most of that is
    DuckDB adding every row to ``record_properties``' primary-key index (for a
    million contacts, 8M keys: about 6x the CPU of reading the file with
    ``read_csv``, against about 2.3x for the same rows in a table without a key).
    """
    by_name: dict[str, list[Column]] = {}
    for column in columns:
        if column.kind in ("property", "date", "owner"):
            by_name.setdefault(column.name, []).append(column)
    if not by_name:
        return 0
    cells = []
    for group in by_name.values():
        values = [_cell_sql(c) for c in group]
        cells.append(values[0] if len(values) == 1 else
                     "coalesce(" + ", ".join(f"nullif({v}, '')" for v in values) + ")")
    joins = " ".join(f"LEFT JOIN {_OWNER_MAP} o{c.sql} ON "
                     f"o{c.sql}.raw = trim(s.{c.sql})"
                     for c in columns if c.kind == "owner")
    verb = ("INSERT OR REPLACE" if _holds_any(con, "record_properties", "record_id",
                                              object_type) else "INSERT")
    return con.execute(
        f"{verb} INTO record_properties (object_type, record_id, name, value) "
        f"SELECT * FROM (SELECT ?, s.{RECORD_ID}, unnest(?::VARCHAR[]) AS name, "
        f"unnest([{', '.join(cells)}]) AS value FROM {source} s {joins}) "
        "WHERE value <> ''", [object_type, list(by_name)]).fetchall()[0][0]


def _cell_sql(column: Column) -> str:
    """A staged cell as the stored text: dates in ISO-8601, owners as owner ids."""
    if column.kind == "date":
        return iso_text_sql(f"s.{column.parsed_sql}")
    if column.kind == "owner":
        return f"coalesce(o{column.sql}.owner_id, trim(s.{column.sql}))"
    return f"s.{column.sql}"


def _associations(con: duckdb.DuckDBPyConnection, object_type: str, column: Column,
                  source: str, report: ImportReport) -> int:
    """Both directions of each id in an ``Associated ... IDs`` cell."""
    to_type = column.name
    type_ids = [unlabeled_type_id(object_type, to_type)]
    if column.kind == "primary_association":
        type_ids.append(PRIMARY_ASSOCIATION_TYPE_IDS.get((object_type, to_type)))
    written = 0
    for type_id in (t for t in type_ids if t is not None):
        reverse = REVERSE_TYPE_IDS.get(type_id)
        label = "Primary" if type_id in PRIMARY_ASSOCIATION_TYPE_IDS.values() else None
        pairs = (f"SELECT DISTINCT {RECORD_ID} AS a, CAST(trim(v) AS BIGINT) AS b "
                 f"FROM {source}, unnest(string_split({column.sql}, ';')) AS part(v) "
                 "WHERE trim(v) <> ''")
        written += con.execute(
            "INSERT OR IGNORE INTO associations SELECT ?, a, ?, b, 'HUBSPOT_DEFINED', "
            f"?, ? FROM ({pairs})", [object_type, to_type, type_id, label]
        ).fetchall()[0][0]
        if reverse is not None:
            written += con.execute(
                "INSERT OR IGNORE INTO associations SELECT ?, b, ?, a, "
                f"'HUBSPOT_DEFINED', ?, ? FROM ({pairs})",
                [to_type, object_type, reverse, label]).fetchall()[0][0]
    if type_ids == [None]:
        report.skipped.append(f"column {column.label!r} (no association type "
                              f"between {object_type} and {to_type})")
    return written
