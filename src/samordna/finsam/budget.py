"""Budget figures per year and column (FINSAM.md B2–B4, B9, B10).

revenue = contributions + revenue lines; costs = intervention amounts of the
column + cost lines; result = revenue − costs; closing equity = opening equity
+ result. Opening equity is never revenue. A year given only as stated totals
takes its figures from them.

Tertials (plan-file.md `tertials`) give two more kinds of figures for a year: the
forecast made at a period (every item's whole-year forecast, `tertials.tertial_report`)
and the outcome to date at a period. `budget_figures(column="forecast", period="T1")`
computes them with the same rules; without a period the year's `outcome` column is
its T3 outcome when one is given, and a year without forecast figures of its own takes
the forecast of its latest tertial.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from . import plan as p
from . import tertials as t
from .financing import contribution_split
from .memo import memoised
from .money import ZERO

# Which column's closing equity opens the next year: actual, then expected, then planned.
_OPENING_FROM = ("outcome", "forecast", "budget", "plan")


@dataclass(frozen=True)
class InterventionCost:
    id: str
    name: str
    level: str
    amount: Decimal
    parts: dict[str, Decimal]
    participants: Decimal | None


@dataclass(frozen=True)
class BudgetFigures:
    year: int
    column: str
    has_budget: bool
    contributions: Decimal | None
    revenue_lines: tuple[p.Line, ...]
    revenue: Decimal | None
    interventions: tuple[InterventionCost, ...]
    interventions_total: Decimal | None
    cost_lines: tuple[p.Line, ...]
    costs: Decimal | None
    result: Decimal | None
    opening_equity: Decimal | None
    opening_given: bool
    closing_equity: Decimal | None
    admin_costs: Decimal | None
    from_stated: bool = False
    deficit_justification: str | None = None
    period: str | None = None  # T1–T3: the figures are that tertial's forecast or outcome to date

    @property
    def admin_share(self) -> Decimal | None:
        if self.admin_costs is None or not self.costs:
            return None
        return self.admin_costs / self.costs


def columns(plan: p.Plan) -> list[tuple[int, str]]:
    """Every (year, column) the plan has figures for, in year then column order."""
    return list(memoised(plan, ("columns",), lambda: tuple(_columns(plan))))


def _columns(plan: p.Plan) -> list[tuple[int, str]]:
    found: set[tuple[int, str]] = {(e.year, e.column) for e in plan.budget}
    for iv in plan.interventions:
        for year in iv.budget:
            found.add((year, plan.default_column(year)))
        for year in iv.forecast:
            found.add((year, "forecast"))
        for year in iv.outcome:
            found.add((year, "outcome"))
    for year in plan.plan.years:
        found.add((year, plan.default_column(year)))
    for tertial in plan.tertials:
        if t.has_period_figures(plan, tertial.year):
            found.add((tertial.year, "forecast"))
        if tertial.period == "T3" and tertial.outcome:
            found.add((tertial.year, "outcome"))
    order = {c: i for i, c in enumerate(p.COLUMNS)}
    return sorted(found, key=lambda yc: (yc[0], order[yc[1]]))


def _line_total(lines: tuple[p.Line, ...]) -> Decimal:
    return sum((line.amount for line in lines if line.amount is not None), ZERO)


def budget_figures(*, plan: p.Plan, year: int, column: str | None = None,
                   period: str | None = None, _depth: int = 0) -> BudgetFigures:
    """Figures of one year and column (default: budget for the plan year, plan after it).

    With a `period` (T1–T3) and column `forecast` or `outcome`: that tertial's forecast or
    outcome to date (`period_figures`). Without one, the `outcome` column is the T3 outcome
    when the plan gives one, and a `forecast` column without figures of its own is the
    forecast of the year's latest tertial.

    Memoised per plan object, year, column and period (`finsam.memo`): the roll-forward of
    equity asks for every earlier year again.
    """
    return memoised(plan, ("budget_figures", year, column, period),
                    lambda: _budget_figures(plan=plan, year=year, column=column, period=period,
                                            _depth=_depth))


def _budget_figures(*, plan: p.Plan, year: int, column: str | None, period: str | None,
                    _depth: int) -> BudgetFigures:
    if period is not None:
        return period_figures(plan=plan, year=year, column=column or "forecast", period=period,
                              _depth=_depth)
    column = column or plan.default_column(year)
    if column == "outcome":
        t3 = plan.tertial(year, "T3")
        if t3 is not None and t3.outcome:
            return period_figures(plan=plan, year=year, column="outcome", period="T3",
                                  _depth=_depth)
    explicit = _column_figures(plan=plan, year=year, column=column, _depth=_depth)
    if column == "forecast" and not explicit.has_budget and t.has_period_figures(plan, year):
        return period_figures(plan=plan, year=year, column="forecast",
                              period=t.latest_period(plan, year), _depth=_depth)
    return explicit


def _column_figures(*, plan: p.Plan, year: int, column: str, _depth: int) -> BudgetFigures:
    """The figures the year's column gives itself: its entry, intervention amounts, stated."""
    entry = plan.entry(year, column)
    financing = contribution_split(plan=plan, year=year)
    contributions = financing.total if financing else None

    ivs = []
    for iv in plan.interventions:
        parts = iv.amounts(column).get(year)
        if parts is None:
            continue
        ivs.append(InterventionCost(iv.id, iv.name, iv.level, sum(parts.values(), ZERO),
                                    dict(parts), iv.participants(year)))
    iv_total = sum((c.amount for c in ivs), ZERO) if ivs else None
    revenue_lines = entry.revenue if entry else ()
    cost_lines = entry.costs if entry else ()
    stated = entry.stated if entry else {}
    has_lines = bool(ivs) or any(line.amount is not None for line in cost_lines)

    from_stated = False
    if has_lines:
        costs = (iv_total or ZERO) + _line_total(cost_lines)
        revenue = (contributions or ZERO) + _line_total(revenue_lines)
        if contributions is None and not revenue_lines and "revenue" in stated:
            revenue = stated["revenue"]
    elif "costs" in stated:
        from_stated = True
        costs = stated["costs"]
        revenue = stated.get("revenue", (contributions or ZERO) + _line_total(revenue_lines))
    else:
        costs = revenue = None
    result = revenue - costs if costs is not None and revenue is not None else None
    if from_stated and result is None and "result" in stated:
        result = stated["result"]

    opening_given = entry is not None and entry.opening_equity is not None
    if opening_given:
        opening = entry.opening_equity
    else:
        opening = previous_closing(plan=plan, year=year, _depth=_depth)
    closing = opening + result if opening is not None and result is not None else None
    if from_stated and closing is None and "closing_equity" in stated:
        closing = stated["closing_equity"]
    admin = None
    if costs is not None:
        admin = sum((line.amount for line in cost_lines
                     if line.amount is not None and line.is_admin), ZERO)
    return BudgetFigures(
        year=year, column=column, has_budget=costs is not None, contributions=contributions,
        revenue_lines=revenue_lines, revenue=revenue, interventions=tuple(ivs),
        interventions_total=iv_total, cost_lines=cost_lines, costs=costs, result=result,
        opening_equity=opening, opening_given=opening_given, closing_equity=closing,
        admin_costs=admin, from_stated=from_stated,
        deficit_justification=entry.deficit_justification if entry else None)


