"""A record page exported to HTML opens in Chromium with the network cut off."""

from __future__ import annotations

import pytest

import crm_widgets
from crm_widgets.export_html import export_record_page
from tests.record_view_portal import build_portal

pytestmark = pytest.mark.browser


def test_exported_page_shows_the_record_offline(browser, tmp_path):
    portal = tmp_path / "portal.duckdb"
    out = tmp_path / "maria.html"
    with crm_widgets.connect(portal) as store:
        build_portal(store)
        export_record_page(store, "contacts", 51, out)

    requests, problems = [], []
    context = browser.new_context(offline=True)
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(out.as_uri())
    page.get_by_text("Maria Silva").first.wait_for(timeout=10_000)
    body = page.inner_text("body")
    context.close()

    assert "About this contact" in body
    assert "maria.silva@acme.example" in body
    assert problems == []
    # The file itself and blob: URLs of the inlined bundle; nothing else.
    assert [u for u in requests if not u.startswith(("file:", "blob:", "data:"))] == []
