"""Opening a record page, the account overview, and the memory of an open view.

Opening: from ``RecordView(store, type, id)`` to the complete first payload
(every trait filled), against a baseline of the hand-written SQL that fetches
the same record's properties and first timeline page. Account overview: every
company in one frame, and one company, against a hand-written count of contacts
per company. Memory: a child process opens the store and builds a RecordView,
then reports its peak resident memory. First paint (``--paint``, and in
``run_all.py`` whenever Debian's Chromium is installed): the record's offline
HTML export loaded in headless Chromium, from navigation to the record header
on screen, against the same Chromium loading a page that holds only a header.

Usage: ``python benchmarks/record_page.py --portal PATH [--paint]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import LAST_CPU_MS, Figure, format_table, median_ms
from benchmarks.timeline import NOW, baseline_ids, pick_record

_PROPERTIES_SQL = """SELECT name, value FROM record_properties
                     WHERE object_type = ? AND record_id = ?"""
_CONTACTS_PER_COMPANY = """
    SELECT from_id, count(*) FROM associations
    WHERE from_type = 'companies' AND to_type = 'contacts' GROUP BY from_id"""


def open_record(portal: Path, items: int, repeat: int = 5) -> list[Figure]:
    """Median time to a complete RecordView, against the hand-written reads."""
    from crm_widgets import RecordView, connect

    store = connect(portal, read_only=True)
    otype, rid, n = pick_record(store.con, items)
    opened, view = median_ms(lambda: RecordView(store, otype, rid), repeat)
    opened_cpu = LAST_CPU_MS[0]
    complete = all(getattr(view, k) for k in ("header", "about", "timeline"))
    combo = {"tab": "activity", "kinds": None, "users": None, "teams": None,
             "search": None}

    def hand_written() -> None:
        store.con.execute(_PROPERTIES_SQL, [otype, rid]).fetchall()
        baseline_ids(store.con, otype, rid, combo)

    base, _ = median_ms(hand_written, repeat)
    store.close()
    return [Figure("open record: RecordView to full payload", opened, limit=300,
                   baseline=base, baseline_name="properties + page SQL",
                   note=f"{otype} {rid} with {n:,} own activities; payload "
                        f"{'complete' if complete else 'INCOMPLETE'}; "
                        f"CPU {opened_cpu:.0f} ms")]


def account(portal: Path, repeat: int = 3) -> list[Figure]:
    """Account overview of every company, and of the showcase company."""
    from crm_widgets import connect
    from crm_widgets.queries.account import account_overview

    store = connect(portal, read_only=True)
    every_ms, every = median_ms(lambda: account_overview(store, now=NOW), repeat)
    every_cpu = LAST_CPU_MS[0]
    base_ms, _ = median_ms(
        lambda: store.con.execute(_CONTACTS_PER_COMPANY).fetchall(), repeat)
    company = int(store.scalar(
        "SELECT from_id FROM associations WHERE from_type = 'companies' "
        "AND to_type = 'contacts' GROUP BY from_id ORDER BY count(*) DESC, from_id "
        "LIMIT 1"))
    one_ms, _ = median_ms(lambda: account_overview(store, company, now=NOW),
                          repeat)
    one_cpu = LAST_CPU_MS[0]
    one_base, _ = median_ms(lambda: store.con.execute(
        _CONTACTS_PER_COMPANY.replace("GROUP BY", "AND from_id = ? GROUP BY"),
        [company]).fetchall(), repeat)
    store.close()
    return [
        Figure("account overview: every company", every_ms / 1000, unit="s",
               limit=3, baseline=base_ms / 1000,
               baseline_name="contacts per company SQL",
               note=f"{len(every):,} companies; CPU {every_cpu / 1000:.2f} s"),
        Figure("account overview: one company", one_ms, limit=20,
               baseline=one_base, baseline_name="its contacts SQL",
               note=f"company {company}, the one with most contacts; "
                    f"CPU {one_cpu:.0f} ms"),
    ]


# VmHWM, not ru_maxrss: Linux carries a parent's ru_maxrss over fork and exec,
# so a child started by a big benchmark process would report the parent's peak.
_PEAK = """
def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""
_CHILD = _PEAK + """
import json, sys
from crm_widgets import RecordView, connect
from benchmarks.timeline import pick_record
store = connect(sys.argv[1], read_only=True)
otype, rid, _ = pick_record(store.con, int(sys.argv[2]))
view = RecordView(store, otype, rid)
print(json.dumps({"peak_mb": peak_mb()}))
"""


