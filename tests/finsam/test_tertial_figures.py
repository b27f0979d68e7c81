"""The year's figures from a tertial (samordna.finsam.budget `period_figures`, `budget_figures`
with a period, the outcome column as T3, the forecast column from the latest tertial) and the
follow-up as pages and documents show it (samordna.finsam.tertial_summary). Worked by hand."""

import copy
from decimal import Decimal
from fractions import Fraction

import pytest

from samordna.finsam import plan as p
from samordna.finsam.budget import budget_figures, columns, period_figures, previous_closing
from samordna.finsam.report import budget_json
from samordna.finsam.tertial_summary import tertial_summary
from tests.finsam.builders import read_doc

D = Decimal

# 2022: contributions FK 400 000, AF 0, the region 200 000, A 150 000 and B 50 000 (800 000);
# interest 1 200; intervention X 600 000; office 300 000 and premises 60 000. Revenue 801 200,
# costs 960 000, result −158 800; opening equity 500 000, closing 341 200.
DOC = {
    "format": "samordna/1",
    "association": {"id": "test", "name": "Samordningsförbundet Test"},
    "members": [
        {"id": "fk", "name": "Försäkringskassan", "kind": "forsakringskassan"},
        {"id": "af", "name": "Arbetsförmedlingen", "kind": "arbetsformedlingen"},
        {"id": "region", "name": "Regionen", "kind": "region"},
        {"id": "a", "name": "A kommun", "kind": "kommun", "population": [{"date": "2021-06-30", "count": 3000}]},
        {"id": "b", "name": "B kommun", "kind": "kommun", "population": [{"date": "2021-06-30", "count": 1000}]},
    ],
    "plan": {"year": 2022, "plan_years": [2023]},
    "financing": [{"year": 2022, "state": 400000}, {"year": 2023, "state": 400000}],
    "interventions": [{"id": "x", "name": "Insats X", "level": "individual", "budget": {2022: 600000, 2023: 600000}}],
    "budget": [
        {"year": 2022, "opening_equity": 500000,
         "revenue": [{"id": "ranta", "label": "Ränta", "kind": "financial", "amount": 1200}],
         "costs": [{"id": "kansli", "label": "Kansli", "kind": "office", "amount": 300000},
                   {"id": "lokal", "label": "Lokal", "kind": "office", "amount": 60000}]},
        {"year": 2023, "costs": [{"id": "kansli", "label": "Kansli", "kind": "office", "amount": 310000}]},
    ],
    "tertials": [
        {"year": 2022, "period": "T1",
         "outcome": {"lines": {"kansli": 95000, "lokal": 20000}, "interventions": {"x": 150000},
                     "contributions": {"fk": 200000}},
         "forecast": {"lines": {"kansli": 290000}},
         "comments": {"x": "Färre deltagare", "kansli": "Vakans i mars"}},
    ],
}


def build(**changes) -> p.Plan:
    document = copy.deepcopy(DOC)
    document.update(changes)
    plan, warnings = read_doc(document)
    assert warnings == []
    return plan


def figures(b) -> tuple:
    return (b.contributions, b.revenue, b.interventions_total, b.costs, b.result, b.opening_equity,
            b.closing_equity)


def test_tertial_forecast_figures_of_the_year():
    # FK 200 000 + 400 000 × 8/12 = 466 666,67 → 466 667; the others keep their budgets:
    # contributions 800 000 + 66 667. X 150 000 + 400 000 = 550 000, office 290 000 (given),
    # premises 20 000 + 40 000 = 60 000: costs 900 000. Result 867 867 − 900 000 = −32 133.
    b = budget_figures(plan=build(), year=2022, column="forecast", period="T1")
    assert (b.column, b.period, b.has_budget) == ("forecast", "T1", True)
    assert figures(b) == (D(866667), D(867867), D(550000), D(900000), D(-32133), D(500000), D(467867))
    assert [(x.id, x.amount) for x in b.revenue_lines] == [("ranta", D(1200))]
    assert [(x.id, x.amount) for x in b.cost_lines] == [("kansli", D(290000)), ("lokal", D(60000))]
    assert [(c.id, c.amount) for c in b.interventions] == [("x", D(550000))]
    assert b.admin_costs == D(350000)


