"""Time and peak memory of every attribution model, and of two PyPI packages.

Usage:
    python benchmarks/attribution.py --journeys 50000
    python benchmarks/attribution.py            # 1,000,000 journeys, ~5,000,000 touches

The comparison packages are not dependencies of crm_widgets; to include them:
    pip install channelattribution matplotlib marketing-attribution-models
(ChannelAttribution imports matplotlib; marketing-attribution-models installs as the
``mam`` module.) A package that is missing is reported and skipped.

Each run happens in a fresh child process that first loads the seeded touches from a
Parquet file, so one run's memory cannot leak into the next. A package's time covers
its model call only; its own input (ChannelAttribution's aggregated path strings, MAM's
polars journeys) is prepared before the clock starts. Ours is timed twice: end to end
(``credit()`` or ``markov_channel_shares()`` on the raw touch frame, then the channel
totals) and the model step alone, which like theirs starts from prepared journeys
(``sort_journeys``, channel codes and per-journey conversion made before the clock).
The comparison tables print both ratios. Every call is made three times and the median
time counts. Peak memory is the child's peak resident set size after the first call
minus its size just before it. The channel totals of every run
are checked against ours.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

CHANNELS = ["ORGANIC_SEARCH", "PAID_SEARCH", "EMAIL", "SOCIAL", "DIRECT", "REFERRAL",
            "PAID_SOCIAL", "OFFLINE"]
OURS = ["markov_shares", "first_interaction", "last_interaction", "linear", "u_shaped",
        "w_shaped", "full_path", "time_decay", "j_shaped", "inverse_j_shaped", "markov"]
# Each side's model call is timed this many times in its child; the median counts.
CALLS = 3
THEIRS = {"first_interaction": "first", "last_interaction": "last", "linear": "linear",
          "markov_shares": "markov"}


def generate(journeys: int, seed: int = 42) -> pd.DataFrame:
    """Seeded journeys of 1 + Poisson(4) touches over skewed channels."""
    rng = np.random.default_rng(seed)
    sizes = 1 + rng.poisson(4.0, journeys)
    n = int(sizes.sum())
    journey_id = np.repeat(np.arange(journeys), sizes)
    starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    position = np.arange(n) - starts
    last = position == np.repeat(sizes - 1, sizes)
    gaps = rng.exponential(2.0, n) * 86_400e9  # about two days between touches
    begin = np.repeat(rng.uniform(0, 300, journeys) * 86_400e9, sizes)
    elapsed = np.cumsum(gaps)
    within = elapsed - np.repeat(elapsed[np.cumsum(sizes) - sizes], sizes)
    occurred = pd.Timestamp("2024-01-01").value + (begin + within).astype(np.int64)
    lead_at = np.repeat(rng.integers(0, sizes), sizes)
    converted = np.repeat(rng.random(journeys) < 0.3, sizes)
    weights = np.array([0.25, 0.2, 0.15, 0.12, 0.12, 0.08, 0.05, 0.03])
    return pd.DataFrame({
        "journey_id": journey_id,
        "occurred_at": pd.to_datetime(occurred),
        "channel": pd.Categorical.from_codes(rng.choice(8, n, p=weights), CHANNELS),
        "is_lead_creation": position == lead_at,
        "is_deal_creation": last,
        "is_closed_won": last,
        "converted": converted,
    })


def run_child(data: Path, library: str, model: str) -> dict:
    """One timed run inside this (child) process; returns seconds, MB and totals."""
    touches = pd.read_parquet(data)
    touches["channel"] = touches["channel"].astype(str)
    started = time.perf_counter()
    prepared = _prepare(touches, library)
    prepare_seconds = time.perf_counter() - started
    rss_before = _current_rss_mb()
    started = time.perf_counter()
    totals = _call(prepared, library, model)
    seconds = time.perf_counter() - started
    # Peak memory is the first call's; later calls reuse what it allocated.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seconds = _median_seconds(lambda: _call(prepared, library, model), seconds)
    run = {"seconds": seconds, "prepare_seconds": prepare_seconds,
           "peak_mb": max(peak - rss_before, 0.0),
           "totals": {str(k): float(v) for k, v in totals.items()}}
    if library == "ours":
        step = _prepare_step(touches)
        started = time.perf_counter()
        step_totals = _model_step(step, model)
        run["step_seconds"] = _median_seconds(lambda: _model_step(step, model),
                                              time.perf_counter() - started)
        run["step_diff"] = max(abs(run["totals"].get(str(c), 0.0) - v)
                               for c, v in step_totals.items())
    return run


def _median_seconds(call, first: float) -> float:
    """Median of the first call's seconds and CALLS - 1 more calls.

    Calls of 20 to 50 ms swing by 2x with page faults and the neighbours' load, so
    one call per side could decide a ratio near 1 by luck.
    """
    times = [first]
    for _ in range(CALLS - 1):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return float(np.median(times))


def _prepare_step(touches: pd.DataFrame) -> dict:
    """Our equivalent of the packages' prepared input: journeys, codes, conversion."""
    from crm_widgets.attribution.engine import _as_bool, sort_journeys
    from crm_widgets.attribution.markov import channel_codes

    journeys = sort_journeys(touches)
    codes, names = channel_codes(touches, journeys)
    converted = np.maximum.reduceat(
        _as_bool(journeys.take(touches["converted"].to_numpy()), "converted"),
        journeys.starts).astype(bool)
    # Like MAM's conversion_value per journey: whether each touch's journey converted.
    converted_touch = np.repeat(converted, journeys.sizes)
    return {"touches": touches, "journeys": journeys, "codes": codes, "names": names,
            "converted": converted, "converted_touch": converted_touch}


