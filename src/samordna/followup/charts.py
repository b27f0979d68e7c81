"""The goal charts: one per share goal, its outcome in total and by gender against its
target, drawn server-side (matplotlib SVG without inline styles, like documents.charts);
the page puts a table with the numerators and denominators beside each."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from samordna.documents.charts import figure_svg
from samordna.finsam import followup as fu

SERIES = (("total", "Alla", "#0b5cad"), ("kvinna", "Kvinnor", "#e08a1e"), ("man", "Män", "#59636e"))
TARGET = "#a40e26"


@dataclass(frozen=True)
class GoalBar:
    """One share goal: its figure in total and by gender (None when hidden or none), and
    its target; the chart draws the shares, the table beside it the numerators and denominators."""

    key: str
    label: str
    figures: dict[str, fu.Figure | None]  # total, kvinna, man
    target: Decimal | None

    @property
    def shares(self) -> dict[str, Decimal | None]:
        return {k: (f.share_decimal if f is not None and not f.hidden and f.share is not None else None)
                for k, f in self.figures.items()}


def _pct(value: Decimal | None) -> float:
    # The edge where a share becomes a float: only for drawing.
    return float("nan") if value is None else float(value * 100)


def goal_svg(bar: GoalBar, *, alt: str) -> str:
    """A goal's share for all, women and men as bars against the target line (0–100 %)."""
    fig = Figure(figsize=(4.6, 1.9), dpi=100)
    ax = fig.add_subplot()
    shares = bar.shares
    ys = list(range(len(SERIES)))
    ax.barh(ys, [_pct(shares.get(key)) for key, _, _ in SERIES], height=0.6,
            color=[colour for _, _, colour in SERIES])
    for y, (key, _, _) in enumerate(SERIES):
        if shares.get(key) is None:
            f = bar.figures.get(key)
            note = "inga" if f is None else "visas inte" if f.hidden else "ingen andel"
            ax.text(1, y, note, va="center", fontsize=8, color="#59636e")
    if bar.target is not None:
        ax.axvline(_pct(bar.target), color=TARGET, linewidth=2, label=f"Målvärde {_pct(bar.target):.0f} %")
        ax.legend(fontsize=8, frameon=False, loc="lower right", bbox_to_anchor=(1, 1))
    ax.set_yticks(ys)
    ax.set_yticklabels([name for _, name, _ in SERIES], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f} %"))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#d0d7de", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return figure_svg(fig, alt=alt, key=bar.key + repr(bar))