def _opening(plan: p.Plan, year: int, column: str, _depth: int) -> tuple[Decimal | None, bool]:
    """A tertial's opening equity: its column's given opening, else the year's budget
    column's, else the previous year's closing equity."""
    for entry in (plan.entry(year, column), plan.entry(year, plan.default_column(year))):
        if entry is not None and entry.opening_equity is not None:
            return entry.opening_equity, True
    return previous_closing(plan=plan, year=year, _depth=_depth), False


def period_figures(*, plan: p.Plan, year: int, column: str, period: str,
                   _depth: int = 0) -> BudgetFigures:
    """The year's figures from one tertial: column `forecast` gives every item's whole-year
    forecast made at `period`, column `outcome` its outcome to date.

    revenue = contributions + revenue lines, costs = interventions + cost lines, result and
    closing equity as for any column. The forecast of the contributions is their budget plus
    the members' deviations (so a part the split leaves undivided stays in); an outcome is the
    sum of what was entered. Items without a figure count as nothing; the outcome has figures
    only when something was entered (`has_budget`), the forecast whenever the budget has.
    """
    if column not in ("forecast", "outcome"):
        raise ValueError(f"En tertial ger prognos eller utfall, inte {column!r}")
    items = t.tertial_report(plan, year, period)
    budget = _column_figures(plan=plan, year=year, column=plan.default_column(year),
                             _depth=_depth)

    def value(item: t.TertialItem) -> Decimal | None:
        return item.forecast if column == "forecast" else item.outcome

    group = {g: [i for i in items if i.group == g] for g in t.GROUPS}
    given = [value(i) for i in items if value(i) is not None]
    if column == "forecast":
        deviations = [i.deviation for i in group[t.CONTRIBUTION] if i.deviation is not None]
        contributions = (None if budget.contributions is None and not deviations
                         else (budget.contributions or ZERO) + sum(deviations, ZERO))
        has_figures = budget.has_budget or bool(given)
    else:
        amounts = [i.outcome for i in group[t.CONTRIBUTION] if i.outcome is not None]
        contributions = sum(amounts, ZERO) if amounts else None
        has_figures = bool(given)
    if column == "forecast" and not given:
        # Nothing entered: every item keeps its budget, so the forecast is the budget.
        return replace(budget, column=column, period=period)
    if not has_figures:
        return BudgetFigures(
            year=year, column=column, has_budget=False, contributions=contributions,
            revenue_lines=(), revenue=None, interventions=(), interventions_total=None,
            cost_lines=(), costs=None, result=None, opening_equity=None, opening_given=False,
            closing_equity=None, admin_costs=None, period=period)
    known = {x.id: x for x in t.year_lines(plan, year, "revenue")}
    revenue_lines = tuple(p.Line(i.id, i.label, known[i.id].kind, value(i), known[i.id].note,
                                 known[i.id].admin) for i in group[t.REVENUE])
    known = {x.id: x for x in t.year_lines(plan, year, "costs")}
    cost_lines = tuple(p.Line(i.id, i.label, known[i.id].kind, value(i), known[i.id].note,
                              known[i.id].admin) for i in group[t.COST])
    by_id = {iv.id: iv for iv in plan.interventions}
    ivs = tuple(InterventionCost(i.id, i.label, by_id[i.id].level, value(i),
                                 {p.COMMON: value(i)}, by_id[i.id].participants(year))
                for i in group[t.INTERVENTION] if value(i) is not None)
    iv_total = sum((c.amount for c in ivs), ZERO) if ivs else None
    costs = (iv_total or ZERO) + _line_total(cost_lines)
    revenue = (contributions or ZERO) + _line_total(revenue_lines)
    result = revenue - costs
    opening, opening_given = _opening(plan, year, column, _depth)
    return BudgetFigures(
        year=year, column=column, has_budget=True, contributions=contributions,
        revenue_lines=revenue_lines, revenue=revenue, interventions=ivs,
        interventions_total=iv_total, cost_lines=cost_lines, costs=costs, result=result,
        opening_equity=opening, opening_given=opening_given,
        closing_equity=None if opening is None else opening + result,
        admin_costs=sum((x.amount for x in cost_lines if x.amount is not None and x.is_admin),
                        ZERO),
        deficit_justification=budget.deficit_justification, period=period)


