"""The Uppföljning Finsam figures (finsam.uppfoljning): the förbund's funds per financier,
equity and administrative costs (budget and outcome), each intervention's fields in UF's
order with its participants from records or counts, the sources, and configurable codes."""

from datetime import date
from decimal import Decimal

import pytest

from samordna.finsam import followup as fu
from samordna.finsam import uppfoljning as uf

from .builders import read_doc, two_kommuner


def doc(**changes) -> dict:
    d = two_kommuner()
    d["interventions"] = [
        {"id": "steget", "name": "Steget", "level": "individual", "category": "forberedande",
         "target_group": "Unga 16–29 år", "markings": ["esf_cofinancer"], "members": ["af", "a", "b"],
         "budget": {2022: {"a": 300000, "b": 100000}}, "outcome": {2022: 385500},
         "planned_participants": {2022: {"a": 30, "b": 10}}},
        {"id": "forum", "name": "Forum", "level": "structural", "category": "dialog", "members": ["fk", "a"],
         "budget": {2022: 50000}, "planned_participants": {2022: 120}},
        {"id": "raknat", "name": "Räknat", "level": "individual", "category": "kartlaggning", "follow_up": "count",
         "members": ["fk", "a"], "budget": {2022: 80000}},
        {"id": "ansokt", "name": "Ansökt", "level": "structural", "status": "applied", "members": ["fk", "a"],
         "budget": {2022: 10000}},
        {"id": "gammal", "name": "Gammal", "level": "individual", "members": ["fk", "a"], "budget": {2021: 5}},
    ]
    d["budget"] = [
        {"year": 2022, "column": "budget", "opening_equity": 250000,
         "revenue": [{"id": "ranta", "label": "Ränta", "kind": "financial", "amount": 1000}],
         "costs": [{"id": "kansli", "label": "Kansli", "kind": "office", "amount": 200000},
                   {"id": "revision", "label": "Revision", "kind": "audit", "amount": 20000},
                   {"id": "utv", "label": "Utvecklingsmedel", "kind": "development", "amount": 30000}]},
    ]
    d.update(changes)
    return d


def plan_of(d: dict):
    plan, _ = read_doc(d)
    return plan


def rec(code, iv="steget", gender="kvinna", start=(2022, 1), end=None, **kw) -> fu.Record:
    return fu.Record(intervention=iv, code=code, gender=gender, start=date(*start, 1),
                     end=date(*end, 1) if end else None, **kw)


RECORDS = (rec("S1"), rec("S2", gender="man"), rec("S3", gender="man", start=(2021, 3), end=(2022, 2)),
           rec("S4", gender="annat"), rec("S5", start=(2021, 1), end=(2021, 12)),  # not in 2022
           rec("S6", gender="man", end=(2022, 3), voided=True))
COUNTS = (fu.CountEntry("forum", 2022, "tertial", 1, head_count=40),
          fu.CountEntry("forum", 2022, "tertial", 2, head_count=35),
          fu.CountEntry("forum", 2021, "tertial", 3, head_count=99),
          fu.CountEntry("raknat", 2022, "month", 3, women=4, men=2, other=1))
MODES = {"steget": "deidentified", "forum": "count", "raknat": "count", "ansokt": "count", "gammal": "deidentified"}


def figures(d=None, records=RECORDS, counts=COUNTS, codes=uf.DEFAULT_CODES, year=2022):
    plan = plan_of(d or doc())
    return uf.national_figures(plan, fu.FollowUpData(records, counts, plan.interventions, MODES), year, codes)


def values(group) -> dict:
    return {e.key: e.value for e in group.entries}


