"""The demo portal under construction: counts, seeded randomness, clock, bulk writes."""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone

import duckdb
import numpy as np
import pandas as pd

logger = logging.getLogger(__name__)

# The demo's clock stops here unless `now` is passed, so every build is identical.
DEFAULT_NOW = datetime(2026, 12, 1, 12, 0, 0)
HISTORY_DAYS = 730  # 24 months of history before `now`
DAY = 86_400

# Counts at scale 1; `scale` multiplies them (owners and teams stay as they are).
BASE_COUNTS = {"companies": 60, "contacts": 400, "deals": 120, "tickets": 60,
               "engagements": 5_300}

# Record ids live in separate ranges per object type, so an id alone is unambiguous.
ID_BASE = {"companies": 10_000_000, "contacts": 20_000_000, "deals": 30_000_000,
           "tickets": 40_000_000}

# Rows per bulk write: bounds memory at large scales.
CONTACT_CHUNK = 100_000
ACTIVITY_CHUNK = 500_000

# Activities of timeline events have no HubSpot association type id of their own.
EVENT_ASSOCIATION_TYPE_ID = 0


def scaled(count: int, scale: float) -> int:
    """``count * scale`` rounded, never below 1."""
    return max(1, round(count * scale))


@dataclass
class Portal:
    """Everything later steps need to know about what earlier steps generated.

    Per-record facts are kept as numpy arrays indexed by position (record ``i`` has
    id ``ID_BASE[type] + 1 + i``), so a million contacts cost a few dozen megabytes.
    """

    con: duckdb.DuckDBPyConnection
    seed: int
    scale: float
    now: datetime
    counts: dict[str, int] = field(default_factory=dict)
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    pools: dict[str, list[str]] = field(default_factory=dict)
    # Multiplies the engagement count only, so a large portal can reach a given
    # number of activities per contact (events follow the records and stay).
    engagement_share: float = 1.0
    # Engagements of the showcase account's contacts (before the 25 % cap).
    showcase_items: int = 1_300

    def __post_init__(self) -> None:
        if self.now.tzinfo is not None:
            self.now = self.now.astimezone(timezone.utc).replace(tzinfo=None)
        self.counts = {k: scaled(v, self.scale) for k, v in BASE_COUNTS.items()}
        self.counts["engagements"] = scaled(BASE_COUNTS["engagements"],
                                            self.scale * self.engagement_share)
        self.now_s = int(pd.Timestamp(self.now).timestamp())
        self.start_s = self.now_s - HISTORY_DAYS * DAY

    def rng(self, stream: str, part: int = 0) -> np.random.Generator:
        """A Generator private to one step (and chunk), so steps never share draws."""
        return np.random.default_rng([self.seed, zlib.crc32(stream.encode()), part])

    def ids(self, object_type: str, positions: np.ndarray | None = None
            ) -> np.ndarray:
        """Record ids of ``object_type`` at ``positions`` (all when None)."""
        if positions is None:
            positions = np.arange(self.counts[object_type])
        return ID_BASE[object_type] + 1 + np.asarray(positions, dtype=np.int64)

    def insert(self, table: str, frame: pd.DataFrame) -> None:
        """Append a frame to a schema table, matching columns by name."""
        if frame.empty:
            return
        self.con.register("demo_frame", frame)
        try:
            # table names come from this package's own constants, never from users
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM demo_frame")
        finally:
            self.con.unregister("demo_frame")

    def insert_properties(self, object_type: str, frame: pd.DataFrame) -> None:
        """Write a wide frame (``id`` plus one string column per property) as EAV rows.

        Missing values (None) are left out, as HubSpot leaves unset properties out.
        """
        columns = [c for c in frame.columns if c != "id"]
        self.con.register("demo_frame", frame)
        try:
            self.con.execute(
                "INSERT INTO record_properties "
                "SELECT ? AS object_type, id AS record_id, name, value FROM ("
                "UNPIVOT (SELECT id, " + ", ".join(f'"{c}"::VARCHAR AS "{c}"'
                                                 for c in columns) +
                " FROM demo_frame) ON COLUMNS(* EXCLUDE (id)) "
                "INTO NAME name VALUE value) WHERE value IS NOT NULL",
                [object_type])
        finally:
            self.con.unregister("demo_frame")


def iso(seconds: np.ndarray) -> np.ndarray:
    """Epoch seconds as HubSpot's ISO strings, ``2024-03-04T16:20:00.000Z``."""
    stamps = np.asarray(seconds, dtype=np.int64).astype("datetime64[s]")
    return np.char.add(np.datetime_as_string(stamps, unit="ms"), "Z").astype(object)


def stamp(seconds: np.ndarray) -> np.ndarray:
    """Epoch seconds as naive UTC datetime64 values for TIMESTAMP columns."""
    return np.asarray(seconds, dtype=np.int64).astype("datetime64[s]").astype(
        "datetime64[us]")


def pick(rng: np.random.Generator, choices: list | tuple, size: int,
         weights: list[float] | None = None) -> np.ndarray:
    """``size`` draws from ``choices`` (optionally weighted) as an object array."""
    p = None
    if weights is not None:
        p = np.asarray(weights, dtype=float)
        p = p / p.sum()
    index = rng.choice(len(choices), size=size, p=p)
    return np.asarray(choices, dtype=object)[index]


def uniform_times(rng: np.random.Generator, low: np.ndarray, high: np.ndarray
                  ) -> np.ndarray:
    """One epoch second uniformly in [low, high] per pair (high clipped to low)."""
    low = np.asarray(low, dtype=np.int64)
    span = np.maximum(np.asarray(high, dtype=np.int64) - low, 0)
    return low + (rng.random(low.shape[0]) * span).astype(np.int64)


def office_hours(seconds: np.ndarray) -> np.ndarray:
    """Move each moment onto the same day between 08:00 and 18:00, on the quarter hour.

    Weekends move to the Friday before, so sales activity looks like working days.
    """
    seconds = np.asarray(seconds, dtype=np.int64)
    days = seconds // DAY
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    days = days - np.where(weekday >= 5, weekday - 4, 0)
    within = (seconds % DAY) * (10 * 3600) // DAY  # squeeze 24h into 10h
    within = 8 * 3600 + within // 900 * 900
    return days * DAY + within
