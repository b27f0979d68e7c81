"""The financing scenario: the smallest commitment sets the total (samordna.finsam.scenario; FINSAM.md F3, F4)."""

import copy
from decimal import Decimal
from fractions import Fraction

from samordna.finsam import plan as p
from samordna.finsam.financing import contribution_split
from samordna.finsam.money import as_decimal, round_kronor
from samordna.finsam.scenario import financing_scenario, member_headroom
from tests.finsam.builders import TWO_KOMMUNER, read_doc

D = Decimal

BASE = TWO_KOMMUNER


def make(financing: dict, members: list | None = None) -> p.Plan:
    doc = copy.deepcopy(BASE)
    doc["financing"] = [financing]
    if members is not None:
        doc["members"] = members
    plan, _ = read_doc(doc)
    return plan


def caps_by_member(scenario) -> dict:
    return {c.member_id: c for c in scenario.caps}


# ---------------------------------------------------------------- seed 001 Södra Vätterbygden


def test_vatterbygden_2020_binding_member_is_jonkoping(vatterbygden):
    s = financing_scenario(plan=vatterbygden, year=2020)
    assert s.year == 2020
    assert s.binding_member == "jonkoping"
    assert s.max_quarter == Fraction(1348270 * 1670000, 1345100)


def test_vatterbygden_2020_max_total_is_rounded_down(vatterbygden):
    s = financing_scenario(plan=vatterbygden, year=2020)
    exact = 4 * Fraction(1348270) * 1670000 / 1345100
    assert D(exact.numerator) / D(exact.denominator) > D("6695742.77")
    assert D(exact.numerator) / D(exact.denominator) < D("6695742.78")
    # FINSAM.md prints 6 695 743 (rounded to nearest); plan-file.md rounds down.
    assert s.max_total == D("6695742")
    assert s.max_total != D("6695743")


def test_vatterbygden_2020_max_total_stays_within_jonkopings_offer(vatterbygden):
    s = financing_scenario(plan=vatterbygden, year=2020)
    share = Fraction(1345100, 1670000)
    offer = Fraction(1348270)
    assert Fraction(s.max_total) / 4 * share <= offer
    # Rounding to nearest would ask Jönköping for more than it accepted.
    assert Fraction(6695743) / 4 * share > offer


def test_vatterbygden_2020_caps_per_member(vatterbygden):
    s = financing_scenario(plan=vatterbygden, year=2020)
    caps = caps_by_member(s)
    assert list(caps) == ["state", "region", "habo", "vaggeryd", "jonkoping", "mullsjo"]
    assert {k: round_kronor(as_decimal(c.cap)) for k, c in caps.items()} == {
        "state": D("2800000"), "region": D("1821600"), "habo": D("1800892"), "vaggeryd": D("1779859"),
        "jonkoping": D("1673936"), "mullsjo": D("1696493"),
    }
    assert caps["region"].cap == Fraction(1821600)
    assert caps["habo"].cap == Fraction(127680 * 1670000, 118400)
    assert caps["habo"].share == Fraction(118400, 1670000)
    assert caps["state"].share == Fraction(2)
    assert caps["state"].offer == D("5600000")
    assert caps["jonkoping"].offer == D("1348270")


def test_vatterbygden_2020_headroom(vatterbygden):
    s = financing_scenario(plan=vatterbygden, year=2020)
    caps = caps_by_member(s)
    assert caps["jonkoping"].headroom == 0
    assert all(c.headroom > 0 for k, c in caps.items() if k != "jonkoping")
    assert caps["region"].headroom == Fraction(1821600) - s.max_quarter
    assert round_kronor(as_decimal(caps["mullsjo"].headroom)) == D("22557")
    assert round_kronor(as_decimal(caps["state"].headroom)) == D("1126064")


def test_vatterbygden_2020_unused_state_offer(vatterbygden):
    s = financing_scenario(plan=vatterbygden, year=2020)
    assert s.state_offer == D("5600000")
    assert s.adopted_total == D("6680000")
    assert s.state_used == D("3340000")
    assert s.state_unused == D("2260000")
    assert s.max_state_used == D("3347871")
    assert s.max_state_unused == D("2252129")
    assert s.missing == ()


def test_vatterbygden_other_years_have_no_offers(vatterbygden):
    assert financing_scenario(plan=vatterbygden, year=2019) is None
    assert financing_scenario(plan=vatterbygden, year=2021) is None


def test_no_offers_gives_none(sydnarke):
    assert financing_scenario(plan=sydnarke, year=2022) is None
    assert financing_scenario(plan=sydnarke, year=2030) is None


# ---------------------------------------------------------------- small plans


def test_state_offer_binds():
    plan = make({"year": 2022, "state": 400000, "state_offer": 300000,
                 "offers": {"a": 1000000, "region": 900000}})
    s = financing_scenario(plan=plan, year=2022)
    assert s.binding_member == "state"
    assert s.max_quarter == Fraction(150000)
    assert s.max_total == D("600000")
    assert s.max_state_used == D("300000")
    assert s.max_state_unused == D("0")
    caps = caps_by_member(s)
    assert caps["state"].headroom == 0
    assert caps["a"].cap == Fraction(4000000, 3)  # 1 000 000 ÷ 3/4
    assert caps["region"].headroom == Fraction(750000)