def _model_step(step: dict, model: str) -> pd.Series:
    """Our model on prepared journeys, then channel totals (what the packages time)."""
    from crm_widgets.attribution.engine import (
        POSITIONAL_MODELS,
        positional_credit,
        time_decay_credit,
    )
    from crm_widgets.attribution.markov import markov_touch_credit, removal_effects

    journeys, codes, names = step["journeys"], step["codes"], step["names"]
    converted = step["converted"]
    if THEIRS.get(model) == "markov":
        effects, _ = removal_effects(journeys, codes, converted, len(names))
        share = effects / effects.sum() if effects.sum() > 0 else effects
        return pd.Series(share * converted.sum(), index=names)
    if model == "markov":
        sorted_credit = markov_touch_credit(step["touches"], journeys)
        weights = sorted_credit
    else:
        if model == "time_decay":
            sorted_credit = time_decay_credit(step["touches"], journeys, 7.0)
        else:
            sorted_credit = positional_credit(step["touches"], journeys,
                                              POSITIONAL_MODELS[model])
        weights = sorted_credit
        weights *= step["converted_touch"]
    totals = np.bincount(codes, weights=weights, minlength=len(names))
    return pd.Series(totals, index=names)


def _prepare(touches: pd.DataFrame, library: str):
    if library == "ours":
        return touches
    # Converting journeys only for the heuristics; all journeys for Markov.
    journey_conv = touches.groupby("journey_id", sort=False)["converted"].first()
    if library == "channelattribution":
        paths = touches.groupby("journey_id", sort=False)["channel"].agg(">".join)
        table = pd.DataFrame({"path": paths, "conv": journey_conv.astype(int)})
        table["null"] = 1 - table["conv"]
        return table.groupby("path", as_index=False)[["conv", "null"]].sum()
    import polars as pl
    from mam import MAM

    last = ~touches["journey_id"].duplicated(keep="last")
    frame = pl.from_pandas(pd.DataFrame({
        "user": touches["journey_id"].astype(str), "ts": touches["occurred_at"],
        "channel": touches["channel"],
        "conv": (touches["converted"] & last).to_numpy()}))
    return MAM(frame, format_type="session", channels_colname="channel",
               journey_with_conv_colname="conv", datetime_colname="ts",
               user_id_colname="user")


