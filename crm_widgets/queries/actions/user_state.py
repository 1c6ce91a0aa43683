"""Per-user state: followed records and the record page's saved UI state."""

from __future__ import annotations

import json
import re
from typing import Any

from ...errors import ActionError
from ...store import Store
from . import _checks as check

# ui_state keys: short snake_case names ("last_tab", "layout", "timeline_filter").
_KEY = re.compile(r"[a-z][a-z0-9_.]{0,63}")
SECTIONS = ("left", "middle", "right")
MAX_STATE_BYTES = 64_000  # UI state is a few hundred bytes; more is a bug


def follow(store: Store, user: Any, object_type: str, record_id: Any) -> bool:
    """Follow a record, to be told of its updates; True if newly followed.

    Example:
        >>> follow(store, "ana@example.com", "contacts", 51)  # doctest: +SKIP
        True
    """
    who = check.name(user, "user")
    with store.transaction():
        kind, rid = check.live_record(store, object_type, record_id)
        added = store.con.execute(
            "INSERT OR IGNORE INTO follows VALUES (?, ?, ?, ?)",
            [who, kind, rid, check.now()]).fetchone()[0]
    return bool(added)


def unfollow(store: Store, user: Any, object_type: str, record_id: Any) -> bool:
    """Stop following a record; True if the user was following it.

    Example:
        >>> unfollow(store, "ana@example.com", "contacts", 51)  # doctest: +SKIP
        True
    """
    who = check.name(user, "user")
    with store.transaction():
        kind, rid, _ = check.record_state(store, object_type, record_id)
        removed = store.con.execute(
            "DELETE FROM follows WHERE user_id = ? AND object_type = ? AND "
            "record_id = ?", [who, kind, rid]).fetchone()[0]
    return bool(removed)


def is_following(store: Store, user: Any, object_type: str, record_id: Any) -> bool:
    """True when the user follows the record (read only).

    Example:
        >>> is_following(store, "ana@example.com", "contacts", 51)  # doctest: +SKIP
        False
    """
    who = check.name(user, "user")
    kind, rid, _ = check.record_state(store, object_type, record_id)
    return bool(store.con.execute(
        "SELECT count(*) FROM follows WHERE user_id = ? AND object_type = ? AND "
        "record_id = ?", [who, kind, rid]).fetchone()[0])


def save_ui_state(store: Store, user: Any, object_type: str, key: str,
                  value: Any) -> Any:
    """Save one piece of a user's record-page state for an object type.

    Keys in use: ``last_tab`` (a tab name), ``layout`` (per section ``left``,
    ``middle``, ``right`` the panel keys in order, and the ``collapsed`` panel
    keys) and ``timeline_filter`` (a dict). Other snake_case keys take any JSON
    value. Panel keys are not checked here: the widget knows which exist.

    Returns:
        The value as it will load back (JSON round trip).

    Example:
        >>> save_ui_state(store, "ana", "contacts", "last_tab", "activities")
        ...  # doctest: +SKIP
        'activities'
    """
    who = check.name(user, "user")
    name = _key(key)
    _check_shape(name, value)
    try:
        encoded = json.dumps(value, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ActionError(f"value of {name!r} must be JSON (text, numbers, lists, "
                          f"dicts), got {value!r}: {exc}") from None
    if len(encoded.encode()) > MAX_STATE_BYTES:
        raise ActionError(f"value of {name!r} is {len(encoded)} bytes of JSON; at "
                          f"most {MAX_STATE_BYTES}")
    kind = store.object_type(object_type)
    with store.transaction():
        store.con.execute("INSERT OR REPLACE INTO ui_state VALUES (?, ?, ?, ?, ?)",
                          [who, kind, name, encoded, check.now()])
    return json.loads(encoded)


def load_ui_state(store: Store, user: Any, object_type: str, key: str,
                  default: Any = None) -> Any:
    """A saved piece of UI state, or ``default`` when none was saved.

    Example:
        >>> load_ui_state(store, "ana", "contacts", "last_tab", "overview")
        ...  # doctest: +SKIP
        'activities'
    """
    who = check.name(user, "user")
    name = _key(key)
    kind = store.object_type(object_type)
    row = store.con.execute(
        "SELECT value FROM ui_state WHERE user_id = ? AND object_type = ? AND key = ?",
        [who, kind, name]).fetchone()
    if row is None or row[0] is None:
        return default
    return json.loads(row[0])


def _key(key: Any) -> str:
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise ActionError(f"key must be a snake_case name such as 'last_tab', got "
                          f"{key!r}")
    return key


def _check_shape(key: str, value: Any) -> None:
    """The known keys have a known shape; a wrong one is refused, not saved."""
    if key == "last_tab" and not (isinstance(value, str) and value):
        raise ActionError(f"value of 'last_tab' must be a tab name, got {value!r}")
    if key == "timeline_filter" and not isinstance(value, dict):
        raise ActionError(f"value of 'timeline_filter' must be a dict, got {value!r}")
    if key == "layout":
        _check_layout(value)


def _check_layout(value: Any) -> None:
    """Per section a list of panel keys in order (as RecordView keeps it) or
    ``{"order": [...], "collapsed": [...]}``; optionally a top-level ``collapsed``.
    """
    expected = ("'layout' must map sections left/middle/right to panel keys in "
                "order (or {'order': [...], 'collapsed': [...]}), plus an optional "
                "'collapsed' list")
    if not isinstance(value, dict) or set(value) - {*SECTIONS, "collapsed"}:
        raise ActionError(f"{expected}, got {value!r}")
    for part, panels in value.items():
        lists = [panels]
        if isinstance(panels, dict) and part != "collapsed":
            if set(panels) - {"order", "collapsed"}:
                raise ActionError(f"{expected}; layout[{part!r}] is {panels!r}")
            lists = list(panels.values())
        for keys in lists:
            if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
                raise ActionError(f"{expected}; layout[{part!r}] is {panels!r}")
