"""Tertials: reading and writing `tertials` (samordna.finsam.planfile) and the forecast rule and
tertial report (samordna.finsam.tertials; FINSAM.md B8)."""

import copy
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from samordna.finsam import plan as p
from samordna.finsam import tertials as t
from samordna.finsam.planfile import PlanFileError, dump_plan, plan_to_dict, read_plan
from tests.finsam.builders import read_doc, yaml_of

D = Decimal

# 2022: contributions FK 400 000, AF 0, the region 200 000, A 150 000 and B 50 000; interest
# 1 200; intervention X 600 000; office 300 000 and premises 60 000.
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
    "financing": [{"year": 2022, "state": 400000}],
    "interventions": [{"id": "x", "name": "Insats X", "level": "individual", "budget": {2022: 600000}},
                      {"id": "y", "name": "Insats Y", "level": "structural", "budget": {2023: 80000}}],
    "budget": [
        {"year": 2022, "revenue": [{"id": "ranta", "label": "Ränta", "kind": "financial", "amount": 1200}],
         "costs": [{"id": "kansli", "label": "Kansli", "kind": "office", "amount": 300000},
                   {"id": "lokal", "label": "Lokal", "kind": "office", "amount": 60000}]},
        {"year": 2022, "column": "outcome",
         "costs": [{"id": "kansli", "label": "Kansli", "kind": "office", "amount": 289000},
                   {"id": "konferens", "label": "Konferens", "kind": "development", "amount": 9000}]},
        {"year": 2023, "costs": [{"id": "nytt", "label": "Nytt", "kind": "other", "amount": 5000}]},
    ],
    "tertials": [{
        "year": 2022, "period": "T1",
        "outcome": {"lines": {"kansli": 95000, "lokal": 20000}, "interventions": {"x": 150000},
                    "contributions": {"fk": 200000}},
        "forecast": {"lines": {"kansli": 290000}},
        "comments": {"x": "Färre deltagare än planerat", "kansli": "Vakans i mars"},
        "reported_on": "2022-05-10",
        "note": "Preliminärt",
    }],
}


def doc() -> dict:
    return copy.deepcopy(DOC)


def build(document: dict | None = None) -> p.Plan:
    plan, warnings = read_doc(doc() if document is None else document)
    assert warnings == []
    return plan


def with_tertials(*tertials: dict) -> dict:
    document = doc()
    document["tertials"] = list(tertials)
    return document


def errors_of(document: dict) -> list[str]:
    with pytest.raises(PlanFileError) as info:
        read_plan(yaml_of(document))
    return info.value.errors


# ---------------------------------------------------------------- reading


def test_tertials_are_read_into_dataclasses():
    assert build().tertials == (p.Tertial(
        year=2022, period="T1",
        outcome=p.TertialFigures(lines={"kansli": D(95000), "lokal": D(20000)},
                                 interventions={"x": D(150000)}, contributions={"fk": D(200000)}),
        forecast=p.TertialFigures(lines={"kansli": D(290000)}),
        comments={"x": "Färre deltagare än planerat", "kansli": "Vakans i mars"},
        reported_on=date(2022, 5, 10), note="Preliminärt"),)


def test_tertials_absent_are_empty():
    document = doc()
    del document["tertials"]
    assert build(document).tertials == ()


def test_tertials_every_part_is_optional():
    assert build(with_tertials({"year": 2022, "period": "T2"})).tertials == (
        p.Tertial(year=2022, period="T2"),)


def test_tertials_plan_finds_one_by_year_and_period():
    plan = build(with_tertials({"year": 2022, "period": "T1"}, {"year": 2022, "period": "T2", "note": "två"}))
    assert plan.tertial(2022, "T2").note == "två"
    assert plan.tertial(2022, "T3") is None


def test_tertials_line_of_another_column_of_the_year_is_known():
    plan = build(with_tertials({"year": 2022, "period": "T3", "outcome": {"lines": {"konferens": 9000}}}))
    assert plan.tertials[0].outcome.lines == {"konferens": D(9000)}


def test_tertials_amounts_follow_the_unit():
    document = with_tertials({"year": 2022, "period": "T1", "outcome": {"lines": {"kansli": "95,5"}}})
    document["unit"] = "tkr"
    assert build(document).tertials[0].outcome.lines == {"kansli": D(95500)}


def test_tertials_unknown_keys_are_warnings():
    _, warnings = read_doc(with_tertials({"year": 2022, "period": "T1", "colour": "red",
                                          "outcome": {"costs": {"kansli": 1}}}))
    assert warnings == ["tertials[0].colour: okänd nyckel, ignoreras",
                        "tertials[0].outcome.costs: okänd nyckel, ignoreras"]


