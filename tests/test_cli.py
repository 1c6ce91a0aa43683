"""`crm-widgets import` picks the right importer and writes the DuckDB file."""

from __future__ import annotations

import crm_widgets
from crm_widgets.cli import guess_format, main
from tests.conftest import REPO

SAMPLE = REPO / "data" / "sample_export"


def test_formats_are_guessed_from_the_files(real_data):
    assert guess_format(SAMPLE) == "api"
    assert guess_format(SAMPLE / "contacts.json") == "api"
    assert guess_format(SAMPLE / "hubspot-crm-exports-contacts-2024-03-01.csv") == "csv"
    assert guess_format(real_data / "hubspot-fivetran-seeds") == "fivetran"


def test_import_command_writes_the_sample_export(tmp_path, capsys):
    target = tmp_path / "portal.duckdb"
    assert main(["import", str(SAMPLE), "--to", str(target)]) == 0
    with crm_widgets.connect(target, read_only=True) as store:
        counts = dict(store.con.execute(
            "SELECT object_type, count(*) FROM records GROUP BY 1").fetchall())
    assert counts == {"companies": 3, "contacts": 5, "deals": 2, "tickets": 1}
    assert "records" in capsys.readouterr().out


def test_import_command_reports_bad_input_without_a_traceback(tmp_path, capsys):
    bad = tmp_path / "contacts.json"
    bad.write_text('{"results": [{"id": "1", "properties": ', encoding="utf-8")
    assert main(["import", str(bad), "--to", str(tmp_path / "p.duckdb")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("crm-widgets: error: ")
    assert "contacts.json" in err


def _demo_command(monkeypatch, tmp_path, euid):
    """The argv `crm-widgets demo` would start JupyterLab with, as user ``euid``."""
    import crm_widgets.cli as cli
    import crm_widgets.store as store

    started = []
    monkeypatch.setattr(store, "ensure_demo", lambda: tmp_path / "demo.duckdb")
    monkeypatch.setattr(cli.os, "geteuid", lambda: euid)
    monkeypatch.setattr(cli.subprocess, "call",
                        lambda command, cwd: started.append(command) or 0)
    assert main(["demo"]) == 0
    return started[0]


def test_demo_starts_jupyterlab_on_the_tour(monkeypatch, tmp_path):
    command = _demo_command(monkeypatch, tmp_path, euid=1000)
    assert command[1:4] == ["-m", "jupyter", "lab"]
    assert command[4].endswith("01_tour.ipynb")
    assert "--allow-root" not in command


def test_demo_as_root_tells_jupyterlab_it_may_run_as_root(monkeypatch, tmp_path):
    assert _demo_command(monkeypatch, tmp_path, euid=0)[-1] == "--allow-root"
