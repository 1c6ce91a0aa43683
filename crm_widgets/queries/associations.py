"""The records associated with a record, one row each, with labels and previews."""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd

from ..model import PREVIEW_PROPERTIES, STANDARD_OBJECTS
from ..store import Store
from .common import api_name, properties_of_types, require_record
from .display import Labels, display_name

logger = logging.getLogger(__name__)

_COLUMNS = ["object_type", "record_id", "name", "labels", "is_primary", "type_ids",
            "properties", "display"]

# Properties a record's display name may come from, whatever its type.
_NAME_PROPERTIES = ("firstname", "lastname", "email", "domain", "name", "dealname",
                    "subject")

_SQL = """
SELECT a.to_type AS object_type, a.to_id AS record_id,
       coalesce(list(DISTINCT coalesce(a.label, l.label))
                FILTER (WHERE coalesce(a.label, l.label) IS NOT NULL),
                []::VARCHAR[]) AS labels,
       coalesce(bool_or(coalesce(a.label, l.label) = 'Primary'
                        AND a.category = 'HUBSPOT_DEFINED'), false) AS is_primary,
       list_sort(list(a.type_id)) AS type_ids
FROM associations a
JOIN records r ON r.object_type = a.to_type AND r.id = a.to_id AND NOT r.archived
LEFT JOIN association_labels l ON l.category = a.category AND l.type_id = a.type_id
WHERE a.from_type = ? AND a.from_id = ? AND (? IS NULL OR a.to_type = ?)
GROUP BY a.to_type, a.to_id
"""


def associations(store: Store, object_type: str, record_id: int,
                 to_type: str | None = None) -> pd.DataFrame:
    """The records associated with a record: one row per associated record.

    Unlabeled, "Primary" and USER_DEFINED associations between the same two records
    fold into one row whose ``labels`` list holds "Primary" first, then the other
    labels alphabetically. Both directions are stored, so either side can ask.
    Deleted (archived) records are left out.

    Args:
        to_type: only associated records of this type (``"companies"``...).

    Returns:
        Columns object_type, record_id, name, labels, is_primary, type_ids,
        properties (the preview properties' stored values), display (the same,
        as shown); with ``to_type`` also one column per preview property.

    Example:
        >>> associations(store, "contacts", 51, "companies")[["name", "labels"]]
        ... # doctest: +SKIP
                name       labels
        0       Acme    [Primary]
    """
    otype, rid = require_record(store, object_type, record_id)
    target = None if to_type is None else api_name(store, to_type)
    found = store.con.execute(_SQL, [otype, rid, target, target]).fetchall()
    return _frame(_with_previews(store, found), target)


def associations_of_type(frame: pd.DataFrame, to_type: str) -> pd.DataFrame:
    """One type's rows of an :func:`associations` frame, as ``to_type`` returns them.

    Lets a page read every association once and still hand out the per-type
    tables (with their preview columns) of ``associations(..., to_type)``.

    Args:
        frame: an :func:`associations` frame of every associated type.
        to_type: the API name of the type to keep (``"deals"``...).

    Example:
        >>> every = associations(store, "companies", 9001)  # doctest: +SKIP
        >>> associations_of_type(every, "deals")["amount"].tolist()  # doctest: +SKIP
        ['12000']
    """
    rows = [r for r in frame.to_dict("records") if r["object_type"] == to_type]
    return _frame(rows, to_type)


def _frame(rows: list[dict[str, Any]], target: str | None) -> pd.DataFrame:
    """The result frame of sorted rows, with ``target``'s preview columns if any."""
    flat = [] if target is None else _flat_previews(target)
    if not rows:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in _COLUMNS})
        for name in flat:
            empty[name] = pd.Series(dtype=object)
        return empty
    columns = {c: [r[c] for r in rows] for c in _COLUMNS}
    for name in flat:
        columns[name] = [r["properties"].get(name) for r in rows]
    return pd.DataFrame(columns)


def _with_previews(store: Store, found: list[tuple[Any, ...]]
                   ) -> list[dict[str, Any]]:
    """Names, labels and preview properties of the associated records, sorted.

    Every associated type is read with the same few queries (its properties, its
    labels, its primary property), however many types there are.
    """
    if not found:
        return []
    kinds = list(dict.fromkeys(row[0] for row in found))
    primaries = dict(store.con.execute(
        "SELECT name, primary_property FROM object_types "
        "WHERE list_contains(?::VARCHAR[], name)", [kinds]).fetchall())
    previews = {kind: PREVIEW_PROPERTIES.get(kind, ()) for kind in kinds}
    wanted = {kind: tuple(dict.fromkeys((
        *previews[kind], *_NAME_PROPERTIES,
        *([primaries[kind]] if primaries.get(kind) else []))))
        for kind in kinds}
    props = properties_of_types(store, {kind: [int(r[1]) for r in found
                                               if r[0] == kind]
                                        for kind in kinds}, wanted)
    labels = Labels.for_types(store, previews)
    order = {name: i for i, name in enumerate(STANDARD_OBJECTS)}

    rows = []
    for kind, rid, found_labels, is_primary, type_ids in found:
        rid = int(rid)
        mine, names, shown = props[kind][rid], previews[kind], labels[kind]
        rows.append({
            "object_type": kind, "record_id": rid,
            "name": display_name(kind, rid, mine, primaries.get(kind)),
            "labels": _ordered_labels(list(found_labels)),
            "is_primary": bool(is_primary),
            "type_ids": [int(t) for t in type_ids],
            "properties": {n: mine.get(n) for n in names},
            "display": {n: shown.display(n, mine.get(n), mine) for n in names},
        })
    rows.sort(key=lambda r: (order.get(r["object_type"], len(order)),
                             r["object_type"], not r["is_primary"],
                             r["name"].casefold(), r["record_id"]))
    return rows


def _flat_previews(object_type: str) -> list[str]:
    return [n for n in PREVIEW_PROPERTIES.get(object_type, ()) if n not in _COLUMNS]


def _ordered_labels(labels: list[str]) -> list[str]:
    rest = sorted((x for x in labels if x != "Primary"), key=str.casefold)
    return (["Primary"] if "Primary" in labels else []) + rest