@pytest.mark.parametrize(("tertial", "expected"), [
    ({"year": 2022}, ["tertials[0].period: saknas (obligatorisk)"]),
    ({"period": "T1"}, ["tertials[0].year: saknas (obligatorisk)"]),
    ({"year": 2022, "period": "T4"}, ['tertials[0].period: "T4" är inte tillåtet; välj en av: T1, T2, T3']),
    ({"year": 2022, "period": "t1"}, ['tertials[0].period: "t1" är inte tillåtet; välj en av: T1, T2, T3']),
    ({"year": 2022, "period": "T1", "outcome": {"lines": {"hyra": 5}}},
     ['tertials[0].outcome.lines.hyra: "hyra" är ingen kostnads- eller intäktsrad i budgeten för 2022']),
    ({"year": 2022, "period": "T1", "outcome": {"lines": {"nytt": 5}}},
     ['tertials[0].outcome.lines.nytt: "nytt" är ingen kostnads- eller intäktsrad i budgeten för 2022']),
    ({"year": 2022, "period": "T1", "forecast": {"interventions": {"z": 5}}},
     ['tertials[0].forecast.interventions.z: "z" är ingen känd insats']),
    ({"year": 2022, "period": "T1", "outcome": {"contributions": {"c": 5}}},
     ['tertials[0].outcome.contributions.c: "c" är ingen känd medlem']),
    ({"year": 2022, "period": "T1", "outcome": {"lines": {"kansli": "mycket"}}},
     ['tertials[0].outcome.lines.kansli: "mycket" är inte ett belopp']),
    ({"year": 2022, "period": "T1", "outcome": {"lines": {"kansli": None}}},
     ["tertials[0].outcome.lines.kansli: saknar värde"]),
    ({"year": 2022, "period": "T1", "outcome": {"lines": [1]}},
     ["tertials[0].outcome.lines: ska vara en mappning id: belopp, inte en lista"]),
    ({"year": 2022, "period": "T1", "outcome": 5},
     ['tertials[0].outcome: ska vara en mappning (nyckel: värde), inte "5"']),
    ({"year": 2022, "period": "T1", "comments": {"q": "text"}},
     ['tertials[0].comments.q: "q" är ingen rad i budgeten för 2022, insats eller medlem']),
    ({"year": 2022, "period": "T1", "comments": {"x": None}}, ["tertials[0].comments.x: saknar text"]),
    ({"year": 2022, "period": "T1", "comments": ["x"]},
     ["tertials[0].comments: ska vara en mappning id: text, inte en lista"]),
    ({"year": 2022, "period": "T1", "reported_on": "maj"},
     ['tertials[0].reported_on: "maj" ska vara ett datum (ÅÅÅÅ-MM-DD)']),
])
def test_tertials_errors_are_reported_by_path(tertial, expected):
    assert errors_of(with_tertials(tertial)) == expected


def test_tertials_one_entry_per_year_and_period():
    assert errors_of(with_tertials({"year": 2022, "period": "T1"}, {"year": 2022, "period": "T2"},
                                   {"year": 2022, "period": "T1"})) == [
        'tertials[2]: år och period "2022 T1" förekommer mer än en gång']


def test_tertials_not_a_list_is_an_error():
    document = doc()
    document["tertials"] = {"year": 2022}
    assert errors_of(document) == ["tertials: ska vara en lista, inte en mappning"]


# ---------------------------------------------------------------- writing


def test_tertials_are_written_after_budget_in_canonical_order():
    out = plan_to_dict(build())
    assert list(out)[-2:] == ["budget", "tertials"]
    assert out["tertials"] == [{
        "year": 2022, "period": "T1",
        "outcome": {"lines": {"kansli": D(95000), "lokal": D(20000)}, "interventions": {"x": D(150000)},
                    "contributions": {"fk": D(200000)}},
        "forecast": {"lines": {"kansli": D(290000)}},
        "comments": {"x": "Färre deltagare än planerat", "kansli": "Vakans i mars"},
        "reported_on": date(2022, 5, 10), "note": "Preliminärt"}]
    assert list(out["tertials"][0]) == ["year", "period", "outcome", "forecast", "comments",
                                        "reported_on", "note"]


def test_tertials_empty_parts_are_left_out():
    assert plan_to_dict(build(with_tertials({"year": 2022, "period": "T3"})))["tertials"] == [
        {"year": 2022, "period": "T3"}]