def test_the_forbund_gives_funds_per_financier_equity_and_admin_costs_in_uf_order():
    f = figures()
    assert [e.key for e in f.forbund.entries] == [
        "funds.state.budget", "funds.state.outcome", "funds.region.budget", "funds.region.outcome",
        "funds.municipalities.budget", "funds.municipalities.outcome", "equity.budget", "equity.outcome",
        "admin.budget", "admin.outcome"]
    v = values(f.forbund)
    assert v["funds.state.budget"] == Decimal("400000")
    assert v["funds.region.budget"] == Decimal("200000")
    assert v["funds.municipalities.budget"] == Decimal("200000")
    # revenue 800 000 + 1 000; costs 400 000 + 50 000 + 80 000 + 10 000 (interventions) + 250 000 (lines)
    assert v["equity.budget"] == Decimal("250000") + Decimal("801000") - Decimal("790000")
    assert v["admin.budget"] == Decimal("220000")  # kansli and revision; development is no administration
    assert v["funds.state.outcome"] is None and v["equity.outcome"] is None and v["admin.outcome"] is None


def test_each_forbund_figure_says_where_it_comes_from():
    e = {x.key: x for x in figures().forbund.entries}
    assert e["funds.municipalities.budget"].source == (
        "Finansieringen 2022 (beslutad): A kommun 150\u00a0000\u00a0kr, B kommun 50\u00a0000\u00a0kr.")
    assert e["equity.budget"].source == ("Planens budget 2022: ingående eget kapital 250\u00a0000\u00a0kr "
                                         "+ resultat 11\u00a0000\u00a0kr.")
    assert e["admin.budget"].source == ("Planens budget 2022, kostnadsrader för administration: "
                                        "Kansli 200\u00a0000\u00a0kr, Revision 20\u00a0000\u00a0kr.")
    assert e["admin.outcome"].source == "Inget utfall för 2022 ännu (varken utfall i budgeten eller tertialrapport 3)."


def test_outcomes_come_from_the_outcome_column_or_else_the_third_tertial():
    d = doc()
    d["budget"].append({"year": 2022, "column": "outcome", "opening_equity": 250000,
                        "costs": [{"id": "kansli", "label": "Kansli", "kind": "office", "amount": 190000},
                                  {"id": "revision", "label": "Revision", "kind": "audit", "amount": 21000}]})
    v = values(figures(d).forbund)
    assert v["admin.outcome"] == Decimal("211000")
    # 800 000 contributions − 385 500 (Steget's outcome) − 211 000
    assert v["equity.outcome"] == Decimal("250000") + Decimal("800000") - Decimal("385500") - Decimal("211000")
    d = doc(tertials=[{"year": 2022, "period": "T3",
                       "outcome": {"lines": {"kansli": 201000, "utv": 5000}, "interventions": {"forum": 49000},
                                   "contributions": {"fk": 400000, "a": 150000}}}])
    f = figures(d)
    v = values(f.forbund)
    assert v["admin.outcome"] == Decimal("201000")
    assert v["funds.state.outcome"] == Decimal("400000")
    assert v["funds.municipalities.outcome"] == Decimal("150000")
    assert v["funds.region.outcome"] is None
    assert values(f.interventions[1])["outcome"] == Decimal("49000")
    assert f.interventions[1].entry("outcome").source == "Tertialrapport 3 2022 (helår), insatsens utfall."


def test_interventions_of_the_year_in_plan_order_with_ufs_fields():
    f = figures()
    assert [g.key for g in f.interventions] == ["steget", "forum", "raknat", "ansokt"]  # Gammal has no 2022
    steget = f.interventions[0]
    assert [e.key for e in steget.entries] == [
        "name", "level", "category", "target_group", "follow_up", "esf", "budget", "outcome",
        "participants.budgeted", "participants.women", "participants.men"]
    assert values(steget) == {
        "name": "Steget", "level": "Individinriktad insats", "category": "Förberedande",
        "target_group": "Unga 16–29 år", "follow_up": "Individuppföljning", "esf": "Ja, medfinansiering",
        "budget": Decimal("400000"), "outcome": Decimal("385500"), "participants.budgeted": 40,
        # S1, S4 (annat), S2, S3 in 2022; S5 ended 2021; S6 voided
        "participants.women": 1, "participants.men": 2}
    assert steget.notes == ("1 deltagare med annat kön ingår inte bland kvinnor och män: Uppföljning Finsam "
                            "tar bara emot kvinnor och män.",)
    assert steget.entry("budget").source == "Verksamhetsplanen 2022: insatsens budget 2022 (A kommun " \
        "300\u00a0000\u00a0kr, B kommun 100\u00a0000\u00a0kr)."
    assert steget.entry("participants.budgeted").source == \
        "Verksamhetsplanen 2022: planerade deltagare 2022 (A kommun 30, B kommun 10)."
    assert steget.entry("participants.women").source.startswith(
        "Deltagaruppföljningen: 4 avidentifierade poster pågående någon månad 2022")


