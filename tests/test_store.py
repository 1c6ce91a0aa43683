"""The store opens, creates its schema once, and commits or rolls back whole."""

from __future__ import annotations

import pytest

import crm_widgets
from crm_widgets.errors import UnknownObjectTypeError


def test_schema_has_every_table(store):
    tables = set(store.query("SELECT table_name FROM information_schema.tables")
                 ["table_name"])
    for name in ("records", "record_properties", "property_history", "owners",
                 "teams", "team_members", "associations", "activities",
                 "activity_associations", "activity_comments", "files",
                 "marketing_interactions", "lists", "workflows", "line_items",
                 "quotes", "playbooks", "playbook_steps", "conversation_threads",
                 "sync_state", "ui_state"):
        assert name in tables


def test_standard_association_labels_are_seeded(store):
    rows = store.con.execute(
        "SELECT type_id, label FROM association_labels "
        "WHERE from_type = 'contacts' AND to_type = 'companies' ORDER BY type_id"
    ).fetchall()
    assert rows == [(1, "Primary"), (279, None)]


def test_failed_transaction_writes_nothing(store):
    def write_then_fail():
        with store.transaction() as con:
            con.execute("INSERT INTO owners (id, email) VALUES (1, 'a@example.com')")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert store.scalar("SELECT count(*) FROM owners") == 0


def test_nested_transactions_commit_once(store):
    with store.transaction() as con:
        con.execute("INSERT INTO owners (id) VALUES (1)")
        with store.transaction() as inner:
            inner.execute("INSERT INTO owners (id) VALUES (2)")
    assert store.scalar("SELECT count(*) FROM owners") == 2


def test_reopen_keeps_data_and_read_only_refuses_writes(tmp_path):
    path = tmp_path / "p.duckdb"
    with crm_widgets.connect(path) as s, s.transaction() as con:
        con.execute("INSERT INTO owners (id) VALUES (7)")
    with crm_widgets.connect(path, read_only=True) as s:
        assert s.scalar("SELECT id FROM owners") == 7
        with pytest.raises(Exception, match="read-only"):
            s.con.execute("INSERT INTO owners (id) VALUES (8)")


def test_object_type_names_normalise(store):
    assert store.object_type("Contact") == "contacts"
    assert store.object_type("0-3") == "deals"
    with pytest.raises(UnknownObjectTypeError, match="unknown object type 'widgets'"):
        store.object_type("widgets")


def test_closed_store_says_so(tmp_path):
    s = crm_widgets.connect(tmp_path / "c.duckdb")
    s.close()
    assert s.closed
    assert "closed" in repr(s)
