"""Clustering rewrites tables sorted by record without changing their rows."""

from __future__ import annotations

import duckdb
import pytest

from crm_widgets.clustering import cluster_for_reads


def _links(store):
    return store.con.execute("SELECT activity_id, object_type, record_id, type_id "
                             "FROM activity_associations ORDER BY rowid").fetchall()


def test_activity_associations_are_sorted_by_record_and_keep_their_key(store):
    rows = [(3, "contacts", 9, 202), (1, "companies", 5, 190), (2, "contacts", 4, 202),
            (4, "contacts", 9, 202), (5, "companies", 1, 190)]
    store.con.executemany("INSERT INTO activity_associations VALUES (?, ?, ?, ?)",
                          rows)

    cluster_for_reads(store, ("activity_associations",))

    assert _links(store) == [(5, "companies", 1, 190), (1, "companies", 5, 190),
                             (2, "contacts", 4, 202), (3, "contacts", 9, 202),
                             (4, "contacts", 9, 202)]
    with pytest.raises(duckdb.ConstraintException):
        store.con.execute("INSERT INTO activity_associations VALUES "
                          "(1, 'companies', 5, 190)")


def test_unknown_table_is_refused_and_nothing_changes(store):
    store.con.execute("INSERT INTO activity_associations VALUES "
                      "(2, 'contacts', 4, 202), (1, 'contacts', 3, 202)")
    with pytest.raises(ValueError, match="cannot cluster"):
        cluster_for_reads(store, ("activity_associations", "records; DROP"))
    assert _links(store) == [(2, "contacts", 4, 202), (1, "contacts", 3, 202)]


def test_secondary_index_is_built_again_after_clustering(store):
    """Regression: rewriting a table dropped its activity_id index with it, so
    every association count read the whole table again."""
    store.con.execute("INSERT INTO activity_associations VALUES "
                      "(2, 'contacts', 4, 202), (1, 'contacts', 3, 202)")

    cluster_for_reads(store, ("activity_associations",))

    names = [n for (n,) in store.con.execute(
        "SELECT index_name FROM duckdb_indexes() "
        "WHERE table_name = 'activity_associations'").fetchall()]
    assert names == ["activity_associations_by_activity"]
    assert store.con.execute(
        "SELECT record_id FROM activity_associations WHERE activity_id = 1"
    ).fetchall() == [(3,)]