def test_tertial_outcome_figures_to_date():
    # Contributions 200 000, revenue 200 000 (no interest yet); costs 150 000 + 95 000 + 20 000.
    b = budget_figures(plan=build(), year=2022, column="outcome", period="T1")
    assert figures(b) == (D(200000), D(200000), D(150000), D(265000), D(-65000), D(500000), D(435000))
    assert [(x.id, x.amount) for x in b.revenue_lines] == [("ranta", None)]


def test_tertial_without_figures_forecasts_the_budget_and_has_no_outcome():
    plan = build()
    forecast = period_figures(plan=plan, year=2022, column="forecast", period="T2")
    budget = budget_figures(plan=plan, year=2022)
    assert figures(forecast) == figures(budget) == (
        D(800000), D(801200), D(600000), D(960000), D(-158800), D(500000), D(341200))
    outcome = period_figures(plan=plan, year=2022, column="outcome", period="T2")
    assert outcome.has_budget is False
    assert figures(outcome) == (None, None, None, None, None, None, None)


def test_tertial_opening_equity_of_its_own_column_wins():
    document = copy.deepcopy(DOC["budget"])
    document.append({"year": 2022, "column": "forecast", "opening_equity": 510000})
    b = budget_figures(plan=build(budget=document), year=2022, column="forecast", period="T1")
    assert (b.opening_equity, b.opening_given, b.closing_equity) == (D(510000), True, D(477867))


def test_tertial_without_opening_equity_rolls_the_previous_year_forward():
    document = copy.deepcopy(DOC["budget"])
    del document[0]["opening_equity"]
    document.append({"year": 2021, "opening_equity": 100000,
                     "costs": [{"id": "kansli", "label": "Kansli", "kind": "office", "amount": 50000}]})
    plan = build(budget=document, financing=[*DOC["financing"], {"year": 2021, "state": 100000}])
    # 2021: revenue 200 000 − costs 50 000 = 150 000; closing 250 000 opens 2022.
    b = budget_figures(plan=plan, year=2022, column="forecast", period="T1")
    assert (b.opening_equity, b.opening_given, b.closing_equity) == (D(250000), False, D(217867))


def test_tertial_period_figures_only_for_forecast_or_outcome():
    with pytest.raises(ValueError, match="prognos eller utfall"):
        period_figures(plan=build(), year=2022, column="budget", period="T1")


def test_tertial_t3_outcome_is_the_years_outcome_column_and_opens_the_next_year():
    t3 = {"year": 2022, "period": "T3",
          "outcome": {"lines": {"kansli": 301000, "lokal": 59000, "ranta": "1250,50"},
                      "interventions": {"x": 580000},
                      "contributions": {"fk": 400000, "region": 200000, "a": 150000, "b": 50000}}}
    plan = build(tertials=[*DOC["tertials"], t3])
    assert (2022, "outcome") in columns(plan) and (2022, "forecast") in columns(plan)
    # Revenue 800 000 + 1 250,50; costs 580 000 + 301 000 + 59 000 = 940 000; result −138 749,50.
    outcome = budget_figures(plan=plan, year=2022, column="outcome")
    assert (outcome.period, *figures(outcome)) == (
        "T3", D(800000), D("801250.50"), D(580000), D(940000), D("-138749.50"), D(500000), D("361250.50"))
    # 2023 has no opening equity: it opens with 2022's closing equity from its outcome.
    assert previous_closing(plan=plan, year=2023) == D("361250.50")
    assert budget_figures(plan=plan, year=2023).opening_equity == D("361250.50")
    # The forecast column without a period is the latest tertial's: T3, whose forecasts are the
    # outcomes rounded to whole kronor (1 250,50 → 1 251), AF keeping its budget 0.
    forecast = budget_figures(plan=plan, year=2022, column="forecast")
    assert (forecast.period, forecast.revenue, forecast.costs) == ("T3", D(801251), D(940000))


