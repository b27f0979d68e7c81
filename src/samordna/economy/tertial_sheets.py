"""Tertial figures as a sheet: the template to fill in (Excel or CSV) and reading one back.

A sheet has one row per item with the columns Typ, Id, Post, Budget, Utfall, Prognos and
Kommentar (headers may carry more words: "Utfall t.o.m. april"). A row is matched to an item
by its id (and type, when given), else by its name. Its Utfall, Prognos and Kommentar set the
item's figures for the period (an empty cell empties it); items the sheet does not list are
left as they are; Budget is only there to read. CSV may be separated by `;` (as Swedish Excel
writes it), `,` or tab, in UTF-8 with or without BOM, or Windows-1252.
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from samordna.finsam import tertials as rules
from samordna.finsam import vocabulary as vocab
from samordna.finsam.tertial_summary import TertialSummary

from .tertial_forms import amount_text, parse_value
from .tertial_services import CellEdit, cell_key

MAX_BYTES = 2_000_000
MAX_UNPACKED = 30_000_000  # an .xlsx is a zip: refuse one that unpacks to more than this
MAX_ROWS = 2000
MAX_CELL = 2100
COLUMNS = ("group", "id", "label", "budget", "outcome", "forecast", "comment")
COLUMN_NAMES = {"group": "Typ", "id": "Id", "label": "Post", "budget": "Budget",
                "outcome": "Utfall", "forecast": "Prognos", "comment": "Kommentar"}
# Words a type cell may hold, per group (lower case).
GROUP_WORDS = {
    rules.CONTRIBUTION: ("medlemsbidrag", "medlem", "bidrag"),
    rules.REVENUE: ("intäkt", "intäkter", "övrig intäkt", "övriga intäkter"),
    rules.INTERVENTION: ("insats", "insatser"),
    rules.COST: ("kostnad", "kostnader", "övrig kostnad", "övriga kostnader"),
}
GROUP_NAMES = {rules.CONTRIBUTION: "Medlemsbidrag", rules.REVENUE: "Intäkt",
               rules.INTERVENTION: "Insats", rules.COST: "Kostnad"}


class SheetError(ValueError):
    """The file cannot be read as a sheet at all (Swedish message)."""


@dataclass
class SheetRow:
    number: int  # the row's number in the sheet (1 = the header)
    values: dict[str, object]


@dataclass
class PreviewRow:
    number: int
    label: str
    typed: dict[str, str]  # measure → the sheet's text
    now: dict[str, str]  # measure → what is stored now, for the measures the row changes
    errors: list[str] = field(default_factory=list)
    changed: bool = False


@dataclass
class Preview:
    rows: list[PreviewRow]
    edits: list[CellEdit]
    errors: list[str]  # every error, "Rad 5, kolumn Utfall: …"

    @property
    def ok(self) -> bool:
        return not self.errors


def _header(text: object) -> str | None:
    word = str(text or "").strip().lower().replace("\ufeff", "")
    if word in ("id", "kod"):
        return "id"
    if word in ("typ", "slag", "grupp"):
        return "group"
    for column, starts in (("label", ("post", "benämning", "namn", "rad")),
                           ("budget", ("budget",)), ("outcome", ("utfall",)),
                           ("forecast", ("prognos",)), ("comment", ("kommentar", "förklaring"))):
        if any(word.startswith(s) for s in starts):
            return column
    return None


def _rows(table: list[list[object]]) -> list[SheetRow]:
    """Rows under the header, by column; the header must name Id or Post and a figure."""
    if not table:
        raise SheetError("Filen är tom.")
    columns: dict[int, str] = {}
    for i, text in enumerate(table[0]):
        column = _header(text)
        if column and column not in columns.values():
            columns[i] = column
    named = set(columns.values())
    if not named & {"id", "label"} or not named & {"outcome", "forecast", "comment"}:
        raise SheetError("Första raden ska ha rubrikerna Id (eller Post) och Utfall, Prognos "
                         "eller Kommentar. Ladda ned mallen för att se hur filen ska se ut.")
    if len(table) - 1 > MAX_ROWS:
        raise SheetError(f"Filen har fler än {MAX_ROWS} rader.")
    out = []
    for n, row in enumerate(table[1:], start=2):
        values = {columns[i]: v for i, v in enumerate(row) if i in columns}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        out.append(SheetRow(n, values))
    return out


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def read_csv(content: bytes) -> list[SheetRow]:
    text = _decode(content)
    first = text.split("\n", 1)[0]
    delimiter = max((";", "\t", ","), key=lambda d: (first.count(d), d == ";"))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        table = [[cell[:MAX_CELL] for cell in row]
                 for row in itertools.islice(reader, MAX_ROWS + 2)]
    except csv.Error as exc:
        raise SheetError(f"Filen kan inte läsas som CSV: {exc}.") from None
    return _rows(table)


def read_xlsx(content: bytes) -> list[SheetRow]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED:
                raise SheetError("Excelfilen är för stor.")
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except SheetError:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise SheetError("Filen kan inte läsas som en Excelfil (.xlsx).") from None
    try:
        sheet = book.worksheets[0]
        table = []
        for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2, max_col=30):
            table.append([v[:MAX_CELL] if isinstance(v, str) else v for v in row])
    finally:
        book.close()
    return _rows(table)


def read_sheet(name: str, content: bytes) -> list[SheetRow]:
    """The rows of an uploaded .xlsx or .csv file (raises SheetError in Swedish)."""
    if len(content) > MAX_BYTES:
        raise SheetError("Filen är större än 2 MB.")
    lower = name.lower()
    if lower.endswith(".xlsx") or content[:2] == b"PK":
        return read_xlsx(content)
    if lower.endswith((".csv", ".txt")):
        return read_csv(content)
    raise SheetError("Välj en Excelfil (.xlsx) eller en CSV-fil (.csv).")


def _text(value: object) -> str:
    """A sheet cell as the text a person would have typed (Excel numbers become amounts)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # The edge where Excel's binary numbers become kronor: öre at most.
        try:
            exact = Decimal(repr(value))
        except InvalidOperation:
            return repr(value)
        rounded = exact.quantize(Decimal("0.01")) if abs(exact) < rules.MAX_AMOUNT else exact
        return str(rounded if abs(exact - rounded) < Decimal("0.000001") else exact).replace(".", ",")
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]  # the template's guard against formulas
    return text


