"""Store rows in the order the record page reads them, so scans skip row groups.

DuckDB keeps min/max statistics per row group (about 120,000 rows). A timeline
finds its activities with ``object_type = ? AND record_id = ?`` on
``activity_associations``; when that table is sorted by record, the filter touches
one or two row groups instead of all of them (a page went from a full scan of the
table to about 1 ms on a 370,000-row table). DuckDB's ART indexes did not speed
up these two-column filters, which is why ordering, not an index, is the fix (a
one-column index on ``activity_id`` does serve lookups by activity; see
``schema.sql``).

Known limit: rows written after clustering (new activities, later imports) are
appended unsorted; they are few next to a bulk load, and running
:func:`cluster_for_reads` again re-sorts everything.
"""

from __future__ import annotations

import logging
import time

from .store import Store

logger = logging.getLogger(__name__)

# table -> sort key; names are this package's own constants, never user text.
CLUSTER_KEYS: dict[str, str] = {
    "activity_associations": "object_type, record_id, activity_id",
    "associations": "from_type, from_id, to_type, to_id",
    "record_properties": "object_type, record_id, name",
}


def cluster_for_reads(store: Store, tables: tuple[str, ...] | None = None) -> None:
    """Rewrite tables sorted by the key record-page queries filter on.

    Each table is copied sorted, dropped and recreated from its own DDL (so
    primary keys and defaults stay), all in one transaction.

    Args:
        store: an open, writable store.
        tables: which of :data:`CLUSTER_KEYS` to rewrite (default: all).

    Example:
        >>> store = crm_widgets.connect("portal.duckdb")  # doctest: +SKIP
        >>> cluster_for_reads(store)  # doctest: +SKIP
    """
    chosen = tuple(CLUSTER_KEYS) if tables is None else tables
    unknown = [t for t in chosen if t not in CLUSTER_KEYS]
    if unknown:
        raise ValueError(f"cannot cluster {unknown!r}; expected any of "
                         f"{', '.join(CLUSTER_KEYS)}")
    for table in chosen:
        began = time.perf_counter()
        with store.transaction() as con:
            ddl = con.execute(
                "SELECT sql FROM duckdb_tables() WHERE table_name = ? "
                "AND schema_name = 'main' AND NOT temporary", [table]).fetchone()[0]
            # Secondary indexes go with the dropped table; they are built again
            # once the sorted rows are in, which is faster than row by row.
            indexes = [sql for (sql,) in con.execute(
                "SELECT sql FROM duckdb_indexes() WHERE table_name = ? "
                "AND schema_name = 'main' AND sql IS NOT NULL", [table]).fetchall()]
            con.execute(f"CREATE TEMP TABLE crmw_sorted AS SELECT * FROM {table} "
                        f"ORDER BY {CLUSTER_KEYS[table]}")
            con.execute(f"DROP TABLE {table}")
            con.execute(ddl)
            con.execute(f"INSERT INTO {table} SELECT * FROM crmw_sorted")
            con.execute("DROP TABLE crmw_sorted")
            for index_sql in indexes:
                con.execute(index_sql)
        logger.info("clustered %s by (%s) in %.1f s", table, CLUSTER_KEYS[table],
                    time.perf_counter() - began)
