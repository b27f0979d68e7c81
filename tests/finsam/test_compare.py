"""Two versions of a plan line by line (finsam.compare)."""

from dataclasses import replace
from decimal import Decimal

from samordna.finsam.compare import Row, plan_compare


def changed(tables):
    return {t.title: [(r.label, r.before, r.after) for r in t.rows if r.changed] for t in tables
            if t.changes}


def test_plan_compare_of_equal_plans_has_no_changes(sydnarke):
    comparison = plan_compare(sydnarke, sydnarke)
    assert comparison.changes == 0
    assert [t.title for t in comparison.financing] == ["Medlemsbidrag 2022", "Medlemsbidrag 2023",
                                                       "Medlemsbidrag 2024"]
    assert [t.title for t in comparison.budget] == ["Budget 2022", "Plan 2023", "Plan 2024"]


def test_plan_compare_shows_a_changed_line_with_the_totals_it_moves(sydnarke):
    entry = sydnarke.entry(2023, "plan")
    costs = tuple(replace(x, amount=Decimal(60000)) if x.id == "lokal" else x for x in entry.costs)
    after = replace(sydnarke, budget=tuple(replace(e, costs=costs) if e is entry else e
                                           for e in sydnarke.budget))
    comparison = plan_compare(sydnarke, after)
    assert changed(comparison.budget) == {"Plan 2023": [
        ("Kostnad: Hyra av lokal", Decimal(55000), Decimal(60000)),
        ("Summa kostnader", Decimal(5881000), Decimal(5886000)),
        ("Resultat", Decimal(-647000), Decimal(-652000))]}
    assert comparison.financing and changed(comparison.financing) == {}
    assert comparison.other == ()


def test_plan_compare_computes_each_members_contribution(sydnarke):
    fy = sydnarke.financing_for(2024)
    after = replace(sydnarke, financing=tuple(replace(f, state=Decimal(2717000)) if f is fy else f
                                              for f in sydnarke.financing))
    rows = changed(plan_compare(sydnarke, after).financing)["Medlemsbidrag 2024"]
    assert rows[:3] == [("Statens del", Decimal(2617000), Decimal(2717000)),
                        ("Försäkringskassan", Decimal(2617000), Decimal(2717000)),
                        ("Region Örebro län", Decimal(1308500), Decimal(1358500))]
    assert rows[-1] == ("Summa", Decimal(5234000), Decimal(5434000))


def test_plan_compare_lists_intervention_money_and_texts(sydnarke):
    ivs = tuple(replace(iv, budget={**iv.budget, 2024: {"common": Decimal(1)}})
                if iv.id == "drivbank" else iv for iv in sydnarke.interventions)
    info = replace(sydnarke.plan, reference="Dnr 5/2022",
                   sections=tuple(replace(s, text="Ny text.") if s.title == "Förbundets huvudmål 2022"
                                  else s for s in sydnarke.plan.sections))
    comparison = plan_compare(sydnarke, replace(sydnarke, interventions=ivs, plan=info))
    assert changed(comparison.interventions) == {"Insatser 2024": [
        ("Drivbänk", Decimal(0), Decimal(1)), ("Summa", Decimal(4655800), Decimal(4655801))]}
    assert [(t.where, t.label, t.after) for t in comparison.texts] == [
        ("Avsnitt", "Förbundets huvudmål 2022", "Ny text."), ("Uppgift", "Diarienummer", "Dnr 5/2022")]
    assert comparison.other == ()


def test_plan_compare_leaves_other_fields_to_the_diff(sydnarke):
    after = replace(sydnarke, plan=replace(sydnarke.plan, budget_title="Budget 2022–2024"))
    comparison = plan_compare(sydnarke, after)
    assert [(c.op, c.path) for c in comparison.other] == [("changed", "plan.budget_title")]
    assert comparison.changes == 1


def test_row_difference():
    assert Row("x", Decimal(5), Decimal(7)).difference == Decimal(2)
    assert Row("x", None, Decimal(7)).difference is None
    assert Row("x", None, None).changed is False