def test_tertial_forecast_column_of_its_own_wins_without_a_period():
    document = copy.deepcopy(DOC["budget"])
    document.append({"year": 2022, "column": "forecast",
                     "costs": [{"id": "kansli", "label": "Kansli", "kind": "office", "amount": 280000}]})
    plan = build(budget=document)
    assert budget_figures(plan=plan, year=2022, column="forecast").period is None
    assert budget_figures(plan=plan, year=2022, column="forecast").costs == D(280000)
    assert budget_figures(plan=plan, year=2022, column="forecast", period="T1").costs == D(900000)


def test_tertial_columns_without_figures_add_nothing():
    plan = build(tertials=[{"year": 2022, "period": "T1", "comments": {"x": "Inget än"}}])
    assert columns(plan) == [(2022, "budget"), (2023, "plan")]


def test_tertial_contributions_forecast_keeps_an_undivided_part():
    members = copy.deepcopy(DOC["members"])
    del members[4]["population"]  # B kommun: the kommuner's quarter stays undivided
    plan = build(members=members, tertials=[{"year": 2022, "period": "T1",
                                            "outcome": {"contributions": {"fk": 200000}}}])
    split_total = budget_figures(plan=plan, year=2022).contributions
    assert split_total == D(800000)
    # Only FK deviates (+66 667): the undivided 200 000 stays in the forecast.
    assert budget_figures(plan=plan, year=2022, column="forecast", period="T1").contributions == D(866667)


def test_tertial_budget_json_names_the_period():
    plan = build()
    out = budget_json(plan, budget_figures(plan=plan, year=2022, column="outcome", period="T1"))
    assert (out["column"], out["period"], out["result"], out["closing_equity"]) == (
        "outcome", "T1", "-65000", "435000")
    assert "period" not in budget_json(plan, budget_figures(plan=plan, year=2022))


# ---------------------------------------------------------------- the summary


def test_tertial_summary_totals_per_group_and_the_year():
    s = tertial_summary(build(), 2022, "T1")
    got = {k: (t.budget, t.outcome, t.forecast, t.deviation) for k, t in s.totals.items()}
    assert got == {
        "contributions": (D(800000), D(200000), D(866667), D(66667)),
        "revenue_lines": (D(1200), D(0), D(1200), D(0)),
        "revenue": (D(801200), D(200000), D(867867), D(66667)),
        "interventions": (D(600000), D(150000), D(550000), D(-50000)),
        "cost_lines": (D(360000), D(115000), D(350000), D(-10000)),
        "costs": (D(960000), D(265000), D(900000), D(-60000)),
        "result": (D(-158800), D(-65000), D(-32133), D(126667)),
    }
    assert s.totals["costs"].used == Fraction(265000, 960000)
    assert s.year_gone == Fraction(1, 3)
    assert (s.opening.budget, s.opening.forecast) == (D(500000), D(500000))
    # The equity forecast: closing 467 867 against the budgeted 341 200.
    assert (s.closing.budget, s.closing.outcome, s.closing.forecast, s.closing.deviation) == (
        D(341200), D(435000), D(467867), D(126667))
    assert s.entered is True


def test_tertial_summary_item_sums_agree_with_the_totals():
    s = tertial_summary(build(), 2022, "T1")
    for group, key in (("contribution", "contributions"), ("intervention", "interventions")):
        assert sum(i.forecast for i in s.group(group)) == s.totals[key].forecast
        assert sum(i.deviation for i in s.group(group)) == s.totals[key].deviation


def test_tertial_summary_commented_items_largest_deviation_first():
    s = tertial_summary(build(), 2022, "T1")
    assert [(i.id, i.deviation, i.comment) for i in s.commented] == [
        ("fk", D(66667), None), ("x", D(-50000), "Färre deltagare"), ("kansli", D(-10000), "Vakans i mars")]


def test_tertial_summary_of_a_period_without_figures():
    s = tertial_summary(build(), 2022, "T3")
    assert s.entered is False and s.reported_on is None
    assert s.totals["result"].outcome is None and s.totals["result"].deviation == D(0)
    assert s.closing.forecast == s.closing.budget == D(341200)
