"""Budget figures per year and column (samordna.finsam.budget; FINSAM.md B2–B4, B9–B11)."""

import copy
from decimal import Decimal

from samordna.finsam import plan as p
from samordna.finsam.budget import (
    all_figures,
    budget_figures,
    columns,
    cost_per_participant,
    municipality_summary,
    previous_closing,
)
from samordna.finsam.money import round_kronor
from tests.finsam.builders import read_doc

D = Decimal
PERMILLE = D("0.001")

BASE = {
    "format": "samordna/1",
    "association": {"id": "test", "name": "Samordningsförbundet Test"},
    "members": [
        {"id": "fk", "name": "Försäkringskassan", "kind": "forsakringskassan"},
        {"id": "af", "name": "Arbetsförmedlingen", "kind": "arbetsformedlingen"},
        {"id": "region", "name": "Regionen", "kind": "region"},
        {"id": "a", "name": "A kommun", "kind": "kommun",
         "population": [{"date": "2020-06-30", "count": 3000}]},
        {"id": "b", "name": "B kommun", "kind": "kommun",
         "population": [{"date": "2020-06-30", "count": 1000}]},
    ],
    "plan": {"year": 2022, "plan_years": [2023]},
    "financing": [{"year": y, "state": 400000} for y in (2021, 2022, 2023)],
}


def make(**overrides) -> p.Plan:
    doc = copy.deepcopy(BASE)
    doc.update(overrides)
    plan, _ = read_doc(doc)
    return plan


def office(amount, line_id="kansli", **extra) -> dict:
    return {"id": line_id, "label": line_id.capitalize(), "kind": "office", "amount": amount, **extra}


# ---------------------------------------------------------------- seed 002 Sydnärke


def test_sydnarke_results_costs_and_interventions(sydnarke):
    got = {y: budget_figures(plan=sydnarke, year=y) for y in (2022, 2023, 2024)}
    assert {y: b.column for y, b in got.items()} == {2022: "budget", 2023: "plan", 2024: "plan"}
    assert {y: b.result for y, b in got.items()} == {2022: D("-546500"), 2023: D("-647000"), 2024: D("-771000")}
    assert {y: b.costs for y, b in got.items()} == {2022: D("5780500"), 2023: D("5881000"), 2024: D("6005000")}
    assert {y: b.interventions_total for y, b in got.items()} == {
        2022: D("4469000"), 2023: D("4561300"), 2024: D("4655800")}
    assert {y: b.revenue for y, b in got.items()} == {2022: D("5234000"), 2023: D("5234000"), 2024: D("5234000")}
    assert {y: b.contributions for y, b in got.items()} == {
        2022: D("5234000"), 2023: D("5234000"), 2024: D("5234000")}


def test_sydnarke_2022_admin_share_is_22_7_percent(sydnarke):
    b = budget_figures(plan=sydnarke, year=2022)
    assert b.admin_costs == D("1310000")
    assert b.admin_share == D("1310000") / D("5780500")
    assert b.admin_share.quantize(PERMILLE) == D("0.227")


def test_sydnarke_costs_include_the_financial_cost(sydnarke):
    b = budget_figures(plan=sydnarke, year=2022)
    assert [line.amount for line in b.cost_lines if line.kind == "financial"] == [D("1500")]
    assert b.costs == b.interventions_total + sum(line.amount for line in b.cost_lines)
    assert b.costs - b.interventions_total == D("1311500")


def test_sydnarke_has_no_equity(sydnarke):
    b = budget_figures(plan=sydnarke, year=2022)
    assert b.opening_equity is None
    assert b.opening_given is False
    assert b.closing_equity is None
    assert b.has_budget is True
    assert b.from_stated is False


def test_sydnarke_intervention_costs_in_plan_order(sydnarke):
    b = budget_figures(plan=sydnarke, year=2022)
    assert [(c.id, c.amount) for c in b.interventions] == [
        ("strukturinsatser", D("200000")), ("drivbank", D("0")), ("esf-ansokan", D("100000")),
        ("mottagningsteam", D("1208800")), ("rehabiliteringsmassan", D("30000")), ("coachingteam", D("2930200"))]


# ---------------------------------------------------------------- seed 001 Södra Vätterbygden


