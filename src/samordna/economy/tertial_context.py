"""What the overview and budget pages show of the tertial follow-up: the current period's
budget, outcome and forecast as charts (SVG images from `tertial_chart`) beside tables of the
same figures, and where to enter them. Also where `/budget/<year>/forecast/` leads."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from samordna.finsam import plan as p
from samordna.finsam import tertials as rules
from samordna.finsam import vocabulary as vocab
from samordna.finsam.tertial_summary import COSTS, RESULT, REVENUE, tertial_summary

from .models import BudgetEntry, Plan
from .tertial_selectors import tertial_years

# Words in /f/<slug>/budget/<year>/<word>/ that mean the follow-up of the year.
FOLLOW_UP_WORDS = ("forecast", "outcome", "prognos", "utfall", "tertial", *p.PERIODS)


def tertial_panel(*, data: p.Plan, slug: str, plan_query: str, today: date,
                  interventions: bool = False) -> dict | None:
    """The plan year's follow-up at its current period, for an `{% include %}`."""
    from samordna.documents.reports import tertial_charts

    year = data.plan.year
    if year not in tertial_years(data):
        return None
    period = rules.current_period(data, year, today)
    summary = tertial_summary(data, year, period)
    totals_chart, iv_chart = tertial_charts(summary)
    grid = reverse("tertial_grid", args=[slug, year, period]) + plan_query

    def chart_url(kind: str) -> str:
        return reverse("tertial_chart", args=[slug, year, period, kind]) + plan_query

    return {
        "summary": summary, "year": year, "period": period, "grid_url": grid,
        "index_url": reverse("tertial_index", args=[slug]) + plan_query,
        "period_name": vocab.PERIODS[period], "period_end": vocab.PERIOD_ENDS[period],
        "rows": [summary.totals[k] for k in (REVENUE, COSTS, RESULT)] + [summary.closing],
        "totals_chart": chart_url("summa") if totals_chart and summary.entered else None,
        "totals_alt": totals_chart.alt if totals_chart else "",
        "interventions_chart": (chart_url("insatser") if interventions and iv_chart
                                and summary.entered else None),
        "interventions_alt": iv_chart.alt if iv_chart else "",
        "interventions": summary.group(rules.INTERVENTION) if interventions else (),
    }


def follow_up_url(*, plan: Plan, data: p.Plan, slug: str, plan_query: str, year: int,
                  column: str, today: date) -> str | None:
    """Where /budget/<year>/<column>/ leads when it means the year's follow-up: the tertial
    grid, unless the plan stores that column itself (its opening equity is edited there)."""
    if column not in FOLLOW_UP_WORDS or year not in tertial_years(data):
        return None
    if column in p.COLUMNS and BudgetEntry.objects.filter(plan=plan, year=year,
                                                          column=column).exists():
        return None
    period = column if column in p.PERIODS else rules.current_period(data, year, today)
    return reverse("tertial_grid", args=[slug, year, period]) + plan_query