def test_a_structural_intervention_gives_a_head_count_from_its_counts():
    forum = figures().interventions[1]
    assert [e.key for e in forum.entries][-2:] == ["participants.budgeted", "participants.count"]
    assert values(forum)["participants.count"] == 75  # 40 + 35; the 2021 count is another year
    assert values(forum)["follow_up"] == "Antal deltagare"
    assert forum.entry("participants.count").source == "Antal per period 2022 (tertial 1, tertial 2)."


def test_an_individual_count_intervention_gives_women_and_men_from_its_counts():
    raknat = figures().interventions[2]
    assert values(raknat)["participants.women"] == 4 and values(raknat)["participants.men"] == 2
    assert raknat.notes == ("1 deltagare med annat kön ingår inte bland kvinnor och män: Uppföljning Finsam "
                            "tar bara emot kvinnor och män.",)


def test_missing_figures_are_none_and_listed_with_what_to_do():
    f = figures(counts=())
    raknat = f.interventions[2]
    assert values(raknat)["participants.women"] is None
    assert raknat.entry("participants.women").source == \
        "Inga antal för 2022 är registrerade: registrera dem under Uppföljning."
    assert values(raknat)["participants.budgeted"] is None
    missing = [(g.key, e.key) for g, e in f.missing]
    assert ("raknat", "participants.budgeted") in missing and ("forum", "participants.count") in missing
    assert ("forbund", "equity.outcome") in missing
    assert ("raknat", "target_group") not in missing  # UF does not require it


def test_an_applied_intervention_has_no_participants_and_says_so():
    ansokt = figures().interventions[3]
    assert values(ansokt)["participants.count"] == 0
    assert ansokt.notes[0] == ("Insatsen är ansökt men inte beviljad; den förs in i Uppföljning Finsam "
                               "när den beviljats.")


def test_every_number_is_exact_even_a_small_one():
    assert values(figures().interventions[0])["participants.women"] == 1  # no suppression: UF takes the number


def test_codes_are_configurable_per_list():
    codes = uf.codes_with({"levels": {"individual": "IND"}, "esf": {"esf_cofinancer": "MF"}})
    v = values(figures(codes=codes).interventions[0])
    assert v["level"] == "IND" and v["esf"] == "MF" and v["follow_up"] == "Individuppföljning"
    assert codes.problems() == []


def test_codes_that_do_not_fit_are_refused():
    assert uf.codes_with({"levels": {"individual": " ", "other": "X"}}).problems() == [
        "levels: 'individual' saknar värde i Uppföljning Finsam", "levels: 'other' är ingen kod i Samordna"]
    with pytest.raises(ValueError, match="okända listor: genders"):
        uf.codes_with({"genders": {}})
    assert uf.DEFAULT_CODES.problems() == []


def test_rows_keep_numbers_as_numbers():
    rows = uf.rows(figures())
    assert rows[0] == ["Förbundet", "", "Tilldelade medel, Staten (Försäkringskassan och Arbetsförmedlingen), budget",
                       Decimal("400000"), "kr", "Finansieringen 2022 (beslutad): Försäkringskassan "
                       "400\u00a0000\u00a0kr, Arbetsförmedlingen 0\u00a0kr."]
    women = next(r for r in rows if r[1] == "steget" and r[2] == "Deltagare, kvinnor")
    assert women[3] == 1 and women[4] == "personer"


def test_value_text():
    e = uf.Entry("x", "X", Decimal("1208800"), uf.MONEY, "")
    assert uf.value_text(e) == "1\u00a0208\u00a0800\u00a0kr"
    assert uf.value_text(uf.Entry("x", "X", None, uf.COUNT, "")) == "saknas"
    assert uf.value_text(uf.Entry("x", "X", 7, uf.COUNT, "")) == "7"
