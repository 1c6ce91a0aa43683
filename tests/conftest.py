"""Fixtures shared by every test: a fresh store on disk, and the real sample exports."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import crm_widgets

REPO = Path(__file__).resolve().parents[1]


def real_data_dir() -> Path:
    """The folder of public CRM exports (``shared/data/real`` beside the checkout)."""
    env = os.environ.get("CRM_WIDGETS_REAL_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data" / "real"


@pytest.fixture
def store(tmp_path):
    """An empty store in a real DuckDB file, closed after the test."""
    with crm_widgets.connect(tmp_path / "portal.duckdb") as s:
        yield s


@pytest.fixture
def real_data() -> Path:
    """The real sample exports; the test is skipped where they are not beside us."""
    folder = real_data_dir()
    if not folder.is_dir():
        pytest.skip(f"real sample data not found at {folder}")
    return folder
