"""Documents as PDF: the print HTML laid out by WeasyPrint (A4, page numbers, contents)."""

from __future__ import annotations

from weasyprint import HTML

from .blocks import Document
from .render_html import render_print_html


def render_pdf(document: Document) -> bytes:
    return HTML(string=render_print_html(document)).write_pdf()


def render_pdf_parts(document: Document, anchors: list[str]) -> list[bytes]:
    """The document laid out once, written as one PDF per part: part i runs from the page
    that holds anchor i to the page before the next part's (member letters, one per file)."""
    laid_out = HTML(string=render_print_html(document)).render()
    starts = []
    for anchor in anchors:
        page = next((i for i, pg in enumerate(laid_out.pages) if anchor in pg.anchors), None)
        if page is None:
            raise ValueError(f"anchor {anchor!r} is on no page")
        starts.append(page)
    ends = [*starts[1:], len(laid_out.pages)]
    return [laid_out.copy(laid_out.pages[a:b]).write_pdf() for a, b in zip(starts, ends, strict=True)]
