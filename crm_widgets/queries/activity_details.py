"""What an expanded timeline item shows: its comments and the records it is on."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..model import HEADER_FIELDS, STANDARD_OBJECTS
from ..store import Store
from .common import owner_name_sql, properties_of, record_id_value
from .display import display_name

# How many records of the viewed one the associations menu offers besides those
# already ticked. Known limit: a record with more associations offers the first 50.
CHOICE_LIMIT = 50
RECORD_COLUMNS = ["object_type", "record_id", "name", "object_label"]


def activity_comments(store: Store, activity_id: Any) -> pd.DataFrame:
    """The comments on one activity, oldest first, with their authors' names.

    Returns:
        Columns ``comment_id``, ``author`` (None when unknown), ``body`` and
        ``created_at``.

    Example:
        >>> activity_comments(store, 101)[["author", "body"]]  # doctest: +SKIP
             author                  body
        0  Ana Lima  Budget owner is João
    """
    aid = record_id_value(activity_id)
    return store.query(
        f"SELECT c.id AS comment_id, {owner_name_sql('o')} AS author, c.body, "
        "c.created_at FROM activity_comments c "
        "LEFT JOIN owners o ON o.id = c.author_owner_id "
        "WHERE c.activity_id = ? ORDER BY c.created_at, c.id", [aid])


def activity_records(store: Store, activity_id: Any) -> pd.DataFrame:
    """The live records one activity is associated with, by type then name.

    Returns:
        Columns ``object_type``, ``record_id``, ``name`` and ``object_label``
        ("Contact", "Deal"...).

    Example:
        >>> activity_records(store, 101)["name"].tolist()  # doctest: +SKIP
        ['Maria Silva', 'Acme Logistics']
    """
    aid = record_id_value(activity_id)
    pairs = store.con.execute(
        "SELECT a.object_type, a.record_id FROM activity_associations a "
        "JOIN records r ON r.object_type = a.object_type AND r.id = a.record_id "
        "WHERE a.activity_id = ? AND NOT r.archived", [aid]).fetchall()
    return named_records(store, pairs)


def association_choices(store: Store, object_type: str, record_id: Any
                        ) -> pd.DataFrame:
    """The viewed record and the live records associated with it: what an activity
    on its page may be linked to (the first ``CHOICE_LIMIT``).

    Example:
        >>> association_choices(store, "contacts", 51)["record_id"].tolist()
        ... # doctest: +SKIP
        [51, 9001, 3001, 7001]
    """
    kind, rid = store.object_type(object_type), record_id_value(record_id)
    pairs = [(kind, rid), *store.con.execute(
        "SELECT DISTINCT a.to_type, a.to_id FROM associations a "
        "JOIN records r ON r.object_type = a.to_type AND r.id = a.to_id "
        "WHERE a.from_type = ? AND a.from_id = ? AND NOT r.archived "
        "ORDER BY 1, 2 LIMIT ?", [kind, rid, CHOICE_LIMIT]).fetchall()]
    return named_records(store, pairs)


def named_records(store: Store, pairs: list[tuple[str, int]]) -> pd.DataFrame:
    """``(object_type, id)`` pairs as rows with display names, by type then name."""
    rows = []
    for kind in sorted({k for k, _ in pairs}):
        ids = [i for k, i in pairs if k == kind]
        fields = (*HEADER_FIELDS.get(kind, {}).get("primary", ()), "email", "domain")
        props = properties_of(store, kind, ids, tuple(dict.fromkeys(fields)))
        known = STANDARD_OBJECTS.get(kind)
        label = known.label_singular if known else kind
        rows += [(kind, i, display_name(kind, i, props[i]), label) for i in ids]
    rows.sort(key=lambda r: (r[0], r[2].lower(), r[1]))
    return pd.DataFrame(rows, columns=RECORD_COLUMNS).astype({"record_id": "int64"})
