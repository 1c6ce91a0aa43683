"""``python -m crm_widgets.demo``: build a demo portal file from the command line."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import datetime

from . import DEFAULT_NOW, build_demo
from .engagements import SHOWCASE_ITEMS


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and build the portal; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m crm_widgets.demo",
        description="Build a deterministic demo CRM portal in a DuckDB file.")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply the counts (1: 400 contacts, 8,000 "
                             "activities; 2500: a million contacts)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (7)")
    parser.add_argument("--out", default="demo.duckdb",
                        help="the DuckDB file to create (must not exist)")
    parser.add_argument("--now", type=datetime.fromisoformat,
                        default=DEFAULT_NOW,
                        help="end of the history, UTC (default "
                             f"{DEFAULT_NOW.isoformat()})")
    parser.add_argument("--engagement-share", type=float, default=1.0,
                        help="multiply the engagements only (default 1; 0.2 at "
                             "scale 2500 gives about 10 million activities)")
    parser.add_argument("--showcase-items", type=int, default=SHOWCASE_ITEMS,
                        help="engagements of the showcase account's contacts "
                             f"(default {SHOWCASE_ITEMS})")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    path = build_demo(args.out, seed=args.seed, scale=args.scale, now=args.now,
                      engagement_share=args.engagement_share,
                      showcase_items=args.showcase_items)
    logging.getLogger("crm_widgets.demo").info("wrote %s", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
