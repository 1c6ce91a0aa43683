"""A record page written to one standalone HTML file that opens offline.

The page holds the widget's own bundle and stylesheet (base64, so no byte of them can
close a tag early) and a snapshot of the view's state. A small stand-in for the
notebook's widget model feeds that snapshot to the same `render` the notebook uses.
Known limit: there is no kernel behind the page, so it shows the record as it was;
filters, edits and "load more" do nothing there. The comments and records of the
timeline's first page are stored with it, so its items still open in full.
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path
from typing import Any

from .store import Store

logger = logging.getLogger(__name__)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'unsafe-inline' blob:; style-src 'unsafe-inline'; img-src data:;">
<title>{title}</title>
<style>body {{ margin: 0; padding: 16px; background: #f5f6f8; }}</style>
</head>
<body>
<div id="record-page"></div>
<script type="application/json" id="crmw-state">{state}</script>
<script type="application/json" id="crmw-details">{details}</script>
<script type="application/octet-stream" id="crmw-js">{js}</script>
<script type="application/octet-stream" id="crmw-css">{css}</script>
<script type="module">
const decode = (id) => new TextDecoder().decode(
  Uint8Array.from(atob(document.getElementById(id).textContent), (c) => c.charCodeAt(0)));
const style = document.createElement("style");
style.textContent = decode("crmw-css");
document.head.appendChild(style);
const state = JSON.parse(document.getElementById("crmw-state").textContent);
const details = JSON.parse(document.getElementById("crmw-details").textContent);
const listeners = {{}};
// The one question the page can still answer without a kernel: an item's details.
const reply = (msg) => {{
  const data = msg.kind === "activity_details" ? details[msg.activity_id] : undefined;
  return {{ kind: "result", request_id: msg.request_id, intent: msg.kind,
    ok: data !== undefined, data,
    error: data === undefined ? "This saved page cannot do that." : undefined }};
}};
const model = {{
  get: (name) => state[name],
  set: (name, value) => {{
    state[name] = value;
    for (const cb of listeners["change:" + name] || []) cb();
  }},
  on: (event, cb) => {{ (listeners[event] ||= []).push(cb); }},
  off: (event, cb) => {{
    listeners[event] = (listeners[event] || []).filter((f) => f !== cb);
  }},
  save_changes: () => {{}},
  send: (msg) => {{
    const answer = reply(msg);
    queueMicrotask(() => {{
      for (const cb of listeners["msg:custom"] || []) cb(answer);
    }});
  }},
}};
const url = URL.createObjectURL(new Blob([decode("crmw-js")], {{ type: "text/javascript" }}));
const widget = (await import(url)).default;
const el = document.getElementById("record-page");
await widget.initialize?.({{ model }});
await widget.render({{ model, el }});
</script>
</body>
</html>
"""


def export_record_page(store: Store, object_type: str, record_id: int,
                       path: str | Path, *, user: str | None = None) -> Path:
    """Write the record page of one record to a standalone HTML file.

    Args:
        store: the portal.
        object_type: contacts, companies, deals, tickets or a custom object.
        record_id: the record to show.
        path: the HTML file to write.
        user: whose saved layout and last tab to use.

    Returns:
        The path written.

    Example:
        >>> export_record_page(store, "contacts", 51, "maria.html")  # doctest: +SKIP
        PosixPath('maria.html')
    """
    from .record_view import RecordView

    view = RecordView(store, object_type, record_id, user=user)
    try:
        state = snapshot(view)
        details = {str(i["id"]): view._intent_activity_details(
            {"activity_id": i["id"]})["data"]
            for i in state.get("timeline", {}).get("items", []) if not i["system"]}
        title = repr(view)
    finally:
        view.close()
    static = Path(__file__).parent / "static"
    page = _PAGE.format(
        title=_escape_text(title),
        state=json.dumps(state, default=str).replace("<", "\\u003c"),
        details=json.dumps(details, default=str).replace("<", "\\u003c"),
        js=_b64(static / "record_view.js"),
        css=_b64(static / "record_view.css"),
    )
    target = Path(path)
    target.write_text(page, encoding="utf-8")
    logger.info("wrote %s (%d KB)", target, len(page) // 1024)
    return target


def snapshot(view: Any) -> dict[str, Any]:
    """The synced state of a widget, without the bundle and the widget machinery."""
    state = view.get_state()
    return {k: v for k, v in state.items()
            if not k.startswith("_") and k not in ("layout_", "comm", "keys")}


def _b64(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode("ascii")


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
