"""Filters that turn document blocks into HTML (shared by the web page and the PDF)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def runs(value):
    """Runs as HTML: bold, italic, and line breaks where the text has them."""
    out = []
    for run in value:
        html = "<br>".join(escape(part) for part in run.text.split("\n"))
        if run.italic:
            html = f"<em>{html}</em>"
        if run.bold:
            html = f"<strong>{html}</strong>"
        out.append(html)
    return mark_safe("".join(out))


@register.filter
def chart_svg(chart):
    from samordna.documents import charts  # matplotlib loads slowly: import on first chart

    return mark_safe(charts.svg(chart))


@register.filter
def headers(table):
    """(text, numeric) per column header."""
    return list(zip(table.headers, table.numeric_columns, strict=True))


@register.filter
def percent_width(value):
    return f"{float(value) * 100:.1f}%"


@register.filter
def heading_tag(heading, offset=0):
    return f"h{min(heading.level + int(offset), 6)}"