def test_tertials_and_split_key_round_trip_dump_read_dump():
    document = doc()
    document["association"]["split_key"] = {"a": 27, "b": "41.5"}
    document["tertials"].append({"year": 2022, "period": "T2", "outcome": {"lines": {"ranta": "600,25"}},
                                 "forecast": {"contributions": {"a": 0}}})
    plan = build(document)
    text = dump_plan(plan)
    assert "tertials:\n- year: 2022\n  period: T1\n  outcome:\n    lines: {kansli: 95000, lokal: 20000}\n" in text
    again, warnings = read_plan(text)
    assert warnings == []
    assert again == plan
    assert dump_plan(again) == text


# ---------------------------------------------------------------- the forecast rule


def test_tertials_year_gone_and_months_left_by_period():
    assert [t.year_gone(x) for x in p.PERIODS] == [Fraction(1, 3), Fraction(2, 3), Fraction(1)]
    assert [t.months_left(x) for x in p.PERIODS] == [8, 4, 0]


def test_tertials_unknown_period_is_refused():
    with pytest.raises(ValueError, match="Okänd period 'T4'"):
        t.year_gone("T4")
    with pytest.raises(ValueError, match="Okänd period"):
        t.default_forecast(budget=D(1), outcome=D(1), period="Q1")


@pytest.mark.parametrize(("period", "expected"), [("T1", D(466667)), ("T2", D(333333)), ("T3", D(200000))])
def test_tertials_default_forecast_is_outcome_plus_the_budget_of_the_months_left(period, expected):
    # 200 000 + 400 000 × 8/12 = 466 666.67; × 4/12 = 133 333.33; × 0.
    assert t.default_forecast(budget=D(400000), outcome=D(200000), period=period) == expected


def test_tertials_default_forecast_rounds_half_up():
    # 7.50 × 4/12 = 2.50 → 3 (half even would give 2)
    assert t.default_forecast(budget=D("7.50"), outcome=D(0), period="T2") == D(3)
    # 0.10 + 4.50 × 8/12 = 3.10 → 3
    assert t.default_forecast(budget=D("4.50"), outcome=D("0.10"), period="T1") == D(3)


def test_tertials_default_forecast_after_t3_is_the_outcome_in_whole_kronor():
    assert t.default_forecast(budget=D(1000), outcome=D("1234.50"), period="T3") == D(1235)


def test_tertials_default_forecast_without_budget_is_the_outcome():
    assert t.default_forecast(budget=None, outcome=D(5000), period="T1") == D(5000)


def test_tertials_default_forecast_without_outcome_keeps_the_budget():
    assert t.default_forecast(budget=D("1000.40"), outcome=None, period="T1") == D("1000.40")
    assert t.default_forecast(budget=None, outcome=None, period="T2") is None


def test_tertials_default_forecast_of_a_credit():
    # −1 000 + 300 × 8/12 = −800
    assert t.default_forecast(budget=D(300), outcome=D(-1000), period="T1") == D(-800)


def test_tertials_given_forecast_wins_over_the_rule():
    assert t.forecast(budget=D(100), outcome=D(90), given=D(95), period="T1") == D(95)
    assert t.forecast(budget=D(100), outcome=D(90), given=None, period="T1") == D(157)
    assert t.forecast(budget=D(100), outcome=None, given=D(0), period="T1") == D(0)


# ---------------------------------------------------------------- the report


def rows(plan: p.Plan, year: int = 2022, period: str = "T1") -> dict:
    return {(i.group, i.id): i for i in t.tertial_report(plan, year, period)}


def test_tertials_report_lists_items_in_budget_order():
    assert [(i.group, i.id) for i in t.tertial_report(build(), 2022, "T1")] == [
        ("contribution", "fk"), ("contribution", "af"), ("contribution", "region"),
        ("contribution", "a"), ("contribution", "b"), ("revenue", "ranta"),
        ("intervention", "x"), ("cost", "kansli"), ("cost", "lokal")]


def test_tertials_report_default_forecast_of_an_intervention():
    x = rows(build())["intervention", "x"]
    assert (x.label, x.budget, x.outcome, x.used, x.year_gone) == (
        "Insats X", D(600000), D(150000), Fraction(1, 4), Fraction(1, 3))
    assert (x.forecast, x.forecast_given, x.deviation) == (D(550000), False, D(-50000))
    assert x.comment == "Färre deltagare än planerat"


def test_tertials_report_given_forecast_of_a_line():
    kansli = rows(build())["cost", "kansli"]
    assert (kansli.budget, kansli.outcome, kansli.used) == (D(300000), D(95000), Fraction(19, 60))
    assert (kansli.forecast, kansli.forecast_given, kansli.deviation) == (D(290000), True, D(-10000))
    assert kansli.comment == "Vakans i mars"


