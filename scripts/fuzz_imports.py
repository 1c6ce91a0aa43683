"""Run the import fuzz tests with a full count of examples per format.

CI runs 25 examples per importer; this runs as many as asked, with a fresh random
seed each time (the CI run is derandomised so it is repeatable).

Example:
    python scripts/fuzz_imports.py --examples 500
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MODULE = REPO / "tests" / "test_hostile_imports.py"


def main(argv: list[str] | None = None) -> int:
    """Run the fuzz module under pytest and return its exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=500,
                        help="hypothesis examples per import format (default 500)")
    parser.add_argument("-k", dest="only", default=None,
                        help="only the formats matching this pytest -k expression")
    args = parser.parse_args(argv)
    env = {**os.environ, "CRM_WIDGETS_FUZZ_EXAMPLES": str(args.examples)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:logging",
               str(MODULE)]
    if args.only:
        command += ["-k", args.only]
    # Our own interpreter and test module; no shell, no outside input in argv[0].
    return subprocess.call(command, cwd=REPO, env=env)  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