def _match(row: SheetRow, items) -> tuple[object | None, str | None, str]:
    """The item a row is about, or an error and the column it is in."""
    group_text = _text(row.values.get("group")).lower()
    group = None
    if group_text:
        group = next((g for g, words in GROUP_WORDS.items() if group_text in words), None)
        if group is None:
            return None, (f"”{_text(row.values.get('group'))}” är ingen typ; skriv Medlemsbidrag, "
                          "Intäkt, Insats eller Kostnad."), "group"
    candidates = [i for i in items if group is None or i.group == group]
    item_id = _text(row.values.get("id"))
    label = _text(row.values.get("label"))
    if item_id:
        found = [i for i in candidates if i.id == item_id]
        if not found:
            return None, f"”{item_id}” är inget id i uppföljningen.", "id"
    elif label:
        found = [i for i in candidates if i.label.casefold() == label.casefold()]
        if not found:
            return None, f"”{label}” är ingen post i uppföljningen.", "label"
    else:
        return None, "Ange id eller post.", "id"
    if len(found) > 1:
        return None, "Posten finns i flera grupper; ange Typ.", "group"
    return found[0], None, ""


def sheet_preview(rows: list[SheetRow], summary: TertialSummary,
                  cells: dict[tuple[str, str, str], object]) -> Preview:
    """Every row checked against the items of the period: its errors by row and column, and
    the edits saving it would make (only when there are no errors at all)."""
    from .tertial_selectors import storage_key

    items = summary.items
    preview_rows, edits, errors = [], [], []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        item, problem, column = _match(row, items)
        label = item.label if item else _text(row.values.get("label")) or _text(row.values.get("id"))
        typed = {m: _text(row.values.get(m)) for m in rules.MEASURES if m in row.values}
        pr = PreviewRow(row.number, label, typed, {})
        if problem:
            pr.errors.append(f"kolumn {COLUMN_NAMES[column]}: {problem}")
        elif (item.part, item.id) in seen:
            pr.errors.append(f"kolumn Id: posten står redan på rad {seen[(item.part, item.id)]}.")
        else:
            seen[(item.part, item.id)] = row.number
            for measure, text in typed.items():
                value, error = parse_value(measure, text)
                if error:
                    pr.errors.append(f"kolumn {COLUMN_NAMES[measure]}: {error}")
                    continue
                cell = cells.get(storage_key(measure, item.part, item.id))
                now = None if cell is None else (cell.text if measure == "comment" else cell.amount)
                if now != value:
                    pr.now[measure] = (amount_text(now) if measure != "comment" else now) or "–"
                    pr.changed = True
                    edits.append(CellEdit(part=item.part, item=item.id, measure=measure,
                                          value=value,
                                          expected_revision=cell.revision if cell else 0))
        errors += [f"Rad {row.number}, {e}" for e in pr.errors]
        preview_rows.append(pr)
    if not rows:
        errors.append("Filen har inga rader under rubrikraden.")
    return Preview(preview_rows, edits if not errors else [], errors)


