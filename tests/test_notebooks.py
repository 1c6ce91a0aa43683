"""The saved notebooks stay small and carry nothing from the machine that ran them."""

from __future__ import annotations

import json

import pytest

from tests.conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _record_views(notebook: dict) -> int:
    return sum(1 for cell in notebook["cells"] if cell["cell_type"] == "code"
               for out in cell.get("outputs", [])
               if "RecordView(" in "".join(out.get("data", {}).get("text/plain", ""))
               and WIDGET_VIEW in out.get("data", {}))


def test_there_are_four_notebooks():
    assert [p.name for p in NOTEBOOKS] == [
        "01_tour.ipynb", "02_account_exploration.ipynb",
        "03_attribution_report.ipynb", "04_your_own_export.ipynb"]


def test_tour_with_its_record_pages_stays_under_two_megabytes():
    tour = REPO / "notebooks" / "01_tour.ipynb"
    assert _record_views(json.loads(tour.read_text(encoding="utf-8"))) >= 3
    assert tour.stat().st_size < 2 * 1024 * 1024


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_saved_outputs_hold_no_local_paths_or_errors(path):
    text = path.read_text(encoding="utf-8")
    notebook = json.loads(text)
    for local in ("/tmp/", "/home/", "/root/"):
        assert local not in text
    for cell in notebook["cells"]:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"{path.name} was saved with an error"
            assert out.get("name") != "stderr", f"{path.name} saved stderr: {out}"
