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


def measure(scale: float, seed: int = 7, keep: bool = False) -> dict:
    """Build a demo portal at ``scale`` in a temporary folder; its time and sizes."""
    folder = Path(tempfile.mkdtemp(prefix="crm-demo-bench-"))
    path = folder / f"demo-scale{scale:g}.duckdb"
    started = time.perf_counter()
    build_demo(path, seed=seed, scale=scale, progress=False)
    seconds = time.perf_counter() - started

    with duckdb.connect(str(path), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()]
        # Table names come from the file's own catalogue, not from user text.
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in tables}
        contacts = con.execute("SELECT count(*) FROM records WHERE object_type = "
                               "'contacts'").fetchone()[0]
    result = {"scale": scale, "seconds": seconds, "contacts": contacts,
              "counts": counts, "rows": sum(counts.values()),
              "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
              "size_mb": path.stat().st_size / 2**20, "path": path}
    if not keep:
        path.unlink()
        folder.rmdir()
    return result


def run(scale: float = 25.0) -> list:
    """The generator's speed as a figure for ``run_all.py``: seconds per million
    activities, with the time a 10M-activity portal would take at that pace."""
    from benchmarks.common import Figure

    built = measure(scale)
    per_million = built["seconds"] / (built["counts"]["activities"] / 1e6)
    return [Figure(f"demo generation (scale {scale:g}): seconds per 1M activities",
                   per_million, unit="s",
                   note=f"{built['counts']['activities']:,} activities and "
                        f"{built['rows']:,} rows in {built['seconds']:.1f} s; "
                        f"10M activities at this pace: {per_million * 10 / 60:.1f} "
                        "min (measured 10M builds: benchmarks/README.md)")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=25.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the DuckDB file")
    args = parser.parse_args()
    built = measure(args.scale, args.seed, args.keep)
    counts, seconds = built["counts"], built["seconds"]
    activities = counts["activities"]
    print(f"scale {args.scale:g}: built in {seconds:.1f} s, file "
          f"{built['size_mb']:.0f} MB, peak RSS {built['peak_mb']:.0f} MB")
    print(f"  contacts {built['contacts']:,}  activities {activities:,}  "
          f"activity associations {counts['activity_associations']:,}  "
          f"record properties {counts['record_properties']:,}  "
          f"all rows {built['rows']:,}")
    print(f"  {built['rows'] / seconds:,.0f} rows/s, "
          f"{seconds / (activities / 1e6):.1f} s per million activities")
    if args.keep:
        print(f"  kept {built['path']}")


if __name__ == "__main__":
    main()
