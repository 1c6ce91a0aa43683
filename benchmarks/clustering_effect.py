"""The same reads on a portal as built and on its clustered copy, in one process.

Times a record's activity scope (the scan clustering is for), its first timeline
page, its properties, and opening it, alternating between the two files so the
machine's noise hits both alike.

Usage: ``python benchmarks/clustering_effect.py --raw A.duckdb --clustered B.duckdb``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import LAST_CPU_MS, median_ms
from benchmarks.timeline import NOW, pick_record

_SCOPE = ("SELECT activity_id FROM activity_associations "
          "WHERE object_type = ? AND record_id = ?")
_PROPERTIES = ("SELECT name, value FROM record_properties "
               "WHERE object_type = ? AND record_id = ?")


def main() -> None:
    from crm_widgets import RecordView, connect, timeline

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, required=True)
    parser.add_argument("--clustered", type=Path, required=True)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    stores = {"as built": connect(args.raw, read_only=True),
              "clustered": connect(args.clustered, read_only=True)}
    otype, rid, n = pick_record(stores["clustered"].con, args.items)
    reads = {
        "scope scan": lambda s: s.con.execute(_SCOPE, [otype, rid]).fetchall(),
        "properties": lambda s: s.con.execute(_PROPERTIES, [otype, rid]).fetchall(),
        "timeline page": lambda s: timeline(s, otype, rid, now=NOW),
        "open record": lambda s: RecordView(s, otype, rid),
    }
    print(f"{otype} {rid} ({n:,} own activities); wall / CPU medians in ms")
    for name, read in reads.items():
        cells = []
        for label, store in stores.items():
            wall, _ = median_ms(lambda r=read, s=store: r(s), args.repeat)
            cells.append(f"{label} {wall:8.1f} / {LAST_CPU_MS[0]:7.1f}")
        print(f"  {name:14s} " + "   ".join(cells), flush=True)


if __name__ == "__main__":
    main()
