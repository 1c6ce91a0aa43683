"""The RecordView in real JupyterLab and Notebook 7 pages, checked on both sides."""

from __future__ import annotations

import pytest

from .conftest import RECORDS, SHOTS, close_lab_page, make_page, set_theme
from .lab import WIDGET, open_and_run, python_state, run_cell, show_activities

pytestmark = pytest.mark.browser


def test_tabs_search_and_filters_drive_python(page, lab_server):
    open_and_run(page, lab_server, "contact.ipynb")
    root = page.locator(WIDGET)
    assert root.locator(".crmw-name").inner_text() == "Maria Silva"

    show_activities(page)
    assert "Showing 50 of 61" in root.locator(".crmw-timeline-foot").inner_text()

    # Clicked at once, while the kernel may still be answering the tab switch.
    root.locator(".crmw-type-tab[data-tab='calls']").click()
    page.wait_for_function(
        "() => document.querySelectorAll('.crmw-activities .crmw-item').length"
        " && [...document.querySelectorAll('.crmw-activities .crmw-item')]"
        ".every(e => e.classList.contains('is-call'))")
    root.locator(".crmw-type-tab[data-tab='activity']").click()
    root.locator(".crmw-search").fill("renewal prep 12")
    page.wait_for_function(
        "() => document.querySelectorAll('.crmw-activities .crmw-item').length === 1")
    assert "Renewal prep 12" in root.locator(".crmw-activities .crmw-item").inner_text()

    state = python_state(page)
    assert state["tab"] == "activities"
    assert state["filter"]["search"] == "renewal prep 12"
    assert state["filter"]["tab"] == "activity"


def test_search_box_follows_python_and_clear_all(page, lab_server):
    open_and_run(page, lab_server, "contact.ipynb")
    root = show_activities(page)
    search = root.locator(".crmw-search")
    # Python sets a search while the cursor sits in the empty box: the box shows it.
    run_cell(page, 2)
    search.click()
    root.locator(".crmw-chip", has_text="Search: renewal").wait_for()
    assert search.input_value() == "renewal"
    assert search.evaluate("e => e === document.activeElement")

    # Words typed but not yet sent do not come back after Clear all.
    page.keyboard.type(" prep")
    root.locator(".crmw-chips .crmw-link", has_text="Clear all").click()
    page.wait_for_timeout(600)  # past the box's 250 ms pause before it sends
    assert search.input_value() == ""
    assert root.locator(".crmw-chip").count() == 0
    assert python_state(page)["filter"]["search"] == ""


def test_filter_by_user_and_load_more(page, lab_server):
    open_and_run(page, lab_server, "contact.ipynb")
    root = show_activities(page)
    root.locator("[data-intent='load_more']").click()
    page.wait_for_function("() => document.querySelector('.crmw .crmw-timeline-foot')"
                           ".innerText.includes('Showing 61 of 61')")
    users = root.locator("[data-filter='users']")
    users.click()
    assert users.get_attribute("aria-expanded") == "true"
    root.locator(".crmw-menu-item", has_text="Luis Costa").click()
    page.wait_for_function("() => document.querySelector('.crmw .crmw-timeline-foot')"
                           ".innerText.includes('of 25')")
    # The page that answered the choice left the menu's button in place: Esc gives
    # it the focus back, and the button counts the choice.
    page.keyboard.press("Escape")
    assert users.evaluate("e => e === document.activeElement")
    assert users.get_attribute("aria-expanded") == "false"
    assert users.inner_text().startswith("All users (1)")
    state = python_state(page)
    assert state["filter"]["users"] == [8]


def test_search_box_keeps_focus_and_text_while_a_page_arrives(page, lab_server):
    open_and_run(page, lab_server, "contact.ipynb")
    root = show_activities(page)
    search = root.locator(".crmw-search")
    search.click()
    # A page arrives (Load more, clicked from script so the focus stays put) while
    # the user is in the box: the box, and the keys typed next, must survive it.
    search.evaluate("e => { e.dataset.probe = 'kept'; }")
    page.evaluate("document.querySelector('.crmw [data-intent=load_more]').click()")
    page.wait_for_function("() => document.querySelector('.crmw .crmw-timeline-foot')"
                           ".innerText.includes('Showing 61 of 61')")
    assert search.get_attribute("data-probe") == "kept"
    assert search.evaluate("e => e === document.activeElement")
    page.keyboard.type("renewal prep 12")
    page.wait_for_function(
        "() => document.querySelectorAll('.crmw-activities .crmw-item').length === 1")
    assert python_state(page)["filter"]["search"] == "renewal prep 12"


