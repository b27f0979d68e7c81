"""Documents as PDF: the print HTML laid out by WeasyPrint (A4, page numbers, contents)."""

from __future__ import annotations

from weasyprint import HTML

from .blocks import Document
from .render_html import render_print_html


def render_pdf(document: Document) -> bytes:
    return HTML(string=render_print_html(document)).write_pdf()