def test_tertials_report_line_on_track_has_no_deviation():
    lokal = rows(build())["cost", "lokal"]
    assert (lokal.forecast, lokal.deviation, lokal.used, lokal.comment) == (
        D(60000), D(0), Fraction(1, 3), None)


def test_tertials_report_contribution_outcome_and_forecast():
    r = rows(build())
    fk = r["contribution", "fk"]
    assert (fk.budget, fk.outcome, fk.forecast, fk.deviation) == (D(400000), D(200000), D(466667), D(66667))
    region = r["contribution", "region"]
    assert (region.budget, region.outcome, region.used, region.forecast, region.deviation) == (
        D(200000), None, None, D(200000), D(0))
    af = r["contribution", "af"]
    assert (af.budget, af.used, af.forecast, af.deviation) == (D(0), None, D(0), D(0))


def test_tertials_report_item_without_outcome_keeps_its_budget():
    ranta = rows(build())["revenue", "ranta"]
    assert (ranta.budget, ranta.outcome, ranta.forecast, ranta.deviation) == (D(1200), None, D(1200), D(0))


def test_tertials_report_share_of_the_year_gone_by_period():
    plan = build()
    assert {i.year_gone for i in t.tertial_report(plan, 2022, "T2")} == {Fraction(2, 3)}
    assert {i.year_gone for i in t.tertial_report(plan, 2022, "T3")} == {Fraction(1)}


def test_tertials_report_without_a_tertial_forecasts_the_budget():
    r = rows(build(), 2022, "T2")
    assert all(i.outcome is None and i.forecast == i.budget and i.deviation == 0 for i in r.values())
    assert r["intervention", "x"].comment is None


def test_tertials_report_unbudgeted_line_of_another_column_is_listed_when_reported():
    plan = build(with_tertials({"year": 2022, "period": "T2", "outcome": {"lines": {"konferens": 4000}},
                                "comments": {"konferens": "Ej budgeterad"}}))
    konferens = rows(plan, 2022, "T2")["cost", "konferens"]
    assert (konferens.label, konferens.budget, konferens.outcome, konferens.used) == (
        "Konferens", None, D(4000), None)
    assert (konferens.forecast, konferens.deviation, konferens.comment) == (D(4000), D(4000), "Ej budgeterad")
    assert ("cost", "konferens") not in rows(plan, 2022, "T1")


def test_tertials_report_of_a_plan_year_uses_the_plan_column():
    r = rows(build(), 2023, "T1")
    assert [(k, i.budget) for k, i in r.items()] == [(("intervention", "y"), D(80000)), (("cost", "nytt"), D(5000))]


def test_tertials_report_refuses_an_unknown_period():
    with pytest.raises(ValueError, match="Okänd period"):
        t.tertial_report(build(), 2022, "T0")


def test_tertials_forecast_gives_every_item_its_whole_year_figure():
    assert t.tertial_forecast(build(), 2022, "T1") == p.TertialFigures(
        lines={"ranta": D(1200), "kansli": D(290000), "lokal": D(60000)},
        interventions={"x": D(550000)},
        contributions={"fk": D(466667), "af": D(0), "region": D(200000), "a": D(150000), "b": D(50000)})


# ---------------------------------------------------------------- every item, the year's columns, checks


def test_tertials_report_every_item_lists_what_the_grid_can_take():
    r = {(i.group, i.id) for i in t.tertial_report(build(), 2022, "T1", every_item=True)}
    # Insats Y has no budget in 2022 and the office outcome column's Konferens line is unbudgeted:
    # the grid still offers both (a tertial may report on them).
    assert r == {("contribution", "fk"), ("contribution", "af"), ("contribution", "region"),
                 ("contribution", "a"), ("contribution", "b"), ("revenue", "ranta"),
                 ("intervention", "x"), ("intervention", "y"), ("cost", "kansli"), ("cost", "lokal"),
                 ("cost", "konferens")}


def test_tertials_item_carries_its_kind_part_and_default():
    r = rows(build())
    assert (r["cost", "kansli"].kind, r["cost", "kansli"].part) == ("office", "lines")
    assert (r["intervention", "x"].kind, r["intervention", "x"].part) == ("individual", "interventions")
    assert (r["contribution", "fk"].kind, r["contribution", "fk"].part) == ("forsakringskassan", "contributions")
    # The default rule's value is kept beside a given forecast: 95 000 + 300 000 × 8/12.
    assert (r["cost", "kansli"].default, r["cost", "kansli"].forecast) == (D(295000), D(290000))