def test_vatterbygden_equity_chain(vatterbygden):
    budget_2019 = budget_figures(plan=vatterbygden, year=2019, column="budget")
    assert (budget_2019.opening_equity, budget_2019.closing_equity) == (D("1855011"), D("1861"))
    forecast_2019 = budget_figures(plan=vatterbygden, year=2019, column="forecast")
    assert forecast_2019.opening_equity == D("2122970")
    assert forecast_2019.result == D("-1337300")
    assert forecast_2019.closing_equity == D("785670")
    chain = {y: budget_figures(plan=vatterbygden, year=y) for y in (2020, 2021, 2022)}
    assert {y: (b.opening_equity, b.result, b.closing_equity) for y, b in chain.items()} == {
        2020: (D("785670"), D("-648800"), D("136870")),
        2021: (D("136870"), D("-38300"), D("98570")),
        2022: (D("98570"), D("-35000"), D("63570")),
    }
    assert not any(b.opening_given for b in chain.values())


def test_vatterbygden_2020_opens_at_the_2019_forecast_not_the_2019_budget(vatterbygden):
    assert previous_closing(plan=vatterbygden, year=2020) == D("785670")
    assert previous_closing(plan=vatterbygden, year=2019) is None


def test_vatterbygden_opening_equity_is_never_revenue(vatterbygden):
    b = budget_figures(plan=vatterbygden, year=2020)
    assert b.revenue == D("6680000")
    assert b.contributions == D("6680000")
    assert vatterbygden.entry(2020, "budget").stated["revenue"] == D("7465670")  # as printed, with equity
    assert b.costs == D("7328800")
    assert b.result == D("-648800")


def test_vatterbygden_2020_admin_share(vatterbygden):
    b = budget_figures(plan=vatterbygden, year=2020)
    assert b.admin_costs == D("958000")
    assert b.admin_share == D("958000") / D("7328800")
    assert b.admin_share.quantize(PERMILLE) == D("0.131")


def test_vatterbygden_columns_and_deficit_justification(vatterbygden):
    assert columns(vatterbygden) == [(2019, "budget"), (2019, "forecast"), (2020, "budget"), (2021, "plan"),
                                     (2022, "plan")]
    figures = all_figures(vatterbygden)
    assert [(b.year, b.column) for b in figures] == columns(vatterbygden)
    assert figures[2].deficit_justification.startswith("Under 2020 beräknas budgetens utgifter")
    assert figures[3].deficit_justification is None


def test_vatterbygden_forecast_column_reads_intervention_forecasts(vatterbygden):
    b = budget_figures(plan=vatterbygden, year=2019, column="forecast")
    assert b.interventions_total == D("6246800")
    assert dict((c.id, c.amount) for c in b.interventions)["enter"] == D("2602800")


# ---------------------------------------------------------------- seed 000 Sjuhärad


def test_sjuharad_2022_costs_result_and_admin(sjuharad):
    b = budget_figures(plan=sjuharad, year=2022)
    assert b.costs == D("19605000")
    assert b.revenue == D("20000000")
    assert b.result == D("395000")
    assert b.interventions_total == D("16755000")
    assert b.admin_costs == D("2850000")
    assert b.admin_share == D("2850000") / D("19605000")
    assert b.admin_share.quantize(PERMILLE) == D("0.145")


def test_sjuharad_2022_cost_per_participant(sjuharad):
    b = budget_figures(plan=sjuharad, year=2022)
    costs = {c.id: c for c in b.interventions}
    assert costs["aktiv-kraft"].amount == D("13855000")
    assert costs["aktiv-kraft"].participants == D("660")
    assert cost_per_participant(costs["aktiv-kraft"]) == D("13855000") / D("660")
    assert round_kronor(cost_per_participant(costs["aktiv-kraft"])) == D("20992")
    assert cost_per_participant(costs["grona-vagen-framat"]) == D("2000000") / D("70")
    assert round_kronor(cost_per_participant(costs["grona-vagen-framat"])) == D("28571")
    assert round_kronor(cost_per_participant(costs["studiesteget"])) == D("23333")
    assert cost_per_participant(costs["lokala-dagar"]) == D("1000")


def test_sjuharad_aktiv_kraft_keeps_its_kommun_parts(sjuharad):
    b = budget_figures(plan=sjuharad, year=2022)
    aktiv = next(c for c in b.interventions if c.id == "aktiv-kraft")
    assert aktiv.parts["boras"] == D("6050000")
    assert aktiv.parts["common"] == D("135000")
    assert sum(aktiv.parts.values()) - aktiv.parts["common"] == D("13720000")


def test_sjuharad_2022_municipality_summary(sjuharad):
    summary = municipality_summary(plan=sjuharad, year=2022)
    assert summary == [
        ("individual", "bollebygd", D("650000")),
        ("individual", "boras", D("8750000")),
        ("individual", "herrljunga", D("650000")),
        ("individual", "mark", D("2370000")),
        ("individual", "svenljunga", D("750000")),
        ("individual", "tranemo", D("800000")),
        ("individual", "ulricehamn", D("1650000")),
        ("individual", "vargarda", D("800000")),
        ("individual", "common", D("135000")),
        ("structural", "common", D("200000")),
    ]
    assert D("8750000") == D("6050000") + D("700000") + D("2000000")
    assert sum(amount for _, _, amount in summary) == D("16755000")


