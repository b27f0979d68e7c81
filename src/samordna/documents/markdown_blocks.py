"""Narrative Markdown (a plan's sections) as document blocks.

The text goes through the `markdown` library and the resulting HTML is read
back into paragraphs, lists, sub-headings and tables. Raw HTML in the text is
shown as text, never passed through, so every format gets only what these
blocks can express.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown

from .blocks import Cell, Heading, ItemList, ListItem, Paragraph, Row, Run, Table

_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^[−-]?\d[\d\u00a0 ]*([.,]\d+)?\s*(kr|tkr|%)?$")


class _Reader(HTMLParser):
    def __init__(self, anchor_prefix: str):
        super().__init__(convert_charrefs=True)
        self.blocks: list = []
        self.anchor_prefix = anchor_prefix
        self.runs: list[Run] = []
        self.bold = 0
        self.italic = 0
        self.block: str | None = None  # p, h, li, quote, cell
        self.heading_level = 3
        self.lists: list[dict] = []  # stack of {"ordered": bool, "items": [...]}
        self.list_items: list[ListItem] = []
        self.list_ordered = False
        self.table: list[list[str]] | None = None
        self.table_header = 0
        self.in_quote = 0

    # ---- runs
    def _text(self) -> tuple[Run, ...]:
        merged: list[Run] = []
        for run in self.runs:
            if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
                merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
            else:
                merged.append(run)
        out = [Run(_SPACES.sub(" ", r.text), r.bold, r.italic) for r in merged]
        if out:
            out[0] = Run(out[0].text.lstrip(), out[0].bold, out[0].italic)
            out[-1] = Run(out[-1].text.rstrip(), out[-1].bold, out[-1].italic)
        self.runs = []
        return tuple(r for r in out if r.text)

    def _flush_paragraph(self) -> None:
        runs = self._text()
        if runs:
            self.blocks.append(Paragraph(runs, "quote" if self.in_quote else ""))

    def _flush_item(self) -> None:
        runs = self._text()
        if runs:
            self.list_items.append(ListItem(runs, max(len(self.lists) - 1, 0)))

    # ---- parser events
    def handle_starttag(self, tag, attrs):
        if tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "p" and not self.lists and self.table is None:
            self.block = "p"
        elif re.fullmatch(r"h[1-6]", tag):
            self.block = "h"
            self.heading_level = 3 if int(tag[1]) <= 3 else 4
        elif tag in ("ul", "ol"):
            if self.lists:
                self._flush_item()
            else:
                self._flush_paragraph()
                self.list_items = []
                self.list_ordered = tag == "ol"
            self.lists.append({"ordered": tag == "ol"})
        elif tag == "li":
            self._flush_item()
        elif tag == "blockquote":
            self.in_quote += 1
        elif tag == "table":
            self._flush_paragraph()
            self.table = []
            self.table_header = 0
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in ("th", "td") and self.table is not None:
            self.runs = []
        elif tag == "br":
            self.runs.append(Run(" "))

    def handle_endtag(self, tag):
        if tag in ("strong", "b"):
            self.bold = max(self.bold - 1, 0)
        elif tag in ("em", "i"):
            self.italic = max(self.italic - 1, 0)
        elif tag == "p" and not self.lists and self.table is None:
            self._flush_paragraph()
        elif re.fullmatch(r"h[1-6]", tag):
            title = "".join(r.text for r in self._text())
            if title:
                anchor = f"{self.anchor_prefix}-{len(self.blocks) + 1}"
                self.blocks.append(Heading(self.heading_level, title, anchor, in_toc=False))
        elif tag in ("ul", "ol") and self.lists:
            self._flush_item()
            self.lists.pop()
            if not self.lists and self.list_items:
                self.blocks.append(ItemList(tuple(self.list_items), self.list_ordered))
                self.list_items = []
        elif tag == "li":
            self._flush_item()
        elif tag == "blockquote":
            self._flush_paragraph()
            self.in_quote = max(self.in_quote - 1, 0)
        elif tag in ("th", "td") and self.table is not None and self.table:
            self.table[-1].append("".join(r.text for r in self._text()))
            if tag == "th" and len(self.table) == 1:
                self.table_header = 1
        elif tag == "table" and self.table is not None:
            self._flush_table()

    def handle_data(self, data):
        self.runs.append(Run(data, bool(self.bold), bool(self.italic)))

    def _flush_table(self) -> None:
        rows = [r for r in self.table or [] if r]
        self.table = None
        if not rows:
            return
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        headers, body = (rows[0], rows[1:]) if self.table_header else ([""] * width, rows)

        def cell(value: str) -> Cell:
            if _NUMBER.match(value.strip()):
                return Cell(value.strip(), value.strip(), "count")
            return Cell(value, value or None, "text")
        self.blocks.append(Table(tuple(headers), tuple(Row(tuple(cell(c) for c in r)) for r in body)))

    def close(self):
        super().close()
        self._flush_paragraph()


def markdown_blocks(source: str, *, anchor_prefix: str) -> list:
    """Blocks of one Markdown text; its headings become unnumbered level-3 headings."""
    if not source or not source.strip():
        return []
    escaped = source.replace("<", "&lt;")
    html = markdown.markdown(escaped, extensions=["tables", "sane_lists"])
    reader = _Reader(anchor_prefix)
    reader.feed(html)
    reader.close()
    return reader.blocks
