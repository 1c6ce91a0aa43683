"""Store: one DuckDB file holding a CRM portal, its schema, and its transactions."""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from .errors import StoreLockedError
from .model import (
    ACTIVITY_ASSOCIATION_TYPE_IDS,
    ASSOCIATION_TYPE_IDS,
    PRIMARY_ASSOCIATION_TYPE_IDS,
    STANDARD_OBJECTS,
    normalize_object_type,
)

logger = logging.getLogger(__name__)

SCHEMA_VERSION = "2"
SLOW_QUERY_SECONDS = 0.5
DEMO_SEED = 7


def default_home() -> Path:
    """The folder where crm_widgets keeps the demo portal (``CRM_WIDGETS_HOME``)."""
    env = os.environ.get("CRM_WIDGETS_HOME")
    if env:
        return Path(env)
    return Path.home() / ".cache" / "crm_widgets"


def demo_path() -> Path:
    """Where the bundled demo portal is built on first use.

    The name carries a fingerprint of the generator's source, so a changed generator
    builds a new portal instead of reusing one made by an older version.
    """
    return default_home() / (f"demo-v{SCHEMA_VERSION}-seed{DEMO_SEED}-"
                             f"{_generator_fingerprint()}.duckdb")


def _generator_fingerprint() -> str:
    digest = hashlib.sha256()
    generator = resources.files("crm_widgets").joinpath("demo")
    for name in sorted(p.name for p in generator.iterdir() if p.name.endswith(".py")):
        digest.update(name.encode())
        digest.update(generator.joinpath(name).read_bytes())
    return digest.hexdigest()[:10]


class Store:
    """A CRM portal in one DuckDB file.

    Reads go through :meth:`query`; every write goes through :meth:`transaction`, so a
    failure leaves the file as it was. ``store.con`` is the raw DuckDB connection for
    users who want SQL of their own.

    Example:
        >>> with Store(":memory:") as store:
        ...     store.query("SELECT count(*) AS n FROM records")["n"][0]
        0
    """

    def __init__(self, path: str | os.PathLike[str] = ":memory:", *,
                 read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._depth = 0
        self.con = _open(self.path, read_only)
        if not read_only:
            create_schema(self.con)

    # Lifecycle ------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection; the Store is unusable afterwards."""
        if self.con is not None:
            self.con.close()
            self.con = None  # type: ignore[assignment]

    @property
    def closed(self) -> bool:
        """True once :meth:`close` has run."""
        return self.con is None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        state = "closed" if self.closed else mode
        return f"<Store {self.path!r} ({state})>"

    # Reads -------------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None
              ) -> pd.DataFrame:
        """Run one parameterised SELECT and return its rows as a DataFrame."""
        started = time.perf_counter()
        frame = self.con.execute(sql, params or []).df()
        _log_timing(sql, time.perf_counter() - started, len(frame))
        return frame

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None
               ) -> Any:
        """Run a query that returns one value and return it (None for no rows)."""
        row = self.con.execute(sql, params or []).fetchone()
        return None if row is None else row[0]

    def custom_object_types(self) -> tuple[str, ...]:
        """Names of the custom object types defined in this portal."""
        rows = self.con.execute(
            "SELECT name FROM object_types WHERE is_custom ORDER BY name").fetchall()
        return tuple(r[0] for r in rows)

    def object_type(self, name: str) -> str:
        """Normalise an object type name ("contact", "0-1") against this portal."""
        return normalize_object_type(name, self.custom_object_types())

    # Writes ------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run a block of writes as one transaction: all of it lands, or none.

        Nested calls join the outer transaction, so an action made of other actions
        still commits once.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self.con
            finally:
                self._depth -= 1
            return
        self.con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield self.con
        except BaseException:
            self._depth = 0
            self.con.execute("ROLLBACK")
            raise
        self._depth = 0
        self.con.execute("COMMIT")

    def next_id(self, table: str, column: str = "id") -> int:
        """The next free integer id of ``table`` (call inside a transaction)."""
        if table not in _ID_TABLES or column != "id":
            raise ValueError(f"no generated ids for table {table!r}")
        current = self.scalar(f"SELECT max(id) FROM {table}")  # table name is vetted
        return int(current or 0) + 1


