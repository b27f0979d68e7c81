"""Tables as an Excel workbook (openpyxl): one sheet per table, real numbers.

Text is written as text, never as a formula (`core.spreadsheet.append_row`). Amounts are
written as numbers with the format `#,##0` (Excel shows the grouping
with the reader's separator: a space in Swedish Excel), shares as `0.00%`, so
the cells can be summed and charted. Header row bold, panes frozen below it.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from samordna.core.spreadsheet import append_row

from .blocks import Document, Table

MONEY_FORMAT = '#,##0 "kr";-#,##0 "kr"'
COUNT_FORMAT = "#,##0"
SHARE_FORMAT = "0.00%"
HEADER_FILL = PatternFill("solid", fgColor="E8EEF4")
GROUP_FILL = PatternFill("solid", fgColor="F2F5F8")


def _number(value: Decimal | int) -> int | float:
    # The edge where Decimal money becomes an Excel number.
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Tabell"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def _write(ws, table: Table) -> None:
    append_row(ws, table.headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    numeric = table.numeric_columns
    for col, is_num in enumerate(numeric, start=1):
        if is_num:
            ws.cell(row=1, column=col).alignment = Alignment(horizontal="right", wrap_text=True)
    for row in table.rows:
        values = []
        for c in row.cells:
            if c.fmt == "text" or c.value is None or isinstance(c.value, str):
                values.append(c.text if c.fmt == "text" or isinstance(c.value, str) else None)
            else:
                values.append(_number(c.value))
        r = append_row(ws, values)
        for col, c in enumerate(row.cells, start=1):
            cell = ws.cell(row=r, column=col)
            if c.fmt == "money":
                cell.number_format = MONEY_FORMAT
            elif c.fmt == "count":
                cell.number_format = COUNT_FORMAT
            elif c.fmt == "share":
                cell.number_format = SHARE_FORMAT
            if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@"):
                cell.data_type = "s"  # people's text (a comment) is never a live formula
            if row.style in ("sum", "total", "group"):
                cell.font = Font(bold=True)
            if row.style == "group":
                cell.fill = GROUP_FILL
    ws.freeze_panes = "B2"
    for col in range(1, len(table.headers) + 1):
        longest = max((len(str(ws.cell(row=r, column=col).value or "")) for r in range(1, ws.max_row + 1)),
                      default=10)
        limit = 60 if col == 1 else 22
        ws.column_dimensions[get_column_letter(col)].width = min(max(longest + 2, 12), limit)


def render_xlsx(document: Document) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for table in document.tables:
        ws = wb.create_sheet(_sheet_name(table.sheet or table.caption or "Tabell", used))
        _write(ws, table)
    if not wb.worksheets:
        ws = wb.create_sheet("Tabeller")
        append_row(ws, ["Planen har inga tabeller."])
    wb.properties.title = f"{document.title} – {document.association}"
    wb.properties.creator = document.association
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
