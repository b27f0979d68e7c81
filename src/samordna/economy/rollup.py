"""National totals per budget year, across every association: each association's plan of
that year, its state contribution, its budget's costs (interventions and other cost lines)
and its planned participants.

`national_totals` asks the database for sums (GROUP BY the plan's year, four queries however
many associations, plans and amounts there are); `national_totals_rulebook` computes the same
from each plan through the rulebook (`budget_figures`), as the pages do, and is what the
SQL is tested against. `NATIONAL_TOTALS_SQL` is the hand-written query the benchmark compares
with (bench/run.py: ours ÷ raw).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from samordna.finsam.budget import budget_figures
from samordna.interventions.models import InterventionAmount, PlanIntervention

from .models import BudgetLine, FinancingYear, Plan
from .selectors import plan_data_cached

ZERO = Decimal(0)


@dataclass
class YearTotals:
    year: int
    associations: int = 0
    interventions: int = 0
    state: Decimal = ZERO
    intervention_budget: Decimal = ZERO
    cost_lines: Decimal = ZERO
    participants: Decimal = ZERO
    costs: Decimal = field(init=False, default=ZERO)

    def __post_init__(self):
        self.costs = self.intervention_budget + self.cost_lines

    def as_tuple(self) -> tuple:
        return (self.year, self.associations, self.interventions, self.state, self.intervention_budget,
                self.cost_lines, self.costs, self.participants)


def national_totals(*, years: list[int] | None = None) -> dict[int, YearTotals]:
    """The totals per budget year from GROUP BY queries (indexes: plan year, amount year)."""
    plans = Plan.objects.all() if years is None else Plan.objects.filter(year__in=years)
    out = {row["year"]: YearTotals(year=row["year"], associations=row["n"])
           for row in plans.values("year").annotate(n=Count("id")).order_by()}
    for row in (PlanIntervention.objects.filter(plan__in=plans).values(year=F("plan__year"))
                .annotate(n=Count("id")).order_by()):
        out[row["year"]].interventions = row["n"]
    for row in (FinancingYear.objects.filter(plan__in=plans, year=F("plan__year"))
                .values(y=F("plan__year")).annotate(state=Sum("state")).order_by()):
        out[row["y"]].state = row["state"] or ZERO
    amounts = (InterventionAmount.objects
               .filter(intervention__plan__in=plans, year=F("intervention__plan__year"),
                       measure__in=("budget", "planned_participants"))
               .values(y=F("year"))
               .annotate(budget=Sum("value", filter=Q(measure="budget")),
                         participants=Sum("value", filter=Q(measure="planned_participants")))
               .order_by())
    for row in amounts:
        out[row["y"]].intervention_budget = row["budget"] or ZERO
        out[row["y"]].participants = row["participants"] or ZERO
    for row in (BudgetLine.objects.filter(entry__plan__in=plans, entry__year=F("entry__plan__year"),
                                          entry__column="budget", side="cost", amount__isnull=False)
                .values(y=F("entry__year")).annotate(total=Sum("amount")).order_by()):
        out[row["y"]].cost_lines = row["total"] or ZERO
    for totals in out.values():
        totals.__post_init__()
    return dict(sorted(out.items()))


def national_totals_rulebook(*, years: list[int] | None = None) -> dict[int, YearTotals]:
    """The same totals computed plan by plan through the rulebook (what the pages show)."""
    out: dict[int, YearTotals] = {}
    plans = Plan.objects.select_related("association").order_by("year", "association_id")
    for plan in plans if years is None else plans.filter(year__in=years):
        data = plan_data_cached(plan)
        year = plan.year
        t = out.setdefault(year, YearTotals(year=year))
        figures = budget_figures(plan=data, year=year, column="budget")
        fy = data.financing_for(year)
        t.associations += 1
        t.interventions += len(data.interventions)
        t.state += (fy.state or ZERO) if fy else ZERO
        t.intervention_budget += figures.interventions_total or ZERO
        t.cost_lines += sum((x.amount for x in figures.cost_lines if x.amount is not None), ZERO)
        t.participants += sum((iv.participants(year) or ZERO for iv in data.interventions), ZERO)
    for totals in out.values():
        totals.__post_init__()
    return out


# The hand-written counterpart (PostgreSQL and SQLite): one statement, one row per year.
NATIONAL_TOTALS_SQL = """
WITH p AS (SELECT id, year FROM economy_plan),
iv AS (SELECT p.year, count(*) AS n FROM interventions_planintervention pi JOIN p ON p.id = pi.plan_id
       GROUP BY p.year),
amt AS (SELECT p.year,
               sum(CASE WHEN a.measure = 'budget' THEN a.value END) AS budget,
               sum(CASE WHEN a.measure = 'planned_participants' THEN a.value END) AS participants
        FROM interventions_interventionamount a
        JOIN interventions_planintervention pi ON pi.id = a.intervention_id
        JOIN p ON p.id = pi.plan_id
        WHERE a.year = p.year AND a.measure IN ('budget', 'planned_participants')
        GROUP BY p.year),
fin AS (SELECT p.year, sum(f.state) AS state FROM economy_financingyear f JOIN p ON p.id = f.plan_id
        WHERE f.year = p.year GROUP BY p.year),
cost AS (SELECT p.year, sum(l.amount) AS total FROM economy_budgetline l
         JOIN economy_budgetentry e ON e.id = l.entry_id JOIN p ON p.id = e.plan_id
         WHERE e.year = p.year AND e."column" = 'budget' AND l.side = 'cost' AND l.amount IS NOT NULL
         GROUP BY p.year)
SELECT p.year, count(*) AS associations, max(iv.n), max(fin.state), max(amt.budget), max(cost.total),
       max(amt.participants)
FROM p LEFT JOIN iv ON iv.year = p.year LEFT JOIN amt ON amt.year = p.year
LEFT JOIN fin ON fin.year = p.year LEFT JOIN cost ON cost.year = p.year
GROUP BY p.year ORDER BY p.year
"""
