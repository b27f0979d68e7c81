"""The association's split key (`association.split_key`): reading, writing, the kommun split
(samordna.finsam.financing) and the review (samordna.finsam.checks, code `split_key`)."""

import copy
from decimal import Decimal
from fractions import Fraction

import pytest

from samordna.finsam import plan as p
from samordna.finsam.checks import review
from samordna.finsam.financing import Weighted, contribution_split, largest_remainder
from samordna.finsam.planfile import PlanFileError, dump_plan, plan_to_dict, read_plan
from tests.finsam.builders import read_doc, yaml_of

D = Decimal


def kommun(member_id: str, count: int | None = None) -> dict:
    member = {"id": member_id, "name": f"{member_id.capitalize()} kommun", "kind": "kommun"}
    if count is not None:
        member["population"] = [{"date": "2021-06-30", "count": count}]
    return member


# Three kommuner; the state's half 400 000 kr, so the kommuner owe 200 000 kr. By population
# (28 000 : 45 000 : 16 000) Ale would pay 62 921; by the key 27 : 41 : 19 it pays 62 069.
DOC = {
    "format": "samordna/1",
    "association": {"id": "test", "name": "Samordningsförbundet Test",
                    "split_key": {"ale": 27, "kungalv": 41, "tjorn": 19}},
    "members": [
        {"id": "fk", "name": "Försäkringskassan", "kind": "forsakringskassan"},
        {"id": "af", "name": "Arbetsförmedlingen", "kind": "arbetsformedlingen"},
        {"id": "region", "name": "Regionen", "kind": "region"},
        kommun("ale", 28000), kommun("kungalv", 45000), kommun("tjorn", 16000),
    ],
    "plan": {"year": 2022},
    "financing": [{"year": 2022, "state": 400000}],
}


def doc(**association) -> dict:
    out = copy.deepcopy(DOC)
    out["association"].update(association)
    out["association"] = {k: v for k, v in out["association"].items() if v is not None}
    return out


def build(document: dict) -> p.Plan:
    plan, warnings = read_doc(document)
    assert warnings == []
    return plan


def errors_of(document: dict) -> list[str]:
    with pytest.raises(PlanFileError) as info:
        read_plan(yaml_of(document))
    return info.value.errors


def kommun_amounts(plan: p.Plan, year: int = 2022) -> dict:
    f = contribution_split(plan=plan, year=year)
    return {m.id: m.amount for m in f.members if m.kind == p.KOMMUN}


def found(plan: p.Plan, code: str) -> list:
    return [f for f in review(plan) if f.code == code]


# ---------------------------------------------------------------- reading and writing


def test_split_key_is_read_as_decimal_weights_by_kommun():
    assert build(doc()).association.split_key == {"ale": D(27), "kungalv": D(41), "tjorn": D(19)}


def test_split_key_absent_is_none():
    assert build(doc(split_key=None)).association.split_key is None


def test_split_key_weights_may_be_fractions_and_grouped_strings():
    plan = build(doc(split_key={"ale": "27,5", "kungalv": "41.25", "tjorn": "1 019"}))
    assert plan.association.split_key == {"ale": D("27.5"), "kungalv": D("41.25"), "tjorn": D(1019)}


def test_split_key_weights_are_not_scaled_by_tkr():
    document = doc()
    document["unit"] = "tkr"
    document["financing"] = [{"year": 2022, "state": 400}]
    plan = build(document)
    assert plan.association.split_key == {"ale": D(27), "kungalv": D(41), "tjorn": D(19)}
    assert kommun_amounts(plan) == {"ale": D(62069), "kungalv": D(94253), "tjorn": D(43678)}


@pytest.mark.parametrize(("split_key", "expected"), [
    ({"ale": 27, "goteborg": 41}, 'association.split_key.goteborg: "goteborg" är ingen känd kommun bland '
                                  "medlemmarna"),
    ({"ale": 27, "region": 41}, 'association.split_key.region: "region" är ingen känd kommun bland medlemmarna'),
    ({"ale": 0}, 'association.split_key.ale: "0" ska vara en positiv vikt (t.ex. 27)'),
    ({"ale": -3}, 'association.split_key.ale: "-3" ska vara en positiv vikt (t.ex. 27)'),
    ({"ale": "många"}, 'association.split_key.ale: "många" är inte ett belopp'),
    ({"ale": None}, "association.split_key.ale: saknar vikt"),
    ({}, "association.split_key: ska ange en vikt för minst en kommun"),
    ([27, 41], "association.split_key: ska vara en mappning kommun: vikt (t.ex. {ale: 27, kungalv: 41}), "
               "inte en lista"),
])
def test_split_key_errors_are_reported_by_path(split_key, expected):
    assert errors_of(doc(split_key=split_key)) == [expected]


