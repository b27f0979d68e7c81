"""The goal chart: each share goal's outcome in total and by gender against its target,
drawn server-side (matplotlib SVG without inline styles, like documents.charts)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from decimal import Decimal

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from samordna.documents.charts import figure_svg

SERIES = (("total", "Alla", "#0b5cad"), ("kvinna", "Kvinnor", "#e08a1e"), ("man", "Män", "#59636e"))
TARGET = "#a40e26"


@dataclass(frozen=True)
class GoalBar:
    label: str
    shares: dict[str, Decimal | None]  # total, kvinna, man: 0–1, None when hidden or none
    target: Decimal | None


def _pct(value: Decimal | None) -> float:
    # The edge where a share becomes a float: only for drawing.
    return float("nan") if value is None else float(value * 100)


def goals_svg(bars: list[GoalBar], *, alt: str) -> str | None:
    if not bars:
        return None
    n = len(bars)
    fig = Figure(figsize=(7.2, max(2.4, 1.2 + n * 0.75)), dpi=100)
    ax = fig.add_subplot()
    height = 0.8 / len(SERIES)
    for i, (key, name, colour) in enumerate(SERIES):
        ys = [y + (i - 1) * height for y in range(n)]
        ax.barh(ys, [_pct(b.shares.get(key)) for b in bars], height=height, color=colour, label=name)
    first = True
    for y, b in enumerate(bars):
        if b.target is not None:
            ax.plot([_pct(b.target)] * 2, [y - 0.45, y + 0.45], color=TARGET, linewidth=2,
                    label="Målvärde" if first else None)
            first = False
    ax.set_yticks(list(range(n)))
    ax.set_yticklabels([textwrap.shorten(b.label, 42, placeholder="…") for b in bars], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f} %"))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#d0d7de", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles, names = ax.get_legend_handles_labels()
    ax.legend(handles, names, fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12),
              ncol=len(names))
    fig.tight_layout()
    return figure_svg(fig, alt=alt, key=repr(bars))
