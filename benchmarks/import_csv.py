"""Import of a HubSpot contacts CSV export against DuckDB's own ``read_csv``.

The file is generated in DuckDB (HubSpot's export headers: property labels,
``Record ID`` first, ``2024-03-12 09:14`` datetimes), then loaded twice into
fresh files: by ``import_hubspot_csv`` into an empty store, and by
``CREATE TABLE ... AS SELECT * FROM read_csv(...)`` into a plain table.

Usage: ``python benchmarks/import_csv.py --rows 1000000``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

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


def run(rows: int) -> list[Figure]:
    """Seconds to import the export against seconds to read it into a table."""
    from crm_widgets import connect, import_hubspot_csv

    csv_path = export_file(rows)
    plain = BENCH_HOME / "import-plain.duckdb"
    ours = BENCH_HOME / "import-store.duckdb"
    for leftover in (plain, ours):
        leftover.unlink(missing_ok=True)

    with duckdb.connect(str(plain)) as con:
        began = time.perf_counter()
        con.execute("CREATE TABLE contacts AS SELECT * FROM read_csv(?)",
                    [str(csv_path)])
        con.execute("CHECKPOINT")
        base = time.perf_counter() - began

    store = connect(ours)
    began = time.perf_counter()
    report = import_hubspot_csv(store, csv_path, "contacts")
    store.con.execute("CHECKPOINT")
    seconds = time.perf_counter() - began
    store.close()
    for leftover in (plain, ours):
        leftover.unlink(missing_ok=True)
    return [Figure(f"import: {rows:,}-row contacts CSV", seconds, unit="s",
                   baseline=base, baseline_name="DuckDB read_csv", ratio_limit=1.5,
                   note=f"wrote {report.rows}")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    print(format_table(run(args.rows)))


if __name__ == "__main__":
    main()
