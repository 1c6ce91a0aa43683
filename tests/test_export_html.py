"""A record page exported to HTML opens in Chromium with the network cut off."""

from __future__ import annotations

import pytest

import crm_widgets
from crm_widgets.cli import main
from tests.record_view_portal import build_portal

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


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
    assert "src=\"http" not in page and "href=\"http" not in page
    assert "default-src 'none'" in page


@pytest.mark.browser
def test_exported_page_shows_the_record_offline(portal_file, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "maria.html"
    with crm_widgets.connect(portal_file, read_only=True) as store:
        from crm_widgets.export_html import export_record_page

        export_record_page(store, "contacts", 51, out)

    requests, problems = [], []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(offline=True)
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("console", lambda m: problems.append(m.text)
                if m.type == "error" else None)
        page.goto(out.as_uri())
        page.get_by_text("Maria Silva").first.wait_for(timeout=10_000)
        body = page.inner_text("body")
        browser.close()

    assert "About this contact" in body
    assert "maria.silva@acme.example" in body
    assert problems == []
    # The file itself and blob: URLs of the inlined bundle; nothing else.
    assert [u for u in requests if not u.startswith(("file:", "blob:", "data:"))] == []
