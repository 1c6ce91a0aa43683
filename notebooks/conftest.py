"""nbval runs these notebooks; the one reading real exports needs them beside us."""

from __future__ import annotations

from pathlib import Path

import pytest

# The path the notebook itself reads, from its own folder: ../../shared/data/real.
REAL_EXPORTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"
NEEDS_REAL_EXPORTS = {"04_your_own_export.ipynb"}


def pytest_collection_modifyitems(config, items):
    """Skip a notebook whose saved outputs come from real exports that are absent.

    Without them the notebook falls back to the bundled sample export and runs, but
    its outputs differ from the saved ones, so nbval would report a mismatch that
    says nothing about the code.
    """
    if REAL_EXPORTS.is_dir():
        return
    skip = pytest.mark.skip(reason=f"real sample data not found at {REAL_EXPORTS}")
    for item in items:
        if Path(str(item.fspath)).name in NEEDS_REAL_EXPORTS:
            item.add_marker(skip)