def test_sjuharad_2023_has_no_budget_but_financing_still_shows(sjuharad):
    b = budget_figures(plan=sjuharad, year=2023)
    assert b.column == "plan"
    assert b.has_budget is False
    assert (b.revenue, b.costs, b.result, b.closing_equity, b.admin_costs, b.admin_share) == (
        None, None, None, None, None, None)
    assert b.interventions == ()
    assert b.interventions_total is None
    assert b.contributions == D("20000000")
    assert municipality_summary(plan=sjuharad, year=2023) == []


# ---------------------------------------------------------------- small plans


def test_revenue_is_contributions_plus_revenue_lines():
    plan = make(budget=[{"year": 2022, "costs": [office(700000)], "revenue": [
        {"id": "esf", "label": "ESF", "kind": "external", "amount": 50000},
        {"id": "ranta", "label": "Ränta", "kind": "financial", "amount": 1000}]}])
    b = budget_figures(plan=plan, year=2022)
    assert b.contributions == D("800000")
    assert b.revenue == D("851000")
    assert b.costs == D("700000")
    assert b.result == D("151000")
    assert b.interventions_total is None


def test_admin_counts_admin_kinds_and_flagged_lines_only():
    plan = make(budget=[{"year": 2022, "costs": [
        {"id": "styrelse", "label": "Styrelse", "kind": "board", "amount": 1000},
        {"id": "kansli", "label": "Kansli", "kind": "office", "amount": 20000},
        {"id": "revision", "label": "Revision", "kind": "audit", "amount": 300},
        {"id": "ekonomi", "label": "Ekonomi", "kind": "economy", "amount": 4000},
        {"id": "info", "label": "Info", "kind": "information", "amount": 50000},
        {"id": "kurser", "label": "Kurser", "kind": "development", "amount": 600000},
        {"id": "resor", "label": "Resor", "kind": "development", "amount": 7, "admin": True},
        {"id": "lokal", "label": "Lokal", "kind": "office", "amount": 80, "admin": False},
        {"id": "reserv", "label": "Reserv", "kind": "unallocated", "amount": 900},
    ]}])
    b = budget_figures(plan=plan, year=2022)
    assert b.admin_costs == D("75307")
    assert b.costs == D("676287")


def test_intervention_amounts_of_the_column_are_costs():
    plan = make(interventions=[{"id": "x", "name": "X", "level": "individual",
                                "budget": {2022: {"a": 100000, "common": 5000}, 2023: 300000},
                                "forecast": {2022: 90000}, "outcome": {2021: 80000}}])
    assert budget_figures(plan=plan, year=2022).costs == D("105000")
    assert budget_figures(plan=plan, year=2022, column="forecast").costs == D("90000")
    assert budget_figures(plan=plan, year=2023).column == "plan"
    assert budget_figures(plan=plan, year=2023).costs == D("300000")
    assert budget_figures(plan=plan, year=2021, column="outcome").costs == D("80000")
    assert columns(plan) == [(2021, "outcome"), (2022, "budget"), (2022, "forecast"), (2023, "plan")]


def test_a_year_without_costs_has_no_budget():
    plan = make(budget=[{"year": 2022, "opening_equity": 100000,
                         "costs": [{"id": "kansli", "label": "Kansli", "kind": "office"}],
                         "stated": {"result": -5000}}])
    b = budget_figures(plan=plan, year=2022)
    assert b.has_budget is False
    assert (b.revenue, b.costs, b.result, b.closing_equity) == (None, None, None, None)
    assert b.opening_equity == D("100000")
    assert b.contributions == D("800000")


def test_a_zero_cost_line_is_a_budget():
    b = budget_figures(plan=make(budget=[{"year": 2022, "costs": [office(0)]}]), year=2022)
    assert b.has_budget is True
    assert b.costs == D("0")
    assert b.result == D("800000")


def test_a_year_given_only_as_stated_takes_its_figures_from_stated():
    plan = make(budget=[{"year": 2022, "opening_equity": 300000,
                         "stated": {"revenue": 810000, "costs": 900000, "result": -90000,
                                    "closing_equity": 210000}}])
    b = budget_figures(plan=plan, year=2022)
    assert b.from_stated is True
    assert b.has_budget is True
    assert b.revenue == D("810000")
    assert b.costs == D("900000")
    assert b.result == D("-90000")
    assert b.closing_equity == D("210000")
    assert b.interventions == ()