def preview_fields(edits: list[CellEdit]) -> list[tuple[str, str]]:
    """The hidden fields that carry a checked preview to its confirmation."""
    out = []
    for e in edits:
        key = cell_key(e.measure, e.part, e.item)
        text = e.value if isinstance(e.value, str) else amount_text(e.value)
        out += [(key, text or ""), (f"rev-{key}", str(e.expected_revision or 0))]
    return out


def _rows_for(summary: TertialSummary) -> list[list[object]]:
    rows = []
    for item in summary.items:
        forecast = item.forecast if item.forecast_given else None
        rows.append([GROUP_NAMES[item.group], item.id, item.label, item.budget, item.outcome,
                     forecast, item.comment or ""])
    return rows


def _headers(summary: TertialSummary) -> list[str]:
    end = vocab.PERIOD_ENDS[summary.period]
    return ["Typ", "Id", "Post", f"Budget {summary.year}", f"Utfall {end}", "Prognos helår",
            "Kommentar"]


def template_xlsx(summary: TertialSummary, association_name: str) -> bytes:
    """An Excel sheet with every item of the period and what is entered now, to fill in."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from samordna.core.spreadsheet import append_row

    book = Workbook()
    sheet = book.active
    sheet.title = f"{summary.period} {summary.year}"
    append_row(sheet, _headers(summary))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF4")
    for values in _rows_for(summary):
        # Text a person wrote is never a formula (append_row).
        row = append_row(sheet, [float(v) if isinstance(v, Decimal) and v != v.to_integral_value()
                                 else int(v) if isinstance(v, Decimal) else v for v in values])
        for col in (4, 5, 6):
            sheet.cell(row=row, column=col).number_format = "#,##0.##"
    for col, width in zip("ABCDEFG", (16, 18, 40, 14, 16, 16, 50), strict=True):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = "A2"
    help_sheet = book.create_sheet("Instruktioner")
    for line in (
        f"{association_name}: tertialuppföljning {vocab.PERIODS[summary.period]} {summary.year}.",
        f"Utfall: bokfört från 1 januari {vocab.PERIOD_ENDS[summary.period]} (kronor).",
        "Prognos: förväntat belopp för hela året. Tom: utfall + budget för resten av året.",
        "Kommentar: förklaringen till en avvikelse.",
        "Ändra inte Typ och Id. Budget läses inte in. En tom cell tömmer uppgiften; "
        "poster som saknas i filen lämnas som de är.",
        "Läs in filen under Tertialuppföljning → Importera. Du ser alla fel innan något sparas.",
    ):
        append_row(help_sheet, [line])
    help_sheet.column_dimensions["A"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_csv(summary: TertialSummary) -> bytes:
    """The same as CSV the way Swedish Excel writes it: `;`, decimal comma, UTF-8 with BOM."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers(summary))
    for values in _rows_for(summary):
        row = []
        for v in values:
            if isinstance(v, Decimal):
                row.append(amount_text(v).replace(" ", ""))
            else:
                text = "" if v is None else str(v)
                # A cell starting like a formula would run in Excel: keep it text.
                row.append("'" + text if text[:1] in ("=", "+", "-", "@") else text)
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
