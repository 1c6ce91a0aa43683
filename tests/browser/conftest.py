"""Browser fixtures: a real JupyterLab server and Debian's Chromium, via Playwright.

The server runs on 127.0.0.1 with a random token in a temporary folder holding a
portal file and one notebook per record type. Every page collects console errors and
page errors; a test fails if any appear.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SHOTS = REPO / "test-artifacts" / "screenshots"
RECORDS = {"contact": ("contacts", 51), "company": ("companies", 9001),
           "deal": ("deals", 3001), "ticket": ("tickets", 7001)}
# Console noise from JupyterLab itself, not from our widget.
IGNORED_CONSOLE = ("favicon", "Failed to load resource: the server responded with a "
                   "status of 404", "[Violation]")
# Notebook 7's own start-up throws these in a server with a private settings folder;
# they come from notebook_core before any widget exists.
KNOWN_NOTEBOOK7_ERRORS = ("Cannot read properties of undefined (reading 'schema')",
                          "Command 'filebrowser:open-path' not registered")
# JupyterLab's kernel connection (jlab_core) logs these with console.error when a page
# closes while a kernel request it sent on connecting has no reply yet: its own
# debugger and subshell probes, never a message of ours.
JUPYTERLAB_TEARDOWN = ("Canceled future for debug_request",
                       "Canceled future for create_subshell_request")

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _notebook(portal: Path, object_type: str, record_id: int) -> dict:
    setup = (f"import sys, json\nsys.path.insert(0, {str(REPO)!r})\n"
             "import crm_widgets\n"
             f"store = crm_widgets.connect({str(portal)!r})\n"
             f"view = crm_widgets.RecordView(store, {object_type!r}, {record_id}, "
             "user='7', height=640)\nview")
    state = ("print('STATE' + json.dumps({'tab': view.active_tab, "
             "'filter': view.timeline_filter, 'layout': view.layout, "
             "'expanded': view.expanded, 'error': view.error, "
             "'comments': store.scalar('SELECT count(*) FROM activity_comments'), "
             "'phone': store.scalar(\"SELECT value FROM record_properties WHERE "
             "name = 'phone' AND record_id = ?\", [view.record_id])}) + 'END')")
    # Sets a search from Python two seconds after it runs, while the page is used.
    later = ("import asyncio\nasyncio.get_running_loop().call_later(2, setattr, view, "
             "'timeline_filter', {'search': 'renewal'})")
    cells = [{"cell_type": "code", "metadata": {}, "execution_count": None,
              "outputs": [], "source": src} for src in (setup, state, later)]
    return {"cells": cells, "metadata": {"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory) -> Path:
    """A folder with the portal file and one notebook per record type."""
    sys.path.insert(0, str(REPO))
    import crm_widgets
    from tests.record_view_portal import build_portal

    root = tmp_path_factory.mktemp("lab")
    built = root / "portal.duckdb"
    with crm_widgets.connect(built) as store:
        # Dates relative to today, so "Upcoming", "Overdue" and "3 days ago" read true.
        build_portal(store, now=datetime.now(timezone.utc).replace(tzinfo=None,
                                                                   microsecond=0))
    # One file per notebook: each kernel holds DuckDB's write lock on its own file.
    for name, (otype, rid) in RECORDS.items():
        portal = root / f"{name}.duckdb"
        shutil.copyfile(built, portal)
        (root / f"{name}.ipynb").write_text(json.dumps(_notebook(portal, otype, rid)))
    return root


@pytest.fixture(scope="session")
def lab_server(lab_root):
    """Start JupyterLab on a free port; yield (base url, token); stop it after."""
    port, token = _free_port(), secrets.token_hex(16)
    # No "Would you like news?" popup over the notebook.
    notify = lab_root / ".lab-settings" / "@jupyterlab" / "apputils-extension"
    notify.mkdir(parents=True, exist_ok=True)
    (notify / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(lab_root / ".lab-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(lab_root / ".lab-workspaces")}
    # The server's log stays open for the server's whole life and is closed after it.
    server_log = open(lab_root / "server.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         f"--ServerApp.token={token}", f"--ServerApp.root_dir={lab_root}",
         "--ServerApp.disable_check_xsrf=True", "--ServerApp.allow_root=True",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class="
         "jupyterlab.NeverCheckForUpdate"],
        stdout=subprocess.DEVNULL, stderr=server_log,
        env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("JupyterLab did not start: " +
                    (lab_root / "server.log").read_text()[-2000:])
    yield base, token
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    server_log.close()


@pytest.fixture(scope="package")
def browser():
    """Debian's Chromium, headless (never a downloaded browser).

    Package scope: Playwright's sync API runs an event loop while it is open, and a
    test outside this folder that starts its own Playwright must not find one.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


