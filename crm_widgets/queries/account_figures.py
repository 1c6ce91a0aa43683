"""The account overview's figures, counted with numpy from a company's rows.

Two kinds of rows come in. ``people``: one tuple per live contact, sorted by id:
``(contact_id, firstname, lastname, email, jobtitle, buying_role)``. ``engaged``:
aligned numpy arrays of the company's engagements, one entry per record an
activity is on: ``own`` (on the company itself), ``contact_id`` (0 when own),
``id``, ``occurred_at`` (datetime64[us]) and ``kind`` (1-based position of the
type in :data:`ENGAGEMENT_KINDS`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from ..model import BUYING_ROLES
from .display import display_name

# Activity types counted in the engagement figures, with their plural names.
ENGAGEMENT_KINDS = {"email": "emails", "call": "calls", "meeting": "meetings",
                    "note": "notes", "task": "tasks"}
CONTACTING_TYPES = ("call", "email", "meeting")
WEEKS_CHARTED = 13
ROLE_COLUMNS = {role: role.lower() for role in BUYING_ROLES}
_KIND_NAMES = list(ENGAGEMENT_KINDS.values())
# 1-based positions in ENGAGEMENT_KINDS, as the scope query numbers the kinds.
_CONTACTING_KINDS = [i + 1 for i, t in enumerate(ENGAGEMENT_KINDS)
                     if t in CONTACTING_TYPES]


def _role_codes(value: Any) -> set[str]:
    """The buying role codes of one contact, trimmed of spaces as SQL's trim()."""
    if not isinstance(value, str):
        return set()
    return {part.strip(" ") for part in value.split(";")} - {""}


def role_counts(people: list[tuple[Any, ...]]) -> dict[str, int]:
    """contacts, contacts_with_roles, and the number of contacts in each role.

    Example:
        >>> role_counts([(51, "Ana", None, None, None, "CHAMPION; BLOCKER")])[
        ...     "champion"]
        1
    """
    codes = [_role_codes(p[5]) for p in people]
    counts = {"contacts": len(people), "contacts_with_roles": sum(map(bool, codes))}
    for role, column in ROLE_COLUMNS.items():
        counts[column] = sum(role in c for c in codes)
    return counts


def last_engagements(engaged: dict[str, np.ndarray]) -> dict[str, datetime | None]:
    """The latest engagement, and the latest call, email or meeting (or None).

    Example:
        >>> last_engagements({"occurred_at": np.array(["2024-03-05"],
        ...                   dtype="datetime64[us]"), "kind": np.array([4])})
        {'last_engagement_at': datetime.datetime(2024, 3, 5, 0, 0), \
'last_contacted_at': None}
    """
    when = engaged["occurred_at"]
    contacting = np.isin(engaged["kind"], _CONTACTING_KINDS)
    return {"last_engagement_at": _latest(when),
            "last_contacted_at": _latest(when[contacting])}


def _latest(when: np.ndarray) -> datetime | None:
    return when.max().item() if len(when) else None


# The contacts frame when the company has none: the column types pandas gave the
# first version of this query, kept so that callers see the same frame.
_NO_CONTACTS = {"contact_id": "int64", "name": "float64", "email": "object",
                "jobtitle": "object", "buying_role": "object",
                "last_engagement_at": "datetime64[us]", "roles": "float64"}


def contacts_frame(people: list[tuple[Any, ...]], engaged: dict[str, np.ndarray]
                   ) -> pd.DataFrame:
    """Each contact with its name, role labels and last engagement; contacts with
    roles first, then by name (ties keep the contact id order).

    Example:
        >>> contacts_frame(people, engaged)[["name", "roles"]]  # doctest: +SKIP
                  name           roles
        0  Maria Silva  [Decision maker]
    """
    if not people:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in _NO_CONTACTS.items()})
    ids = np.array([p[0] for p in people], dtype="int64")  # sorted by the query
    # The latest engagement per contact; int64's minimum is NaT, "none yet".
    latest = np.full(len(ids), np.iinfo("int64").min)
    on_contact = ~engaged["own"]
    np.maximum.at(latest, np.searchsorted(ids, engaged["contact_id"][on_contact]),
                  engaged["occurred_at"][on_contact].view("int64"))
    names = [display_name("contacts", int(p[0]),
                          {"firstname": p[1], "lastname": p[2], "email": p[3]})
             for p in people]
    roles = [_role_labels(p[5]) for p in people]
    order = sorted(range(len(people)), key=lambda i: (not roles[i], names[i]))
    column = [[people[i][k] for i in order] for k in (3, 4, 5)]
    return pd.DataFrame({
        "contact_id": ids[order], "name": [names[i] for i in order],
        "email": column[0], "jobtitle": column[1], "buying_role": column[2],
        "last_engagement_at": latest.view("datetime64[us]")[order],
        "roles": [roles[i] for i in order]})


def _role_labels(value: Any) -> list[str]:
    if not isinstance(value, str):
        return []
    return [BUYING_ROLES.get(v.strip(), v.strip()) for v in value.split(";")
            if v.strip()]


def engagement_frame(distinct: dict[str, np.ndarray], moment: datetime) -> pd.DataFrame:
    """Engagements of each kind in the last 30 and 90 days.

    Example:
        >>> engagement_frame(distinct, now)["last_30_days"].sum()  # doctest: +SKIP
        12
    """
    since = {days: np.datetime64(moment - timedelta(days=days), "us")
             for days in (30, 90)}
    kinds = len(ENGAGEMENT_KINDS)
    counts = {days: np.bincount(distinct["kind"][distinct["occurred_at"] > start],
                                minlength=kinds + 1)[1:]
              for days, start in since.items()}
    return pd.DataFrame({"kind": pd.array(_KIND_NAMES, dtype="str"),
                         "last_30_days": counts[30].astype("int64"),
                         "last_90_days": counts[90].astype("int64")})


def weekly_frame(distinct: dict[str, np.ndarray], moment: datetime) -> pd.DataFrame:
    """Engagements per kind in each of the last 13 weeks (Monday starts), zeros too.

    Example:
        >>> len(weekly_frame(distinct, now))  # 13 weeks x 5 kinds  # doctest: +SKIP
        65
    """
    first_week = np.datetime64(
        _week_start(moment) - timedelta(weeks=WEEKS_CHARTED - 1), "us")
    week = (distinct["occurred_at"] - first_week) // np.timedelta64(7, "D")
    keep = (week >= 0) & (week < WEEKS_CHARTED)
    kinds = len(ENGAGEMENT_KINDS)
    slot = week[keep].astype("int64") * kinds + distinct["kind"][keep] - 1
    counts = np.bincount(slot, minlength=WEEKS_CHARTED * kinds)
    starts = first_week + np.arange(WEEKS_CHARTED) * np.timedelta64(7, "D")
    return pd.DataFrame({"week_start": np.repeat(starts, kinds),
                         "kind": pd.array(_KIND_NAMES * WEEKS_CHARTED, dtype="str"),
                         "count": counts.astype("int64")})


def _week_start(moment: datetime) -> datetime:
    """Monday 00:00 of the moment's week (DuckDB's date_trunc('week') agrees)."""
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())
