"""RecordView: the CRM record page as one anywidget, its state held in traits."""

from __future__ import annotations

import itertools
import logging
import pathlib
import traceback
from typing import Any

import anywidget
import pandas as pd
import traitlets as t

from .panels import default_layout, normalize_layout, panels_for, sources
from .panels.page import left_payloads, overview_payload, right_payloads
from .panels.timeline import (
    DEFAULT_FILTER,
    PAGE_SIZE,
    people_menus,
    query_arguments,
    timeline_payload,
)
from .queries.portal_settings import check_time_zone, portal_time_zone
from .record_intents import IntentMixin

logger = logging.getLogger(__name__)
STATIC = pathlib.Path(__file__).parent / "static"
TABS = ("overview", "activities")
_errors = itertools.count(1)


class RecordView(IntentMixin, anywidget.AnyWidget):
    """One CRM record (contact, company, deal, ticket) as HubSpot's record page.

    Every piece of UI state is a trait you can read and set: ``active_tab``,
    ``timeline_filter``, ``layout``, ``expanded``, ``height``. Payload traits
    (``header``, ``about``, ``timeline``...) carry what each panel draws.

    Args:
        store: the portal (``crm_widgets.connect(...)``).
        object_type: ``"contacts"``, ``"company"``, ``"0-3"``...
        record_id: the record's id.
        user: the current user (owner id or email): owner of what they log, key of
            their saved tab and layout.
        height: the widget's height in pixels (at least 480).
        time_zone: an IANA zone for the times shown (keyword); by default the
            portal's (``set_portal_time_zone``), else the browser's.

    Example:
        >>> view = RecordView(store, "contacts", 51, user="7")  # doctest: +SKIP
        >>> view.timeline_filter = {"tab": "notes", "search": "budget"}
        >>> view.timeline_frame()[["title", "occurred_at"]]
    """

    _esm = STATIC / "record_view.js"
    _css = STATIC / "record_view.css"

    object_type = t.Unicode().tag(sync=True)
    record_id = t.Int().tag(sync=True)
    user = t.Unicode(None, allow_none=True).tag(sync=True)
    height = t.Int(720).tag(sync=True)
    locale = t.Unicode("").tag(sync=True)
    # Times are shown in this IANA zone; "" means the browser's own.
    time_zone = t.Unicode("").tag(sync=True)
    active_tab = t.Unicode("overview").tag(sync=True)
    timeline_filter = t.Dict().tag(sync=True)
    # Synced as "panel_layout": ipywidgets' DOMWidget already owns a "layout" trait
    # (CSS layout); ``view.layout`` below is the public name of ours.
    panel_layout = t.Dict().tag(sync=True)
    expanded = t.List().tag(sync=True)
    attribution_model = t.Unicode("linear").tag(sync=True)

    header = t.Dict().tag(sync=True)
    about = t.Dict().tag(sync=True)
    overview = t.Dict().tag(sync=True)
    timeline = t.Dict().tag(sync=True)
    associations = t.Dict().tag(sync=True)
    tools = t.Dict().tag(sync=True)
    error = t.Dict().tag(sync=True)

    def __init__(self, store: Any, object_type: str, record_id: int, *,
                 user: Any = None, height: int = 720, **kwargs: Any) -> None:
        self._ready = False
        self._store = store
        otype = store.object_type(object_type)
        super().__init__(object_type=otype, record_id=int(record_id),
                         user=None if user is None else str(user), height=height,
                         **kwargs)
        self._loaded = 0
        self._name = f"#{self.record_id}"
        if not self.time_zone:
            self.time_zone = portal_time_zone(store) or ""
        saved_layout = self._load_state("layout")
        try:
            self.layout = normalize_layout(otype, saved_layout or default_layout(otype))
        except ValueError:
            logger.warning("saved layout no longer fits; using the default")
            self.layout = default_layout(otype)
        self.active_tab = self._load_state("last_tab") or "overview"
        self.timeline_filter = dict(DEFAULT_FILTER)
        self.on_msg(self._on_msg)
        self.refresh()
        self._ready = True

    @property
    def store(self) -> Any:
        """The portal this view reads and writes."""
        return self._store

    def __repr__(self) -> str:
        return f"RecordView({self.object_type} {self.record_id}: {self._name})"

    # Validation ------------------------------------------------------------------

    @t.validate("height")
    def _valid_height(self, proposal: Any) -> int:
        return max(480, int(proposal["value"]))

    @t.validate("time_zone")
    def _valid_time_zone(self, proposal: Any) -> str:
        if not proposal["value"]:
            return ""
        try:
            return check_time_zone(proposal["value"])
        except ValueError as exc:
            raise t.TraitError(f"time_zone: {exc}") from exc

    @t.validate("active_tab")
    def _valid_tab(self, proposal: Any) -> str:
        if proposal["value"] not in TABS:
            raise t.TraitError(f"active_tab must be one of {TABS}, got "
                               f"{proposal['value']!r}")
        return proposal["value"]

    @t.validate("timeline_filter")
    def _valid_filter(self, proposal: Any) -> dict[str, Any]:
        value = dict(proposal["value"])
        unknown = set(value) - set(DEFAULT_FILTER)
        if unknown:
            raise t.TraitError(f"timeline_filter: unknown key(s) {sorted(unknown)}; "
                               f"expected {sorted(DEFAULT_FILTER)}")
        merged = {**DEFAULT_FILTER, **value}
        try:
            query_arguments(merged)
        except (TypeError, ValueError) as exc:
            raise t.TraitError(f"timeline_filter: {exc}") from exc
        return merged

    @property
    def layout(self) -> dict[str, list[str]]:
        """Panels per section and which are collapsed; set a dict to rearrange."""
        return self.panel_layout

    @layout.setter
    def layout(self, value: dict[str, list[str]]) -> None:
        self.panel_layout = value

    @t.validate("panel_layout")
    def _valid_layout(self, proposal: Any) -> dict[str, list[str]]:
        try:
            return normalize_layout(self.object_type, proposal["value"])
        except ValueError as exc:
            raise t.TraitError(str(exc)) from exc

    # Observers -------------------------------------------------------------------

    @t.observe("active_tab")
    def _tab_changed(self, change: Any) -> None:
        if self._ready:
            self._save_state("last_tab", change["new"])

    @t.observe("panel_layout")
    def _layout_changed(self, change: Any) -> None:
        if not self._ready:
            return
        self._save_state("layout", change["new"])
        old = change["old"] or {}
        shown = set(change["new"].get("left", []) + change["new"].get("right", []))
        before = set(old.get("left", []) + old.get("right", []))
        if shown - before:
            self._guard("refresh the sidebars", self._refresh_cards)

    @t.observe("timeline_filter")
    def _filter_changed(self, change: Any) -> None:
        if self._ready:
            self._guard("filter the timeline", self._load_timeline, 0)

    @t.observe("attribution_model")
    def _model_changed(self, change: Any) -> None:
        if self._ready:
            self._guard("switch the attribution model", self._refresh_cards)

    # Loading ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the record and redraw every panel (after an outside change)."""
        self._guard("load the record", self._refresh_all)

    def _refresh_all(self) -> None:
        details = sources.query("record")(self._store, self.object_type,
                                          self.record_id)
        self._details = details
        self._name = details.name
        # The first timeline page also holds the Overview's recent activities, so
        # it is read first and an open runs one timeline query, not two.
        page = self._guard("load the timeline", self._load_timeline, 0)
        unfiltered = query_arguments(self.timeline_filter) == query_arguments(
            DEFAULT_FILTER)
        self._refresh_cards(first_page=page if unfiltered else None)

    def _refresh_cards(self, first_page: pd.DataFrame | None = None) -> None:
        details = self._details
        keys = self.layout.get("left", []) + self.layout.get("right", [])
        header, about, left_cards = left_payloads(
            self._store, self.object_type, self.record_id, details,
            self._following(), keys)
        cards, tools, shared = right_payloads(
            self._store, self.object_type, self.record_id, keys,
            {"attribution_model": self.attribution_model, "user": self.user})
        self.header = header
        self.about = about
        self.associations = cards
        self.tools = {**left_cards, **tools}
        self.overview = overview_payload(self._store, self.object_type,
                                         self.record_id, shared=shared,
                                         first_page=first_page)

    def _load_timeline(self, offset: int) -> pd.DataFrame:
        from .queries.timeline import KINDS

        args = query_arguments(self.timeline_filter)
        page = sources.query("timeline")(self._store, self.object_type, self.record_id,
                                         limit=PAGE_SIZE, offset=offset, **args)
        total = int(page.attrs.get("total", len(page)))
        self._loaded = offset + len(page)
        users, teams = people_menus(self._store)
        self.timeline = timeline_payload(page, offset=offset, total=total, kinds=KINDS,
                                         users=users, teams=teams)
        return page

    def timeline_frame(self) -> pd.DataFrame:
        """The timeline rows behind the current filters, as far as they are loaded.

        Example:
            >>> view.timeline_frame()["type"].value_counts()  # doctest: +SKIP
        """
        args = query_arguments(self.timeline_filter)
        return sources.query("timeline")(self._store, self.object_type,
                                         self.record_id,
                                         limit=max(self._loaded, PAGE_SIZE), **args)

    # Errors ----------------------------------------------------------------------

    def _guard(self, what: str, fn: Any, *args: Any) -> Any:
        """Run a callback; on failure log it and show it in the widget."""
        try:
            return fn(*args)
        except Exception as exc:
            logger.exception("RecordView could not %s", what)
            self.show_error(f"Couldn't {what}: {exc}", exc)
            return None

    def show_error(self, message: str, exc: BaseException | None = None) -> None:
        """Show an error toast in the widget (it stays until dismissed)."""
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip() \
            if exc is not None else None
        self.error = {"message": message, "detail": detail, "seq": next(_errors)}


def panel_keys(object_type: str) -> list[str]:
    """Every panel key a record of this type can show (the keys of ``layout``).

    Example:
        >>> panel_keys("tickets")[-1]
        'salesforce_sync'
    """
    return [p.key for p in panels_for(object_type)]
