"""The committed bundle is exactly what `npm run build` makes, small, and offline."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
STATIC = REPO / "crm_widgets" / "static"
MAX_BYTES = 200 * 1024
CDN_HOSTS = ("unpkg.com", "cdn.jsdelivr.net", "esm.sh", "cdnjs.cloudflare.com",
             "skypack.dev", "esm.run", "ga.jspm.io")


def test_bundle_is_small_and_loads_nothing_from_the_network():
    bundle = (STATIC / "record_view.js").read_text("utf-8")
    assert len(bundle.encode()) <= MAX_BYTES
    # An ES import or dynamic import of a URL would fetch code at run time.
    assert not re.search(r"""\bimport\s*(\(|[^;]*?\bfrom)\s*["']https?://""", bundle)
    assert not re.search(r"""\bimport\s*["']https?://""", bundle)
    for host in CDN_HOSTS:
        assert host not in bundle
    assert "export" in bundle
    assert "render" in bundle


def test_css_is_scoped_under_the_root_class():
    css = (STATIC / "record_view.css").read_text("utf-8")
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = re.findall(r"(?:^|})\s*([^{}@]+)\{", body)
    loose = [s.strip() for s in selectors
             for part in s.split(",")
             if part.strip() and not part.strip().startswith(".crmw")]
    assert loose == []


def test_rebuild_is_byte_identical(tmp_path):
    if not (REPO / "node_modules").is_dir() or shutil.which("npm") is None:
        pytest.skip("node_modules missing: run `npm ci` to check the bundle build")
    before = {p.name: p.read_bytes() for p in STATIC.iterdir()}
    try:
        subprocess.run(["npm", "run", "--silent", "build"], cwd=REPO, check=True,
                       capture_output=True, timeout=120)
        after = {p.name: p.read_bytes() for p in STATIC.iterdir()}
    finally:
        for name, data in before.items():
            (STATIC / name).write_bytes(data)
    changed = [n for n in before if before[n] != after.get(n)]
    assert changed == [], f"committed bundle differs from a rebuild: {changed}"
