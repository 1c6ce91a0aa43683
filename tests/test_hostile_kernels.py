"""Several kernels, one file: clear lock errors, no hang, no damage; two views agree.

What DuckDB 2 allows, as measured here: a process that holds the file read-write
has it alone, so a second process gets ``StoreLockedError`` whether it asks for
writing or for ``read_only=True``. Processes that all open it ``read_only=True``
share it; a writer then has to wait for every reader to close. Every refusal
arrives at once (the lock is tried, not waited for), and the holder's file stays
intact. In one kernel, two RecordViews on one Store both write through it, so edits
of the same record from both keep their history.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from builders import Portal

import crm_widgets
from crm_widgets import StoreLockedError

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 30  # seconds: far more than a refusal takes; a hang fails the test


def holder(path: Path, *, read_only: bool) -> subprocess.Popen:
    """A child process that opens ``path`` and keeps it until killed."""
    script = textwrap.dedent(f"""
        import time, crm_widgets
        store = crm_widgets.connect({str(path)!r}, read_only={read_only})
        store.scalar("SELECT count(*) FROM records")
        print("READY", flush=True)
        time.sleep(120)
        """)
    child = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(REPO)})
    assert child.stdout.readline().strip() == "READY", child.stderr.read()
    return child


def try_open(path: Path, *, read_only: bool) -> tuple[str, str, float]:
    """Open ``path`` in a fresh process; (outcome, message, seconds)."""
    script = textwrap.dedent(f"""
        import time, crm_widgets
        started = time.perf_counter()
        try:
            with crm_widgets.connect({str(path)!r}, read_only={read_only}) as s:
                n = s.scalar("SELECT count(*) FROM records")
            print("OPEN", n)
        except crm_widgets.StoreLockedError as exc:
            print("LOCKED", str(exc).replace(chr(10), " "))
        print("SECONDS", time.perf_counter() - started)
        """)
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, text=True,
                          capture_output=True, timeout=TIMEOUT,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    lines = done.stdout.splitlines()
    assert len(lines) == 2, done.stderr
    outcome, _, message = lines[0].partition(" ")
    return outcome, message, float(lines[1].split()[1])


@pytest.fixture
def portal_file(tmp_path) -> Path:
    path = tmp_path / "shared portal.duckdb"
    with crm_widgets.connect(path) as store:
        p = Portal(store)
        p.record("contacts", 51, firstname="Maria", jobtitle="CTO")
        p.record("contacts", 52, firstname="João")
    return path


@pytest.mark.parametrize("read_only", [False, True], ids=["writer", "reader"])
def test_a_file_held_for_writing_refuses_others_clearly(portal_file, read_only):
    child = holder(portal_file, read_only=False)
    try:
        outcome, message, seconds = try_open(portal_file, read_only=read_only)
    finally:
        child.kill()
        child.wait(timeout=TIMEOUT)
    assert outcome == "LOCKED"
    assert str(portal_file) in message
    assert "read_only=True" in message
    assert seconds < 5
    assert try_open(portal_file, read_only=False)[:2] == ("OPEN", "2")  # intact


def test_readers_share_a_file_and_a_writer_waits_for_them(portal_file):
    child = holder(portal_file, read_only=True)
    try:
        assert try_open(portal_file, read_only=True)[:2] == ("OPEN", "2")
        outcome, message, _ = try_open(portal_file, read_only=False)
    finally:
        child.kill()
        child.wait(timeout=TIMEOUT)
    assert outcome == "LOCKED"
    assert "reading read-only" in message
    assert str(portal_file) in message


def test_the_lock_error_in_this_process_names_the_file(portal_file):
    child = holder(portal_file, read_only=False)
    try:
        started = time.perf_counter()
        with pytest.raises(StoreLockedError, match=r"shared portal\.duckdb"):
            crm_widgets.connect(portal_file)
        assert time.perf_counter() - started < 5
    finally:
        child.kill()
        child.wait(timeout=TIMEOUT)


def test_two_views_of_one_record_keep_both_edits(portal_file):
    from crm_widgets import RecordView

    with crm_widgets.connect(portal_file) as store:
        first = RecordView(store, "contacts", 51, user="ana")
        second = RecordView(store, "contacts", 51, user="ben")
        assert first.handle_intent({"kind": "edit_property", "name": "jobtitle",
                                    "value": "CEO"})["ok"]
        assert second.handle_intent({"kind": "edit_property", "name": "jobtitle",
                                     "value": "COO"})["ok"]
        history = store.con.execute(
            "SELECT value, source_id FROM property_history WHERE record_id = 51 AND "
            "name = 'jobtitle' ORDER BY changed_at, value").fetchall()
        current = store.scalar("SELECT value FROM record_properties WHERE "
                               "record_id = 51 AND name = 'jobtitle'")
        second.refresh()
        first.refresh()
        first.close()
        second.close()
    assert sorted(history) == [("CEO", "ana"), ("COO", "ben")]
    assert current == "COO"