def test_collapse_reorder_comment_and_edit(page, lab_server):
    open_and_run(page, lab_server, "deal.ipynb")
    root = page.locator(WIDGET)
    card = root.locator(".crmw-right .crmw-card[data-key='attachments']")
    card.locator(".crmw-card-toggle").click()
    page.wait_for_selector(f"{WIDGET} .crmw-card[data-key='attachments'].is-collapsed")
    first = root.locator(".crmw-right .crmw-card").first
    assert first.get_attribute("data-key") == "associations.contacts"
    root.locator(".crmw-right .crmw-card[data-key='associations.companies'] "
                 "[aria-label='Card options']").click()
    root.locator(".crmw-menu-item", has_text="Move up").click()
    page.wait_for_function("() => document.querySelector('.crmw .crmw-right "
                           ".crmw-card').dataset.key === 'associations.companies'")

    show_activities(page)
    item = root.locator(".crmw-activities .crmw-item.is-note").first
    item.locator(".crmw-item-toggle").click()
    item = root.locator(".crmw-activities .crmw-item.is-note").first
    # The comment already there arrives once the item opens, author first.
    item.locator(".crmw-comment", has_text="Budget owner is João").wait_for()
    assert "Ana Lima" in item.locator(".crmw-comment-head").first.inner_text()
    item.locator(".crmw-link", has_text="Add comment").click()
    item.locator("textarea").fill("Call back on Monday")
    item.locator("button", has_text="Save comment").click()
    root.locator(".crmw-toast").filter(has_text="Comment added").wait_for()
    item.locator(".crmw-comment-body", has_text="Call back on Monday").wait_for()

    state = python_state(page)
    assert "attachments" in state["layout"]["collapsed"]
    assert state["layout"]["right"][0] == "associations.companies"
    assert state["comments"] == 2
    assert len(state["expanded"]) == 1


def test_edit_property_in_place(page, lab_server):
    open_and_run(page, lab_server, "contact.ipynb")
    root = page.locator(WIDGET)
    root.locator(".crmw-value[data-property='phone']").click()
    field = root.locator(".crmw-about input[aria-label]").first
    field.fill("+351 999 888 777")
    root.locator(".crmw-about button", has_text="Save").click()
    root.locator(".crmw-value[data-property='phone']").filter(
        has_text="+351 999 888 777").wait_for()
    assert python_state(page)["phone"] == "+351 999 888 777"


def test_notebook7_draws_the_widget(page, lab_server):
    open_and_run(page, lab_server, "ticket.ipynb", app="notebook")
    assert "Invoices show" in page.locator(f"{WIDGET} .crmw-name").inner_text()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshots(browser, lab_server, lab_root, dark):
    set_theme(lab_server, dark)
    SHOTS.mkdir(parents=True, exist_ok=True)
    expected = "dark" if dark else "light"
    problems: list[str] = []
    try:
        for name in RECORDS:
            page = make_page(browser)
            open_and_run(page, lab_server, f"{name}.ipynb")
            root = page.locator(WIDGET)
            page.wait_for_function(f"() => document.querySelector('{WIDGET}')"
                                   f".dataset.theme === '{expected}'")
            if name in ("contact", "ticket"):
                show_activities(page)
            else:
                root.locator(".crmw-tab[data-tab='overview']").click()
            page.wait_for_timeout(300)  # let Sortable's and the tabs' transitions end
            root.screenshot(path=str(SHOTS / f"{name}-{expected}.png"))
            close_lab_page(page, lab_server, lab_root)
            problems += page.problems
    finally:
        set_theme(lab_server, False)
    assert not problems, "\n".join(problems)
