"""Time the demo generator at a scale: rows per second and seconds per million
activities.

Usage: ``python benchmarks/demo_generation.py --scale 25`` (the file goes to a
temporary folder and is removed afterwards unless ``--keep`` is given).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import duckdb

from crm_widgets.demo import build_demo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=25.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the DuckDB file")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="crm-demo-bench-"))
    path = folder / f"demo-scale{args.scale:g}.duckdb"
    started = time.perf_counter()
    build_demo(path, seed=args.seed, scale=args.scale, progress=False)
    seconds = time.perf_counter() - started

    with duckdb.connect(str(path), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()]
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in tables}
        contacts = con.execute("SELECT count(*) FROM records WHERE object_type = "
                               "'contacts'").fetchone()[0]
    rows = sum(counts.values())
    activities = counts["activities"]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size_mb = path.stat().st_size / 2**20

    print(f"scale {args.scale:g}: built in {seconds:.1f} s, file {size_mb:.0f} MB, "
          f"peak RSS {peak_mb:.0f} MB")
    print(f"  contacts {contacts:,}  activities {activities:,}  "
          f"activity associations {counts['activity_associations']:,}  "
          f"record properties {counts['record_properties']:,}  all rows {rows:,}")
    print(f"  {rows / seconds:,.0f} rows/s, "
          f"{seconds / (activities / 1e6):.1f} s per million activities")
    if not args.keep:
        path.unlink()
        folder.rmdir()
    else:
        print(f"  kept {path}")


if __name__ == "__main__":
    main()
