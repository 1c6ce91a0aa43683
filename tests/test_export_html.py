"""`crm-widgets export` writes one self-contained HTML page of a record."""

from __future__ import annotations

import pytest

import crm_widgets
from crm_widgets.cli import main
from tests.record_view_portal import build_portal


@pytest.fixture
def portal_file(tmp_path):
    path = tmp_path / "portal.duckdb"
    with crm_widgets.connect(path) as store:
        build_portal(store)
    return path


def test_cli_export_writes_one_self_contained_file(portal_file, tmp_path):
    out = tmp_path / "maria.html"
    assert main(["export", "contacts", "51", "--db", str(portal_file),
                 "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<title>RecordView(contacts 51: Maria Silva)</title>" in page
    # Everything is inline: no script or stylesheet is fetched from anywhere.
    assert "src=\"http" not in page
    assert "href=\"http" not in page
    assert "default-src 'none'" in page
