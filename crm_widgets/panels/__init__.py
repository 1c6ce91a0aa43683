"""The record page's panels: where each one sits by default and for which objects.

Each panel module turns query results into a JSON payload; this module only knows
their keys, sections and default order, which is also the shape of ``layout``.

Example:
    >>> default_layout("deals")["right"][:2]
    ['associations.contacts', 'associations.companies']
"""

from __future__ import annotations

from dataclasses import dataclass

ALL = ("contacts", "companies", "deals", "tickets")


@dataclass(frozen=True)
class PanelSpec:
    """One panel: its stable key, default section and the object types it shows on."""

    key: str
    section: str
    object_types: tuple[str, ...] = ALL


# Default order within each section is the order of this tuple.
PANELS: tuple[PanelSpec, ...] = (
    PanelSpec("about", "left"),
    PanelSpec("communication_subscriptions", "left", ("contacts",)),
    PanelSpec("website_activity", "left", ("contacts",)),
    PanelSpec("overview", "middle"),
    PanelSpec("activities", "middle"),
    PanelSpec("account_overview", "right", ("companies",)),
    PanelSpec("associations.contacts", "right"),
    PanelSpec("associations.companies", "right"),
    PanelSpec("associations.deals", "right"),
    PanelSpec("associations.tickets", "right"),
    PanelSpec("conversations", "right", ("tickets",)),
    PanelSpec("line_items", "right", ("deals",)),
    PanelSpec("quotes", "right", ("deals",)),
    PanelSpec("attribution", "right", ("contacts", "deals")),
    PanelSpec("memberships", "right", ("contacts",)),
    PanelSpec("attachments", "right"),
    PanelSpec("playbooks", "right"),
    PanelSpec("salesforce_sync", "right"),
)
SECTIONS = ("left", "middle", "right")
# Layout entries that are not panels: the right sidebar as a whole can collapse.
EXTRA_COLLAPSIBLE = ("right_sidebar",)


def panels_for(object_type: str) -> list[PanelSpec]:
    """The panels shown on a record of this type (custom objects get the generic ones).

    Example:
        >>> [p.key for p in panels_for("tickets")][:3]
        ['about', 'overview', 'activities']
    """
    kind = object_type if object_type in ALL else None
    return [p for p in PANELS if (kind is None and p.object_types == ALL)
            or kind in p.object_types]


def default_layout(object_type: str) -> dict[str, list[str]]:
    """The layout a user sees before moving or collapsing anything."""
    layout: dict[str, list[str]] = {s: [] for s in SECTIONS}
    for p in panels_for(object_type):
        layout[p.section].append(p.key)
    # A record does not show an association card for its own type by default.
    own = f"associations.{object_type}"
    layout["right"] = [k for k in layout["right"] if k != own]
    layout["collapsed"] = []
    return layout


def normalize_layout(object_type: str, layout: object) -> dict[str, list[str]]:
    """Check a layout from a user or the browser and fill in what it leaves out.

    Keys may move between sections; unknown keys raise; panels missing from every
    section go back to their default place, so a saved layout survives new panels.

    Raises:
        ValueError: not a dict, an unknown section, or an unknown panel key.
    """
    if not isinstance(layout, dict):
        raise ValueError(f"layout must be a dict of section -> panel keys, got "
                         f"{type(layout).__name__}")
    default = default_layout(object_type)
    known = {k for s in SECTIONS for k in default[s]}
    unknown_sections = set(layout) - set(SECTIONS) - {"collapsed"}
    if unknown_sections:
        raise ValueError(f"layout: unknown section(s) {sorted(unknown_sections)}; "
                         f"expected {', '.join(SECTIONS)} or collapsed")
    result: dict[str, list[str]] = {}
    seen: set[str] = set()
    for section in SECTIONS:
        keys = list(layout.get(section, default[section]))
        bad = [k for k in keys if k not in known]
        if bad:
            raise ValueError(f"layout[{section!r}]: unknown panel key(s) {bad} for "
                             f"{object_type}; known: {', '.join(sorted(known))}")
        result[section] = [k for k in keys if not (k in seen or seen.add(k))]
    for section in SECTIONS:
        result[section] += [k for k in default[section] if k not in seen]
        seen.update(default[section])
    collapsed = list(layout.get("collapsed", []))
    bad = [k for k in collapsed if k not in known and k not in EXTRA_COLLAPSIBLE]
    if bad:
        raise ValueError(f"layout['collapsed']: unknown panel key(s) {bad}")
    result["collapsed"] = list(dict.fromkeys(collapsed))
    return result
