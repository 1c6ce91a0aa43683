"""Imports are all-or-nothing: mutated exports either import or leave the store intact.

Hypothesis mutates valid inputs of each importer (HubSpot API JSON, HubSpot CRM export
CSV, Fivetran warehouse CSVs): truncation, wrong types, latin-1 and UTF-16 encodings,
huge fields, missing columns, duplicated ids, BOMs, mixed newlines. Every run either
imports or raises ``ExportFormatError`` naming the file (and the row and field when it
gives them); after a refusal, every table's full content equals what it was before.

CI runs ``max_examples=25`` per format. The full count is one command away:

    python scripts/fuzz_imports.py --examples 500

(which sets ``CRM_WIDGETS_FUZZ_EXAMPLES`` for this module and runs it).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import crm_widgets
from crm_widgets import ExportFormatError
from crm_widgets.importers import (
    import_fivetran_hubspot,
    import_hubspot_api,
    import_hubspot_csv,
)
from tests.builders import content_hash

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample_export"
CONTACTS_CSV = SAMPLE / "hubspot-crm-exports-contacts-2024-03-01.csv"
EXAMPLES = int(os.environ.get("CRM_WIDGETS_FUZZ_EXAMPLES", "25"))
# No shrinking: a failing case prints its draws, and shrinking a 480 KB folder of
# tables takes minutes.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 25,
                phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
# The Fivetran seeds a small warehouse export is made of (all real, 480 KB in total).
FIVETRAN_TABLES = ("contact_data.csv", "company_data.csv", "deal_data.csv",
                   "deal_company_data.csv", "deal_contact_data.csv", "owner_data.csv",
                   "engagement_data.csv", "engagement_note_data.csv",
                   "engagement_contact_data.csv", "deal_pipeline_stage_data.csv")
HUGE = 300_000
RUNS = {"imported": 0, "refused": 0}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A portal file holding the sample API export (owners, companies, deals)."""
    path = tmp_path_factory.mktemp("fuzz") / "template.duckdb"
    with crm_widgets.connect(path) as store:
        import_hubspot_api(store, SAMPLE, progress=False)
    return path


def attempt(template: Path, work: Path, run) -> None:
    """Run one import on a fresh copy of the template; all of it or nothing."""
    db = work / "portal.duckdb"
    shutil.copyfile(template, db)
    with crm_widgets.connect(db) as store:
        before = content_hash(store)
        refusal = None
        try:
            run(store)
        except ExportFormatError as exc:
            refusal = exc
        if refusal is None:
            RUNS["imported"] += 1
        else:
            RUNS["refused"] += 1
            check_refusal(refusal)
            assert content_hash(store) == before, f"refused but changed: {refusal}"
        assert not store.con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone()[0]


def check_refusal(exc: ExportFormatError) -> None:
    """The message names the file, and the row and field whenever they are known."""
    message = str(exc)
    assert exc.path
    assert Path(exc.path).name in message
    if exc.row is not None:
        assert f"row {exc.row}" in message
    if exc.field is not None:
        assert repr(exc.field) in message


# Mutations of text files ---------------------------------------------------------

def _cell(lines: list[str], data: st.DataObject) -> tuple[int, int]:
    row = data.draw(st.integers(0, len(lines) - 1), label="row")
    cells = lines[row].split(",")
    return row, data.draw(st.integers(0, len(cells) - 1), label="column")


