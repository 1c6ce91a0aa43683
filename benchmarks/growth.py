"""How the timeline and opening a record grow with the portal's activity count.

The same kind of record (own activities nearest ``--items``) is timed in demo
portals of growing size; flat rows mean the reads use the record's rows only,
not a scan of everything.

Usage: ``python benchmarks/growth.py --portal A --portal B ...``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import median_ms
from benchmarks.timeline import NOW, pick_record


def measure(portal: Path, items: int, repeat: int = 5) -> dict[str, float]:
    """Activities in the portal, and the medians of a first page and an open."""
    from crm_widgets import RecordView, connect, timeline

    store = connect(portal, read_only=True)
    activities = int(store.scalar("SELECT count(*) FROM activities"))
    otype, rid, n = pick_record(store.con, items)
    page_ms, _ = median_ms(lambda: timeline(store, otype, rid, now=NOW), repeat)
    open_ms, _ = median_ms(lambda: RecordView(store, otype, rid), repeat)
    store.close()
    return {"activities": activities, "record": f"{otype} {rid}",
            "record_activities": n, "page_ms": page_ms, "open_ms": open_ms}


def table(results: list[dict[str, float]]) -> str:
    """The results as rows of activities, record, its size, page and open medians."""
    lines = [f"{'activities':>12}  {'record':<20}  {'own':>6}  {'timeline page':>14}  "
             f"{'open record':>12}"]
    for r in sorted(results, key=lambda r: r["activities"]):
        lines.append(f"{r['activities']:>12,}  {r['record']:<20}  "
                     f"{r['record_activities']:>6,}  "
                     f"{r['page_ms']:>11.1f} ms  {r['open_ms']:>9.1f} ms")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portal", type=Path, action="append", required=True)
    parser.add_argument("--items", type=int, default=1_000)
    args = parser.parse_args()
    print(table([measure(p, args.items) for p in args.portal]))


if __name__ == "__main__":
    main()
