"""The bring-your-own-export notebook, run in JupyterLab on the real HubSpot samples."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from tests.conftest import REPO, real_data_dir

from .lab import NOTEBOOK as OPEN_NOTEBOOK
from .lab import SHOTS, WIDGET, wait_idle

pytestmark = pytest.mark.browser

BYO = "04_your_own_export.ipynb"


@pytest.fixture
def byo_notebook(lab_root):
    """The notebook in a copy of the repo's layout: notebooks/, data/ and ../shared."""
    real = real_data_dir()
    if not real.is_dir():
        pytest.skip(f"real sample data not found at {real}")
    checkout = lab_root / "byo" / "checkout"
    (checkout / "notebooks").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "notebooks" / BYO, checkout / "notebooks" / BYO)
    shared = lab_root / "byo" / "shared" / "data"
    shared.mkdir(parents=True, exist_ok=True)
    if not (shared / "real").exists():
        (shared / "real").symlink_to(real, target_is_directory=True)
    return f"byo/checkout/notebooks/{BYO}"


# byo_notebook comes first: where the samples are absent it skips the test before
# a page is opened.
def test_notebook_imports_real_samples_and_shows_a_record(byo_notebook, page,
                                                          lab_server):
    base, token = lab_server
    page.goto(f"{base}/lab/tree/{byo_notebook}?token={token}")
    page.wait_for_selector(f"{OPEN_NOTEBOOK} .jp-Cell", timeout=60000)
    wait_idle(page)
    _accept_kernel_dialog(page)
    # A "Run All" sent while the kernel is still connecting can be lost: retry.
    for _ in range(3):
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-itemLabel",
                     has_text=re.compile(r"^Run All Cells$")).click()
        try:
            page.wait_for_selector(
                f"{OPEN_NOTEBOOK} .jp-InputPrompt:has-text('[1]')", timeout=20000)
            break
        except Exception:
            _accept_kernel_dialog(page)
    try:
        page.wait_for_selector(f"{WIDGET} .crmw-name", timeout=120000)
    except Exception:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "failed-your-own-export.png"), full_page=True)
        raise
    wait_idle(page, timeout=120000)

    # The notebook opens the contact with the most tasks (the newest on a tie): count
    # them from the sample's own files.
    sample = real_data_dir() / "hubspot-api-v3-nango"
    tasks = _body(sample / "tasks.test.json")["results"]
    per_contact: dict[int, int] = {}
    for task in tasks:
        for contact_id in _linked_contacts(task):
            per_contact[contact_id] = per_contact.get(contact_id, 0) + 1
    chosen = max(per_contact, key=lambda cid: (per_contact[cid], cid))
    contact = next(c for c in _body(sample / "contacts.test.json")["results"]
                   if int(c["id"]) == chosen)
    props = contact["properties"]
    expected = f"{props['firstname']} {props['lastname']}"

    assert page.locator(f"{WIDGET} .crmw-name").inner_text().strip() == expected
    outputs = " ".join(page.locator(f"{OPEN_NOTEBOOK} .jp-OutputArea-output")
                       .all_inner_texts())
    assert "Traceback" not in outputs
    # The task table printed above the widget lists the contact's own task (pandas
    # cuts long cells short, so the start of each subject is what is on the page).
    subjects = [t["properties"]["hs_task_subject"] for t in tasks
                if chosen in _linked_contacts(t)]
    assert subjects
    assert all(s[:40] in outputs for s in subjects)


def _accept_kernel_dialog(page) -> None:
    """Answer JupyterLab's "Select Kernel" dialog with the default Python kernel."""
    dialog = page.locator(".jp-Dialog")
    try:
        dialog.first.wait_for(timeout=5000)
    except Exception:
        return
    if dialog.first.is_visible():
        dialog.locator("button", has_text="Select").click()
        wait_idle(page)


def _linked_contacts(task) -> list[int]:
    links = task.get("associations", {}).get("contacts", {}).get("results", [])
    return [int(link["id"]) for link in links]


def _body(path):
    """The HubSpot response body recorded in one of the sample's files."""
    recorded = json.loads(path.read_text(encoding="utf-8"))["api"]["get"]
    return next(iter(recorded.values()))["response"]