def test_split_key_is_written_after_the_name():
    association = plan_to_dict(build(doc(org_number="222000-1234")))["association"]
    assert list(association) == ["id", "name", "split_key", "org_number"]
    assert association["split_key"] == {"ale": D(27), "kungalv": D(41), "tjorn": D(19)}
    assert "  split_key: {ale: 27, kungalv: 41, tjorn: 19}\n" in dump_plan(build(doc()))


def test_split_key_round_trips_dump_read_dump():
    plan = build(doc(split_key={"ale": "27.5", "kungalv": 41, "tjorn": 19}))
    text = dump_plan(plan)
    again, warnings = read_plan(text)
    assert warnings == []
    assert again == plan
    assert dump_plan(again) == text


# ---------------------------------------------------------------- the kommun split


def test_split_key_governs_the_kommun_split_instead_of_population():
    # 200 000 × 27/87 = 62 068.97, × 41/87 = 94 252.87, × 19/87 = 43 678.16: two kronor left,
    # to Ale (.97) and Kungälv (.87).
    assert kommun_amounts(build(doc())) == {"ale": D(62069), "kungalv": D(94253), "tjorn": D(43678)}
    assert kommun_amounts(build(doc(split_key=None))) == {
        "ale": D(62921), "kungalv": D(101124), "tjorn": D(35955)}


def test_split_key_parts_sum_exactly_to_the_kommuner_part():
    f = contribution_split(plan=build(doc()), year=2022)
    assert sum(kommun_amounts(build(doc())).values()) == D(200000)
    assert f.municipalities == D(200000)
    assert f.total == D(800000)


def test_split_key_shares_and_computed_amounts_are_the_key_shares():
    f = contribution_split(plan=build(doc()), year=2022)
    assert {m.id: m.share for m in f.members if m.kind == p.KOMMUN} == {
        "ale": Fraction(27, 87), "kungalv": Fraction(41, 87), "tjorn": Fraction(19, 87)}
    assert {m.id: m.computed for m in f.members if m.kind == p.KOMMUN} == {
        "ale": D(62069), "kungalv": D(94253), "tjorn": D(43678)}
    assert f.split_key is True
    assert f.missing_split_key == ()


def test_split_key_does_not_touch_the_regions():
    document = doc()
    document["members"][2]["population"] = [{"date": "2021-06-30", "count": 1}]
    document["members"].insert(3, {"id": "r2", "name": "Region Två", "kind": "region",
                                   "population": [{"date": "2021-06-30", "count": 3}]})
    f = contribution_split(plan=build(document), year=2022)
    assert (f.member("region").amount, f.member("r2").amount) == (D(50000), D(150000))


def test_split_key_needs_no_population():
    document = doc()
    for member in document["members"][3:]:
        member.pop("population")
    plan = build(document)
    assert kommun_amounts(plan) == {"ale": D(62069), "kungalv": D(94253), "tjorn": D(43678)}
    assert contribution_split(plan=plan, year=2022).missing_population == ("region",)  # no kommun


def test_split_key_with_decimal_weights_is_exact():
    # 1 000 × 1.5/3.5 = 428.571…, × 2/3.5 = 571.428…: one krona left, to the larger fraction.
    document = doc(split_key={"ale": "1.5", "kungalv": 2})
    document["members"] = document["members"][:5]
    document["financing"] = [{"year": 2022, "state": 2000}]
    assert kommun_amounts(build(document)) == {"ale": D(429), "kungalv": D(571)}


def test_split_key_ties_go_to_the_larger_weight():
    # 10 × 1/4 = 2.5 and 10 × 3/4 = 7.5: equal fractions, the krona goes to the larger weight.
    assert largest_remainder(D(10), [Weighted("a", D(1), 9000), Weighted("b", D(3), 1)]) == {
        "a": D(2), "b": D(8)}


def test_split_key_ties_with_equal_weights_go_to_the_larger_population():
    document = doc(split_key={"ale": 1, "kungalv": 1, "tjorn": 1})
    document["financing"] = [{"year": 2022, "state": 200}]
    # 100 / 3 = 33.33 each: the one krona left goes to Kungälv, the largest population.
    assert kommun_amounts(build(document)) == {"ale": D(33), "kungalv": D(34), "tjorn": D(33)}


def test_split_key_ties_without_population_go_to_the_earlier_kommun():
    assert largest_remainder(D(100), [Weighted(k, D(1)) for k in ("x", "y", "z")]) == {
        "x": D(34), "y": D(33), "z": D(33)}


def test_split_key_explicit_amounts_win_and_the_rest_is_shared_by_the_key():
    document = doc()
    document["financing"][0]["contributions"] = {"tjorn": 50000}
    # 150 000 left for Ale and Kungälv, 27 : 41 → 59 558.82 and 90 441.18.
    assert kommun_amounts(build(document)) == {"ale": D(59559), "kungalv": D(90441), "tjorn": D(50000)}