def make_page(browser):
    """A page in a fresh context; ``page.problems`` collects console and page errors."""
    context = browser.new_context(viewport={"width": 1480, "height": 980})
    pg = context.new_page()
    problems: list[str] = []

    def page_error(exc):
        known = any(k in str(exc) for k in KNOWN_NOTEBOOK7_ERRORS)
        if known and "notebook_core" in (exc.stack or ""):
            return
        problems.append(f"page error: {exc} {exc.stack}")

    def console(msg):
        ignored = IGNORED_CONSOLE + JUPYTERLAB_TEARDOWN
        if msg.type != "error" or any(s in msg.text for s in ignored):
            return
        url = (msg.location or {}).get("url", "")
        if "status of 500" in msg.text and urlparse(url).path == "/api/kernels":
            # jupyter_server's own race: listing kernels while one is still starting
            # fails with KeyError 'last_activity' (see the server log), a 500 that
            # JupyterLab's status poll logs and then retries.
            return
        problems.append(f"console error: {msg.text}")
    pg.on("pageerror", page_error)
    pg.on("console", console)
    pg.problems = problems
    return pg


@pytest.fixture
def page(browser, request):
    """A fresh page whose console and page errors fail the test.

    A test that uses the Jupyter server leaves it as it found it: its kernels shut
    down (each holds its portal file's lock and its own RecordView) and the portal
    files copied back from the built one, so no test sees another's edits.
    """
    pg = make_page(browser)
    yield pg
    if "lab_server" in request.fixturenames:
        close_lab_page(pg, request.getfixturevalue("lab_server"),
                       request.getfixturevalue("lab_root"))
    else:
        pg.context.close()
    assert not pg.problems, "\n".join(pg.problems)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep a screenshot of the page a failing test left, for the CI artifacts."""
    outcome = yield
    report = outcome.get_result()
    pg = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and pg is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        # A closed or crashed page has nothing to show.
        with contextlib.suppress(Exception):
            pg.screenshot(path=str(SHOTS / f"failed-{item.name}.png"))


def close_lab_page(pg, lab_server, lab_root: Path) -> None:
    """Wait for the kernel to go idle, close the page, stop every kernel, reset data."""
    from .lab import wait_idle

    # A page that never left about:blank (its test skipped) has no kernel to wait for.
    if pg.url != "about:blank":
        try:
            wait_idle(pg, timeout=30000)
        except Exception:
            pg.problems.append("kernel still busy when the test ended")
    pg.context.close()
    reset_server(lab_server, lab_root)


def _api(lab_server, path: str, method: str = "GET") -> Any:
    base, token = lab_server
    req = urllib.request.Request(f"{base}{path}", method=method,
                                 headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        body = resp.read()
    return json.loads(body) if body else None


def reset_server(lab_server, lab_root: Path) -> None:
    """Shut down every session and kernel, then restore each portal file."""
    for session in _api(lab_server, "/api/sessions"):
        _api(lab_server, f"/api/sessions/{session['id']}", "DELETE")
    for kernel in _api(lab_server, "/api/kernels"):
        _api(lab_server, f"/api/kernels/{kernel['id']}", "DELETE")
    # JupyterLab reopens the notebooks a workspace remembers, each starting a kernel
    # on its portal file: forget them, so the next page opens only its own.
    for saved in (lab_root / ".lab-workspaces").glob("*"):
        saved.unlink()
    built = lab_root / "portal.duckdb"
    for name in RECORDS:
        shutil.copyfile(built, lab_root / f"{name}.duckdb")
        wal = lab_root / f"{name}.duckdb.wal"
        wal.unlink(missing_ok=True)


def set_theme(lab_server, dark: bool) -> None:
    """Choose JupyterLab's light or dark theme through the settings API."""
    base, _token = lab_server
    theme = "JupyterLab Dark" if dark else "JupyterLab Light"
    body = json.dumps({"raw": json.dumps({"theme": theme})}).encode()
    req = urllib.request.Request(
        f"{base}/lab/api/settings/@jupyterlab/apputils-extension:themes",
        data=body, method="PUT", headers={"Authorization": f"token {lab_server[1]}",
                                          "Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=10)
