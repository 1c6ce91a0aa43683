"""The records associated with a record, one row each, with labels and previews."""

from __future__ import annotations

import logging

import pandas as pd

from ..model import PREVIEW_PROPERTIES, STANDARD_OBJECTS
from ..store import Store
from .common import properties_of, require_record
from .display import Labels, display_name

logger = logging.getLogger(__name__)

_COLUMNS = ["object_type", "record_id", "name", "labels", "is_primary", "type_ids",
            "properties", "display"]

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
    target = None if to_type is None else store.object_type(to_type)
    frame = store.query(_SQL, [otype, rid, target, target])
    if frame.empty:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in _COLUMNS})
        if target is not None:
            for name in _flat_previews(target):
                empty[name] = pd.Series(dtype=object)
        return empty

    parts = [_with_previews(store, kind, group)
             for kind, group in frame.groupby("object_type", sort=False)]
    result = pd.concat(parts, ignore_index=True)
    result["labels"] = [_ordered_labels(list(v)) for v in result["labels"]]
    result["type_ids"] = [[int(t) for t in v] for v in result["type_ids"]]
    order = {name: i for i, name in enumerate(STANDARD_OBJECTS)}
    result["_type_order"] = [order.get(t, len(order)) for t in result["object_type"]]
    result = result.sort_values(
        ["_type_order", "object_type", "is_primary", "name", "record_id"],
        ascending=[True, True, False, True, True], key=_casefold)
    result = result.drop(columns="_type_order").reset_index(drop=True)
    columns = list(_COLUMNS)
    if target is not None:
        columns += _flat_previews(target)
    return result[columns]


def _with_previews(store: Store, object_type: str, group: pd.DataFrame
                   ) -> pd.DataFrame:
    """Add names and preview properties to the rows of one associated type."""
    names = PREVIEW_PROPERTIES.get(object_type, ())
    primary = store.scalar("SELECT primary_property FROM object_types WHERE name = ?",
                           [object_type])
    wanted = tuple(dict.fromkeys((*names, "firstname", "lastname", "email", "domain",
                                  "name", "dealname", "subject",
                                  *([primary] if primary else []))))
    ids = [int(i) for i in group["record_id"]]
    props = properties_of(store, object_type, ids, wanted)
    labels = Labels(store, object_type, names)
    group = group.copy()
    group["record_id"] = ids
    group["name"] = [display_name(object_type, i, props[i], primary) for i in ids]
    group["properties"] = [{n: props[i].get(n) for n in names} for i in ids]
    group["display"] = [{n: labels.display(n, props[i].get(n), props[i])
                         for n in names} for i in ids]
    for n in names:
        if n not in _COLUMNS:  # a company's "name" property is already the name
            group[n] = [props[i].get(n) for i in ids]
    return group


def _flat_previews(object_type: str) -> list[str]:
    return [n for n in PREVIEW_PROPERTIES.get(object_type, ()) if n not in _COLUMNS]


def _ordered_labels(labels: list[str]) -> list[str]:
    rest = sorted((x for x in labels if x != "Primary"), key=str.casefold)
    return (["Primary"] if "Primary" in labels else []) + rest


def _casefold(column: pd.Series) -> pd.Series:
    if column.name == "name":
        return column.str.casefold()
    return column