def test_kommun_offer_binds_by_population_share_and_rounds_down():
    plan = make({"year": 2022, "state": 400000, "state_offer": 1000000, "offers": {"a": 100000, "b": 100000}})
    s = financing_scenario(plan=plan, year=2022)
    caps = caps_by_member(s)
    assert caps["a"].share == Fraction(3, 4)
    assert caps["b"].share == Fraction(1, 4)
    assert s.binding_member == "a"
    assert s.max_quarter == Fraction(400000, 3)
    assert s.max_total == D("533333")  # 533 333.33… rounded down
    assert s.max_state_used == D("266666")
    assert s.state_used == D("400000")
    assert s.state_unused == D("600000")


def test_offers_without_state_offer():
    plan = make({"year": 2022, "state": 400000, "offers": {"region": 250000}})
    s = financing_scenario(plan=plan, year=2022)
    assert s.binding_member == "region"
    assert s.max_total == D("1000000")
    assert s.state_offer is None
    assert s.state_unused is None
    assert s.max_state_unused is None
    assert [c.member_id for c in s.caps] == ["region"]


def test_an_fk_offer_caps_the_state_half():
    plan = make({"year": 2022, "state": 400000, "offers": {"fk": 500000, "region": 300000}})
    s = financing_scenario(plan=plan, year=2022)
    caps = caps_by_member(s)
    assert caps["fk"].cap == Fraction(250000)
    assert caps["fk"].share == Fraction(2)
    assert s.binding_member == "fk"
    assert s.max_total == D("1000000")


def test_the_first_of_equal_caps_binds():
    plan = make({"year": 2022, "state": 400000, "state_offer": 600000, "offers": {"region": 300000}})
    s = financing_scenario(plan=plan, year=2022)
    assert s.binding_member == "state"
    assert [c.headroom for c in s.caps] == [0, 0]


def test_offers_of_members_without_a_share_are_reported_missing():
    members = BASE["members"][:4] + [{"id": "b", "name": "B kommun", "kind": "kommun"}]
    plan = make({"year": 2022, "state": 400000, "state_offer": 500000, "offers": {"a": 100000}}, members)
    assert contribution_split(plan=plan, year=2022).member("a").share is None
    s = financing_scenario(plan=plan, year=2022)
    assert s.missing == ("a",)
    assert s.binding_member == "state"
    assert s.max_total == D("1000000")


def test_only_offers_without_shares_gives_none():
    members = BASE["members"][:4] + [{"id": "b", "name": "B kommun", "kind": "kommun"}]
    plan = make({"year": 2022, "state": 400000, "offers": {"a": 100000}}, members)
    assert financing_scenario(plan=plan, year=2022) is None


def test_plan_without_offers_gives_none():
    assert financing_scenario(plan=make({"year": 2022, "state": 400000}), year=2022) is None


def test_as_decimal():
    assert as_decimal(Fraction(1, 4)) == D("0.25")
    assert as_decimal(Fraction(6695742)) == D("6695742")


# ---------------------------------------------------------------- a member's headroom (letters)


def test_member_headroom_vatterbygden_2020(vatterbygden):
    s = financing_scenario(plan=vatterbygden, year=2020)
    jonkoping = member_headroom(plan=vatterbygden, scenario=s, member_id="jonkoping")
    # Jönköping binds: at the maximum total it pays exactly its offer.
    assert (jonkoping.offer, jonkoping.proposed, jonkoping.at_max, jonkoping.binding) == (
        Decimal("1348270"), Decimal("1345100"), Decimal("1348270"), True)
    assert (jonkoping.left_at_proposed, jonkoping.left_at_max) == (Decimal("3170"), Decimal("0"))
    habo = member_headroom(plan=vatterbygden, scenario=s, member_id="habo")
    # Habo's share of the kommuner 118 400 / 1 670 000 (7,09 %) of Q_max 1 673 935,69 = 118 679,06.
    assert (habo.offer, habo.proposed, habo.at_max, habo.binding) == (
        Decimal("127680"), Decimal("118400"), Decimal("118679"), False)
    assert (habo.left_at_proposed, habo.left_at_max) == (Decimal("9280"), Decimal("9001"))
    region = member_headroom(plan=vatterbygden, scenario=s, member_id="region")
    assert (region.at_max, region.left_at_max) == (Decimal("1673935"), Decimal("147665"))
    fk = member_headroom(plan=vatterbygden, scenario=s, member_id="fk")
    # The state's offer 5 600 000; the proposal uses 3 340 000, the maximum 3 347 871 (F4).
    assert (fk.offer, fk.proposed, fk.at_max) == (Decimal("5600000"), Decimal("3340000"), Decimal("3347871"))
    assert (fk.left_at_proposed, fk.left_at_max) == (Decimal("2260000"), Decimal("2252129"))
    af = member_headroom(plan=vatterbygden, scenario=s, member_id="af")
    assert (af.offer, af.proposed, af.at_max, af.left_at_max) == (None, Decimal("0"), Decimal("0"), None)
    assert member_headroom(plan=vatterbygden, scenario=s, member_id="nobody") is None
