"""The bundle at three widget widths: three columns, a rail with a drawer, one column.

No Jupyter: the widget's ``render`` gets a stand-in model holding Maria Silva's
opening state, inside a box as wide as the notebook cell being imitated.
"""

from __future__ import annotations

import json

import pytest

from tests.record_view_portal import build_portal
from tests.test_record_view import open_view

from .conftest import REPO, make_page

pytestmark = pytest.mark.browser

BUNDLE = REPO / "crm_widgets" / "static" / "record_view.js"
CSS = REPO / "crm_widgets" / "static" / "record_view.css"
# A model whose set() fires change events at once and whose save_changes() is a no-op.
HARNESS = """async ([state, bundle]) => {
  const listeners = {};
  const model = {
    get: (name) => state[name],
    set: (name, value) => {
      state[name] = value;
      (listeners["change:" + name] || []).forEach((cb) => cb());
    },
    on: (event, cb) => { (listeners[event] ||= []).push(cb); },
    off: (event, cb) => {
      listeners[event] = (listeners[event] || []).filter((f) => f !== cb);
    },
    save_changes: () => {},
    send: () => {},
  };
  const url = URL.createObjectURL(new Blob([bundle], { type: "text/javascript" }));
  const widget = (await import(url)).default;
  widget.render({ model, el: document.getElementById("page") });
}"""
BOX = """(sel) => { const e = document.querySelector(sel);
  if (!e || !e.offsetParent) return null;
  const r = e.getBoundingClientRect();
  return { top: Math.round(r.top), width: Math.round(r.width),
           height: Math.round(r.height) }; }"""


@pytest.fixture(scope="module")
def opening_state(tmp_path_factory):
    """Maria Silva's page as Python first sends it."""
    from crm_widgets.store import Store

    with Store(tmp_path_factory.mktemp("narrow") / "portal.duckdb") as store:
        build_portal(store)
        # Long channel and campaign names: the attribution card must still fit.
        store.con.executemany(
            "INSERT INTO marketing_interactions (id, contact_id, occurred_at, channel,"
            " interaction_type, campaign) VALUES (?, 51, ?, ?, ?, ?)",
            [(1, "2019-01-05 10:00", "ORGANIC_SEARCH", "PAGE_VIEW", None),
             (2, "2019-01-19 10:00", "EMAIL_MARKETING", "EMAIL_CLICK",
              "Spring renewal campaign for logistics accounts"),
             (3, "2019-02-02 10:00", "PAID_SOCIAL", "FORM_SUBMISSION", None),
             (4, "2019-02-20 10:00", "DIRECT_TRAFFIC", "PAGE_VIEW", None)])
        view = open_view(store)
        state = {k: v for k, v in view.get_state().items()
                 if not k.startswith("_") and k not in ("layout", "comm", "keys")}
        right = list(view.layout["right"])
        view.close()
    return json.loads(json.dumps(state, default=str)), right


@pytest.fixture
def widget_at(browser, tmp_path, opening_state):
    """Open the widget in a box of the given width; yields a function doing so."""
    pages = []

    def open_at(width: int, mode: str):
        page = make_page(browser)
        pages.append(page)
        html = (f"<style>{CSS.read_text('utf-8')}</style>"
                f'<div id="page" style="width: {width}px"></div>')
        (tmp_path / "page.html").write_text(html)
        page.goto((tmp_path / "page.html").as_uri())
        page.evaluate(HARNESS, [opening_state[0], BUNDLE.read_text("utf-8")])
        page.wait_for_selector(".crmw .crmw-card", state="attached")
        page.wait_for_function(
            "(m) => document.querySelector('.crmw').dataset.mode == m", arg=mode)
        # One more frame: the resize observer has run and drawn what the mode needs.
        page.evaluate("() => new Promise(requestAnimationFrame)")
        return page

    yield open_at
    for page in pages:
        problems = list(page.problems)
        page.context.close()
        assert problems == []


def test_three_columns_at_1280(widget_at, opening_state):
    page = widget_at(1280, "wide")
    assert page.evaluate("document.querySelector('.crmw').dataset.mode") == "wide"
    assert page.evaluate(BOX, ".crmw-left")["width"] == 280
    assert page.evaluate(BOX, ".crmw-right")["width"] == 320
    assert page.evaluate(BOX, ".crmw-rail") is None
    assert page.evaluate(BOX, ".crmw-band") is None
    # The drawer's close button belongs to the 860-999 px drawer only.
    assert page.evaluate(BOX, ".crmw-drawer-close") is None
    tabs = page.locator(".crmw-tabs [role=tab]:visible").all_inner_texts()
    assert tabs == ["Overview", "Activities"]


