"""Budget figures per year and column (FINSAM.md B2–B4, B9, B10).

revenue = contributions + revenue lines; costs = intervention amounts of the
column + cost lines; result = revenue − costs; closing equity = opening equity
+ result. Opening equity is never revenue. A year given only as stated totals
takes its figures from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import plan as p
from .financing import contribution_split
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

    @property
    def admin_share(self) -> Decimal | None:
        if self.admin_costs is None or not self.costs:
            return None
        return self.admin_costs / self.costs


def columns(plan: p.Plan) -> list[tuple[int, str]]:
    """Every (year, column) the plan has figures for, in year then column order."""
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
    order = {c: i for i, c in enumerate(p.COLUMNS)}
    return sorted(found, key=lambda yc: (yc[0], order[yc[1]]))


def _line_total(lines: tuple[p.Line, ...]) -> Decimal:
    return sum((line.amount for line in lines if line.amount is not None), ZERO)


def budget_figures(*, plan: p.Plan, year: int, column: str | None = None,
                   _depth: int = 0) -> BudgetFigures:
    """Figures of one year and column (default: budget for the plan year, plan after it)."""
    column = column or plan.default_column(year)
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


def previous_closing(*, plan: p.Plan, year: int, _depth: int = 0) -> Decimal | None:
    """Closing equity of year − 1 from its outcome, else forecast, else budget/plan."""
    if _depth > 50:
        return None
    available = {(y, c) for y, c in columns(plan)}
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
