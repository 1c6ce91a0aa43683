"""The bundle in Chromium with a stand-in model: only the latest filter choice is drawn.

No Jupyter here: the widget's own ``render`` gets a model that records what the page
saves and lets the test deliver Python's answers in any order, as a busy kernel can.
"""

from __future__ import annotations

import json

import pytest

from tests.record_view_portal import build_portal
from tests.test_record_view import from_browser, open_view

from .conftest import REPO, make_page

pytestmark = pytest.mark.browser

BUNDLE = REPO / "crm_widgets" / "static" / "record_view.js"
# A model like the widget manager's: set() fires change events at once, save_changes()
# records what would go to the kernel, deliver() applies what the kernel sends back.
HARNESS = """async ([state, bundle]) => {
  const listeners = {};
  const fire = (name) => (listeners["change:" + name] || []).forEach((cb) => cb());
  const model = {
    get: (name) => state[name],
    set: (name, value) => { state[name] = value; fire(name); },
    on: (event, cb) => { (listeners[event] ||= []).push(cb); },
    off: (event, cb) => {
      listeners[event] = (listeners[event] || []).filter((f) => f !== cb);
    },
    save_changes: () => window.saved.push({ tab: state.timeline_filter.tab,
      request: state.timeline_request }),
    send: () => {},
  };
  window.saved = [];
  window.deliver = (name, value) => model.set(name, value);
  const url = URL.createObjectURL(new Blob([bundle], { type: "text/javascript" }));
  const widget = (await import(url)).default;
  widget.render({ model, el: document.getElementById("page") });
}"""
ITEM_TYPES = ("() => [...document.querySelectorAll('.crmw-activities .crmw-item')]"
              ".map(e => e.className.match(/is-(\\w+)/)[1])")


@pytest.fixture
def pages(store):
    """The opening state and Python's answers to "Notes" (1) then "Calls" (2)."""
    build_portal(store)
    view = open_view(store)
    view.active_tab = "activities"
    state = {k: v for k, v in view.get_state().items()
             if not k.startswith("_") and k not in ("layout", "comm", "keys")}
    from_browser(view, timeline_filter={"tab": "notes"}, timeline_request=1)
    notes = view.timeline
    from_browser(view, timeline_filter={"tab": "calls"}, timeline_request=2)
    calls = view.timeline
    view.close()
    return json.loads(json.dumps(state, default=str)), notes, calls


def test_late_answer_to_an_earlier_type_tab_is_not_drawn(browser, tmp_path, pages):
    """Symptom: after a quick second type-tab click, the timeline drew the answer to
    the first click (every type, or Notes) under the tab chosen last, busy cleared."""
    state, notes, calls = pages
    page = make_page(browser)
    try:
        (tmp_path / "page.html").write_text('<div id="page"></div>')
        page.goto((tmp_path / "page.html").as_uri())
        page.evaluate(HARNESS, [state, BUNDLE.read_text("utf-8")])
        page.wait_for_selector(".crmw-activities .crmw-item")
        opening = page.evaluate(ITEM_TYPES)
        assert len(opening) == 50
        assert {"note", "call", "email"} <= set(opening)

        page.click(".crmw-type-tab[data-tab='notes']")
        page.click(".crmw-type-tab[data-tab='calls']")
        page.click(".crmw-type-tab[data-tab='calls']")  # no change: nothing sent
        assert page.evaluate("window.saved") == [{"tab": "notes", "request": 1},
                                                 {"tab": "calls", "request": 2}]

        page.evaluate("(p) => window.deliver('timeline', p)", notes)
        assert page.evaluate(ITEM_TYPES) == opening
        busy = page.get_attribute(".crmw-activities", "aria-busy")
        assert busy == "true"
        assert page.get_attribute(".crmw-type-tab[aria-selected='true']",
                                  "data-tab") == "calls"

        page.evaluate("(p) => window.deliver('timeline', p)", calls)
        assert page.evaluate(ITEM_TYPES) == ["call"] * 13
        assert page.get_attribute(".crmw-activities", "aria-busy") is None
        assert "Showing 13 of 13" in page.inner_text(".crmw-timeline-foot")
        assert page.problems == []
    finally:
        page.context.close()