def previous_closing(*, plan: p.Plan, year: int, _depth: int = 0) -> Decimal | None:
    """Closing equity of year − 1 from its outcome, else forecast, else budget/plan."""
    if _depth > 50:
        return None
    available = set(columns(plan))
    for column in _OPENING_FROM:
        if (year - 1, column) in available:
            figures = budget_figures(plan=plan, year=year - 1, column=column, _depth=_depth + 1)
            if figures.has_budget:
                return figures.closing_equity
    return None


def all_figures(plan: p.Plan) -> list[BudgetFigures]:
    return [budget_figures(plan=plan, year=y, column=c) for y, c in columns(plan)]


def cost_per_participant(iv: InterventionCost) -> Decimal | None:
    """B10: budget ÷ planned participants (None without participants)."""
    if not iv.participants:
        return None
    return iv.amount / iv.participants


def municipality_summary(*, plan: p.Plan, year: int, column: str | None = None
                         ) -> list[tuple[str, str, Decimal]]:
    """Intervention money per level and kommun (seed 000's "Individinriktat, Borås …").

    Returns (level, member id or "common", amount) in member order, common last.
    """
    column = column or plan.default_column(year)
    totals: dict[tuple[str, str], Decimal] = {}
    for iv in plan.interventions:
        parts = iv.amounts(column).get(year)
        for key, amount in (parts or {}).items():
            totals[(iv.level, key)] = totals.get((iv.level, key), ZERO) + amount
    order = {m.id: i for i, m in enumerate(plan.members)}
    return [(level, key, amount) for (level, key), amount in
            sorted(totals.items(), key=lambda kv: (p.LEVELS.index(kv[0][0]),
                                                   order.get(kv[0][1], 10_000)))]
