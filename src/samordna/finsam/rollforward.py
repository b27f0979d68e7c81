"""Next year's plan from this year's (FINSAM.md B1: Y, Y+1, Y+2, rolled yearly).

`next_plan` makes the proposal for budget year Y+1 from the plan of year Y:

- the same association and members, in the same order (a member that has left keeps out of
  the financing by its `ended_on`, as in any plan), the same board and bodies;
- the years move on by one and keep their number: plan years Y+1, Y+2 → budget year Y+1,
  plan years Y+2, Y+3;
- a year the old plan already covered keeps its amounts (they were planned); the one new
  year copies the old plan's last year, with budget lines and intervention money raised by
  the optional `index` (rounded to whole kronor in `money.indexed`); planned participants
  are copied as they are;
- financing: years shifted the same way; the new year copies the last year's state half,
  explicit contributions and population date, as requested (not yet decided) contributions;
- budget lines keep their ids, so a line is the same line in every year and plan;
- interventions that continue (not ended or implemented, and not ending before Y+1) keep
  their ids, so they stay the same insats; their forecast, outcome and past years are left
  behind, and external funding keeps only the years that remain;
- the texts (sections, target groups, goals) and the risk analysis are copied; what belonged
  to last year's adopted document is not: adoption, decision points, printed headings,
  printed shares and stated totals, offers, the calendar and the tertial follow-up;
- the new budget year opens with the old plan's closing equity for year Y (outcome, else
  forecast, else budget), so the equity roll-forward continues.

`first_plan` makes a minimal plan for an association that has none: its members, board and
bodies and the years, nothing else. Both are pure: a Plan in, a Plan out.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from . import plan as p
from .budget import budget_figures, columns
from .money import indexed

ENDED = ("ended", "implemented")
# The index a person may give when rolling forward: −50 % to +50 %.
MAX_INDEX = Decimal("0.5")


class RollForwardError(ValueError):
    """The roll-forward cannot be made (a Swedish message)."""


def new_years(plan: p.Plan) -> tuple[int, ...]:
    """The years of the next plan: the same number of years, one year later."""
    return tuple(y + 1 for y in plan.plan.years)


def _shift(amounts: p.YearAmounts, years: tuple[int, ...], last: int,
           index: Decimal | None, *, money: bool) -> p.YearAmounts:
    """Keep the amounts of `years`; the year after `last` copies `last`, indexed if money."""
    out = {y: dict(parts) for y, parts in amounts.items() if y in years}
    for year in (y for y in years if y > last):
        source = out.get(year - 1, amounts.get(year - 1))
        if source is not None:
            out[year] = {k: indexed(v, index) if money else v for k, v in source.items()}
    return {y: out[y] for y in sorted(out)}


def continues(iv: p.Intervention, year: int) -> bool:
    """Whether an intervention goes on into `year`: not ended or implemented, and not ended
    before the year begins."""
    if iv.status in ENDED:
        return False
    return iv.period_end is None or iv.period_end.year >= year


def _intervention(iv: p.Intervention, years: tuple[int, ...], last: int,
                  index: Decimal | None) -> p.Intervention:
    funding = []
    for f in iv.external_funding:
        amount = {y: a for y, a in f.amount.items() if y in years}
        if amount:
            funding.append(replace(f, amount=amount))
    return replace(
        iv,
        budget=_shift(iv.budget, years, last, index, money=True),
        granted=_shift(iv.granted, years, last, index, money=True),
        planned_participants=_shift(iv.planned_participants, years, last, None, money=False),
        forecast={}, outcome={}, external_funding=tuple(funding))


def _entry_of(plan: p.Plan, year: int) -> p.BudgetEntry | None:
    return plan.entry(year, plan.default_column(year)) or plan.entry(year, "budget") \
        or plan.entry(year, "plan")


def _lines(lines: tuple[p.Line, ...], index: Decimal | None) -> tuple[p.Line, ...]:
    return tuple(replace(x, amount=None if x.amount is None else indexed(x.amount, index))
                 for x in lines)


def closing_equity(plan: p.Plan, year: int) -> Decimal | None:
    """The best known closing equity of `year`: outcome, else forecast, else budget/plan."""
    available = set(columns(plan))
    for column in ("outcome", "forecast", "budget", "plan"):
        if (year, column) in available:
            figures = budget_figures(plan=plan, year=year, column=column)
            if figures.has_budget and figures.closing_equity is not None:
                return figures.closing_equity
    return None


def next_plan(plan: p.Plan, *, index: Decimal | None = None) -> p.Plan:
    """The proposal for the year after `plan` (see the module's rules)."""
    if index is not None and abs(index) > MAX_INDEX:
        raise RollForwardError("Uppräkningen får vara högst 50 procent åt något håll.")
    last = max(plan.plan.years)
    years = new_years(plan)
    year = years[0]
    info = p.PlanInfo(year=year, plan_years=years[1:], sections=plan.plan.sections,
                      target_groups=plan.plan.target_groups, goals=plan.plan.goals)

    financing = []
    for y in years:
        fy = plan.financing_for(y)
        if fy is not None:
            financing.append(p.FinancingYear(
                year=y, state=fy.state, contributions=dict(fy.contributions),
                population_date=fy.population_date, status=fy.status))
            continue
        source = next((f for f in financing if f.year == y - 1), plan.financing_for(y - 1))
        if source is None:
            continue
        financing.append(p.FinancingYear(
            year=y, state=source.state, contributions=dict(source.contributions),
            population_date=source.population_date, status="requested"))

    draft = replace(plan, plan=info)
    budget = []
    previous: p.BudgetEntry | None = None
    for y in years:
        column = draft.default_column(y)
        old = _entry_of(plan, y) if y <= last else None
        source = previous or _entry_of(plan, y - 1)
        if y > last and source is not None:
            entry = p.BudgetEntry(year=y, column=column, revenue=_lines(source.revenue, index),
                                  costs=_lines(source.costs, index))
        elif old is not None:
            entry = p.BudgetEntry(year=y, column=column, revenue=old.revenue, costs=old.costs,
                                  deficit_justification=old.deficit_justification)
        else:
            entry = p.BudgetEntry(year=y, column=column)
        if y == year:
            opening = old.opening_equity if old is not None else None
            entry = replace(entry, opening_equity=opening if opening is not None
                            else closing_equity(plan, plan.plan.year))
        budget.append(entry)
        previous = entry

    interventions = tuple(_intervention(iv, years, last, index) for iv in plan.interventions
                          if continues(iv, year))
    return p.Plan(association=plan.association, members=plan.members, plan=info,
                  financing=tuple(financing), interventions=interventions,
                  budget=tuple(budget), risks=plan.risks, board=plan.board, seats=plan.seats,
                  bodies=plan.bodies)


def first_plan(*, association: p.Association, members: tuple[p.Member, ...], year: int,
               plan_years: int = 2, board: tuple[p.BoardSeats, ...] = (),
               seats: tuple[p.BoardSeat, ...] = (), bodies: tuple[p.Body, ...] = ()) -> p.Plan:
    """A minimal plan: the association's members and a financing year for each year."""
    if not 2000 <= year <= 2100:
        raise RollForwardError("Ange ett budgetår mellan 2000 och 2100.")
    if not 0 <= plan_years <= 4:
        raise RollForwardError("En plan har 0–4 planår efter budgetåret.")
    years = tuple(range(year, year + plan_years + 1))
    return p.Plan(association=association, members=members,
                  plan=p.PlanInfo(year=year, plan_years=years[1:]),
                  financing=tuple(p.FinancingYear(year=y) for y in years), board=board,
                  seats=seats, bodies=bodies)