def test_a_stated_year_without_stated_revenue_uses_the_contributions():
    b = budget_figures(plan=make(budget=[{"year": 2022, "stated": {"costs": 900000}}]), year=2022)
    assert b.from_stated is True
    assert b.revenue == D("800000")
    assert b.result == D("-100000")
    assert b.closing_equity is None


def test_a_stated_year_without_opening_equity_takes_the_stated_closing():
    b = budget_figures(plan=make(budget=[{"year": 2022, "stated": {"costs": 900000, "closing_equity": 42}}]),
                       year=2022)
    assert b.opening_equity is None
    assert b.closing_equity == D("42")


def test_stated_revenue_is_used_without_financing():
    plan = make(financing=[], budget=[{"year": 2022, "costs": [office(500000)], "stated": {"revenue": 450000}}])
    b = budget_figures(plan=plan, year=2022)
    assert b.contributions is None
    assert b.revenue == D("450000")
    assert b.result == D("-50000")


def _three_columns(*cols: str) -> list[dict]:
    costs = {"budget": 700000, "forecast": 750000, "outcome": 780000}
    entries = [{"year": 2021, "column": c, "opening_equity": 100000, "costs": [office(costs[c])]} for c in cols]
    return entries + [{"year": 2022, "costs": [office(800000)]}]


def test_outcome_beats_forecast_beats_budget_for_the_next_opening():
    plan = make(budget=_three_columns("budget", "forecast", "outcome"))
    assert budget_figures(plan=plan, year=2022).opening_equity == D("120000")  # 100 000 + 800 000 − 780 000
    plan = make(budget=_three_columns("budget", "forecast"))
    assert budget_figures(plan=plan, year=2022).opening_equity == D("150000")
    plan = make(budget=_three_columns("budget"))
    assert budget_figures(plan=plan, year=2022).opening_equity == D("200000")
    plan = make(budget=_three_columns("outcome", "budget"))
    assert budget_figures(plan=plan, year=2022).opening_equity == D("120000")


def test_previous_plan_column_opens_the_next_plan_year():
    plan = make(budget=[{"year": 2022, "opening_equity": 1000, "costs": [office(700000)]},
                        {"year": 2023, "costs": [office(850000)]}])
    b = budget_figures(plan=plan, year=2023)
    assert b.column == "plan"
    assert b.opening_equity == D("101000")
    assert b.closing_equity == D("51000")


def test_a_given_opening_equity_wins_over_the_previous_closing():
    plan = make(budget=[{"year": 2021, "opening_equity": 100000, "costs": [office(700000)]},
                        {"year": 2022, "opening_equity": 5, "costs": [office(800000)]}])
    b = budget_figures(plan=plan, year=2022)
    assert b.opening_equity == D("5")
    assert b.opening_given is True
    assert b.closing_equity == D("5")
    assert previous_closing(plan=plan, year=2022) == D("200000")


def test_a_previous_year_without_budget_gives_no_opening():
    plan = make(budget=[{"year": 2021, "opening_equity": 100000}, {"year": 2022, "costs": [office(800000)]}])
    assert previous_closing(plan=plan, year=2022) is None
    assert budget_figures(plan=plan, year=2022).closing_equity is None


def test_cost_per_participant_without_participants_is_none():
    plan = make(interventions=[{"id": "x", "name": "X", "level": "structural", "budget": {2022: 5000}},
                               {"id": "y", "name": "Y", "level": "individual", "budget": {2022: 5000},
                                "planned_participants": {2022: 0}}])
    costs = budget_figures(plan=plan, year=2022).interventions
    assert [c.participants for c in costs] == [None, D("0")]
    assert [cost_per_participant(c) for c in costs] == [None, None]


def test_municipality_summary_orders_by_level_then_member_order_common_last():
    plan = make(interventions=[
        {"id": "s", "name": "S", "level": "structural", "budget": {2022: {"b": 7, "common": 1}}},
        {"id": "x", "name": "X", "level": "individual", "budget": {2022: {"common": 5, "b": 2, "a": 3}}},
        {"id": "y", "name": "Y", "level": "individual", "budget": {2022: {"a": 10}},
         "forecast": {2022: {"a": 99}}},
    ])
    assert municipality_summary(plan=plan, year=2022) == [
        ("individual", "a", D("13")), ("individual", "b", D("2")), ("individual", "common", D("5")),
        ("structural", "b", D("7")), ("structural", "common", D("1"))]
    assert municipality_summary(plan=plan, year=2022, column="forecast") == [("individual", "a", D("99"))]
