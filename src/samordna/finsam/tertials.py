"""Money per tertial (FINSAM.md B8; docs plan-file `tertials`).

T1 = January–April, T2 = January–August, T3 = the whole year. A tertial gives the
outcome to date and the forecast for the whole year per cost or revenue line,
intervention and member contribution. An item with an outcome but no forecast
is forecast as outcome to date + budget × months left ÷ 12, rounded to whole
kronor (half up, `money.round_kronor`); an item with neither keeps its budget.

A period the plan gives no tertial for takes what the year's own columns say: the
`forecast` column's amounts are its given forecasts, and the `outcome` column is the
outcome of T3 (plan-file.md: the year's outcome column is its T3 outcome).
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
# Where each group's figures sit in a tertial (the `TertialFigures` attribute).
PART_OF = {CONTRIBUTION: "contributions", REVENUE: "lines", INTERVENTION: "interventions",
           COST: "lines"}
PARTS = ("lines", "interventions", "contributions")
# What a person enters per item and period: outcome to date, whole-year forecast, comment.
MEASURES = ("outcome", "forecast", "comment")
MAX_AMOUNT = Decimal(10) ** 13  # what the database stores: 16 digits, 2 of them öre
MAX_COMMENT = 2000


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


def used_share(*, budget: Decimal | None, outcome: Decimal | None) -> Fraction | None:
    """Outcome to date ÷ budget, exact (None without an outcome, or with no or a zero budget)."""
    if outcome is None or not budget:
        return None
    return Fraction(outcome) / Fraction(budget)


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
    kind: str | None = None  # the line's kind, the intervention's level or the member's kind
    default: Decimal | None = None  # what the default rule gives (shown where none is given)

    @property
    def part(self) -> str:
        """Where the item's figures sit in a tertial: lines, interventions or contributions."""
        return PART_OF[self.group]


def _item(group: str, item_id: str, label: str, budget: Decimal | None, tertial: p.Tertial | None,
          part: str, period: str, kind: str | None) -> TertialItem:
    outcome = getattr(tertial.outcome, part).get(item_id) if tertial else None
    given = getattr(tertial.forecast, part).get(item_id) if tertial else None
    default = default_forecast(budget=budget, outcome=outcome, period=period)
    value = given if given is not None else default
    return TertialItem(
        group=group, id=item_id, label=label, budget=budget, outcome=outcome,
        used=used_share(budget=budget, outcome=outcome), year_gone=year_gone(period),
        forecast=value, forecast_given=given is not None,
        deviation=None if value is None else value - (budget or ZERO),
        comment=tertial.comments.get(item_id) if tertial else None, kind=kind, default=default)


def year_lines(plan: p.Plan, year: int, attr: str) -> list[p.Line]:
    """The year's lines of one side (`revenue` or `costs`): the budget column's, then lines only
    other columns of the same year list (a tertial may report on them), each id once."""
    default = plan.entry(year, plan.default_column(year))
    entries = [default] if default else []
    entries += [e for e in plan.budget if e.year == year and e is not default]
    seen: dict[str, p.Line] = {}
    for entry in entries:
        for line in getattr(entry, attr):
            seen.setdefault(line.id, line)
    return list(seen.values())


def _column_figures(plan: p.Plan, year: int, column: str) -> p.TertialFigures:
    """A year's own `forecast` or `outcome` column as tertial figures (lines and interventions)."""
    entry = plan.entry(year, column)
    lines = {x.id: x.amount for x in (*entry.revenue, *entry.costs)
             if x.amount is not None} if entry else {}
    interventions = {iv.id: iv.amount(column, year) for iv in plan.interventions
                     if iv.amount(column, year) is not None}
    return p.TertialFigures(lines=lines, interventions=interventions)


def tertial_source(plan: p.Plan, year: int, period: str) -> p.Tertial | None:
    """The figures of a period: the plan's tertial when it has one; else the year's `forecast`
    column as given forecasts and, for T3, its `outcome` column as the outcome (None when the
    year has neither)."""
    _months(period)
    tertial = plan.tertial(year, period)
    if tertial is not None:
        return tertial
    forecast_figures = _column_figures(plan, year, "forecast")
    outcome = _column_figures(plan, year, "outcome") if period == "T3" else p.TertialFigures()
    if not forecast_figures and not outcome:
        return None
    return p.Tertial(year=year, period=period, outcome=outcome, forecast=forecast_figures)


