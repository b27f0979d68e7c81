"""Charts drawn server-side with matplotlib: SVG for the web and PDF, PNG for Word.

Each chart gets its own `Figure` (the object API, no pyplot), so no global
state is shared between requests. The SVG is rewritten so that it carries no
`style` attributes or `<style>` element: the site's Content-Security-Policy
forbids inline styles, and presentation attributes draw the same.
"""

from __future__ import annotations

import hashlib
import io
import re
import textwrap
from decimal import Decimal
from functools import lru_cache

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from samordna.finsam.money import format_sek

from .blocks import Chart

COLOURS = {"budget": "#7d8da0", "forecast": "#e08a1e", "outcome": "#0b5cad"}
REFERENCE = "#a40e26"
WIDTH_IN = 6.3  # 16 cm: the text width of an A4 page with 2.5 cm margins


def _kr_axis(value, _pos) -> str:
    return format_sek(Decimal(round(value)), unit="")


def _float(value: Decimal | None) -> float:
    # The edge where money becomes a float: only for drawing.
    return float("nan") if value is None else float(value)


def _legend_below(ax) -> None:
    handles, names = ax.get_legend_handles_labels()
    ax.legend(handles, names, fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.16),
              ncol=len(names))


def _bars(chart: Chart) -> Figure:
    n = len(chart.categories)
    k = max(len(chart.series), 1)
    height = max(2.4, 1.3 + n * (0.15 * k + 0.12))
    fig = Figure(figsize=(WIDTH_IN, height), dpi=100)
    ax = fig.add_subplot()
    bar = 0.8 / k
    positions = range(n)
    for i, s in enumerate(chart.series):
        ax.barh([y + (i - (k - 1) / 2) * bar for y in positions], [_float(v) for v in s.values],
                height=bar, label=s.label, color=COLOURS[s.role])
    ax.set_yticks(list(positions))
    ax.set_yticklabels([textwrap.shorten(c, 36, placeholder="…") for c in chart.categories], fontsize=8)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(FuncFormatter(_kr_axis))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlabel("kr", fontsize=8)
    ax.grid(axis="x", color="#d0d7de", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _legend_below(ax)
    fig.tight_layout()
    return fig


def _line(chart: Chart) -> Figure:
    fig = Figure(figsize=(WIDTH_IN, 3.1), dpi=100)
    ax = fig.add_subplot()
    xs = list(range(len(chart.categories)))
    for s in chart.series:
        ax.plot(xs, [_float(v) for v in s.values], marker="o", label=s.label, color=COLOURS[s.role],
                linewidth=2)
    for label, y in chart.reference_lines:
        ax.axhline(_float(y), color=REFERENCE, linestyle="--", linewidth=1, label=label)
    ax.set_xticks(xs)
    ax.set_xticklabels(chart.categories, fontsize=8)
    ax.yaxis.set_major_formatter(FuncFormatter(_kr_axis))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
    ax.tick_params(axis="y", labelsize=8)
    ax.set_ylabel("kr", fontsize=8)
    ax.grid(axis="y", color="#d0d7de", linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _legend_below(ax)
    fig.tight_layout()
    return fig


def figure(chart: Chart) -> Figure:
    return _bars(chart) if chart.chart == "bars" else _line(chart)


@lru_cache(maxsize=64)
def png(chart: Chart) -> bytes:
    fig = figure(chart)
    FigureCanvasAgg(fig)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=150)
    return out.getvalue()


_STYLE = re.compile(r'\sstyle="([^"]*)"')


def _style_to_attributes(match: re.Match) -> str:
    parts = []
    for declaration in match.group(1).split(";"):
        if ":" in declaration:
            key, value = declaration.split(":", 1)
            parts.append(f' {key.strip()}="{value.strip()}"')
    return "".join(parts)


@lru_cache(maxsize=64)
def svg(chart: Chart) -> str:
    """The chart as an inline <svg> element without inline styles and with unique ids."""
    return figure_svg(figure(chart), alt=chart.alt, key=repr(chart))


def figure_svg(fig: Figure, *, alt: str, key: str) -> str:
    """Any figure as an inline <svg> element: no inline styles (the CSP), ids unique per
    `key` (two charts share a page) and stable for the same data, `alt` as its label."""
    FigureCanvasSVG(fig)
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    source = out.getvalue()
    source = source[source.index("<svg"):]
    source = re.sub(r"<metadata>.*?</metadata>", "", source, flags=re.S)
    source = re.sub(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", source, flags=re.S)
    source = _STYLE.sub(_style_to_attributes, source)
    prefix = "c" + hashlib.sha1(key.encode()).hexdigest()[:8] + "-"
    source = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', source)
    source = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", source)
    source = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', source)
    title = alt.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    source = source.replace(
        "<svg ", f'<svg role="img" aria-label="{title}" stroke-linejoin="round" stroke-linecap="butt" ', 1)
    return source