def test_tertials_year_without_tertial_takes_its_forecast_column_and_t3_its_outcome_column():
    document = doc()
    document["budget"].append({"year": 2022, "column": "forecast",
                               "costs": [{"id": "kansli", "label": "Kansli", "kind": "office", "amount": 310000}]})
    document["interventions"][0]["forecast"] = {2022: 580000}
    del document["tertials"]
    plan = build(document)
    t2 = rows(plan, 2022, "T2")
    assert (t2["cost", "kansli"].forecast, t2["cost", "kansli"].forecast_given, t2["cost", "kansli"].outcome) == (
        D(310000), True, None)
    assert t2["intervention", "x"].forecast == D(580000)
    assert t2["cost", "lokal"].forecast == D(60000)  # neither: its budget
    t3 = rows(plan, 2022, "T3")
    # The outcome column (kansli 289 000, konferens 9 000) is the outcome of T3.
    assert (t3["cost", "kansli"].outcome, t3["cost", "kansli"].forecast) == (D(289000), D(310000))
    assert (t3["cost", "konferens"].outcome, t3["cost", "konferens"].forecast) == (D(9000), D(9000))
    assert t.tertial_source(plan, 2023, "T1") is None


def test_tertials_a_given_tertial_wins_over_the_years_columns():
    document = doc()
    document["budget"].append({"year": 2022, "column": "forecast",
                               "costs": [{"id": "lokal", "label": "Lokal", "kind": "office", "amount": 70000}]})
    # T1 is given: its rules apply; the forecast column is not read for it.
    assert rows(build(document), 2022, "T1")["cost", "lokal"].forecast == D(60000)  # 20 000 + 60 000 × 8/12


def test_tertials_latest_and_current_period():
    plan = build(with_tertials({"year": 2022, "period": "T2"}, {"year": 2022, "period": "T1"}))
    assert t.latest_period(plan, 2022) == "T2"
    assert t.latest_period(plan, 2023) is None
    assert t.current_period(plan, 2022, date(2022, 3, 1)) == "T2"  # what is given wins
    assert [t.current_period(plan, 2023, day) for day in (
        date(2023, 4, 30), date(2023, 5, 1), date(2023, 8, 31), date(2023, 9, 1), date(2024, 1, 1))] == [
        "T1", "T1", "T1", "T2", "T3"]
    assert t.current_period(plan, 2025, date(2023, 1, 1)) == "T1"


def test_tertials_has_period_figures_needs_an_outcome_or_a_forecast():
    only_comments = build(with_tertials({"year": 2022, "period": "T1", "comments": {"x": "Bra"}}))
    assert t.has_period_figures(only_comments, 2022) is False
    assert t.has_period_figures(build(), 2022) is True


@pytest.mark.parametrize(("part", "item", "known"), [
    ("lines", "kansli", True), ("lines", "konferens", True), ("lines", "nytt", False),
    ("interventions", "y", True), ("interventions", "z", False),
    ("contributions", "a", True), ("contributions", "kansli", False), ("other", "x", False)])
def test_tertials_item_known_as_the_reader_checks(part, item, known):
    assert t.item_known(build(), 2022, part, item) is known


@pytest.mark.parametrize(("value", "problem"), [
    (D("95000"), None), (D("-1200.50"), None), (D("9999999999999.99"), None), (D(0), None),
    (D("10000000000000"), "Beloppet är orimligt stort (högst 9 999 999 999 999 kr)."),
    (D("-1e13"), "Beloppet är orimligt stort (högst 9 999 999 999 999 kr)."),
    (D("12.345"), "Beloppet får ha högst två decimaler (öre)."),
    (D("NaN"), "Beloppet är inte ett tal."), (D("Infinity"), "Beloppet är inte ett tal.")])
def test_tertials_amount_problem(value, problem):
    assert t.amount_problem(value) == problem


def test_tertials_comment_problem():
    assert t.comment_problem("Vakans i mars.\nRekrytering pågår.") is None
    assert t.comment_problem("x" * 2000) is None
    assert t.comment_problem("x" * 2001) == "Kommentaren får vara högst 2000 tecken (den har 2001)."
    assert t.comment_problem("a\x00b") == "Kommentaren innehåller otillåtna styrtecken."


def test_tertials_used_share_is_exact():
    assert t.used_share(budget=D(300000), outcome=D(95000)) == Fraction(19, 60)
    assert t.used_share(budget=D(0), outcome=D(5)) is None
    assert t.used_share(budget=None, outcome=D(5)) is None
    assert t.used_share(budget=D(5), outcome=None) is None