def mutate_csv(text: str, data: st.DataObject) -> bytes:
    """Apply one to three damaging edits to CSV text; return the file's bytes."""
    lines = text.splitlines()
    encoding, bom = "utf-8", b""
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        edit = data.draw(st.sampled_from([
            "truncate", "cell", "huge", "drop_column", "duplicate", "bom",
            "newlines", "latin1", "utf16", "quote", "extra_cell", "empty"]),
            label="edit")
        if edit in ("cell", "huge", "quote", "extra_cell"):
            row, col = _cell(lines, data)
            cells = lines[row].split(",")
            if edit == "cell":
                cells[col] = data.draw(st.sampled_from(
                    ["abc", "-1", "1e400", "2024-13-45", "9" * 30, "", "NULL",
                     "é", "1;x;2", "ünïcödé ✓", "\x00", "12.5"]), label="value")
            elif edit == "huge":
                cells[col] = "x" * HUGE
            elif edit == "quote":
                cells[col] = '"' + cells[col]
            else:
                cells.append("surplus")
            lines[row] = ",".join(cells)
        elif edit == "truncate":
            joined = "\n".join(lines)
            cut = data.draw(st.integers(0, len(joined)), label="cut")
            lines = joined[:cut].splitlines() or [""]
        elif edit == "drop_column":
            col = data.draw(st.integers(0, len(lines[0].split(",")) - 1), label="drop")
            lines = [",".join(c for i, c in enumerate(line.split(",")) if i != col)
                     for line in lines]
        elif edit == "duplicate" and len(lines) > 1:
            row = data.draw(st.integers(1, len(lines) - 1), label="dup")
            cells = lines[row].split(",")
            if len(cells) > 2:
                cells[2] = cells[2] + "-changed"
            lines.append(",".join(cells))
        elif edit == "bom":
            bom = b"\xef\xbb\xbf"
        elif edit == "latin1":
            encoding = "latin-1"
            lines[-1] += ",Müller"
        elif edit == "utf16":
            encoding = "utf-16"
        elif edit == "empty":
            lines = [""]
    newline = data.draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]),
                        label="newline")
    if newline == "mixed":
        body = "".join(line + ("\r\n" if i % 2 else "\n")
                       for i, line in enumerate(lines))
    else:
        body = newline.join(lines) + newline
    try:
        encoded = body.encode(encoding)
    except UnicodeEncodeError:
        encoded = body.encode(encoding, errors="replace")
    return (bom if encoding == "utf-8" else b"") + encoded


_ODD_VALUES = st.one_of(
    st.none(), st.integers(), st.floats(allow_nan=False), st.booleans(),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3),
                                                         st.integers(), max_size=2),
    st.text(max_size=20), st.just("x" * HUGE), st.just("not-a-date"))


def mutate_json(doc: dict, data: st.DataObject) -> bytes:
    """Damage a HubSpot page of results: wrong types, missing keys, duplicates."""
    results = doc["results"]
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        edit = data.draw(st.sampled_from([
            "value", "property", "drop_key", "duplicate", "association", "results"]),
            label="edit")
        item = data.draw(st.sampled_from(results), label="item") if results else {}
        if edit == "value" and item:
            key = data.draw(st.sampled_from(sorted(item)), label="key")
            item[key] = data.draw(_ODD_VALUES, label="new")
        elif edit == "property" and isinstance(item.get("properties"), dict):
            props = item["properties"]
            key = data.draw(st.sampled_from([*sorted(props), "createdate"]), label="p")
            props[key] = data.draw(_ODD_VALUES, label="pvalue")
        elif edit == "drop_key" and item:
            item.pop(data.draw(st.sampled_from(sorted(item)), label="drop"), None)
        elif edit == "duplicate" and item:
            twin = json.loads(json.dumps(item))
            if isinstance(twin.get("properties"), dict):
                twin["properties"]["jobtitle"] = "changed"
            results.append(twin)
        elif edit == "association" and isinstance(item.get("associations"), dict):
            for group in item["associations"].values():
                if isinstance(group, dict) and group.get("results"):
                    group["results"][0]["id"] = data.draw(_ODD_VALUES, label="aid")
        elif edit == "results":
            doc["results"] = data.draw(_ODD_VALUES, label="results")
            break
    text = json.dumps(doc)
    form = data.draw(st.sampled_from(["plain", "truncate", "bom", "latin1", "utf16"]),
                     label="form")
    if form == "truncate":
        text = text[:data.draw(st.integers(0, len(text)), label="cut")]
    if form == "latin1":
        return text.replace("de Vries", "Müller").encode("latin-1", errors="replace")
    if form == "utf16":
        return text.encode("utf-16")
    return (b"\xef\xbb\xbf" if form == "bom" else b"") + text.encode("utf-8")


# The fuzz runs -------------------------------------------------------------------

@FUZZ
@given(data=st.data())
def test_fuzzed_hubspot_csv(template, tmp_path, data):
    path = tmp_path / "hubspot-crm-exports-contacts.csv"
    path.write_bytes(mutate_csv(CONTACTS_CSV.read_text("utf-8"), data))
    kind = data.draw(st.sampled_from([None, "contacts"]), label="object_type")
    attempt(template, tmp_path, lambda s: import_hubspot_csv(s, path, kind))


@FUZZ
@given(data=st.data())
def test_fuzzed_hubspot_api_json(template, tmp_path, data):
    name = data.draw(st.sampled_from(["contacts.json", "deals.json", "tasks.json"]),
                     label="file")
    folder = tmp_path / "api"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    doc = json.loads((SAMPLE / name).read_text("utf-8"))
    (folder / name).write_bytes(mutate_json(doc, data))
    attempt(template, tmp_path,
            lambda s: import_hubspot_api(s, folder, progress=False))