def tertial_report(plan: p.Plan, year: int, period: str, *,
                   every_item: bool = False) -> tuple[TertialItem, ...]:
    """Per contribution, revenue line, intervention and cost line of `year`: budget, outcome to
    date, share used against the share of the year gone, forecast, deviation and comment.

    The budget is the year's budget column (`budget`, or `plan` for a plan year); a line is
    budgeted at its amount there (a line of another column only has no budget). Items with
    neither a budget nor tertial figures are left out, unless `every_item` (the entry grid:
    every member, every line of the year and every intervention of the plan).
    """
    _months(period)
    tertial = tertial_source(plan, year, period)
    default = plan.entry(year, plan.default_column(year))
    budgeted = {x.id: x.amount for x in (*default.revenue, *default.costs)} if default else {}
    out: list[TertialItem] = []

    def listed(budget: Decimal | None, part: str, item_id: str) -> bool:
        if every_item or budget is not None:
            return True
        if tertial is None:
            return False
        return (item_id in getattr(tertial.outcome, part) or item_id in getattr(tertial.forecast, part)
                or item_id in tertial.comments)

    split = contribution_split(plan=plan, year=year)
    for m in plan.members:
        amount = split.member(m.id).amount if split and split.member(m.id) else None
        if listed(amount, "contributions", m.id):
            out.append(_item(CONTRIBUTION, m.id, m.name, amount, tertial, "contributions", period,
                             m.kind))
    for line in year_lines(plan, year, "revenue"):
        budget = budgeted.get(line.id)
        if listed(budget, "lines", line.id):
            out.append(_item(REVENUE, line.id, line.label, budget, tertial, "lines", period,
                             line.kind))
    for iv in plan.interventions:
        budget = iv.amount(plan.default_column(year), year)
        if listed(budget, "interventions", iv.id):
            out.append(_item(INTERVENTION, iv.id, iv.name, budget, tertial, "interventions",
                             period, iv.level))
    for line in year_lines(plan, year, "costs"):
        budget = budgeted.get(line.id)
        if listed(budget, "lines", line.id):
            out.append(_item(COST, line.id, line.label, budget, tertial, "lines", period, line.kind))
    return tuple(out)


def tertial_forecast(plan: p.Plan, year: int, period: str) -> p.TertialFigures:
    """The whole-year forecast at `period` of every item, given or by the default rule."""
    parts: dict[str, dict[str, Decimal]] = {"lines": {}, "interventions": {}, "contributions": {}}
    for item in tertial_report(plan, year, period):
        if item.forecast is not None:
            parts[item.part][item.id] = item.forecast
    return p.TertialFigures(**parts)


def latest_period(plan: p.Plan, year: int) -> str | None:
    """The last period of `year` the plan gives a tertial for (None without any)."""
    given = [t.period for t in plan.tertials if t.year == year]
    return max(given, key=p.PERIODS.index) if given else None


PERIOD_ENDS = {"T1": (4, 30), "T2": (8, 31), "T3": (12, 31)}  # the last day of each period


def current_period(plan: p.Plan, year: int, today) -> str:
    """The period to follow `year` up in: the latest the plan gives a tertial for, else the
    latest that has ended by `today` (a date), else T1."""
    given = latest_period(plan, year)
    if given is not None:
        return given
    ended = [x for x in p.PERIODS if (year, *PERIOD_ENDS[x]) < (today.year, today.month, today.day)]
    return ended[-1] if ended else p.PERIODS[0]


def has_period_figures(plan: p.Plan, year: int) -> bool:
    """Whether any tertial of `year` gives an outcome or a forecast."""
    return any(t.outcome or t.forecast for t in plan.tertials if t.year == year)


def item_known(plan: p.Plan, year: int, part: str, item_id: str) -> bool:
    """Whether a tertial of `year` may carry figures for this item (as the plan-file reader
    checks): a line of any column of the year, an intervention or a member of the plan."""
    if part == "lines":
        return any(x.id == item_id for e in plan.budget if e.year == year
                   for x in (*e.revenue, *e.costs))
    if part == "interventions":
        return any(iv.id == item_id for iv in plan.interventions)
    if part == "contributions":
        return plan.member(item_id) is not None
    return False


def amount_problem(value: Decimal) -> str | None:
    """Why an amount cannot be an outcome or a forecast (Swedish), or None when it can.

    Negative amounts are allowed: a credit or a reduction (plan-file.md)."""
    if not value.is_finite():
        return "Beloppet är inte ett tal."
    if abs(value) >= MAX_AMOUNT:
        return "Beloppet är orimligt stort (högst 9 999 999 999 999 kr)."
    if value != value.quantize(Decimal("0.01")):
        return "Beloppet får ha högst två decimaler (öre)."
    return None


def comment_problem(text: str) -> str | None:
    """Why a comment cannot be stored (Swedish), or None when it can."""
    if len(text) > MAX_COMMENT:
        return f"Kommentaren får vara högst {MAX_COMMENT} tecken (den har {len(text)})."
    if any(ord(c) < 32 and c not in "\n\r\t" for c in text):
        return "Kommentaren innehåller otillåtna styrtecken."
    return None
