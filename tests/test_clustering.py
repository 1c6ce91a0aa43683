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
