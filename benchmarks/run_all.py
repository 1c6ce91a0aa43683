"""Every portal-scale benchmark in one run, ending with the table of figures.

The main portal is the demo at ``--scale`` (cached under ``CRMW_BENCH_HOME``,
``/tmp/crmw-bench`` by default, and built first if missing), or ``--portal``.
Each figure is printed with its target and its ratio to a baseline measured in
the same run; the machine's noise moves seconds more than it moves ratios.

Usage::

    python benchmarks/run_all.py --scale 1 --journeys 20000 --generation-scale 1
    python benchmarks/run_all.py --scale 250 --growth 1.2,12,121
    python benchmarks/run_all.py --portal /tmp/crmw-bench/big.duckdb
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import (
    attribution,
    demo_generation,
    growth,
    import_csv,
    record_page,
    timeline,
)
from benchmarks.common import Figure, ensure_portal, format_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="demo scale of the main portal (2500: 1M contacts)")
    parser.add_argument("--engagement-share", type=float, default=1.0,
                        help="engagements multiplier of the main portal")
    parser.add_argument("--portal", type=Path, help="use this portal instead")
    parser.add_argument("--items", type=int, default=10_000,
                        help="timeline size of the record timed (nearest)")
    parser.add_argument("--import-rows", type=int,
                        help="rows of the generated CSV (default 400 x scale)")
    parser.add_argument("--growth", default="",
                        help="comma-separated extra demo scales for the growth table")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--journeys", type=int, default=1_000_000,
                        help="attribution journeys (0 skips attribution)")
    parser.add_argument("--generation-scale", type=float, default=25.0,
                        help="demo scale timed for generation speed (0 skips it)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")

    began = time.perf_counter()
    portal = args.portal or ensure_portal(args.scale, args.engagement_share,
                                          showcase_items=args.items)
    print(f"main portal: {portal}", flush=True)
    figures: list[Figure] = []
    timeline_figures, _ = timeline.run(portal, args.items, args.repeat)
    figures += timeline_figures
    figures += record_page.run(portal, args.items, args.repeat)
    rows = args.import_rows or int(400 * args.scale)
    figures += import_csv.run(rows)

    if args.journeys:
        figures += attribution.run(args.journeys)
    if args.generation_scale:
        figures += demo_generation.run(args.generation_scale)

    portals = [ensure_portal(float(s)) for s in args.growth.split(",") if s]
    results = [growth.measure(p, 1_000, args.repeat) for p in [*portals, portal]]
    elapsed = time.perf_counter() - began
    figures.append(Figure("run_all: wall time", elapsed / 60, unit="min", limit=20))

    print("\nGrowth (record with about 1,000 own activities):")
    print(growth.table(results))
    print()
    print(format_table(figures))


if __name__ == "__main__":
    main()
