"""The neutral document model: what every format (Word, PDF, web, Excel) renders.

A Document is a title page, an optional table of contents and a flat list of
blocks. Table cells carry both the value (for Excel) and the Swedish display
text (for Word, PDF and the web), so every format shows the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

from samordna.finsam.money import format_percent, format_sek


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    level: int
    text: str
    anchor: str
    number: str = ""
    in_toc: bool = True

    @property
    def full(self) -> str:
        return f"{self.number} {self.text}" if self.number else self.text


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    runs: tuple[Run, ...]
    style: str = ""  # "", "note", "meta", "quote", "address", "closing"

    @classmethod
    def of(cls, text: str, style: str = "", bold: bool = False) -> Paragraph:
        return cls((Run(text, bold=bold),), style)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class ListItem:
    runs: tuple[Run, ...]
    depth: int = 0


@dataclass(frozen=True)
class ItemList:
    kind: ClassVar[str] = "list"
    items: tuple[ListItem, ...]
    ordered: bool = False

    @classmethod
    def of(cls, texts, ordered: bool = False) -> ItemList:
        return cls(tuple(ListItem((Run(t),)) for t in texts), ordered)


@dataclass(frozen=True)
class Cell:
    text: str
    value: Decimal | int | str | None = None
    fmt: str = "text"  # text, money, count, share

    @property
    def numeric(self) -> bool:
        return self.fmt != "text"


def text(value: str | None) -> Cell:
    return Cell(value or "", value or None, "text")


def money(value: Decimal | None) -> Cell:
    return Cell(format_sek(value, unit=""), value, "money")


def count(value: Decimal | int | None) -> Cell:
    if value is None:
        return Cell("–", None, "count")
    number = int(value) if Decimal(value) == Decimal(value).to_integral_value() else Decimal(value)
    return Cell(format_sek(Decimal(number), unit=""), number, "count")


def share(value: Fraction | Decimal | None, decimals: int = 2) -> Cell:
    if value is None:
        return Cell("–", None, "share")
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Cell(format_percent(value, decimals), value, "share")


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    style: str = ""  # "", "sum", "group", "total"


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    caption: str = ""
    sheet: str = ""  # the Excel sheet name when the table is exported
    widths: tuple[float, ...] = ()  # relative column widths; default: first column wide
    small: bool = False  # many columns: smaller type

    @property
    def numeric_columns(self) -> tuple[bool, ...]:
        cols = []
        for i in range(len(self.headers)):
            cells = [r.cells[i] for r in self.rows if i < len(r.cells) and r.style != "group"]
            cols.append(bool(cells) and all(c.numeric or not c.text or c.text == "–" for c in cells)
                        and any(c.numeric for c in cells))
        return tuple(cols)

    @property
    def column_widths(self) -> tuple[float, ...]:
        if self.widths:
            return self.widths
        n = len(self.headers)
        if n == 1:
            return (1.0,)
        first = 0.34 if n > 4 else 0.45
        return (first, *([(1 - first) / (n - 1)] * (n - 1)))


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[Decimal | None, ...]
    role: str = "budget"  # budget, forecast or outcome: decides the colour


@dataclass(frozen=True)
class Chart:
    kind: ClassVar[str] = "chart"
    chart: str  # "bars" (grouped, horizontal) or "line"
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    alt: str
    reference_lines: tuple[tuple[str, Decimal], ...] = ()  # (label, y) drawn dashed


@dataclass(frozen=True)
class Swot:
    kind: ClassVar[str] = "swot"
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    opportunities: tuple[str, ...]
    threats: tuple[str, ...]


@dataclass(frozen=True)
class PageBreak:
    kind: ClassVar[str] = "pagebreak"


@dataclass(frozen=True)
class Signatures:
    kind: ClassVar[str] = "signatures"
    place_line: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class TitlePage:
    title: str
    subtitle: str
    association: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    kind: str  # plan, tertial, annual, letters, tables
    title: str
    file_stem: str  # Swedish file name without extension
    association: str
    blocks: tuple = ()
    title_page: TitlePage | None = None
    toc: bool = False
    running_title: str = ""  # printed in the page header of the PDF

    @property
    def toc_entries(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading) and b.in_toc and b.level <= 2]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
