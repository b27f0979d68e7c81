"""Reading a follow-up file into a header and rows of text: UTF-8 CSV (a BOM and `;` or `,`
as separator accepted, as Excel writes them) or the first sheet of an .xlsx.

Everything a person can get wrong gives `FileProblem` with a Swedish message; no file
makes a 500. The sizes are bounded here, before anything is parsed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

MAX_BYTES = 10 * 1024 * 1024
MAX_COLUMNS = 40
MAX_ROWS = 50_001  # header + the rulebook's max_rows; parse_table says so if exceeded


class FileProblem(ValueError):
    """The file cannot be read; the message is Swedish."""


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        # Excel turns "2022-03" into a date: give the month back.
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value)


def read_table(content: bytes, filename: str = "") -> tuple[list[str], list[list[str]]]:
    """The header and the data rows of a CSV or .xlsx file."""
    if len(content) > MAX_BYTES:
        raise FileProblem(f"Filen är större än {MAX_BYTES // (1024 * 1024)} MB.")
    if not content.strip():
        raise FileProblem("Filen är tom.")
    if content[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        return _xlsx(content)
    return _csv(content)


def _csv(content: bytes) -> tuple[list[str], list[list[str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem("Filen är inte UTF-8. Spara den som ”CSV UTF-8 (kommaavgränsad)” i Excel, "
                          "eller som .xlsx.") from exc
    if "\x00" in text:
        raise FileProblem("Filen innehåller ogiltiga tecken (är det en binärfil?).")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = []
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise FileProblem(f"Filen har fler än {MAX_ROWS - 1} rader.")
            rows.append(row[:MAX_COLUMNS + 1])
    except csv.Error as exc:
        raise FileProblem(f"Filen kan inte läsas som CSV (rad {reader.line_num}).") from exc
    return _split(rows)


def _xlsx(content: bytes) -> tuple[list[str], list[list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FileProblem("Filen kan inte läsas som Excel (.xlsx).") from exc
    try:
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            if len(rows) >= MAX_ROWS:
                raise FileProblem(f"Filen har fler än {MAX_ROWS - 1} rader.")
            row = [_cell(v) for v in values]
            while row and not row[-1]:
                row.pop()  # read-only sheets pad rows to max_col
            rows.append(row)
    finally:
        book.close()
    return _split(rows)


def _split(rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise FileProblem("Filen är tom.")
    header = list(rows[0])
    while header and not header[-1].strip():
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise FileProblem(f"Filen har fler än {MAX_COLUMNS} kolumner.")
    return header, rows[1:]


def write_csv(header: list[str], rows: list[list[str]]) -> bytes:
    """A UTF-8 CSV with BOM and `;`, as Excel in Sweden opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
