"""Rolling a plan forward to next year (finsam.rollforward)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from samordna.finsam import plan as p
from samordna.finsam.budget import budget_figures
from samordna.finsam.money import indexed
from samordna.finsam.rollforward import (
    RollForwardError,
    closing_equity,
    continues,
    first_plan,
    new_years,
    next_plan,
)

from .builders import read_doc, two_kommuner


def three_years(**plan_extra) -> p.Plan:
    doc = two_kommuner()
    doc["plan"] = {"year": 2022, "plan_years": [2023, 2024], "adopted_on": "2021-11-20",
                   "adopted_by": "Styrelsen", "reference": "Dnr 1/2021",
                   "title_page": "Verksamhetsplan 2022", "budget_title": "Budget 2022–2024",
                   "decisions": ["Fastställa budgeten 2022–2024."],
                   "sections": [{"title": "Bakgrund", "text": "Lagen."}],
                   "target_groups": [{"name": "Unga vuxna", "priority": True}],
                   "goals": [{"text": "Budgeten ska vara i balans.", "indicator": "budget_balance"}],
                   **plan_extra}
    doc["financing"] = [
        {"year": 2022, "state": 400000, "total": 800000, "label": "Medlemsbidrag 2022",
         "shown_shares": {"a": 0.75}, "state_offer": 500000},
        {"year": 2023, "state": 410000, "status": "preliminary", "contributions": {"a": 150000}},
        {"year": 2024, "state": 420000, "population_date": "2023-06-30"},
    ]
    doc["interventions"] = [
        {"id": "coach", "name": "Coachning", "level": "individual", "members": ["fk", "a"],
         "budget": {2022: 100000, 2023: 110000, 2024: {"a": 80000, "common": 40000}},
         "granted": {2024: 130000}, "planned_participants": {2023: 10, 2024: 12},
         "forecast": {2022: 95000}, "outcome": {2022: 90000},
         "external_funding": [{"source": "esf", "amount": {2022: 5000, 2024: 7000}},
                              {"source": "leader", "amount": {2022: 1000}}]},
        {"id": "slut", "name": "Avslutad", "level": "structural", "status": "ended",
         "budget": {2022: 5000}},
        {"id": "impl", "name": "Implementerad", "level": "structural", "status": "implemented",
         "budget": {2022: 5000, 2023: 5000}},
        {"id": "kort", "name": "Kort", "level": "structural", "period": {"end": "2022-12-31"},
         "budget": {2022: 1000}},
        {"id": "ny", "name": "Ansökt", "level": "structural", "status": "applied",
         "period": {"end": "2023-06-30"}, "budget": {2023: 2000}},
    ]
    doc["budget"] = [
        {"year": 2022, "opening_equity": 300000, "stated": {"costs": 1}, "label": "Budget 2022",
         "revenue": [{"id": "ranta", "label": "Ränta", "kind": "financial", "amount": 100}],
         "costs": [{"id": "kansli", "label": "Kansli", "kind": "office", "amount": 200000}]},
        {"year": 2022, "column": "forecast", "opening_equity": 300000,
         "costs": [{"id": "kansli", "label": "Kansli", "kind": "office", "amount": 190000}]},
        {"year": 2023, "deficit_justification": "Tidigare års överskott.",
         "costs": [{"id": "kansli", "label": "Kansli", "kind": "office", "amount": 210000},
                   {"id": "tom", "label": "Utan belopp", "kind": "other"}]},
        {"year": 2024, "costs": [{"id": "kansli", "label": "Kansli", "kind": "office",
                                  "amount": 220050, "admin": True}],
         "revenue": [{"id": "ranta", "label": "Ränta", "kind": "financial", "amount": 101}]},
    ]
    doc["calendar"] = [{"date": "2022-03-01", "body": "styrelse"}]
    doc["risks"] = {"strengths": ["Samverkan"]}
    doc["tertials"] = [{"year": 2022, "period": "T1", "outcome": {"lines": {"kansli": 60000}}}]
    plan, _ = read_doc(doc)
    return plan


def test_new_years_moves_every_year_on_by_one():
    assert new_years(three_years()) == (2023, 2024, 2025)
    assert new_years(three_years(plan_years=[])) == (2023,)


def test_next_plan_keeps_members_association_risks_and_texts():
    old = replace(three_years(), seats=(p.BoardSeat(id="anna", name="Anna", member="a",
                                                    role="regular"),),
                  bodies=(p.Body(id="bg", kind="preparatory_group", name="Beredningsgruppen"),))
    new = next_plan(old)
    assert new.seats == old.seats and new.bodies == old.bodies
    assert new.association == old.association
    assert [m.id for m in new.members] == ["fk", "af", "region", "a", "b"]
    assert new.plan.year == 2023 and new.plan.plan_years == (2024, 2025)
    assert new.plan.sections == old.plan.sections
    assert new.plan.target_groups == old.plan.target_groups
    assert new.plan.goals == old.plan.goals
    assert new.risks == old.risks


def test_next_plan_leaves_last_years_document_behind():
    new = next_plan(three_years())
    info = new.plan
    assert (info.adopted_on, info.adopted_by, info.reference) == (None, None, None)
    assert (info.title_page, info.budget_title, info.decisions) == (None, None, ())
    assert new.calendar == () and new.tertials == ()
    assert all(e.stated == {} and e.label is None for e in new.budget)
    assert all(not f.shown_shares and f.label is None and f.total is None
               and f.state_offer is None and not f.offers for f in new.financing)


def test_next_plan_shifts_financing_and_adds_the_new_year_as_requested():
    new = next_plan(three_years(), index=Decimal("0.02"))
    assert [(f.year, f.state, f.status, f.population_date, f.contributions) for f in new.financing] == [
        (2023, Decimal(410000), "preliminary", None, {"a": Decimal(150000)}),
        (2024, Decimal(420000), None, date(2023, 6, 30), {}),
        (2025, Decimal(420000), "requested", date(2023, 6, 30), {}),
    ]


def test_next_plan_keeps_planned_lines_and_indexes_the_new_year():
    new = next_plan(three_years(), index=Decimal("0.02"))
    assert [(e.year, e.column) for e in new.budget] == [(2023, "budget"), (2024, "plan"),
                                                       (2025, "plan")]
    amounts = {(e.year, x.id): x.amount for e in new.budget for x in (*e.revenue, *e.costs)}
    assert amounts == {
        (2023, "kansli"): Decimal(210000), (2023, "tom"): None,
        (2024, "kansli"): Decimal(220050), (2024, "ranta"): Decimal(101),
        (2025, "kansli"): Decimal(224451), (2025, "ranta"): Decimal(103),
    }
    last = new.entry(2025, "plan")
    assert last.costs[0].admin is True and last.costs[0].label == "Kansli"


def test_next_plan_without_index_copies_the_last_year():
    new = next_plan(three_years())
    assert new.entry(2025, "plan").costs[0].amount == Decimal(220050)
    assert next(iv for iv in new.interventions if iv.id == "coach").budget[2025] == {
        "a": Decimal(80000), "common": Decimal(40000)}


def test_next_plan_keeps_a_deficit_justification_of_a_year_it_keeps():
    new = next_plan(three_years())
    assert new.entry(2023, "budget").deficit_justification == "Tidigare års överskott."
    assert new.entry(2025, "plan").deficit_justification is None


def test_next_plan_opens_with_last_years_best_known_closing_equity():
    old = three_years()
    # Forecast 2022: 300 000 + 800 000 (contributions) − 190 000 (kansli) − 95 000 (coach)
    assert budget_figures(plan=old, year=2022, column="forecast").closing_equity == Decimal(815000)
    assert closing_equity(old, 2022) == Decimal(815000)
    new = next_plan(old)
    assert new.entry(2023, "budget").opening_equity == Decimal(815000)
    assert new.entry(2024, "plan").opening_equity is None


def test_closing_equity_is_none_without_figures():
    assert closing_equity(three_years(), 2030) is None


def test_next_plan_takes_only_continuing_interventions_with_their_identity():
    new = next_plan(three_years(), index=Decimal("0.02"))
    assert [iv.id for iv in new.interventions] == ["coach", "ny"]
    coach = new.interventions[0]
    assert coach.budget == {2023: {"common": Decimal(110000)},
                            2024: {"a": Decimal(80000), "common": Decimal(40000)},
                            2025: {"a": Decimal(81600), "common": Decimal(40800)}}
    assert coach.granted == {2024: {"common": Decimal(130000)},
                             2025: {"common": Decimal(132600)}}
    assert coach.planned_participants == {2023: {"common": Decimal(10)},
                                          2024: {"common": Decimal(12)},
                                          2025: {"common": Decimal(12)}}
    assert coach.forecast == {} and coach.outcome == {}
    assert [(f.source, f.amount) for f in coach.external_funding] == [
        ("esf", {2024: Decimal(7000)})]
    assert coach.members == ("fk", "a") and coach.name == "Coachning"
    assert new.interventions[1].budget == {2023: {"common": Decimal(2000)}}


@pytest.mark.parametrize(("status", "end", "goes_on"), [
    (None, None, True), ("ongoing", None, True), ("applied", None, True),
    ("granted", None, True), ("ended", None, False), ("implemented", None, False),
    (None, date(2022, 12, 31), False), (None, date(2023, 1, 1), True),
])
def test_continues_by_status_and_end(status, end, goes_on):
    iv = p.Intervention(id="x", name="X", level="structural", status=status, period_end=end)
    assert continues(iv, 2023) is goes_on


@pytest.mark.parametrize(("value", "index", "expected"), [
    (Decimal(100000), Decimal("0.02"), Decimal(102000)),
    (Decimal(1264900), Decimal("0.02"), Decimal(1290198)),
    (Decimal(25), Decimal("0.02"), Decimal(26)),  # 25.5 rounds half up
    (Decimal(24), Decimal("0.02"), Decimal(24)),  # 24.48
    (Decimal(100000), Decimal("-0.1"), Decimal(90000)),
    (Decimal("12.34"), None, Decimal("12.34")),
    (Decimal("12.34"), Decimal(0), Decimal("12.34")),
])
def test_indexed_rounds_half_up_to_whole_kronor(value, index, expected):
    assert indexed(value, index) == expected


@pytest.mark.parametrize("index", [Decimal("0.51"), Decimal("-0.6")])
def test_next_plan_refuses_an_absurd_index(index):
    with pytest.raises(RollForwardError, match="högst 50 procent"):
        next_plan(three_years(), index=index)


def test_next_plan_of_a_single_year_plan():
    new = next_plan(three_years(plan_years=[]), index=Decimal("0.1"))
    assert new.plan.years == (2023,)
    assert [f.year for f in new.financing] == [2023]
    assert new.entry(2023, "budget").costs[0].amount == Decimal(220000)
    assert next(iv for iv in new.interventions if iv.id == "coach").budget == {
        2023: {"common": Decimal(110000)}}


def test_next_plan_of_sydnarke_2022(sydnarke):
    new = next_plan(sydnarke, index=Decimal("0.02"))
    assert new.plan.years == (2023, 2024, 2025)
    assert [iv.id for iv in new.interventions] == [iv.id for iv in sydnarke.interventions]
    mottagning = next(iv for iv in new.interventions if iv.id == "mottagningsteam")
    assert {y: sum(v.values()) for y, v in mottagning.budget.items()} == {
        2023: Decimal(1236500), 2024: Decimal(1264900), 2025: Decimal(1290198)}
    assert budget_figures(plan=new, year=2023).costs == budget_figures(
        plan=sydnarke, year=2023).costs == Decimal(5881000)


def test_first_plan_is_minimal():
    old = three_years()
    plan = first_plan(association=old.association, members=old.members, year=2027)
    assert plan.plan.years == (2027, 2028, 2029)
    assert [f.year for f in plan.financing] == [2027, 2028, 2029]
    assert plan.interventions == () and plan.budget == ()
    assert first_plan(association=old.association, members=(), year=2027,
                      plan_years=0).plan.years == (2027,)


@pytest.mark.parametrize(("year", "plan_years", "message"), [
    (1999, 2, "mellan 2000 och 2100"), (2101, 2, "mellan 2000 och 2100"),
    (2027, 5, "0–4 planår"), (2027, -1, "0–4 planår")])
def test_first_plan_refuses_bad_years(year, plan_years, message):
    old = three_years()
    with pytest.raises(RollForwardError, match=message):
        first_plan(association=old.association, members=(), year=year, plan_years=plan_years)
