"""Write staged Fivetran HubSpot tables into the store, in the caller's transaction."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from ..activities import activity_row
from ..errors import ExportFormatError
from ..model import ACTIVITY_ASSOCIATION_TYPE_IDS, PRIMARY_ASSOCIATION_TYPE_IDS
from ..store import Store
from . import _fivetran_tables as maps
from ._load import (
    DATE_PROPERTIES,
    REVERSE_TYPE_IDS,
    ImportReport,
    check_timestamp,
    insert_rows,
    unlabeled_type_id,
)
from ._sql import iso_sql

_LINK_TYPES = "_crm_import_link_types"


def staged(table: str) -> str:
    """The temporary table a Fivetran table is staged in (``table`` is vetted)."""
    if table not in maps.KNOWN_TABLES:
        raise ValueError(f"not a Fivetran table we map: {table!r}")
    return f"_ft_{table}"


def columns_of_table(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """Column names of a staged table, in order."""
    return [r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()]


def columns_of(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    """Column names of a staged Fivetran table."""
    return set(columns_of_table(con, staged(table)))


def write_all(store: Store, tables: dict[str, Path], report: ImportReport) -> None:
    """Every staged table into its store tables; links last, to check what they join."""
    con = store.con
    for table, spec in maps.TABLE_MAPS.items():
        if table in tables:
            _copy(con, table, spec, report)
    for table, spec in maps.RECORD_TABLES.items():
        if table in tables:
            _records(con, table, spec, report)
    for table, activity_type in maps.ENGAGEMENT_TABLES.items():
        if table in tables:
            _engagements(con, table, activity_type, tables[table], report)
    for table, spec in maps.ASSOCIATION_TABLES.items():
        if table in tables:
            _associations(con, table, spec, report)
    for table, spec in maps.ENGAGEMENT_LINK_TABLES.items():
        if table in tables:
            _activity_links(con, table, spec, report)


def _live(table: str, key: tuple[str, ...] = (), *, drop_deleted: bool = True
          ) -> str:
    """SQL: the staged rows (not soft-deleted by Fivetran), one per key."""
    name = staged(table)
    dedupe = (f" QUALIFY row_number() OVER (PARTITION BY "
              f"{', '.join(chr(34) + k + chr(34) for k in key)} ORDER BY _row) = 1"
              if key else "")
    where = ("NOT coalesce(lower(trim(_fivetran_deleted)) IN ('true', '1'), false)"
             if drop_deleted else "true")
    return f"(SELECT * FROM {name} WHERE {where}{dedupe})"


def _copy(con: duckdb.DuckDBPyConnection, table: str, spec: maps.TableMap,
          report: ImportReport) -> None:
    source = _live(table, spec.key, drop_deleted=spec.skip_deleted)
    if spec.skip_deleted:
        deleted = con.execute(
            f"SELECT count(*) FROM {staged(table)} WHERE lower(trim(_fivetran_deleted))"
            " IN ('true', '1')").fetchall()[0][0]
        if deleted:
            report.warn(f"{table}: {deleted} rows marked _fivetran_deleted were left "
                        "out")
    pairs = zip(spec.select, spec.columns, strict=True)
    selected = ", ".join(f"{expr} AS {column}" for expr, column in pairs)
    if spec.target == "property_history":
        # History has no key: skip the changes the store already holds, so that
        # importing the same export twice does not double them.
        sql = (f"INSERT INTO property_history ({', '.join(spec.columns)}) SELECT * "
               f"FROM (SELECT {selected} FROM {source}) s WHERE NOT EXISTS (SELECT 1 "
               "FROM property_history h WHERE h.object_type = s.object_type AND "
               "h.record_id = s.record_id AND h.name = s.name AND h.changed_at = "
               "s.changed_at AND h.value IS NOT DISTINCT FROM s.value)")
    else:
        sql = (f"INSERT OR REPLACE INTO {spec.target} ({', '.join(spec.columns)}) "
               f"SELECT {selected} FROM {source}")
    count = con.execute(sql).fetchall()[0][0]
    report.add(spec.target, count)
    if spec.target == "list_memberships":
        _warn_dangling(con, report, table, "SELECT record_id AS id FROM "
                       "list_memberships", "contacts")


def _records(con: duckdb.DuckDBPyConnection, table: str, spec: maps.RecordTable,
             report: ImportReport) -> None:
    present = columns_of(con, table)
    ident = f'CAST(trim("{spec.id_column}") AS BIGINT)'
    source = (f"(SELECT * FROM {staged(table)} QUALIFY row_number() OVER (PARTITION "
              f'BY "{spec.id_column}" ORDER BY _row) = 1)')
    created = next((f"{iso_sql(chr(34) + c + chr(34))}::TIMESTAMP" for c in (
        "property_createdate", "property_created_at") if c in present), "NULL")
    updated = next((f"{iso_sql(chr(34) + c + chr(34))}::TIMESTAMP" for c in (
        "property_hs_lastmodifieddate", "property_lastmodifieddate") if c in present),
        "NULL")
    deleted = ("coalesce(lower(trim(coalesce(_fivetran_deleted, is_deleted))) IN "
               "('true', '1'), false)")
    report.add("records", con.execute(
        "INSERT INTO records (object_type, id, created_at, updated_at, archived) "
        f"SELECT ?, {ident}, {created}, {updated}, {deleted} FROM {source} "
        "ON CONFLICT (object_type, id) DO UPDATE SET "
        "created_at = coalesce(excluded.created_at, created_at), "
        "updated_at = coalesce(excluded.updated_at, updated_at), "
        "archived = excluded.archived", [spec.object_type]).fetchall()[0][0])

    parts = []
    if any(c.startswith("property_") for c in present):
        parts.append(
            f"SELECT _id, substr(col, 10) AS name, value FROM (UNPIVOT (SELECT "
            f"{ident} AS _id, COLUMNS('^property_') FROM {source}) ON "
            "COLUMNS('^property_') INTO NAME col VALUE value)")
    parts += [f"SELECT {ident} AS _id, '{name}' AS name, \"{column}\" AS value FROM "
              f"{source}" for column, name in spec.extra_properties]
    if not parts:
        report.warn(f"{table}: no property_* columns; records imported without "
                    "properties")
        return
    normalised = (f"CASE WHEN list_contains(?, name) THEN coalesce({iso_sql('value')},"
                  " value) ELSE value END")
    report.add("record_properties", con.execute(
        "INSERT OR REPLACE INTO record_properties (object_type, record_id, name, "
        "value) "
        f"SELECT ?, _id, name, {normalised} FROM ({' UNION ALL '.join(parts)}) "
        "WHERE value IS NOT NULL AND trim(value) <> '' QUALIFY row_number() OVER "
        "(PARTITION BY _id, name) = 1",
        [spec.object_type, sorted(DATE_PROPERTIES)]).fetchall()[0][0])


def _engagements(con: duckdb.DuckDBPyConnection, table: str, activity_type: str,
                 path: Path, report: ImportReport) -> None:
    """Engagement detail rows through the shared activity mapping."""
    cursor = con.execute(f"SELECT * FROM {_live(table, ('engagement_id',))}")
    names = [d[0] for d in cursor.description]
    activities, fallbacks = [], 0
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        props = {k.removeprefix("property_"): v for k, v in row.items()
                 if k.startswith("property_") and v not in (None, "")}
        for column, prop in maps.UNPREFIXED_ENGAGEMENT_COLUMNS.items():
            if row.get(column) not in (None, "") and prop not in props:
                props[prop] = row[column]
        if not props.get("hs_timestamp") and props.get("hs_createdate"):
            props["hs_timestamp"], fallbacks = props["hs_createdate"], fallbacks + 1
        for name in sorted(props.keys() & DATE_PROPERTIES):
            props[name] = check_timestamp(props[name], path=path, row=row["_row"],
                                          field_name=name).isoformat()
        try:
            activities.append(activity_row(activity_type, int(row["engagement_id"]),
                                           props))
        except ValueError as exc:
            field, _, message = str(exc).partition(": ")
            raise ExportFormatError(message, path=str(path), row=row["_row"],
                                    field=field) from exc
    if fallbacks:
        report.warn(f"{table}: {fallbacks} engagements had no hs_timestamp; placed at "
                    "their creation time")
    if activities:
        report.add("activities", insert_rows(
            con, "activities", tuple(activities[0]),
            [tuple(a.values()) for a in activities]))


def _associations(con: duckdb.DuckDBPyConnection, table: str,
                  spec: tuple[str, str, str, str], report: ImportReport) -> None:
    """Both directions; a type id the pair does not know becomes the unlabeled one."""
    a_col, a_type, b_col, b_type = spec
    unlabeled = unlabeled_type_id(a_type, b_type)
    primary = PRIMARY_ASSOCIATION_TYPE_IDS.get((a_type, b_type), -1)
    known = [unlabeled, primary]
    pairs = (f'SELECT DISTINCT CAST(trim("{a_col}") AS BIGINT) AS a, '
             f'CAST(trim("{b_col}") AS BIGINT) AS b, CASE WHEN list_contains(?, '
             "try_cast(type_id AS INTEGER)) THEN try_cast(type_id AS INTEGER) ELSE ? "
             f"END AS t FROM {staged(table)}")
    odd = con.execute(f"SELECT count(*) FROM {staged(table)} WHERE type_id IS NOT NULL "
                      "AND NOT list_contains(?, try_cast(type_id AS INTEGER))",
                      [known]).fetchall()[0][0]
    if odd:
        report.warn(f"{table}: {odd} rows carry a type id that HubSpot does not "
                    f"define for {a_type} to {b_type}; stored as unlabeled "
                    f"({unlabeled})")
    flip = [REVERSE_TYPE_IDS.get(unlabeled, unlabeled), primary,
            REVERSE_TYPE_IDS.get(primary, -1)]
    written = con.execute(
        "INSERT OR IGNORE INTO associations SELECT ?, a, ?, b, 'HUBSPOT_DEFINED', t, "
        f"CASE WHEN t = ? THEN 'Primary' END FROM ({pairs})",
        [a_type, b_type, primary, known, unlabeled]).fetchall()[0][0]
    written += con.execute(
        "INSERT OR IGNORE INTO associations SELECT ?, b, ?, a, 'HUBSPOT_DEFINED', "
        "CASE WHEN t = ? THEN ? ELSE ? END, CASE WHEN t = ? THEN 'Primary' "
        f"END FROM ({pairs})",
        [b_type, a_type, flip[1], flip[2], flip[0], primary, known, unlabeled]
    ).fetchall()[0][0]
    report.add("associations", written)
    _warn_dangling(con, report, table, f"SELECT a AS id FROM ({pairs})", a_type,
                   [known, unlabeled])
    _warn_dangling(con, report, table, f"SELECT b AS id FROM ({pairs})", b_type,
                   [known, unlabeled])


def _activity_links(con: duckdb.DuckDBPyConnection, table: str,
                    spec: tuple[str, str], report: ImportReport) -> None:
    column, record_type = spec
    kinds = pa.table({
        "activity_type": [a for a, _ in ACTIVITY_ASSOCIATION_TYPE_IDS],
        "record_type": [r for _, r in ACTIVITY_ASSOCIATION_TYPE_IDS],
        "type_id": list(ACTIVITY_ASSOCIATION_TYPE_IDS.values())})
    con.register(_LINK_TYPES, kinds)
    try:
        links = (f"SELECT DISTINCT CAST(trim(l.engagement_id) AS BIGINT) AS activity, "
                 f'CAST(trim(l."{column}") AS BIGINT) AS id, '
                 "lower(coalesce(act.type, l.engagement_type)) AS kind "
                 f"FROM {staged(table)} l LEFT JOIN activities act ON act.id = "
                 "try_cast(trim(l.engagement_id) AS BIGINT)")
        report.add("activity_associations", con.execute(
            "INSERT OR REPLACE INTO activity_associations SELECT activity, ?, id, "
            f"k.type_id FROM ({links}) LEFT JOIN {_LINK_TYPES} k ON "
            "k.activity_type = kind AND k.record_type = ?",
            [record_type, record_type]).fetchall()[0][0])
    finally:
        con.unregister(_LINK_TYPES)
    missing = con.execute(
        f"SELECT count(DISTINCT engagement_id) FROM {staged(table)} WHERE "
        "try_cast(trim(engagement_id) AS BIGINT) NOT IN (SELECT id FROM activities)"
    ).fetchall()[0][0]
    if missing:
        report.warn(f"{table}: {missing} engagements are not in the export or store")
    _warn_dangling(con, report, table,
                   f'SELECT CAST(trim("{column}") AS BIGINT) AS id FROM '
                   f"{staged(table)}", record_type)


def _warn_dangling(con: duckdb.DuckDBPyConnection, report: ImportReport, table: str,
                   ids_sql: str, object_type: str, params: list | None = None) -> None:
    count = con.execute(
        f"SELECT count(DISTINCT id) FROM ({ids_sql}) WHERE id NOT IN (SELECT id FROM "
        "records WHERE object_type = ?)", [*(params or []), object_type]
    ).fetchall()[0][0]
    if count:
        report.warn(f"{table}: {count} {object_type} ids match no record (dangling "
                    "links, kept)")