def memory(portal: Path, items: int) -> list[Figure]:
    """Peak resident memory of a fresh process with a store and a RecordView."""
    root = Path(__file__).resolve().parent.parent
    baseline = subprocess.run(
        [sys.executable, "-c", _PEAK + "import json, crm_widgets.record_view\n"
         "print(json.dumps({'peak_mb': peak_mb()}))"], capture_output=True,
        text=True, check=True, cwd=root)
    done = subprocess.run([sys.executable, "-c", _CHILD, str(portal), str(items)],
                          capture_output=True, text=True, check=True, cwd=root)
    peak = json.loads(done.stdout.strip().splitlines()[-1])["peak_mb"]
    empty = json.loads(baseline.stdout.strip().splitlines()[-1])["peak_mb"]
    return [Figure("memory: store open + RecordView (peak RSS)", peak, unit="MiB",
                   limit=1024, baseline=empty,
                   baseline_name="python + imports alone")]


# Debian's Chromium; Playwright's own browser download is never used.
CHROMIUM = Path("/usr/bin/chromium")
HEADER = ".crmw-header .crmw-name"
# Runs before the page's own scripts: notes when the header first exists, then
# waits two animation frames, by which time that frame has been painted.
_WATCH_HEADER = """
new MutationObserver((_, observer) => {
  if (!document.querySelector('HEADER')) return;
  observer.disconnect();
  performance.mark('crmw-header-added');
  requestAnimationFrame(() => requestAnimationFrame(
    () => performance.mark('crmw-header-painted')));
}).observe(document, {childList: true, subtree: true});
""".replace("HEADER", HEADER)
_BLANK = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>blank</title></head><body><div class="crmw-header">
<h2 class="crmw-name">Blank</h2></div></body></html>"""


def paint(portal: Path, items: int, repeat: int = 5) -> list[Figure]:
    """Navigation to the record header painted, in Chromium, from the HTML export.

    Each load gets a fresh browser context (no cache). The time is read in the
    page (``performance.mark`` after the header appears and two frames pass), so
    Playwright's round trips are not counted; Chromium's start is not either.
    """
    from playwright.sync_api import sync_playwright

    from crm_widgets import connect
    from crm_widgets.export_html import export_record_page

    store = connect(portal, read_only=True)
    otype, rid, n = pick_record(store.con, items)
    with tempfile.TemporaryDirectory(prefix="crmw-paint-") as tmp:
        page_path = export_record_page(store, otype, rid, Path(tmp) / "record.html")
        store.close()
        blank_path = Path(tmp) / "blank.html"
        blank_path.write_text(_BLANK, encoding="utf-8")
        size_kb = page_path.stat().st_size / 1024
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(CHROMIUM), headless=True,
                args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                      "--disable-background-networking"])
            try:
                _painted_ms(browser, blank_path)  # warm the browser up once
                record = [_painted_ms(browser, page_path) for _ in range(repeat)]
                blank = [_painted_ms(browser, blank_path) for _ in range(repeat)]
            finally:
                browser.close()
    return [Figure("first paint: record header in Chromium",
                   statistics.median(record), limit=1000,
                   baseline=statistics.median(blank),
                   baseline_name="a page with only a header",
                   note=f"{otype} {rid} ({n:,} activities), offline export of "
                        f"{size_kb:,.0f} KB; navigation to header painted, median "
                        f"of {repeat} fresh contexts")]


def _painted_ms(browser: object, path: Path) -> float:
    """Milliseconds from navigation start to the header's first painted frame."""
    context = browser.new_context(viewport={"width": 1480, "height": 980})
    try:
        page = context.new_page()
        page.add_init_script(_WATCH_HEADER)
        page.goto(path.as_uri())
        page.wait_for_selector(HEADER, state="visible", timeout=30_000)
        page.wait_for_function(
            "performance.getEntriesByName('crmw-header-painted').length > 0",
            timeout=30_000)
        return float(page.evaluate(
            "performance.getEntriesByName('crmw-header-painted')[0].startTime"))
    finally:
        context.close()


def run(portal: Path, items: int = 10_000, repeat: int = 5,
        with_paint: bool | None = None) -> list[Figure]:
    """Every figure of this module; first paint too when Chromium is installed."""
    figures = [*open_record(portal, items, repeat), *account(portal),
               *memory(portal, items)]
    if CHROMIUM.exists() if with_paint is None else with_paint:
        figures += paint(portal, items, repeat)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portal", type=Path, required=True)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--paint", action="store_true",
                        help="only the first-paint figure (headless Chromium)")
    args = parser.parse_args()
    if args.paint:
        print(format_table(paint(args.portal, args.items, args.repeat)))
    else:
        print(format_table(run(args.portal, args.items, args.repeat)))


if __name__ == "__main__":
    main()
