"""Run every notebook in notebooks/ top to bottom and save it with fresh outputs.

nbval compares a notebook's saved outputs with a new run, so after changing what a
notebook shows, refresh it with: python scripts/refresh_notebooks.py [NAME ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

FOLDER = Path(__file__).resolve().parents[1] / "notebooks"


def refresh(path: Path) -> None:
    """Execute one notebook in its own folder and write it back in place."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    nbformat.write(notebook, path)
    size = path.stat().st_size / 1e6
    sys.stdout.write(f"{path.name}: {len(notebook.cells)} cells, {size:.2f} MB\n")


if __name__ == "__main__":
    names = sys.argv[1:] or sorted(p.name for p in FOLDER.glob("*.ipynb"))
    for name in names:
        refresh(FOLDER / name)
