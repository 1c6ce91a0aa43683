"""One record's properties, header, "About" card and property history."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from ..model import ABOUT_PROPERTIES, HEADER_FIELDS, default_property_label
from ..store import Store
from .common import require_record
from .display import PIPELINE_PROPERTIES, Labels, display_name

logger = logging.getLogger(__name__)

# The status tag under a record's name, per object type.
TAG_PROPERTIES: dict[str, tuple[str, ...]] = {
    "contacts": ("lifecyclestage",),
    "companies": ("lifecyclestage",),
    "deals": ("dealstage",),
    "tickets": ("hs_pipeline_stage",),
}


@dataclass(frozen=True)
class RecordDetails:
    """Everything the left sidebar shows about one record.

    Attributes:
        object_type, record_id: which record.
        object_label: "Contact", "Company"...
        name: the display name (primary fields, else a fallback).
        header: ``{"name", "secondary": [...], "tags": [{"name", "label", "value",
            "display"}], "email", "domain"}``.
        properties: every defined or set property: name, label, type, group_name,
            value, display, options.
        about: the "About this ..." rows in order: name, label, value, display.
        created_at, updated_at, archived: the record's own fields.
    """

    object_type: str
    record_id: int
    object_label: str
    name: str
    header: dict[str, Any]
    properties: pd.DataFrame = field(repr=False)
    about: pd.DataFrame = field(repr=False)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    archived: bool = False


def record(store: Store, object_type: str, record_id: int) -> RecordDetails:
    """Read one record: its properties with labels, header lines and "About" card.

    Args:
        store: the portal.
        object_type: ``"contacts"``, ``"deal"``, ``"0-5"``...
        record_id: the record's id.

    Raises:
        UnknownObjectTypeError, RecordNotFoundError: no such record.

    Example:
        >>> details = record(store, "contacts", 51)  # doctest: +SKIP
        >>> details.name, details.header["tags"][0]["display"]  # doctest: +SKIP
        ('Maria Silva', 'Sales qualified lead')
    """
    otype, rid = require_record(store, object_type, record_id)
    created, updated, archived = store.con.execute(
        "SELECT created_at, updated_at, archived FROM records "
        "WHERE object_type = ? AND id = ?", [otype, rid]).fetchone()
    object_label, primary = store.con.execute(
        "SELECT label_singular, primary_property FROM object_types WHERE name = ?",
        [otype]).fetchone() or (otype, None)

    props = read_properties(store, otype, rid)
    defs = store.con.execute(
        "SELECT name, label, type, group_name, options FROM property_definitions "
        "WHERE object_type = ? ORDER BY group_name NULLS LAST, display_order "
        "NULLS LAST, label", [otype]).fetchall()
    # One set of labels serves the header, the About card and every property.
    labels = Labels(store, otype, [*ABOUT_PROPERTIES.get(otype, ()),
                                   *_header_names(otype), *(d[0] for d in defs),
                                   *props])
    properties = _properties_frame(otype, props, defs, labels)
    name = display_name(otype, rid, props, primary)
    return RecordDetails(
        object_type=otype, record_id=rid, object_label=object_label, name=name,
        header=_header(otype, name, props, labels),
        properties=properties,
        about=_about(otype, props, labels),
        created_at=created, updated_at=updated, archived=bool(archived))


def read_properties(store: Store, object_type: str, record_id: int
                    ) -> dict[str, str | None]:
    """A record's stored property values as ``{name: value}``."""
    return dict(store.con.execute(
        "SELECT name, value FROM record_properties WHERE object_type = ? "
        "AND record_id = ?", [object_type, record_id]).fetchall())


def property_history(store: Store, object_type: str, record_id: int,
                     name: str | None = None) -> pd.DataFrame:
    """Past values of a record's properties, newest first.

    Args:
        name: one property, or None for all of them.

    Returns:
        Columns name, label, value, display, changed_at, source_type, source_id.

    Example:
        >>> property_history(store, "contacts", 51, "lifecyclestage")  # doctest: +SKIP
    """
    otype, rid = require_record(store, object_type, record_id)
    frame = store.query(
        "SELECT name, value, changed_at, source_type, source_id "
        "FROM property_history WHERE object_type = ? AND record_id = ? "
        "AND (? IS NULL OR name = ?) ORDER BY changed_at DESC, name",
        [otype, rid, name, name])
    labels = Labels(store, otype, frame["name"].unique().tolist())
    props = read_properties(store, otype, rid)
    values = [None if pd.isna(v) else v for v in frame["value"].tolist()]
    frame.insert(1, "label", [labels.label(n) for n in frame["name"]])
    frame.insert(3, "display", [labels.display(n, v, props)
                                for n, v in zip(frame["name"], values, strict=True)])
    return frame


def _header_names(object_type: str) -> tuple[str, ...]:
    fields = HEADER_FIELDS.get(object_type, {})
    return (*fields.get("primary", ()), *fields.get("secondary", ()),
            *TAG_PROPERTIES.get(object_type, ()),
            *PIPELINE_PROPERTIES.get(object_type, ()))


def _header(object_type: str, name: str, props: dict[str, str | None],
            labels: Labels) -> dict[str, Any]:
    secondary_names = HEADER_FIELDS.get(object_type, {}).get("secondary", ())
    secondary = [labels.display(n, props.get(n), props) for n in secondary_names]
    tags = [{"name": n, "label": labels.label(n), "value": props.get(n),
             "display": labels.display(n, props.get(n), props)}
            for n in TAG_PROPERTIES.get(object_type, ()) if props.get(n)]
    return {"name": name, "secondary": [s for s in secondary if s], "tags": tags,
            "email": props.get("email"), "domain": props.get("domain")}


def _about(object_type: str, props: dict[str, str | None],
           labels: Labels) -> pd.DataFrame:
    names = ABOUT_PROPERTIES.get(object_type, ())
    return pd.DataFrame({
        "name": list(names),
        "label": [labels.label(n) for n in names],
        "value": [props.get(n) for n in names],
        "display": [labels.display(n, props.get(n), props) for n in names],
    }, dtype=object)


def _properties_frame(object_type: str, props: dict[str, str | None],
                      defs: list[tuple[Any, ...]], labels: Labels) -> pd.DataFrame:
    """Every property the portal defines for the type, plus any stored undefined."""
    defined = {d[0] for d in defs}
    rows = [(n, label, t, g, opts) for n, label, t, g, opts in defs]
    rows += [(n, default_property_label(object_type, n) or n, "string", None, None)
             for n in sorted(props) if n not in defined]
    return pd.DataFrame({
        "name": [r[0] for r in rows],
        "label": [r[1] for r in rows],
        "type": [r[2] for r in rows],
        "group_name": [r[3] for r in rows],
        "value": [props.get(r[0]) for r in rows],
        "display": [labels.display(r[0], props.get(r[0]), props) for r in rows],
        "options": [json.loads(r[4]) if r[4] else [] for r in rows],
    }, dtype=object)
