"""Take the README's screenshot: a contact record page on the demo portal, light theme.

The page is the standalone export of the record (the widget's own bundle), opened in
Debian's Chromium; no Jupyter server is needed. Run from the repository:

    .venv/bin/python scripts/readme_screenshot.py [--width 1300] [--out PATH]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import crm_widgets  # noqa: E402
from crm_widgets.export_html import export_record_page  # noqa: E402

logger = logging.getLogger("readme_screenshot")
CHROMIUM = "/usr/bin/chromium"


def busiest_contact(store: crm_widgets.Store) -> int:
    """The demo contact with the most timeline activities: a full-looking page."""
    return int(store.scalar(
        "SELECT record_id FROM activity_associations WHERE object_type = 'contacts' "
        "GROUP BY record_id ORDER BY count(*) DESC, record_id LIMIT 1"))


def take(out: Path, width: int, height: int, contact: int | None = None) -> Path:
    """Export the contact's page and save a PNG of its widget at ``width`` pixels."""
    from playwright.sync_api import sync_playwright

    with crm_widgets.connect(read_only=True) as store:
        rid = contact or busiest_contact(store)
        page_file = Path(tempfile.mkdtemp()) / "contact.html"
        export_record_page(store, "contacts", rid, page_file)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        # The widget is at most 80% of the window tall: leave it room for ``height``.
        page = browser.new_page(viewport={"width": width + 32,
                                          "height": int(height / 0.8) + 40},
                                color_scheme="light")
        page.goto(page_file.as_uri())
        page.wait_for_selector(".crmw :is(.crmw-name, .crmw-band-name)")
        page.evaluate("(h) => { document.querySelector('.crmw').style.height ="
                      " h + 'px'; }", height)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.locator(".crmw").screenshot(path=str(out))
        browser.close()
    logger.info("wrote %s (%d KB)", out, out.stat().st_size // 1024)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=1300)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--contact", type=int, default=None)
    parser.add_argument("--out", type=Path,
                        default=REPO / "docs" / "screenshot-contact.png")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    take(args.out, args.width, args.height, args.contact)


if __name__ == "__main__":
    main()
