"""Equity ceiling and floor (FINSAM.md B6).

The ceiling is a share of a year's contributions; the share comes from the plan's
`equity_max_share` goal, else from the installation's size bands (default 20 %).
Floors are the plan's `equity_min` goals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import plan as p

DEFAULT_CEILING_SHARE = Decimal("0.20")


@dataclass(frozen=True)
class EquityBand:
    """Ceiling share for associations whose contributions lie in [min_contrib, max_contrib)."""

    min_contrib: Decimal
    max_contrib: Decimal | None
    max_pct: Decimal


DEFAULT_BANDS = (EquityBand(Decimal(0), None, DEFAULT_CEILING_SHARE),)


def ceiling_share(*, plan: p.Plan, contributions: Decimal,
                  bands: tuple[EquityBand, ...] = DEFAULT_BANDS) -> tuple[Decimal, str]:
    """The share that applies and where it comes from ("goal" or "band")."""
    for goal in plan.plan.goals:
        if goal.indicator == "equity_max_share" and goal.target is not None:
            return goal.target, "goal"
    for band in bands:
        if contributions >= band.min_contrib and (band.max_contrib is None
                                                  or contributions < band.max_contrib):
            return band.max_pct, "band"
    return DEFAULT_CEILING_SHARE, "band"


def equity_ceiling(*, plan: p.Plan, contributions: Decimal,
                   bands: tuple[EquityBand, ...] = DEFAULT_BANDS) -> Decimal:
    return ceiling_of(plan=plan, contributions=contributions, bands=bands).amount


@dataclass(frozen=True)
class Ceiling:
    """The equity ceiling of a year: its base (the year's contributions), share and amount."""

    contributions: Decimal
    share: Decimal
    source: str  # "goal" (the plan's equity_max_share goal) or "band" (the installation's)
    amount: Decimal

    def exceeded_by(self, closing_equity: Decimal) -> bool:
        return closing_equity > self.amount


def ceiling_of(*, plan: p.Plan, contributions: Decimal,
               bands: tuple[EquityBand, ...] = DEFAULT_BANDS) -> Ceiling:
    """The one ceiling computation every page, check and document uses (B6)."""
    share, source = ceiling_share(plan=plan, contributions=contributions, bands=bands)
    return Ceiling(contributions, share, source, contributions * share)


def equity_floor(plan: p.Plan) -> Decimal | None:
    floors = [g.target for g in plan.plan.goals
              if g.indicator == "equity_min" and g.target is not None]
    return max(floors) if floors else None