def test_split_key_missing_kommun_leaves_the_part_undivided():
    f = contribution_split(plan=build(doc(split_key={"ale": 27, "kungalv": 41})), year=2022)
    assert {m.id: m.amount for m in f.members if m.kind == p.KOMMUN} == {
        "ale": None, "kungalv": None, "tjorn": None}
    assert f.municipalities == D(200000)
    assert f.undivided == (p.KOMMUN,)
    assert f.missing_split_key == ("tjorn",)
    assert f.missing_population == ("region",)  # the one region needs none; no kommun listed


def test_split_key_missing_kommun_with_an_explicit_amount_does_not_block_the_split():
    document = doc(split_key={"ale": 27, "kungalv": 41})
    document["financing"][0]["contributions"] = {"tjorn": 32000}
    f = contribution_split(plan=build(document), year=2022)
    # 168 000 × 27/68 = 66 705.88, × 41/68 = 101 294.12
    assert {m.id: m.amount for m in f.members if m.kind == p.KOMMUN} == {
        "ale": D(66706), "kungalv": D(101294), "tjorn": D(32000)}
    assert f.undivided == ()
    assert f.missing_split_key == ("tjorn",)


# ---------------------------------------------------------------- the review


def test_split_key_fires_for_an_amount_off_its_key_share():
    document = doc()
    document["financing"][0]["contributions"] = {"ale": 70000, "kungalv": 90000, "tjorn": 40000}
    findings = found(build(document), "split_key")
    assert [(f.severity, f.year, f.message) for f in findings] == [
        ("warning", 2022, "2022: Ale kommun betalar 70 000 kr, men fördelningsnyckeln (27 av 87) av "
                          "kommunernas 200 000 kr ger 62 069 kr."),
        ("warning", 2022, "2022: Kungalv kommun betalar 90 000 kr, men fördelningsnyckeln (41 av 87) av "
                          "kommunernas 200 000 kr ger 94 253 kr."),
        ("warning", 2022, "2022: Tjorn kommun betalar 40 000 kr, men fördelningsnyckeln (19 av 87) av "
                          "kommunernas 200 000 kr ger 43 678 kr."),
    ]


def test_split_key_fires_for_a_kommun_missing_from_the_key():
    findings = found(build(doc(split_key={"ale": 27, "kungalv": 41})), "split_key")
    assert [(f.severity, f.message) for f in findings] == [
        ("warning", "2022: kommunernas del kunde inte fördelas per kommun: fördelningsnyckeln "
                    "(association.split_key) saknar Tjorn kommun.")]


def test_split_key_fires_as_information_when_the_missing_kommun_has_an_explicit_amount():
    document = doc(split_key={"ale": 27, "kungalv": 41})
    document["financing"][0]["contributions"] = {"tjorn": 32000}
    assert [(f.severity, f.message) for f in found(build(document), "split_key")] == [
        ("info", "2022: kommunernas belopp är beslutade, men fördelningsnyckeln saknar Tjorn kommun, så "
                 "andelarna kan inte kontrolleras mot nyckeln.")]


def test_split_key_silent_when_the_amounts_follow_the_key():
    document = doc()
    document["financing"][0]["contributions"] = {"ale": 62070, "kungalv": 94252, "tjorn": 43678}
    assert found(build(document), "split_key") == []
    assert found(build(doc()), "split_key") == []


def test_split_key_silent_without_a_key():
    assert found(build(doc(split_key=None)), "split_key") == []


def test_split_key_population_share_is_not_checked_against_population_under_a_key():
    document = doc()
    document["financing"][0]["contributions"] = {"ale": 62069, "kungalv": 94253, "tjorn": 43678}
    assert found(build(document), "population_share") == []
    without_key = copy.deepcopy(document)
    del without_key["association"]["split_key"]
    assert [f.code for f in found(build(without_key), "population_share")] == ["population_share"] * 3


def test_split_key_population_is_not_reported_missing_under_a_key():
    document = doc()
    for member in document["members"][3:]:
        member.pop("population")
    assert found(build(document), "population") == []
    del document["association"]["split_key"]
    assert [f.severity for f in found(build(document), "population")] == ["warning"]


def test_split_key_identical_amounts_over_years_are_not_stale_population():
    document = doc()
    document["financing"] = [
        {"year": 2022, "state": 400000, "contributions": {"ale": 62069, "kungalv": 94253, "tjorn": 43678}},
        {"year": 2023, "state": 400000, "population_date": "2022-06-30",
         "contributions": {"ale": 62069, "kungalv": 94253, "tjorn": 43678}},
    ]
    assert found(build(document), "population_stale") == []
    del document["association"]["split_key"]
    assert [f.code for f in found(build(document), "population_stale")] == ["population_stale"]
