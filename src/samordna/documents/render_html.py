"""Documents as HTML: a standalone print file (for WeasyPrint and the .html download)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .blocks import Document


def css_string(value: str) -> str:
    """Text for a CSS string literal in the embedded <style> (quotes, backslashes, "<" escaped)."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")


def render_print_html(document: Document) -> str:
    return render_to_string("documents/print.html", {
        "document": document, "running_title": mark_safe(css_string(document.running_title)),
        # Letters are split into one file per member, so their footer carries no page count.
        "footer": mark_safe(css_string(document.association))})