@pytest.fixture(scope="module")
def fivetran_seeds() -> Path:
    from tests.conftest import real_data_dir

    folder = real_data_dir() / "hubspot-fivetran-seeds"
    if not folder.is_dir():
        pytest.skip(f"real sample data not found at {folder}")
    return folder


@FUZZ
@given(data=st.data())
def test_fuzzed_fivetran_tables(template, fivetran_seeds, tmp_path, data):
    folder = tmp_path / "warehouse"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name in FIVETRAN_TABLES:
        shutil.copyfile(fivetran_seeds / name, folder / name)
    victim = data.draw(st.sampled_from(FIVETRAN_TABLES), label="table")
    text = (fivetran_seeds / victim).read_text("utf-8")
    (folder / victim).write_bytes(mutate_csv(text, data))
    attempt(template, tmp_path,
            lambda s: import_fivetran_hubspot(s, folder, progress=False))


def test_fuzz_ran_both_ways():
    """Guards against a fuzz that only ever refuses (or only ever imports)."""
    if sum(RUNS.values()) == 0:
        pytest.skip("the fuzz tests did not run in this session")
    assert RUNS["imported"] > 0, RUNS
    assert RUNS["refused"] > 0, RUNS


# Pinned cases ----------------------------------------------------------------------

def test_latin1_json_is_refused_with_the_file_named(template, tmp_path):
    """A JSON export re-saved as latin-1 crashed with UnicodeDecodeError."""
    folder = tmp_path / "api"
    folder.mkdir()
    text = (SAMPLE / "contacts.json").read_text("utf-8").replace("de Vries", "Müller")
    (folder / "contacts.json").write_bytes(text.encode("latin-1"))

    with pytest.raises(ExportFormatError, match=r"contacts\.json: not UTF-8") as info:
        import_hubspot_api(crm_widgets.connect(":memory:"), folder, progress=False)
    assert "b'\\xfc'" in str(info.value)  # the ü
    attempt(template, tmp_path, lambda s: import_hubspot_api(s, folder))


@pytest.mark.parametrize(("cell", "value", "field"), [
    (0, "abc", "Record ID"), (10, "yesterday", "Create Date"),
    (12, "5001;five", "Associated Company IDs")])
def test_a_bad_cell_is_named_by_row_and_field(template, tmp_path, cell, value, field):
    lines = CONTACTS_CSV.read_text("utf-8").splitlines()
    cells = lines[2].split(",")
    cells[cell] = value
    lines[2] = ",".join(cells)
    path = tmp_path / "contacts.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with crm_widgets.connect(":memory:") as store, \
            pytest.raises(ExportFormatError) as info:
        import_hubspot_csv(store, path)
    assert (info.value.row, info.value.field) == (2, field)
    assert value in str(info.value)
    attempt(template, tmp_path, lambda s: import_hubspot_csv(s, path))


@pytest.mark.parametrize("importer", ["csv", "fivetran"])
def test_a_latin1_row_is_named_not_blamed_on_the_header(template, fivetran_seeds,
                                                       tmp_path, importer):
    """A latin-1 byte deep in a CSV was reported as an unreadable header, no row."""
    folder = tmp_path / "in"
    folder.mkdir()
    if importer == "csv":
        text = CONTACTS_CSV.read_text("utf-8").replace("Marco", "Märco")  # row 3
        path = folder / "contacts.csv"
        path.write_bytes(text.encode("latin-1"))
        run = lambda s: import_hubspot_csv(s, path)  # noqa: E731
        row = 3
    else:
        lines = (fivetran_seeds / "contact_data.csv").read_text("utf-8").splitlines()
        lines[5] = lines[5].replace(",", ",ä", 1)  # data row 5
        path = folder / "contact_data.csv"
        path.write_bytes(("\n".join(lines) + "\n").encode("latin-1",
                                                          errors="replace"))
        run = lambda s: import_fivetran_hubspot(s, folder)  # noqa: E731
        row = 5

    with crm_widgets.connect(":memory:") as store, \
            pytest.raises(ExportFormatError, match="not UTF-8") as info:
        run(store)
    assert "header" not in str(info.value)
    assert info.value.row == row
    assert f"data row {row}" in str(info.value)
    attempt(template, tmp_path, run)
