"""A tertial follow-up as pages and documents show it (FINSAM.md B8).

Per item (`tertials.tertial_report`) and per group — contributions, other revenue,
interventions, other costs — with the sums of revenue and costs, the result and the equity
forecast: budget, outcome to date, the share used against the share of the year gone,
forecast and deviation (forecast − budget). The totals are the year's figures from
`budget.budget_figures` (budget column) and `budget.period_figures` (the period's forecast
and outcome to date), so a page, a document and `samordna budget --period` agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from . import plan as p
from . import tertials as t
from .budget import BudgetFigures, budget_figures, period_figures
from .memo import memoised
from .money import ZERO

# The rows of the summary, in the report's order.
CONTRIBUTIONS, REVENUE_LINES, REVENUE = "contributions", "revenue_lines", "revenue"
INTERVENTIONS, COST_LINES, COSTS, RESULT = "interventions", "cost_lines", "costs", "result"
TOTALS = (CONTRIBUTIONS, REVENUE_LINES, REVENUE, INTERVENTIONS, COST_LINES, COSTS, RESULT)
# Which group of items each subtotal sums.
GROUP_TOTAL = {t.CONTRIBUTION: CONTRIBUTIONS, t.REVENUE: REVENUE_LINES,
               t.INTERVENTION: INTERVENTIONS, t.COST: COST_LINES}


@dataclass(frozen=True)
class Total:
    """One sum row: budget, outcome to date, share used, forecast and deviation."""

    key: str  # one of TOTALS
    budget: Decimal | None
    outcome: Decimal | None
    forecast: Decimal | None

    @property
    def used(self) -> Fraction | None:
        return t.used_share(budget=self.budget, outcome=self.outcome)

    @property
    def deviation(self) -> Decimal | None:
        if self.forecast is None and self.budget is None:
            return None
        return (self.forecast or ZERO) - (self.budget or ZERO)


@dataclass(frozen=True)
class TertialSummary:
    year: int
    period: str
    year_gone: Fraction
    items: tuple[t.TertialItem, ...]
    totals: dict[str, Total]
    budget: BudgetFigures  # the year's budget column
    forecast: BudgetFigures  # the whole year as forecast at the period
    outcome: BudgetFigures  # the outcome to date
    entered: bool  # the plan gives this period (or the year's columns give figures)
    reported_on: date | None
    opening: Total  # opening equity (the same in every column)
    closing: Total  # closing equity: budgeted, at the end of the period, forecast for the year

    def group(self, group: str) -> tuple[t.TertialItem, ...]:
        return tuple(i for i in self.items if i.group == group)

    @property
    def commented(self) -> tuple[t.TertialItem, ...]:
        """Items with a deviation or a comment, largest deviation first."""
        found = [i for i in self.items if i.comment or (i.deviation or ZERO) != 0]
        return tuple(sorted(found, key=lambda i: -abs(i.deviation or ZERO)))


def _minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None and b is None:
        return None
    return (a or ZERO) - (b or ZERO)


def _totals(b: BudgetFigures) -> dict[str, Decimal | None]:
    if not b.has_budget:
        return dict.fromkeys(TOTALS)
    return {CONTRIBUTIONS: b.contributions, REVENUE_LINES: _minus(b.revenue, b.contributions),
            REVENUE: b.revenue, INTERVENTIONS: b.interventions_total,
            COST_LINES: _minus(b.costs, b.interventions_total), COSTS: b.costs, RESULT: b.result}


def tertial_summary(plan: p.Plan, year: int, period: str, *,
                    every_item: bool = False) -> TertialSummary:
    """The follow-up of `year` at `period` (T1, T2 or T3); memoised per plan object."""
    return memoised(plan, ("tertial_summary", year, period, every_item),
                    lambda: _tertial_summary(plan, year, period, every_item=every_item))


def _tertial_summary(plan: p.Plan, year: int, period: str, *, every_item: bool) -> TertialSummary:
    items = t.tertial_report(plan, year, period, every_item=every_item)
    budget = budget_figures(plan=plan, year=year)
    forecast = period_figures(plan=plan, year=year, column="forecast", period=period)
    outcome = period_figures(plan=plan, year=year, column="outcome", period=period)
    b, f, o = _totals(budget), _totals(forecast), _totals(outcome)
    totals = {key: Total(key, b[key], o[key], f[key]) for key in TOTALS}
    source = t.tertial_source(plan, year, period)
    return TertialSummary(
        year=year, period=period, year_gone=t.year_gone(period), items=items, totals=totals,
        budget=budget, forecast=forecast, outcome=outcome, entered=source is not None,
        reported_on=source.reported_on if source else None,
        opening=Total("opening_equity", budget.opening_equity, outcome.opening_equity,
                      forecast.opening_equity),
        closing=Total("closing_equity", budget.closing_equity, outcome.closing_equity,
                      forecast.closing_equity))