def test_rail_and_drawer_at_920(widget_at, opening_state):
    """Symptom: from 860 to 999 px the right column vanished with no way to reach
    its cards."""
    _state, right = opening_state
    page = widget_at(920, "rail")
    assert page.evaluate(BOX, ".crmw-right") is None
    rail = page.evaluate(BOX, ".crmw-rail")
    assert rail["width"] == 44
    assert page.evaluate(BOX, ".crmw-left")["width"] == 256
    keys = page.eval_on_selector_all(".crmw-rail-card",
                                     "bs => bs.map(b => b.dataset.key)")
    assert keys == right
    companies = page.locator(".crmw-rail-card[data-key='associations.companies']")
    assert companies.get_attribute("aria-label") == "Companies (1)"
    assert companies.inner_text() == "1"

    companies.click()
    drawer = page.evaluate(BOX, ".crmw-right")
    assert drawer["width"] == 320
    shown = page.eval_on_selector_all(
        ".crmw-right .crmw-card", "cs => cs.filter(c => c.offsetParent)"
        ".map(c => c.dataset.key)")
    assert shown == ["associations.companies"]
    assert page.locator(".crmw-right .crmw-tile-title:visible").all_inner_texts() == [
        "Acme Logistics"]
    assert companies.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == \
        "Close drawer"

    page.keyboard.press("Escape")
    assert page.evaluate(BOX, ".crmw-right") is None
    assert page.evaluate("document.activeElement.dataset.key") == \
        "associations.companies"
    assert companies.get_attribute("aria-expanded") == "false"


def test_one_column_with_band_and_four_tabs_at_600(widget_at):
    """Symptom: under 860 px the page showed the left sidebar only, with no way to
    the timeline or the associations."""
    page = widget_at(600, "narrow")
    band = page.evaluate(BOX, ".crmw-band")
    assert band["height"] == 56
    assert page.evaluate(BOX, ".crmw-avatar.is-band")["width"] == 40
    assert page.locator(".crmw-band-name").inner_text() == "Maria Silva"
    assert page.locator(".crmw-band .crmw-tag, .crmw-band .crmw-status").count() == 1
    assert page.evaluate(BOX, ".crmw-left") is None
    assert page.evaluate(BOX, ".crmw-right") is None
    tabs = page.locator(".crmw-tabs [role=tab]:visible")
    assert tabs.all_inner_texts() == ["Overview", "Activities", "About", "Associations"]
    assert page.evaluate(BOX, "#crmw-tab-overview")["width"] == 600 - 2 - 32

    # The band stays on top while the one column scrolls.
    top = page.evaluate(BOX, ".crmw")["top"]
    page.evaluate("document.querySelector('.crmw-frame').scrollTop = 400")
    assert page.evaluate("document.querySelector('.crmw-frame').scrollTop") == 400
    assert page.evaluate(BOX, ".crmw-band")["top"] == top + 1
    assert page.evaluate(BOX, ".crmw-tabs")["top"] == top + 1 + 56

    page.click(".crmw-tab[data-tab='about']")
    assert page.evaluate(BOX, "#crmw-tab-overview") is None
    assert page.evaluate(BOX, ".crmw-left .crmw-header") is None
    assert page.locator(".crmw-left [data-property='email']").is_visible()
    assert page.evaluate(BOX, ".crmw-right") is None
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.tab") == "associations"
    assert page.evaluate(BOX, ".crmw-left") is None
    assert "Acme" in page.locator(".crmw-right").inner_text()
    page.click(".crmw-tab[data-tab='activities']")
    assert page.evaluate(BOX, ".crmw-right") is None
    assert page.locator(".crmw-activities .crmw-item").count() == 50


def test_attribution_fits_a_288_px_column(widget_at):
    """Symptom: the attribution table was wider than the right column, which
    scrolled sideways."""
    page = widget_at(1100, "wide")
    assert page.evaluate(BOX, ".crmw-right")["width"] == 288
    card = ".crmw-card[data-key='attribution']"
    assert page.locator(f"{card} th").all_inner_texts() == [
        "When", "Channel", "Interaction", "Credit"]
    assert page.locator(f"{card} tbody tr").count() == 4
    assert page.locator(f"{card} tbody tr").first.inner_text().split("\t") == [
        "05 Jan 2019", "Organic search", "Page view", "25%"]
    overflow = page.evaluate("""(sel) => [sel + ' .crmw-table-wrap', '.crmw-right']
      .map((s) => { const e = document.querySelector(s);
                    return e.scrollWidth - e.clientWidth; })""", card)
    assert overflow == [0, 0]
    table = page.evaluate(BOX, f"{card} .crmw-table")["width"]
    body = page.evaluate(BOX, f"{card} .crmw-card-body")["width"]
    assert table <= body - 32
