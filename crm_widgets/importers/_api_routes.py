"""Where each HubSpot API body in an export comes from: file names and API paths."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ExportFormatError, UnknownObjectTypeError
from ..model import ENGAGEMENT_OBJECTS
from ..store import Store

# Where a recorded response says which API path it came from.
_OBJECTS = re.compile(r"^/crm/v3/objects/(?P<type>[^/]+)(/search|/batch/read|/\d+)?/?$")
_PROPERTIES = re.compile(r"^/crm/v3/properties/(?P<type>[^/]+)/?$")
_PIPELINES = re.compile(r"^/crm/v3/pipelines/(?P<type>[^/]+)/?$")
_OWNERS = re.compile(r"^/crm/v3/owners(/\d+)?/?$")
_ASSOCIATIONS = re.compile(
    r"^/crm/v[34]/associations/(?P<from>[^/]+)/(?P<to>[^/]+)/batch/(create|read)/?$")
_V4_RECORD = re.compile(
    r"^/crm/v4/objects/(?P<from>[^/]+)/(?P<id>\d+)/associations/(?P<to>[^/]+)/?$")
# contacts.json, contacts-2.json (a further page), properties-companies.json ...
_FILE_NAME = re.compile(r"^(?P<name>.+?)(?:-(?P<page>\d+))?$")


def json_files(root: Path) -> list[Path]:
    """The JSON files to read: the file itself, or a folder's, pages in order."""
    if root.is_dir():
        files = sorted(root.glob("*.json"), key=_page_order)
        if not files:
            raise ExportFormatError("no .json files in this folder", path=str(root))
        return files
    if not root.is_file():
        raise ExportFormatError("no such file or folder", path=str(root))
    return [root]


def _page_order(path: Path) -> tuple[str, int]:
    match = _FILE_NAME.match(path.stem)
    assert match is not None  # the pattern matches every non-empty stem
    return match["name"], int(match["page"] or 1)


def parts(store: Store, path: Path, doc: Any) -> Iterator[tuple[str, str, Any]]:
    """(kind, object type, body) for each response the document holds."""
    if isinstance(doc, dict) and isinstance(doc.get("api"), dict):
        for calls in doc["api"].values():
            for api_path, call in (calls or {}).items():
                if isinstance(call, dict) and "response" in call:
                    yield _route(store, path, api_path, call["response"])
        return
    match = _FILE_NAME.match(path.stem.removesuffix(".test"))
    name = match["name"] if match else path.stem
    for kind in ("properties", "pipelines"):
        for sep in ("-", "_", "."):
            if name.startswith(kind + sep):
                yield kind, object_type(store, name[len(kind) + 1:], path), doc
                return
    if name == "owners":
        yield "owners", "", doc
        return
    if name.startswith("associations-") and name.count("-") == 2:
        _, first, second = name.split("-")
        pair = (object_type(store, first, path), object_type(store, second, path))
        yield "associations", "/".join(pair), doc
        return
    yield "objects", object_type(store, name, path), doc


def _route(store: Store, path: Path, api_path: str, body: Any) -> tuple[str, str, Any]:
    """(kind, object type, body) for a response recorded under its API path."""
    api_path = api_path.split("?")[0]
    for kind, pattern in (("objects", _OBJECTS), ("properties", _PROPERTIES),
                          ("pipelines", _PIPELINES)):
        match = pattern.match(api_path)
        if match:
            return kind, object_type(store, match["type"], path), body
    if _OWNERS.match(api_path):
        return "owners", "", body
    match = _V4_RECORD.match(api_path)
    if match:
        pair = (object_type(store, match["from"], path), match["id"],
                object_type(store, match["to"], path))
        return "associations_v4", "/".join(pair), body
    match = _ASSOCIATIONS.match(api_path)
    if match:
        pair = (object_type(store, match["from"], path),
                object_type(store, match["to"], path))
        return "associations", "/".join(pair), body
    return "skip", api_path, body


def object_type(store: Store, name: str, path: Path) -> str:
    """A record or engagement type name, or an ExportFormatError naming the file."""
    key = name.strip().lower()
    if key in ENGAGEMENT_OBJECTS:
        return key
    if key + "s" in ENGAGEMENT_OBJECTS:
        return key + "s"
    try:
        return store.object_type(key)
    except UnknownObjectTypeError as exc:
        raise ExportFormatError(str(exc), path=str(path)) from None
