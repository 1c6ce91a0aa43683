"""`crm-widgets`: the demo record page, imports of real exports, offline HTML pages."""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

TOUR = "01_tour.ipynb"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.run(args)
    except Exception as exc:  # the CLI's job is to turn any failure into a message
        from .errors import CrmWidgetsError

        if args.verbose and not isinstance(exc, CrmWidgetsError):
            raise
        print(f"crm-widgets: error: {exc}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crm-widgets", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="open the tour notebook on the demo portal")
    demo.add_argument("--headless", action="store_true",
                      help="run the tour notebook without a browser; fail on any error")
    demo.add_argument("--prepare-only", action="store_true",
                      help="build the demo portal and stop, without opening anything")
    demo.add_argument("--notebooks", type=Path, default=None,
                      help="folder of the notebooks (default: the checkout's)")
    demo.set_defaults(run=_demo)

    imp = commands.add_parser("import", help="import a HubSpot export into DuckDB")
    imp.add_argument("source", type=Path, help="a JSON/CSV file or a folder of them")
    imp.add_argument("--to", type=Path, required=True, help="the DuckDB file to write")
    imp.add_argument("--format", choices=("api", "csv", "fivetran"), default=None,
                     help="the export's shape (default: guessed from the files)")
    imp.add_argument("--object-type", default=None,
                     help="for CSV: contacts, companies, deals or tickets")
    imp.set_defaults(run=_import)

    exp = commands.add_parser("export", help="write a record page to one HTML file")
    exp.add_argument("object_type")
    exp.add_argument("record_id", type=int)
    exp.add_argument("--db", type=Path, default=None,
                     help="the DuckDB file (default: the demo portal)")
    exp.add_argument("-o", "--out", type=Path, required=True, help="the HTML file")
    exp.set_defaults(run=_export)
    return parser


def _demo(args: argparse.Namespace) -> int:
    from .store import ensure_demo

    path = ensure_demo()
    if args.prepare_only:
        print(f"demo portal ready: {path}")
        return 0
    notebooks = args.notebooks or _notebook_folder()
    if args.headless:
        return _run_notebook(notebooks / TOUR)
    command = [sys.executable, "-m", "jupyter", "lab", str(notebooks / TOUR)]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Containers often run as root, where JupyterLab refuses to start unless
        # told: the user asked for this server, so it is told.
        logger.warning("running as root: starting JupyterLab with --allow-root")
        command.append("--allow-root")
    return subprocess.call(command, cwd=notebooks)  # noqa: S603  (our own argv)


def _import(args: argparse.Namespace) -> int:
    import crm_widgets

    kind = args.format or guess_format(args.source)
    with crm_widgets.connect(args.to) as store:
        if kind == "api":
            report = crm_widgets.import_hubspot_api(store, args.source)
        elif kind == "csv":
            report = crm_widgets.import_hubspot_csv(store, args.source,
                                                    object_type=args.object_type)
        else:
            report = crm_widgets.import_fivetran_hubspot(store, args.source)
    print(report)
    return 0


def _export(args: argparse.Namespace) -> int:
    import crm_widgets

    from .export_html import export_record_page

    with crm_widgets.connect(args.db, read_only=args.db is not None) as store:
        path = export_record_page(store, args.object_type, args.record_id, args.out)
    print(f"wrote {path}")
    return 0


def guess_format(source: Path) -> str:
    """Which importer fits: 'fivetran' for warehouse tables, 'csv', or 'api' JSON."""
    if source.is_dir():
        names = {p.name for p in source.iterdir()}
        warehouse = ("contact.csv", "contact_data.csv", "contact.parquet",
                     "engagement.csv", "engagement_data.csv")
        if any(n in names for n in warehouse):
            return "fivetran"
        if any(n.endswith(".json") for n in names):
            return "api"
        return "csv"
    return "csv" if source.suffix.lower() == ".csv" else "api"


def _notebook_folder() -> Path:
    folder = Path(__file__).resolve().parents[1] / "notebooks"
    if not (folder / TOUR).exists():
        raise FileNotFoundError(
            f"the tour notebook is not at {folder / TOUR}; run from a checkout of "
            "crm_widgets or pass --notebooks")
    return folder


def _run_notebook(path: Path) -> int:
    """Execute a notebook top to bottom in a fresh kernel; 1 on the first error."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        print(f"crm-widgets: {path.name} failed:\n{exc}", file=sys.stderr)
        return 1
    print(f"{path.name}: {len(notebook.cells)} cells ran without error")
    return 0


if __name__ == "__main__":
    sys.exit(main())