_ID_TABLES = frozenset({
    "activities", "activity_comments", "files", "marketing_interactions", "lists",
    "workflows", "products", "line_items", "quotes", "playbooks",
    "conversation_threads", "conversation_messages", "sync_requests", "owners",
    "teams",
})


def connect(path: str | os.PathLike[str] | None = None, *,
            read_only: bool = False) -> Store:
    """Open a portal stored in a DuckDB file.

    Args:
        path: the DuckDB file; ``":memory:"`` for a throwaway store; None for the
            bundled demo portal, built (deterministically) the first time.
        read_only: open without write access, so that several processes can read.

    Returns:
        A :class:`Store`; use it as a context manager to close it.

    Raises:
        StoreLockedError: another process holds the file (a writer, or, when
            opening for writing, a reader).

    Example:
        >>> import crm_widgets
        >>> with crm_widgets.connect(":memory:") as store:
        ...     store.query("SELECT count(*) AS n FROM owners")["n"][0]
        0
    """
    if path is None:
        path = ensure_demo()
    return Store(path, read_only=read_only)


def ensure_demo(path: str | os.PathLike[str] | None = None, **options: Any) -> Path:
    """Build the demo portal at ``path`` unless it is already there.

    ``options`` go to :func:`crm_widgets.demo.build_demo` (scale, progress...).
    """
    from .demo import build_demo  # the generator pulls in Faker: load it on demand

    target = Path(path) if path is not None else demo_path()
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    logger.info("building the demo portal at %s", target)
    build_demo(partial, **{"seed": DEMO_SEED, **options})
    os.replace(partial, target)  # readers never see a half-built file
    return target


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table (idempotent) and the standard object and label rows."""
    version = _schema_version(con)
    if version == SCHEMA_VERSION:
        return
    sql = resources.files("crm_widgets").joinpath("schema.sql").read_text("utf-8")
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(sql)
        _seed_model(con)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                    [SCHEMA_VERSION])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _schema_version(con: duckdb.DuckDBPyConnection) -> str | None:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    ).fetchone()[0]
    if not exists:
        return None
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return None if row is None else row[0]


def _seed_model(con: duckdb.DuckDBPyConnection) -> None:
    for o in STANDARD_OBJECTS.values():
        con.execute(
            "INSERT OR REPLACE INTO object_types VALUES (?, ?, ?, ?, ?, ?, false)",
            [o.name, o.object_type_id, o.label_singular, o.label_plural,
             o.primary_property, list(o.secondary_properties)])
    labels = [(tid, f, t, None) for (f, t), tid in ASSOCIATION_TYPE_IDS.items()]
    labels += [(tid, f, t, "Primary")
               for (f, t), tid in PRIMARY_ASSOCIATION_TYPE_IDS.items()]
    labels += [(tid, a + "s", t, None)
               for (a, t), tid in ACTIVITY_ASSOCIATION_TYPE_IDS.items()]
    con.executemany(
        "INSERT OR REPLACE INTO association_labels "
        "VALUES (?, 'HUBSPOT_DEFINED', ?, ?, ?)",
        labels)


def _open(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            # DuckDB gives one process the file for writing, or several processes
            # for reading; the lock does not say which kind of holder we met.
            holder = ("open for writing in another process" if read_only else
                      "open in another process (writing, or reading read-only)")
            raise StoreLockedError(
                f"{path} is {holder}: another notebook or kernel. DuckDB lets one "
                "process write a file, or several read it with read_only=True, not "
                f"both at once. Close it there and retry. DuckDB said: {exc}"
            ) from exc
        raise


def _log_timing(sql: str, seconds: float, rows: int) -> None:
    head = " ".join(sql.split())[:80]
    if seconds > SLOW_QUERY_SECONDS:
        logger.warning("slow query (%.0f ms, %d rows): %s", seconds * 1e3, rows, head)
    else:
        logger.debug("query %.1f ms, %d rows: %s", seconds * 1e3, rows, head)