def _call(prepared, library: str, model: str) -> pd.Series:
    if library == "ours":
        from crm_widgets.attribution import credit, markov_channel_shares

        if THEIRS.get(model) == "markov":
            # Portfolio totals (share x conversions), what both packages report.
            return markov_channel_shares(prepared)["conversions"]
        result = credit(prepared, model)
        credits = result["credit"]
        if model != "markov":  # the heuristics credit converting journeys only
            credits = credits.where(result["converted"], 0.0)
        return credits.groupby(result["channel"], observed=True).sum()
    if library == "channelattribution":
        import ChannelAttribution as ca  # noqa: N813

        if THEIRS[model] == "markov":
            out = ca.markov_model(prepared, "path", "conv", var_null="null",
                                  verbose=False, flg_pro=False)
            return out.set_index("channel_name")["total_conversions"]
        out = ca.heuristic_models(prepared, "path", "conv", flg_pro=False)
        column = {"first": "first_touch", "last": "last_touch",
                  "linear": "linear_touch"}[THEIRS[model]]
        return out.set_index("channel_name")[column]
    method = {"first": "run_first_click", "last": "run_last_click",
              "linear": "run_linear", "markov": "run_markov"}[THEIRS[model]]
    frame = getattr(prepared, method)().to_pandas()
    return frame.set_index("channels")["attribution"]


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _spawn(data: Path, library: str, model: str, timeout: float) -> dict | None:
    command = [sys.executable, __file__, "--child", str(data), library, model]
    # The child imports crm_widgets from this checkout, installed or not.
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    try:
        done = subprocess.run(command, capture_output=True, text=True,
                              timeout=timeout, check=False, env=env)
    except subprocess.TimeoutExpired:
        print(f"  {library:<19} {model:<17} timed out after {timeout:.0f}s")
        return None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        print(f"  {library:<19} {model:<17} failed: {reason}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _installed(library: str) -> bool:
    module = "ChannelAttribution" if library == "channelattribution" else "mam"
    check = subprocess.run([sys.executable, "-c", f"import {module}"],
                           capture_output=True, check=False)
    return check.returncode == 0


def measure(journeys: int, timeout: float = 1200.0, verbose: bool = True
            ) -> tuple[dict, dict]:
    """Every run: ours per model, and each installed package per shared model."""
    touches = generate(journeys)
    converting = touches.groupby("journey_id")["converted"].first().sum()
    say = print if verbose else (lambda *_a, **_k: None)
    say(f"{journeys:,} journeys, {len(touches):,} touches, {converting:,} converted")
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "touches.parquet"
        touches.to_parquet(data)
        del touches
        say(f"\n{'crm_widgets model':<19} {'seconds':>8} {'peak MB':>8}"
            f" {'model step s':>13}")
        ours = {}
        for model in OURS:
            ours[model] = _spawn(data, "ours", model, timeout)
            if ours[model]:
                say(f"{model:<19} {ours[model]['seconds']:8.2f} "
                    f"{ours[model]['peak_mb']:8.0f} "
                    f"{ours[model]['step_seconds']:13.3f}")
        say("(seconds: end to end on the raw touch frame; model step: from prepared "
            "journeys, as the packages are timed)")
        say("A package's seconds are its model call on its prepared input; "
            "'+ prepare' is the time that preparation took.\n"
            "ours/theirs end to end = our seconds / theirs; "
            "model step = our model step / theirs.")
        theirs: dict[str, dict[str, dict]] = {}
        for library in ("channelattribution", "mam"):
            if not _installed(library):
                say(f"\n{library}: not installed here, skipped")
                continue
            say(f"\n{library:<19} {'seconds':>8} {'peak MB':>8}"
                f" {'+ prepare':>9} {'ours/theirs end to end':>23}"
                f" {'model step':>11} {'max |diff| of channel totals':>30}")
            for model in THEIRS:
                run = _spawn(data, library, model, timeout)
                if run is None or not ours.get(model):
                    continue
                theirs.setdefault(model, {})[library] = run
                ratio = ours[model]["seconds"] / run["seconds"]
                step = ours[model]["step_seconds"] / run["seconds"]
                diff = max(abs(ours[model]["totals"].get(c, 0.0) - v)
                           for c, v in run["totals"].items())
                say(f"{model:<19} {run['seconds']:8.2f} {run['peak_mb']:8.0f}"
                    f" {run['prepare_seconds']:9.2f} {ratio:23.3f}"
                    f" {step:11.3f} {diff:30.3f}")
    return ours, theirs


def figures(ours: dict, theirs: dict, journeys: int) -> list:
    """One figure per model: our model step against the fastest package's call.

    The target is the one the attribution work set: no slower than the fastest
    package on every model they share. Models no package has are reported alone.
    """
    from benchmarks.common import Figure

    out = []
    for model in OURS:
        run = ours.get(model)
        if not run:
            continue
        packages = theirs.get(model, {})
        fastest = min(packages, key=lambda lib: packages[lib]["seconds"], default=None)
        note = f"end to end {run['seconds']:.2f} s, peak {run['peak_mb']:.0f} MB"
        if fastest:
            best = packages[fastest]
            note += (f"; {fastest} {best['seconds']:.2f} s + "
                     f"{best['prepare_seconds']:.2f} s preparing its input")
        out.append(Figure(
            f"attribution {journeys:,} journeys: {model} (model step)",
            run["step_seconds"] * 1000, unit="ms",
            baseline=packages[fastest]["seconds"] * 1000 if fastest else None,
            baseline_name=fastest or "", ratio_limit=1.0 if fastest else None,
            note=note))
    return out


def run(journeys: int = 1_000_000, timeout: float = 1200.0) -> list:
    """The attribution figures for ``run_all.py``."""
    ours, theirs = measure(journeys, timeout)
    return figures(ours, theirs, journeys)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=1200.0,
                        help="seconds allowed to each run")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        data, library, model = args.child
        print(json.dumps(run_child(Path(data), library, model)))
        return
    measure(args.journeys, args.timeout)


if __name__ == "__main__":
    main()
