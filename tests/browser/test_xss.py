"""No script from CRM data ever runs in the record page, and the text stays readable.

Every payload of ``tests/data/xss_payloads.txt`` goes into a note body, an email
subject and body, a contact's job title, a company name, an association label, an
attachment name and a comment of one store. Each record page is written with
``export_record_page`` (the widget's own bundle and render) and opened from a file://
URL in Debian's Chromium, one page load per record, with every timeline item
expanded. The page's Content-Security-Policy is removed first, so what is proven is
the widget's own escaping and sanitising, not the browser's policy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import crm_widgets
from crm_widgets.export_html import export_record_page
from crm_widgets.queries import actions
from tests.builders import Portal

from .conftest import REPO

pytestmark = pytest.mark.browser

_LINES = (REPO / "tests" / "data" / "xss_payloads.txt").read_text("utf-8").splitlines()
PAYLOADS = [line for line in _LINES if line.strip() and not line.startswith("#")]
USER = "7"
# The record's name also lands in the exported page's <title> and JSON state.
BREAKOUT = "Silva</title></script><script>window.__xss=99</script><!--"
_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>', re.S)


def build(store: crm_widgets.Store) -> None:
    """Contact 51 (notes, comments, files, companies), deal 3001 (emails), company 9001
    (contacts with hostile job titles)."""
    p = Portal(store)
    p.owner(7, "Ana", "Lima")
    p.record("contacts", 51, firstname="Maria", lastname=BREAKOUT,
             jobtitle=PAYLOADS[0])
    p.record("companies", 9001, name="Acme")
    p.record("deals", 3001, dealname="Renewal")
    for i, payload in enumerate(PAYLOADS):
        p.activity("note", 1000 + i, f"2024-03-01 {i % 24:02d}:{i % 60:02d}",
                   on=[("contacts", 51)], owner=7,
                   hs_note_body=f"<p>note {i} says: {payload}</p>")
        p.comment(5000 + i, 1000 + i, payload, "2024-03-02")
        p.activity("email", 2000 + i, f"2024-02-01 {i % 24:02d}:{i % 60:02d}",
                   on=[("deals", 3001)], owner=7, hs_email_subject=payload,
                   hs_email_html=f"<div>email {i} reads: {payload}</div>",
                   hs_email_direction="EMAIL")
        p.record("companies", 9100 + i, name=payload)
        p.associate("contacts", 51, "companies", 9100 + i, labels=[f"L{i} {payload}"])
        p.file(6000 + i, payload, on=("contacts", 51))
        p.record("contacts", 100 + i, firstname=f"Person{i}", jobtitle=payload)
        p.associate("contacts", 100 + i, "companies", 9001)
    for otype in ("contacts", "deals", "companies"):
        actions.save_ui_state(store, USER, otype, "last_tab", "activities")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """One standalone HTML file per record, with the page's CSP taken out."""
    root = tmp_path_factory.mktemp("xss")
    out = {}
    with crm_widgets.connect(root / "portal.duckdb") as store:
        build(store)
        for name, otype, rid in (("contact", "contacts", 51), ("deal", "deals", 3001),
                                 ("company", "companies", 9001)):
            path = export_record_page(store, otype, rid, root / f"{name}.html",
                                      user=USER)
            path.write_text(_CSP.sub("", path.read_text("utf-8")), "utf-8")
            out[name] = path
    return out


def open_page(page, path: Path) -> dict:
    """Load the page, expand every timeline item; return what an attack could leave."""
    hits: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: hits.append(r.url) if "xss-hit" in r.url else None)

    def dialog(d):
        dialogs.append(d.message)
        d.dismiss()
    page.on("dialog", dialog)
    page.goto(path.as_uri())
    page.wait_for_selector(".crmw .crmw-name")
    expand = page.locator(".crmw button", has_text="Expand all")
    if expand.count() and page.locator(".crmw .crmw-item").count():
        expand.first.click()
        page.wait_for_selector(".crmw .crmw-item-detail:not([hidden])")
    for card in page.locator(".crmw .crmw-card.is-collapsed .crmw-card-toggle").all():
        card.click()
    page.wait_for_timeout(500)  # let any delayed handler (onload, onbegin) fire
    return {"hits": hits, "dialogs": dialogs,
            "xss": page.evaluate("() => typeof window.__xss"),
            "text": page.evaluate(
                "() => document.getElementById('record-page').textContent"),
            "scripts": page.evaluate(
                "() => document.querySelectorAll('#record-page script, #record-page "
                "iframe, #record-page object, #record-page embed').length"),
            "handlers": page.evaluate(
                "() => [...document.querySelectorAll('#record-page *')].filter(e => "
                "[...e.attributes].some(a => a.name.startsWith('on') || "
                "/^\\s*javascript:/i.test(a.value))).length")}


def assert_nothing_ran(seen: dict) -> None:
    assert seen["xss"] == "undefined"
    assert seen["dialogs"] == []
    assert seen["hits"] == []
    assert seen["scripts"] == 0
    assert seen["handlers"] == 0


def test_payload_list_is_long_enough():
    assert len(PAYLOADS) >= 30


def test_contact_page_notes_labels_companies_and_files(page, pages):
    seen = open_page(page, pages["contact"])
    assert_nothing_ran(seen)
    text = seen["text"]
    assert all(f"note {i} says:" in text for i in range(len(PAYLOADS)))
    assert page.locator(".crmw .crmw-item-detail:not([hidden])").count() == len(
        PAYLOADS)
    companies = page.locator(
        ".crmw .crmw-card[data-key='associations.companies']").text_content()
    assert [p for p in PAYLOADS if p not in companies] == []
    assert page.locator(".crmw .crmw-name").text_content() == f"Maria {BREAKOUT}"
    assert BREAKOUT in page.title()
    # The first payload is also the job title, written out literally as text.
    assert PAYLOADS[0] in page.locator(".crmw .crmw-left").text_content()
    missing_labels = [i for i, p in enumerate(PAYLOADS) if f"L{i} {p}" not in text]
    assert missing_labels == [], f"labels not shown as text: {missing_labels[:5]}"
    files = page.locator(".crmw .crmw-card[data-key='attachments']").text_content()
    assert [p for p in PAYLOADS if p not in files] == []


def test_deal_page_email_subjects_and_bodies(page, pages):
    seen = open_page(page, pages["deal"])
    assert_nothing_ran(seen)
    assert [i for i in range(len(PAYLOADS)) if f"email {i} reads:" not in
            seen["text"]] == []
    assert [p for p in PAYLOADS if p not in seen["text"]] == []  # the subjects


def test_company_page_job_titles(page, pages):
    seen = open_page(page, pages["company"])
    assert_nothing_ran(seen)
    card = page.locator(".crmw .crmw-card[data-key='associations.contacts']")
    assert [p for p in PAYLOADS if p not in card.text_content()] == []


def test_comments_are_shown_as_text(page, pages):
    seen = open_page(page, pages["contact"])
    assert_nothing_ran(seen)
    comments = page.locator(".crmw .crmw-comment-body").all_text_contents()
    assert sorted(comments) == sorted(PAYLOADS)
