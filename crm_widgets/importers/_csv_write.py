"""Write a staged HubSpot export CSV into the store with set-based SQL, in one go."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from ..model import PRIMARY_ASSOCIATION_TYPE_IDS
from ..store import Store
from ._csv_columns import Column
from ._load import REVERSE_TYPE_IDS, ImportReport, unlabeled_type_id
from ._sql import STAGE, iso_sql, parse_timestamp_sql

VALUES = "_crm_import_values"
_COLUMN_MAP = "_crm_import_column_map"
_OWNER_MAP = "_crm_import_owner_map"


def write_csv_rows(store: Store, object_type: str, columns: list[Column],
                   report: ImportReport) -> None:
    """Records, properties and associations of the staged rows, in one transaction.

    Where one id appears on several identical rows, the first row is used.
    """
    con = store.con
    owners = [c for c in columns if c.kind == "owner"]
    owner_map = _owner_map(con, owners, report)
    try:
        con.register(_OWNER_MAP, owner_map)
        with store.transaction():
            _values(con, columns)
            report.add("records", _records(con, object_type, columns))
            report.add("record_properties", _properties(con, object_type, columns))
            for column in columns:
                if column.kind in ("association", "primary_association"):
                    report.add("associations",
                               _associations(con, object_type, column, report))
    finally:
        con.unregister(_OWNER_MAP)
        con.execute(f"DROP TABLE IF EXISTS {VALUES}")


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


def _values(con: duckdb.DuckDBPyConnection, columns: list[Column]) -> None:
    """One row per record id, with dates as ISO text and owner cells as owner ids."""
    record = next(c for c in columns if c.kind == "id")
    select = [f"CAST(trim(s.{record.sql}) AS BIGINT) AS id"]
    joins = []
    for column in columns:
        name = column.sql
        if column.kind == "date":
            select.append(f"{iso_sql('s.' + name)} AS {name}")
        elif column.kind == "owner":
            joins.append(f"LEFT JOIN {_OWNER_MAP} o{name} ON o{name}.raw = "
                         f"trim(s.{name})")
            select.append(f"coalesce(o{name}.owner_id, trim(s.{name})) AS {name}")
        elif column.kind != "id":
            select.append(f"s.{name} AS {name}")
    for prop, alias in (("createdate", "_created"), ("lastmodifieddate", "_updated"),
                        ("hs_lastmodifieddate", "_updated")):
        source = next((c for c in columns if c.name == prop and c.kind == "date"), None)
        if source is not None and alias not in " ".join(select):
            select.append(f"{parse_timestamp_sql('s.' + source.sql)} AS {alias}")
    for alias in ("_created", "_updated"):
        if alias not in " ".join(select):
            select.append(f"CAST(NULL AS TIMESTAMP) AS {alias}")
    con.execute(
        f"CREATE TEMP TABLE {VALUES} AS SELECT {', '.join(select)} FROM "
        f"(SELECT * FROM {STAGE} QUALIFY row_number() OVER (PARTITION BY "
        f"trim({record.sql}) ORDER BY _row) = 1) s {' '.join(joins)}")


def _records(con: duckdb.DuckDBPyConnection, object_type: str,
             columns: list[Column]) -> int:
    return con.execute(
        "INSERT INTO records (object_type, id, created_at, updated_at) "
        f"SELECT ?, id, _created, _updated FROM {VALUES} "
        "ON CONFLICT (object_type, id) DO UPDATE SET "
        "created_at = coalesce(excluded.created_at, created_at), "
        "updated_at = coalesce(excluded.updated_at, updated_at)",
        [object_type]).fetchall()[0][0]


def _properties(con: duckdb.DuckDBPyConnection, object_type: str,
                columns: list[Column]) -> int:
    props = [c for c in columns if c.kind in ("property", "date", "owner")]
    if not props:
        return 0
    mapping = pa.table({"col": [c.sql for c in props], "name": [c.name for c in props]})
    con.register(_COLUMN_MAP, mapping)
    try:
        return con.execute(
            "INSERT OR REPLACE INTO record_properties (object_type, record_id, name, "
            "value) SELECT ?, u.id, m.name, u.value FROM (UNPIVOT (SELECT id, "
            f"{', '.join(c.sql for c in props)} FROM {VALUES}) ON "
            f"{', '.join(c.sql for c in props)} INTO NAME col VALUE value) u "
            f"JOIN {_COLUMN_MAP} m ON m.col = u.col WHERE u.value <> '' "
            "QUALIFY row_number() OVER (PARTITION BY u.id, m.name ORDER BY u.col) = 1",
            [object_type]).fetchall()[0][0]
    finally:
        con.unregister(_COLUMN_MAP)


def _associations(con: duckdb.DuckDBPyConnection, object_type: str, column: Column,
                  report: ImportReport) -> int:
    """Both directions of each id in an ``Associated ... IDs`` cell."""
    to_type = column.name
    type_ids = [unlabeled_type_id(object_type, to_type)]
    if column.kind == "primary_association":
        type_ids.append(PRIMARY_ASSOCIATION_TYPE_IDS.get((object_type, to_type)))
    written = 0
    for type_id in (t for t in type_ids if t is not None):
        reverse = REVERSE_TYPE_IDS.get(type_id)
        label = "Primary" if type_id in PRIMARY_ASSOCIATION_TYPE_IDS.values() else None
        pairs = ("SELECT DISTINCT id AS a, CAST(trim(v) AS BIGINT) AS b FROM "
                 f"{VALUES}, "
                 f"unnest(string_split({column.sql}, ';')) AS part(v) "
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
