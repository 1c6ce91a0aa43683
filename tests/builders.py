"""Small hand-built portals for tests: owners, records, associations, activities.

Every method writes in one transaction through the Store, and activity rows go through
``crm_widgets.activities.activity_row`` so they look as imported ones do.

Example:
    >>> from crm_widgets import connect
    >>> from builders import Portal  # tests/ is on sys.path under pytest
    >>> p = Portal(connect(":memory:"))
    >>> p.record("contacts", 51, firstname="Maria")
    51
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from crm_widgets.activities import activity_row, parse_timestamp
from crm_widgets.model import (
    ACTIVITY_ASSOCIATION_TYPE_IDS,
    ASSOCIATION_TYPE_IDS,
    PRIMARY_ASSOCIATION_TYPE_IDS,
)
from crm_widgets.store import Store

DEFAULT_CREATED = datetime(2024, 1, 10, 8, 30)
# Event types (merge, page_view...) have no HubSpot association type id of their own.
EVENT_ASSOCIATION_TYPE_ID = 0


def when(value: str | datetime) -> datetime:
    """``"2024-03-04 16:20"`` or an ISO string as a naive UTC datetime."""
    if isinstance(value, datetime):
        return value
    return parse_timestamp(value.replace(" ", "T"))


class Portal:
    """A builder over a Store; each call writes one thing and returns its id."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def batch(self) -> Any:
        """One transaction around many builder calls (a file store commits once).

        Example:
            >>> with p.batch():  # doctest: +SKIP
            ...     p.record("contacts", 52)
        """
        return self.store.transaction()

    # People -----------------------------------------------------------------------

    def owner(self, owner_id: int, first_name: str, last_name: str,
              email: str | None = None) -> int:
        """Add an owner (a HubSpot user who can own records and activities)."""
        email = email or f"{first_name.lower()}@example.com"
        with self.store.transaction() as con:
            con.execute("INSERT INTO owners (id, email, first_name, last_name, user_id)"
                        " VALUES (?, ?, ?, ?, ?)",
                        [owner_id, email, first_name, last_name, owner_id])
        return owner_id

    def team(self, team_id: int, name: str, members: Iterable[int]) -> int:
        """Add a team and its member owners (the first one is their primary team)."""
        with self.store.transaction() as con:
            con.execute("INSERT INTO teams VALUES (?, ?)", [team_id, name])
            con.executemany("INSERT INTO team_members VALUES (?, ?, true)",
                            [(team_id, m) for m in members])
        return team_id

    # Records ----------------------------------------------------------------------

    def record(self, object_type: str, record_id: int, *,
               created: str | datetime = DEFAULT_CREATED, archived: bool = False,
               **properties: Any) -> int:
        """Add a record with string property values (None values are skipped)."""
        created_at = when(created)
        props = {"hs_object_id": str(record_id),
                 "createdate": created_at.isoformat() + "Z", **properties}
        with self.store.transaction() as con:
            con.execute("INSERT INTO records VALUES (?, ?, ?, ?, ?, NULL)",
                        [object_type, record_id, created_at, created_at, archived])
            con.executemany(
                "INSERT INTO record_properties VALUES (?, ?, ?, ?)",
                [(object_type, record_id, k, str(v)) for k, v in props.items()
                 if v is not None])
        return record_id

    def history(self, object_type: str, record_id: int, name: str, value: str,
                changed: str | datetime, source_type: str = "CRM_UI") -> None:
        """Add one past value of a property."""
        with self.store.transaction() as con:
            con.execute("INSERT INTO property_history VALUES (?, ?, ?, ?, ?, ?, NULL)",
                        [object_type, record_id, name, value, when(changed),
                         source_type])

    def pipeline(self, object_type: str, pipeline_id: str, label: str,
                 stages: Iterable[tuple[str, str]],
                 closed: Iterable[str] = ()) -> None:
        """Add a pipeline and its (stage id, label) stages in display order."""
        closed = set(closed)
        with self.store.transaction() as con:
            con.execute("INSERT INTO pipelines VALUES (?, ?, ?, 0)",
                        [object_type, pipeline_id, label])
            con.executemany(
                "INSERT INTO pipeline_stages VALUES (?, ?, ?, ?, ?, NULL, ?)",
                [(object_type, pipeline_id, sid, slabel, i, sid in closed)
                 for i, (sid, slabel) in enumerate(stages)])

    def define_property(self, object_type: str, name: str, label: str, *,
                        type_: str = "string", group: str | None = None,
                        options: list[dict[str, str]] | None = None,
                        order: int | None = None) -> None:
        """Add a property definition (label, type, options)."""
        with self.store.transaction() as con:
            con.execute(
                "INSERT INTO property_definitions (object_type, name, label, type, "
                "group_name, options, display_order) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [object_type, name, label, type_, group,
                 None if options is None else json.dumps(options), order])

    # Associations -----------------------------------------------------------------

    def associate(self, from_type: str, from_id: int, to_type: str, to_id: int, *,
                  primary: bool = False, labels: Iterable[str] = ()) -> None:
        """Associate two records in both directions, unlabeled plus any labels.

        ``primary`` adds the HubSpot "Primary" pair; each name in ``labels`` is a
        USER_DEFINED label (created on first use) stored in both directions.
        """
        pairs = [((from_type, from_id, to_type, to_id),
                  ASSOCIATION_TYPE_IDS[(from_type, to_type)],
                  ASSOCIATION_TYPE_IDS[(to_type, from_type)], "HUBSPOT_DEFINED", None)]
        if primary:
            pairs.append(((from_type, from_id, to_type, to_id),
                          PRIMARY_ASSOCIATION_TYPE_IDS[(from_type, to_type)],
                          PRIMARY_ASSOCIATION_TYPE_IDS[(to_type, from_type)],
                          "HUBSPOT_DEFINED", "Primary"))
        for label in labels:
            forward, backward = self.user_label(from_type, to_type, label)
            pairs.append(((from_type, from_id, to_type, to_id), forward, backward,
                          "USER_DEFINED", label))
        rows = []
        for (ft, fi, tt, ti), forward, backward, category, label in pairs:
            rows.append((ft, fi, tt, ti, category, forward, label))
            rows.append((tt, ti, ft, fi, category, backward, label))
        with self.store.transaction() as con:
            con.executemany("INSERT INTO associations VALUES (?, ?, ?, ?, ?, ?, ?)",
                            rows)

    def user_label(self, from_type: str, to_type: str, label: str) -> tuple[int, int]:
        """The USER_DEFINED type ids (forward, backward) of a label, made if new."""
        found = self.store.con.execute(
            "SELECT type_id FROM association_labels WHERE category = 'USER_DEFINED' "
            "AND from_type = ? AND to_type = ? AND label = ?",
            [from_type, to_type, label]).fetchone()
        back = self.store.con.execute(
            "SELECT type_id FROM association_labels WHERE category = 'USER_DEFINED' "
            "AND from_type = ? AND to_type = ? AND label = ?",
            [to_type, from_type, label]).fetchone()
        if found and back:
            return found[0], back[0]
        with self.store.transaction() as con:
            top = con.execute("SELECT coalesce(max(type_id), 1000) FROM "
                              "association_labels WHERE category = 'USER_DEFINED'"
                              ).fetchone()[0]
            con.executemany(
                "INSERT INTO association_labels VALUES (?, 'USER_DEFINED', ?, ?, ?)",
                [(top + 1, from_type, to_type, label),
                 (top + 2, to_type, from_type, label)])
        return top + 1, top + 2

    # Activities -------------------------------------------------------------------

    def activity(self, activity_type: str, activity_id: int, at: str | datetime, *,
                 on: Iterable[tuple[str, int]] = (), owner: int | None = None,
                 archived: bool = False, **properties: Any) -> int:
        """Add an activity at ``at`` (its hs_timestamp) associated with ``on`` records.

        ``properties`` are HubSpot engagement properties such as ``hs_note_body``.

        Example:
            >>> p.activity("note", 7001, "2024-03-04 16:20", on=[("contacts", 51)],
            ...            hs_note_body="<p>Budget ok</p>")  # doctest: +SKIP
        """
        props = {"hs_timestamp": when(at).isoformat() + "Z", **properties}
        if owner is not None:
            props["hubspot_owner_id"] = str(owner)
        if activity_type == "meeting" and "hs_meeting_start_time" not in props:
            props["hs_meeting_start_time"] = props["hs_timestamp"]
        row = activity_row(activity_type, activity_id, props, archived=archived,
                           created_at=when(at))
        if row["owner_id"] is None and owner is not None:
            row["owner_id"] = owner
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        links = [(activity_id, t, i,
                  ACTIVITY_ASSOCIATION_TYPE_IDS.get((activity_type, t),
                                                    EVENT_ASSOCIATION_TYPE_ID))
                 for t, i in on]
        with self.store.transaction() as con:
            con.execute(f"INSERT INTO activities ({columns}) VALUES ({marks})",
                        list(row.values()))
            if links:
                con.executemany("INSERT INTO activity_associations VALUES (?, ?, ?, ?)",
                                links)
        return activity_id

    def event(self, event_type: str, activity_id: int, at: str | datetime, *,
              on: Iterable[tuple[str, int]] = (), title: str | None = None,
              owner: int | None = None) -> int:
        """Add a non-engagement timeline event (merge, page_view, ...)."""
        with self.store.transaction() as con:
            con.execute("INSERT INTO activities (id, type, occurred_at, owner_id, "
                        "created_at, title, search_text) VALUES (?, ?, ?, ?, ?, ?, '')",
                        [activity_id, event_type, when(at), owner, when(at), title])
            con.executemany("INSERT INTO activity_associations VALUES (?, ?, ?, ?)",
                            [(activity_id, t, i, EVENT_ASSOCIATION_TYPE_ID)
                             for t, i in on])
        return activity_id

    def comment(self, comment_id: int, activity_id: int, body: str,
                at: str | datetime, author: int | None = None) -> int:
        """Add a comment on an activity."""
        with self.store.transaction() as con:
            con.execute("INSERT INTO activity_comments VALUES (?, ?, ?, ?, ?)",
                        [comment_id, activity_id, author, body, when(at)])
        return comment_id

    def file(self, file_id: int, name: str, size_bytes: int = 1000,
             at: str | datetime = DEFAULT_CREATED,
             on: tuple[str, int] | None = None) -> int:
        """Add a file; ``on`` uploads it to a record (record_files)."""
        with self.store.transaction() as con:
            con.execute("INSERT INTO files VALUES (?, ?, ?, NULL, NULL, ?)",
                        [file_id, name, size_bytes, when(at)])
            if on is not None:
                con.execute("INSERT INTO record_files VALUES (?, ?, ?, ?)",
                            [on[0], on[1], file_id, when(at)])
        return file_id


def table_counts(store: Store) -> dict[str, int]:
    """Row count of every table, to prove a query changed nothing."""
    names = [r[0] for r in store.con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' ORDER BY table_name").fetchall()]
    # Table names come from the catalogue itself, not from a caller.
    return {n: store.con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]
            for n in names}


def content_hash(store: Store) -> dict[str, str]:
    """A hash of every table's sorted rows, to prove a call changed nothing."""
    names = [r[0] for r in store.con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' ORDER BY table_name").fetchall()]
    out = {}
    for name in names:  # table names come from the catalogue, not from a caller
        rows = sorted(store.con.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
        out[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out
