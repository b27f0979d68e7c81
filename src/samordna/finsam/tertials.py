"""Money per tertial (FINSAM.md B8; docs plan-file `tertials`).

T1 = January–April, T2 = January–August, T3 = the whole year. A tertial gives the
outcome to date and the forecast for the whole year per cost or revenue line,
intervention and member contribution. An item with an outcome but no forecast
is forecast as outcome to date + budget × months left ÷ 12, rounded to whole
kronor (half up, `money.round_kronor`); an item with neither keeps its budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from . import plan as p
from .financing import contribution_split
from .money import ZERO, round_kronor

CONTRIBUTION, REVENUE, INTERVENTION, COST = "contribution", "revenue", "intervention", "cost"
GROUPS = (CONTRIBUTION, REVENUE, INTERVENTION, COST)  # the report's order: revenue, then costs


def _months(period: str) -> int:
    if period not in p.PERIOD_MONTHS:
        raise ValueError(f"Okänd period {period!r}; välj en av {', '.join(p.PERIODS)}")
    return p.PERIOD_MONTHS[period]


def year_gone(period: str) -> Fraction:
    """The share of the year gone at the end of `period`: 4/12, 8/12 or 12/12."""
    return Fraction(_months(period), 12)


def months_left(period: str) -> int:
    """Months of the year after `period`: 8 after T1, 4 after T2, 0 after T3."""
    return 12 - _months(period)


def default_forecast(*, budget: Decimal | None, outcome: Decimal | None,
                     period: str) -> Decimal | None:
    """The whole-year forecast of an item that has none given.

    With an outcome: outcome to date + budget × months left ÷ 12 (no budget counts as
    zero), rounded to whole kronor half up. Without an outcome: the budget (None stays None).
    """
    left = months_left(period)
    if outcome is None:
        return budget
    rest = (budget or ZERO) * left / 12
    return round_kronor(outcome + rest)


def forecast(*, budget: Decimal | None, outcome: Decimal | None, given: Decimal | None,
             period: str) -> Decimal | None:
    """The forecast given in the file, else the default rule."""
    if given is not None:
        return given
    return default_forecast(budget=budget, outcome=outcome, period=period)


@dataclass(frozen=True)
class TertialItem:
    """One row of a tertial report."""

    group: str  # contribution, revenue, intervention or cost
    id: str
    label: str
    budget: Decimal | None
    outcome: Decimal | None  # from 1 January to the end of the period
    used: Fraction | None  # outcome ÷ budget (None without outcome, or with no or a zero budget)
    year_gone: Fraction  # 4/12, 8/12 or 12/12
    forecast: Decimal | None
    forecast_given: bool  # False: the default rule (or the budget) gave it
    deviation: Decimal | None  # forecast − budget (no budget counts as zero)
    comment: str | None


def _item(group: str, item_id: str, label: str, budget: Decimal | None, tertial: p.Tertial | None,
          part: str, period: str) -> TertialItem:
    outcome = getattr(tertial.outcome, part).get(item_id) if tertial else None
    given = getattr(tertial.forecast, part).get(item_id) if tertial else None
    value = forecast(budget=budget, outcome=outcome, given=given, period=period)
    used = None
    if outcome is not None and budget:
        used = Fraction(outcome) / Fraction(budget)
    return TertialItem(
        group=group, id=item_id, label=label, budget=budget, outcome=outcome, used=used,
        year_gone=year_gone(period), forecast=value, forecast_given=given is not None,
        deviation=None if value is None else value - (budget or ZERO),
        comment=tertial.comments.get(item_id) if tertial else None)


def _lines(plan: p.Plan, year: int, attr: str) -> list[p.Line]:
    """The year's lines of one side: the budget column's, then lines only other columns of the
    same year list (a tertial may report on them), each id once."""
    default = plan.entry(year, plan.default_column(year))
    entries = [default] if default else []
    entries += [e for e in plan.budget if e.year == year and e is not default]
    seen: dict[str, p.Line] = {}
    for entry in entries:
        for line in getattr(entry, attr):
            seen.setdefault(line.id, line)
    return list(seen.values())


def tertial_report(plan: p.Plan, year: int, period: str) -> tuple[TertialItem, ...]:
    """Per contribution, revenue line, intervention and cost line of `year`: budget, outcome to
    date, share used against the share of the year gone, forecast, deviation and comment.

    The budget is the year's budget column (`budget`, or `plan` for a plan year); a line is
    budgeted at its amount there (a line of another column only has no budget). Items with
    neither a budget nor tertial figures are left out.
    """
    _months(period)
    tertial = plan.tertial(year, period)
    default = plan.entry(year, plan.default_column(year))
    budgeted = {x.id: x.amount for x in (*default.revenue, *default.costs)} if default else {}
    out: list[TertialItem] = []

    def reported(part: str, item_id: str) -> bool:
        if tertial is None:
            return False
        return (item_id in getattr(tertial.outcome, part) or item_id in getattr(tertial.forecast, part)
                or item_id in tertial.comments)

    split = contribution_split(plan=plan, year=year)
    for m in plan.members:
        amount = split.member(m.id).amount if split and split.member(m.id) else None
        if amount is not None or reported("contributions", m.id):
            out.append(_item(CONTRIBUTION, m.id, m.name, amount, tertial, "contributions", period))
    for line in _lines(plan, year, "revenue"):
        budget = budgeted.get(line.id)
        if budget is not None or reported("lines", line.id):
            out.append(_item(REVENUE, line.id, line.label, budget, tertial, "lines", period))
    for iv in plan.interventions:
        budget = iv.amount("budget", year)
        if budget is not None or reported("interventions", iv.id):
            out.append(_item(INTERVENTION, iv.id, iv.name, budget, tertial, "interventions", period))
    for line in _lines(plan, year, "costs"):
        budget = budgeted.get(line.id)
        if budget is not None or reported("lines", line.id):
            out.append(_item(COST, line.id, line.label, budget, tertial, "lines", period))
    return tuple(out)


def tertial_forecast(plan: p.Plan, year: int, period: str) -> p.TertialFigures:
    """The whole-year forecast at `period` of every item, given or by the default rule."""
    parts: dict[str, dict[str, Decimal]] = {"lines": {}, "interventions": {}, "contributions": {}}
    part_of = {CONTRIBUTION: "contributions", REVENUE: "lines", INTERVENTION: "interventions",
               COST: "lines"}
    for item in tertial_report(plan, year, period):
        if item.forecast is not None:
            parts[part_of[item.group]][item.id] = item.forecast
    return p.TertialFigures(**parts)
