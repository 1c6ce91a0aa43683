"""How stored property values read on screen: names, owners, option and stage labels."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from ..activities import parse_timestamp
from ..model import HEADER_FIELDS, STANDARD_OBJECTS, default_property_label
from ..store import Store
from .common import owner_name_sql

# Properties that hold an owner id, shown as the owner's name.
OWNER_PROPERTIES = frozenset({"hubspot_owner_id", "hs_created_by_user_id",
                              "hs_updated_by_user_id"})
# Pipeline and stage properties, per object type: (pipeline property, stage property).
PIPELINE_PROPERTIES: dict[str, tuple[str, str]] = {
    "deals": ("pipeline", "dealstage"),
    "tickets": ("hs_pipeline", "hs_pipeline_stage"),
}
# Date properties of the standard objects, shown as "2024-03-04 16:20" when the
# portal has no definition saying so.
DATE_PROPERTIES = frozenset({
    "createdate", "closedate", "lastmodifieddate", "hs_lastmodifieddate",
    "notes_last_contacted", "notes_last_updated", "notes_next_activity_date",
    "hs_last_sales_activity_timestamp", "closed_date",
})


def display_name(object_type: str, record_id: int,
                 props: Mapping[str, str | None], primary_property: str | None = None
                 ) -> str:
    """The name a record goes by: its primary fields, else a fallback.

    A nameless contact shows its email, a nameless company its domain; otherwise
    "Unnamed contact #51".

    Example:
        >>> display_name("contacts", 51, {"email": "m@acme.example"})
        'm@acme.example'
    """
    fields = HEADER_FIELDS.get(object_type, {}).get("primary") or (
        (primary_property,) if primary_property else ())
    name = " ".join(v.strip() for v in (props.get(f) for f in fields)
                    if v and v.strip())
    if name:
        return name
    for fallback in ("email", "domain"):
        if props.get(fallback):
            return str(props[fallback])
    known = STANDARD_OBJECTS.get(object_type)
    label = known.label_singular.lower() if known else object_type.rstrip("s")
    return f"Unnamed {label} #{record_id}"


class Labels:
    """The labels a portal gives to owners, options, pipelines and stages.

    Loaded once per query for the names it needs, so showing many records costs a
    few small lookups, not one per value. :meth:`for_types` loads the labels of
    several object types with the same few lookups.
    """

    def __init__(self, store: Store, object_type: str, names: Iterable[str]) -> None:
        loaded = _load(store, {object_type: names})[object_type]
        self.__dict__.update(loaded.__dict__)

    @classmethod
    def for_types(cls, store: Store, names: Mapping[str, Iterable[str]]
                  ) -> dict[str, Labels]:
        """The labels of several object types, read in four queries in all.

        Example:
            >>> by_type = Labels.for_types(store, {"deals": ["dealstage"],
            ...                                    "tickets": []})  # doctest: +SKIP
            >>> by_type["deals"].display("dealstage", "closedwon")  # doctest: +SKIP
            'Closed won'
        """
        return _load(store, names)

    def label(self, name: str) -> str:
        """A property's label: the portal's, else HubSpot's default, else its name."""
        return self.labels.get(name) or default_property_label(
            self.object_type, name) or name

    def display(self, name: str, value: str | None,
                props: Mapping[str, str | None] | None = None) -> str | None:
        """How one stored value reads on screen (labels resolved, dates trimmed)."""
        if value is None or value == "":
            return None
        pipeline_prop, stage_prop = PIPELINE_PROPERTIES.get(self.object_type,
                                                            (None, None))
        if name in OWNER_PROPERTIES:
            try:
                return self.owners.get(int(value), value)
            except ValueError:
                return value
        if name == pipeline_prop:
            return self.pipelines.get(value, value)
        if name == stage_prop:
            pipeline = (props or {}).get(pipeline_prop) if pipeline_prop else None
            return self.stage_label(value, pipeline)
        if name in self.options:
            return ";".join(self.options[name].get(v, v) for v in value.split(";"))
        if self.types.get(name) in ("date", "datetime") or (
                name not in self.types and name in DATE_PROPERTIES):
            return _date_text(value, self.types.get(name) == "date")
        return value

    def stage_label(self, stage_id: str, pipeline_id: str | None = None) -> str:
        """A pipeline stage's label; any pipeline's when the pipeline is unknown."""
        if pipeline_id is not None and (pipeline_id, stage_id) in self.stages:
            return self.stages[(pipeline_id, stage_id)]
        for (_, sid), label in self.stages.items():
            if sid == stage_id:
                return label
        return stage_id


def _load(store: Store, names: Mapping[str, Iterable[str]]) -> dict[str, Labels]:
    """Read the definitions, owners, pipelines and stages of the types asked for."""
    wanted = {kind: set(n) for kind, n in names.items()}
    kinds = list(wanted)
    defs = store.con.execute(
        "SELECT object_type, name, label, type, options FROM property_definitions "
        "WHERE list_contains(?::VARCHAR[], object_type) "
        "AND list_contains(?::VARCHAR[], name)",
        [kinds, sorted(set().union(*wanted.values()))]).fetchall()
    owners = dict(store.con.execute(
        f"SELECT o.id, {owner_name_sql('o')} FROM owners o").fetchall())
    pipelines = store.con.execute(
        "SELECT object_type, pipeline_id, label FROM pipelines "
        "WHERE list_contains(?::VARCHAR[], object_type)", [kinds]).fetchall()
    stages = store.con.execute(
        "SELECT object_type, pipeline_id, stage_id, label FROM pipeline_stages "
        "WHERE list_contains(?::VARCHAR[], object_type)", [kinds]).fetchall()

    loaded = {}
    for kind in kinds:
        mine = [d[1:] for d in defs if d[0] == kind and d[1] in wanted[kind]]
        labels = Labels.__new__(Labels)
        labels.object_type = kind
        labels.labels = {n: label for n, label, _, _ in mine}
        labels.types = {n: t for n, _, t, _ in mine}
        labels.options = {n: _options(raw) for n, _, _, raw in mine if raw}
        labels.owners = owners
        labels.pipelines = {p: label for k, p, label in pipelines if k == kind}
        labels.stages = {(p, s): label for k, p, s, label in stages if k == kind}
        loaded[kind] = labels
    return loaded


def _options(raw: str) -> dict[str, str]:
    try:
        parsed = json.loads(raw)
    except (TypeError, ValueError):
        return {}
    if not isinstance(parsed, list):
        return {}
    return {str(o.get("value")): str(o.get("label")) for o in parsed
            if isinstance(o, dict) and "value" in o and "label" in o}


def _date_text(value: str, date_only: bool) -> str:
    try:
        moment = parse_timestamp(value)
    except (ValueError, OverflowError):
        return value
    if moment is None:
        return value
    if date_only or (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M")
