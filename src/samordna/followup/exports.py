"""The Uppföljning Finsam figures as files: CSV (one row per field, with its source) and
Excel (the förbund's fields, the interventions one row each in UF's column order, and the
sources). Numbers stay numbers: kronor and persons are written without formatting."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from samordna.core.spreadsheet import append_row
from samordna.finsam import uppfoljning as uf

from .files import write_csv

MONEY_FORMAT = '#,##0 "kr"'
COUNT_FORMAT = "#,##0"
CSV_HEADER = ["avsnitt", "insats", "uppgift", "värde", "enhet", "källa"]


def filename(figures: uf.NationalFigures, fmt: str) -> str:
    return f"uppfoljning-finsam-{figures.association}-{figures.year}.{fmt}"


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else str(value)
    return str(value)


def national_csv(figures: uf.NationalFigures) -> bytes:
    return write_csv(CSV_HEADER, [[*(_plain(v) for v in row[:5]), row[5]] for row in uf.rows(figures)])


def _cell_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _write(sheet, header: list[str], rows: list[list], kinds: list[str | None], widths: list[int]) -> None:
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, [_cell_value(v) for v in row])
    for index, (kind, width) in enumerate(zip(kinds, widths, strict=True), start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if kind == uf.MONEY and isinstance(cell.value, int | float):
                cell.number_format = MONEY_FORMAT
            elif kind == uf.COUNT and isinstance(cell.value, int):
                cell.number_format = COUNT_FORMAT
            elif kind is None:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


INTERVENTION_COLUMNS = ("name", "level", "category", "target_group", "follow_up", "esf", "budget", "outcome",
                        "participants.budgeted", "participants.women", "participants.men", "participants.count")


def national_xlsx(figures: uf.NationalFigures) -> bytes:
    book = Workbook()
    forbund = book.active
    forbund.title = "Förbundet"
    _write(forbund, ["Uppgift", "Värde", "Källa"],
           [[e.label, e.value, e.source] for e in figures.forbund.entries],
           ["text", uf.MONEY, None], [58, 16, 90])
    sheet = book.create_sheet("Insatser")
    labels = {"participants.count": "Antal deltagare (strukturövergripande)"}
    first = {e.key: e for g in figures.interventions for e in g.entries}
    header = [labels.get(k) or (first[k].label if k in first else k) for k in INTERVENTION_COLUMNS]
    kinds = [first[k].kind if k in first else uf.COUNT for k in INTERVENTION_COLUMNS]
    rows = []
    for g in figures.interventions:
        values = {e.key: e.value for e in g.entries}
        rows.append([values.get(k) for k in INTERVENTION_COLUMNS] + [" ".join(g.notes)])
    _write(sheet, [*header, "Anmärkning"], rows, [*kinds, None],
           [40, 26, 30, 24, 20, 14, 14, 14, 14, 14, 14, 16, 50])
    sources = book.create_sheet("Källor")
    _write(sources, ["Avsnitt", "Insats", "Uppgift", "Värde", "Enhet", "Källa"],
           [list(row) for row in uf.rows(figures)], ["text", "text", "text", "text", "text", None],
           [12, 22, 58, 18, 10, 90])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
