"""Shared by the benchmarks: cached portals, median timings, the results table."""

from __future__ import annotations

import logging
import os
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

# Portals are big and slow to build: kept outside the repository and reused.
BENCH_HOME = Path(os.environ.get("CRMW_BENCH_HOME", "/tmp/crmw-bench"))


def portal_path(scale: float, engagement_share: float = 1.0,
                showcase_items: int = 1_300) -> Path:
    """Where the demo portal of these settings is cached."""
    name = f"demo-s{scale:g}-e{engagement_share:g}-show{showcase_items}.duckdb"
    return BENCH_HOME / name


def ensure_portal(scale: float, engagement_share: float = 1.0,
                  showcase_items: int = 1_300) -> Path:
    """The cached demo portal of these settings, built first if missing."""
    from crm_widgets.store import ensure_demo

    path = portal_path(scale, engagement_share, showcase_items)
    if not path.exists():
        began = time.perf_counter()
        # ensure_demo builds under another name and renames: a run killed
        # mid-build never leaves a half-built portal the next run would reuse.
        ensure_demo(path, scale=scale, engagement_share=engagement_share,
                    showcase_items=showcase_items, progress=False)
        logger.info("built %s in %.0f s", path, time.perf_counter() - began)
    return path


# Median CPU milliseconds of the last median_ms() call: on a shared machine the
# wall time waits for other processes, CPU time much less so.
LAST_CPU_MS: list[float] = [0.0]


def median_ms(fn: Callable[[], Any], repeat: int = 5, warmup: int = 1
              ) -> tuple[float, Any]:
    """Median wall time of ``fn()`` in milliseconds, and its last result.

    The median process CPU time (all threads) is left in ``LAST_CPU_MS[0]``.
    """
    result = None
    for _ in range(warmup):
        result = fn()
    times, cpu = [], []
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    LAST_CPU_MS[0] = statistics.median(cpu)
    return statistics.median(times), result


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Figure:
    """One measured figure, its target, and its ratio to a same-run baseline.

    ``limit`` is the absolute target (in ``unit``); ``ratio_limit`` the most the
    figure may be relative to ``baseline``. Either may be None.
    """

    name: str
    measured: float
    unit: str = "ms"
    limit: float | None = None
    baseline: float | None = None
    baseline_name: str = ""
    ratio_limit: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.baseline:
            return None
        return self.measured / self.baseline

    @property
    def met(self) -> bool:
        ok = self.limit is None or self.measured <= self.limit
        if self.ratio_limit is not None and self.ratio is not None:
            ok = ok and self.ratio <= self.ratio_limit
        return ok

    def target(self) -> str:
        parts = []
        if self.limit is not None:
            parts.append(f"<= {self.limit:g} {self.unit}")
        if self.ratio_limit is not None:
            parts.append(f"<= {self.ratio_limit:g}x {self.baseline_name}")
        return ", ".join(parts) or "(report)"


def format_table(figures: list[Figure]) -> str:
    """The figures as a fixed-width text table (figure, target, measured...)."""
    header = ("figure", "target", "measured", "baseline", "ratio", "met?")
    rows = [header]
    for f in figures:
        rows.append((
            f.name, f.target(), f"{f.measured:,.1f} {f.unit}",
            "" if f.baseline is None else f"{f.baseline:,.1f} {f.unit}"
            + (f" ({f.baseline_name})" if f.baseline_name else ""),
            "" if f.ratio is None else f"{f.ratio:.2f}x",
            "yes" if f.met else "NO"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True))
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  * {f.name}: {f.note}" for f in figures if f.note]
    return "\n".join(lines + notes)
