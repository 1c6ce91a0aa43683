"""Drive a notebook in JupyterLab or Notebook 7: open, run, read the state cell."""

from __future__ import annotations

import json
import re
from pathlib import Path

# The notebook on screen (earlier notebooks stay in the DOM, hidden, in JupyterLab).
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
WIDGET = ".jp-NotebookPanel:not(.lm-mod-hidden) .crmw"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def open_and_run(page, lab_server, notebook: str, app: str = "lab") -> None:
    """Open a notebook, run its first cell, and wait for the widget to draw."""
    base, token = lab_server
    path = f"lab/tree/{notebook}" if app == "lab" else f"notebooks/{notebook}"
    page.goto(f"{base}/{path}?token={token}")
    page.wait_for_selector(f"{NOTEBOOK} .jp-Cell", timeout=60000)
    wait_idle(page)
    # A Shift+Enter sent while the kernel is still connecting can be lost: retry.
    for attempt in range(3):
        run_cell(page, 0)
        try:
            page.wait_for_selector(f"{WIDGET} .crmw-name", timeout=30000)
            return
        except Exception:
            if attempt == 2:
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / f"failed-{notebook}.png"))
                raise


def show_activities(page):
    """Switch the widget to its Activities tab, wait for the first item, return it."""
    root = page.locator(WIDGET)
    root.locator(".crmw-tab[data-tab='activities']").click()
    page.wait_for_selector(f"{WIDGET} .crmw-activities .crmw-item")
    return root


def wait_idle(page, timeout: float = 60000) -> None:
    """Wait until the kernel reports idle (JupyterLab and Notebook 7 status)."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-Notebook-ExecutionIndicator, "
        ".jp-StatusBar-TextItem, .jp-KernelStatus, [data-status]')]"
        ".some(e => /idle/i.test(e.textContent + (e.dataset.status || '')))",
        timeout=timeout)


def run_cell(page, index: int) -> None:
    """Select cell ``index`` (by its prompt, in command mode) and run it."""
    cell = page.locator(NOTEBOOK + " .jp-Cell").nth(index)
    # force: a restored tab's toolbar or a tooltip may sit over the prompt.
    cell.locator(".jp-InputPrompt").click(force=True)
    page.keyboard.press("Shift+Enter")


def python_state(page) -> dict:
    """Run the state cell and parse what it printed (traits and database values)."""
    cell = page.locator(NOTEBOOK + " .jp-Cell").nth(1)
    before = cell.locator(".jp-OutputArea-output").all_inner_texts()
    run_cell(page, 1)
    for _ in range(100):
        texts = cell.locator(".jp-OutputArea-output").all_inner_texts()
        if texts and texts != before and "END" in texts[-1]:
            break
        page.wait_for_timeout(200)
    text = " ".join(cell.locator(".jp-OutputArea-output").all_inner_texts())
    match = re.search(r"STATE(.*)END", text, re.S)
    assert match, f"state cell printed: {text!r}"
    return json.loads(match.group(1))
