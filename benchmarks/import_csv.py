"""Import of a HubSpot contacts CSV export against DuckDB's own ``read_csv``.

The file is generated in DuckDB (HubSpot's export headers: property labels,
``Record ID`` first, ``2024-03-12 09:14`` datetimes), then loaded twice into
fresh files: by ``import_hubspot_csv`` into an empty store, and by
``CREATE TABLE ... AS SELECT * FROM read_csv(...)`` into a plain table.

Usage: ``python benchmarks/import_csv.py --rows 1000000 [--repeat 3] [--floor]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb

from benchmarks.common import BENCH_HOME, Figure, format_table

_EXPORT = """
COPY (
    SELECT 1000000 + i AS "Record ID",
           ['Ada', 'Grace', 'Henrik', 'Lena', 'Omar', 'Mei'][1 + i % 6]
               AS "First Name",
           ['Aalto', 'Whitfield', 'Hartmann', 'Okafor', 'Ng'][1 + i % 5]
               AS "Last Name",
           'person' || i || '@example.com' AS "Email",
           '+31 10 555 ' || lpad((i % 10000)::VARCHAR, 4, '0') AS "Phone Number",
           ['CFO', 'Engineer', 'Buyer', 'Head of Sales'][1 + i % 4] AS "Job Title",
           ['lead', 'customer', 'opportunity', 'subscriber'][1 + i % 4]
               AS "Lifecycle Stage",
           ['NEW', 'OPEN', 'CONNECTED'][1 + i % 3] AS "Lead Status",
           strftime(TIMESTAMP '2024-01-01' + to_minutes(i % 500000),
                    '%Y-%m-%d %H:%M') AS "Create Date"
    FROM range($rows) t(i)
) TO '{path}' (HEADER, DELIMITER ',')
"""


def export_file(rows: int) -> Path:
    """The generated export of ``rows`` contacts (cached by row count)."""
    path = BENCH_HOME / f"hubspot-crm-exports-contacts-{rows}.csv"
    if not path.exists():
        BENCH_HOME.mkdir(parents=True, exist_ok=True)
        with duckdb.connect() as con:
            # the path is ours (BENCH_HOME and a number), COPY takes no parameter
            con.execute(_EXPORT.format(path=path), {"rows": rows})
    return path


# What one load returns: wall seconds, CPU seconds (all threads), what it wrote.
Timing = tuple[float, float, Any]


def _timed(fn: Callable[[], Any]) -> Timing:
    """Time ``fn()`` alone; opening the database before it is not counted."""
    began, began_cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - began, time.process_time() - began_cpu, result


def _read_csv(csv_path: Path, target: Path) -> Timing:
    with duckdb.connect(str(target)) as con:
        return _timed(lambda: (con.execute(
            "CREATE TABLE contacts AS SELECT * FROM read_csv(?)", [str(csv_path)]),
            con.execute("CHECKPOINT")))


def _import(csv_path: Path, target: Path) -> Timing:
    from crm_widgets import connect, import_hubspot_csv

    def load() -> dict[str, int]:
        report = import_hubspot_csv(store, csv_path, "contacts")
        store.con.execute("CHECKPOINT")
        return report.rows

    with connect(target) as store:
        return _timed(load)


def _eav_rows(csv_path: Path, target: Path, key: bool) -> Timing:
    """The export's eight property rows per contact, with or without the store's key.

    What any importer must at least write, for the floor figures.
    """
    names = ["firstname", "lastname", "email", "phone", "jobtitle", "lifecyclestage",
             "hs_lead_status", "createdate"]
    cells = ", ".join(f"column{i:02d}" for i in range(1, 9))
    with duckdb.connect(str(target)) as con:
        con.execute(
            "CREATE TABLE record_properties (object_type VARCHAR NOT NULL, record_id "
            "BIGINT NOT NULL, name VARCHAR NOT NULL, value VARCHAR"
            + (", PRIMARY KEY (object_type, record_id, name))" if key else ")"))
        insert = (
            "INSERT INTO record_properties SELECT * FROM (SELECT 'contacts', "
            "column00::BIGINT, unnest(?::VARCHAR[]) AS name, unnest([" + cells
            + "]) AS value FROM read_csv(?, header = true, all_varchar = true, "
            "names = ['column00', " + ", ".join(f"'column{i:02d}'" for i in range(1, 9))
            + "])) WHERE value <> ''")
        return _timed(lambda: (con.execute(insert, [names, str(csv_path)]),
                               con.execute("CHECKPOINT")))


def run(rows: int, repeat: int = 1, floor: bool = False) -> list[Figure]:
    """Seconds to import the export against seconds to read it into a table.

    The two loads alternate ``repeat`` times and the medians are reported, as wall
    time and as CPU time (the machine is shared, so CPU is the steadier figure).
    With ``floor``, also the EAV rows alone, into a keyless table and into one with
    ``record_properties``' primary key: what no importer of this schema can beat.
    """
    csv_path = export_file(rows)
    target = BENCH_HOME / "import-target.duckdb"
    loads: dict[str, Callable[[Path, Path], Timing]] = {
        "read_csv": _read_csv, "import": _import}
    if floor:
        loads["eav rows, no key"] = lambda c, t: _eav_rows(c, t, key=False)
        loads["eav rows, keyed"] = lambda c, t: _eav_rows(c, t, key=True)
    walls: dict[str, list[float]] = {name: [] for name in loads}
    cpus: dict[str, list[float]] = {name: [] for name in loads}
    written: Any = None
    for _ in range(repeat):
        for name, load in loads.items():
            _remove(target)
            wall, cpu, result = load(csv_path, target)
            walls[name].append(wall)
            cpus[name].append(cpu)
            written = result if name == "import" else written
    _remove(target)
    wall = {name: statistics.median(times) for name, times in walls.items()}
    cpu = {name: statistics.median(times) for name, times in cpus.items()}
    label = f"import: {rows:,}-row contacts CSV"
    figures = [
        Figure(label, wall["import"], unit="s", baseline=wall["read_csv"],
               baseline_name="DuckDB read_csv", ratio_limit=1.5,
               note=f"wrote {written}; median of {repeat}"),
        Figure(f"{label} (CPU)", cpu["import"], unit="s", baseline=cpu["read_csv"],
               baseline_name="DuckDB read_csv", ratio_limit=1.5)]
    for name in loads:
        if name.startswith("eav"):
            figures.append(Figure(f"floor: {name} (CPU)", cpu[name], unit="s",
                                  baseline=cpu["read_csv"],
                                  baseline_name="DuckDB read_csv",
                                  note=f"wall {wall[name]:.1f} s"))
    return figures


def _remove(database: Path) -> None:
    for leftover in (database, database.with_name(database.name + ".wal")):
        leftover.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1,
                        help="alternating runs of both loads; medians are shown")
    parser.add_argument("--floor", action="store_true",
                        help="also time the EAV rows alone, without and with the key")
    args = parser.parse_args()
    print(format_table(run(args.rows, args.repeat, args.floor)))


if __name__ == "__main__":
    main()
