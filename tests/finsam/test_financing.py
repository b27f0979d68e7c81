"""Member contributions by the Finsam split (samordna.finsam.financing; FINSAM.md F1, F2, F5)."""

import copy
import random
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from samordna.finsam import plan as p
from samordna.finsam.financing import (
    Weighted,
    contribution_change,
    contribution_split,
    contributions_total,
    financing_years,
    invoice_amount,
    largest_remainder,
)
from samordna.finsam.money import round_places
from tests.finsam.builders import TWO_KOMMUNER, read_doc

BASE = TWO_KOMMUNER


def make(**overrides) -> p.Plan:
    """The minimal valid plan, with top-level keys replaced."""
    doc = copy.deepcopy(BASE)
    doc.update(overrides)
    plan, _ = read_doc(doc)
    return plan


def kommun(member_id: str, *counts: tuple[str, int]) -> dict:
    member = {"id": member_id, "name": f"{member_id.upper()} kommun", "kind": "kommun"}
    if counts:
        member["population"] = [{"date": d, "count": c} for d, c in counts]
    return member


def amounts(f, kind: str | None = None) -> dict:
    return {m.id: m.amount for m in f.members if kind is None or m.kind == kind}


D = Decimal

# ---------------------------------------------------------------- largest remainder


def test_largest_remainder_sums_exactly_for_many_random_weight_sets():
    rng = random.Random(20220218)
    for _ in range(2000):
        n = rng.randint(1, 12)
        weights = [rng.choice([1, 2, 3, rng.randint(1, 1_000_000)]) for _ in range(n)]
        total = rng.choice([0, 1, n - 1, n, rng.randint(0, 50_000_000)])
        items = [Weighted(f"m{i}", w) for i, w in enumerate(weights)]
        parts = largest_remainder(D(total), items)
        assert list(parts) == [item.key for item in items]
        assert sum(parts.values()) == D(total)
        for item in items:
            exact = Fraction(total * item.weight, sum(weights))
            floor = exact.numerator // exact.denominator
            assert parts[item.key] in (D(floor), D(floor + 1))
            assert parts[item.key] == parts[item.key].to_integral_value()


def test_largest_remainder_gives_leftover_kronor_to_the_largest_fractions():
    rng = random.Random(7)
    for _ in range(500):
        n = rng.randint(2, 9)
        weights = [rng.randint(1, 100_000) for _ in range(n)]
        total = rng.randint(0, 10_000_000)
        items = [Weighted(f"m{i}", w) for i, w in enumerate(weights)]
        parts = largest_remainder(D(total), items)
        exact = [Fraction(total * w, sum(weights)) for w in weights]
        fractions = [e - (e.numerator // e.denominator) for e in exact]
        got_one = [parts[f"m{i}"] > exact[i].numerator // exact[i].denominator for i in range(n)]
        # Every member that got an extra krona has a fraction at least as large as every one that did not.
        for i in range(n):
            for j in range(n):
                if got_one[i] and not got_one[j]:
                    assert fractions[i] >= fractions[j]


def test_largest_remainder_reproduces_seed_002():
    parts = largest_remainder(D(1308500), [
        Weighted("laxa", 5637), Weighted("hallsberg", 15954), Weighted("kumla", 21640),
        Weighted("askersund", 11313)])
    # Exact 135 230.54 / 382 733.37 / 519 139.41 / 271 396.68; floors 1 308 498; +1 to .68 and .54.
    assert parts == {"laxa": D(135231), "hallsberg": D(382733), "kumla": D(519139), "askersund": D(271397)}


def test_largest_remainder_plain_largest_fraction_wins():
    # 0.25 / 0.25 / 0.5: the single leftover krona goes to the 0.5.
    assert largest_remainder(D(1), [Weighted("a", 1), Weighted("b", 1), Weighted("c", 2)]) == {
        "a": D(0), "b": D(0), "c": D(1)}


def test_largest_remainder_ties_go_to_the_larger_weight():
    # Exact 0.5 and 1.5: equal fractions; the later but larger item gets the krona.
    assert largest_remainder(D(2), [Weighted("small", 1), Weighted("large", 3)]) == {
        "small": D(0), "large": D(2)}


def test_largest_remainder_ties_with_equal_weights_go_to_the_earlier_item():
    assert largest_remainder(D(4), [Weighted("x", 2), Weighted("y", 2), Weighted("z", 2)]) == {
        "x": D(2), "y": D(1), "z": D(1)}
    assert largest_remainder(D(5), [Weighted("x", 2), Weighted("y", 2), Weighted("z", 2)]) == {
        "x": D(2), "y": D(2), "z": D(1)}
    assert largest_remainder(D(1), [Weighted("y", 7), Weighted("x", 7)]) == {"y": D(1), "x": D(0)}


def test_largest_remainder_exact_division_needs_no_leftover():
    assert largest_remainder(D(200000), [Weighted("a", 3000), Weighted("b", 1000)]) == {
        "a": D(150000), "b": D(50000)}


def test_largest_remainder_zero_weight_gets_nothing():
    assert largest_remainder(D(10), [Weighted("a", 0), Weighted("b", 3)]) == {"a": D(0), "b": D(10)}


def test_largest_remainder_without_items_is_empty():
    assert largest_remainder(D(100), []) == {}


def test_largest_remainder_refuses_ore():
    with pytest.raises(ValueError, match="hela kronor"):
        largest_remainder(D("100.50"), [Weighted("a", 1)])


def test_largest_remainder_refuses_weights_summing_to_zero():
    with pytest.raises(ValueError, match="positiva"):
        largest_remainder(D(100), [Weighted("a", 0), Weighted("b", 0)])


# ---------------------------------------------------------------- seed 002 Sydnärke


def test_sydnarke_kommun_split_reproduces_the_printed_table(sydnarke):
    f = contribution_split(plan=sydnarke, year=2022)
    assert amounts(f, "kommun") == {
        "laxa": D("135231"), "hallsberg": D("382733"), "kumla": D("519139"), "askersund": D("271397"),
    }
    assert sum(amounts(f, "kommun").values()) == D("1308500")


def test_sydnarke_parties_follow_the_fixed_split(sydnarke):
    f = contribution_split(plan=sydnarke, year=2022)
    assert f.state == D("2617000")
    assert f.region == D("1308500")
    assert f.municipalities == D("1308500")
    assert f.total == D("5234000")
    assert f.member("fk").amount == D("2617000")
    assert f.member("af").amount == D("0")
    assert f.member("region").amount == D("1308500")
    assert f.status == "adopted"
    assert f.population_date == date(2021, 6, 30)
    assert f.undivided == ()


def test_sydnarke_split_is_not_computed_from_printed_percentages(sydnarke):
    f = contribution_split(plan=sydnarke, year=2022)
    printed = sydnarke.financing_for(2022).shown_shares["laxa"]
    assert printed == D("0.1033")
    from_percentages = (D(1308500) * printed).quantize(D(1))
    assert from_percentages == D("135168")
    assert f.member("laxa").amount != from_percentages
    assert f.member("laxa").amount == D("135231")


def test_sydnarke_members_carry_population_and_share(sydnarke):
    f = contribution_split(plan=sydnarke, year=2022)
    laxa = f.member("laxa")
    assert laxa.population == 5637
    assert laxa.population_date == date(2021, 6, 30)
    assert laxa.share == Fraction(5637, 54544)
    assert laxa.explicit is False
    assert laxa.computed == D("135231")
    assert f.member("region").share == Fraction(1)
    assert f.member("fk").share is None


def test_sydnarke_every_plan_year_has_the_same_split(sydnarke):
    assert financing_years(sydnarke) == (2022, 2023, 2024)
    for year in (2022, 2023, 2024):
        assert contributions_total(sydnarke, year) == D("5234000")


# ---------------------------------------------------------------- seeds 000 and 001


def test_sjuharad_2021_parties_are_as_adopted(sjuharad):
    f = contribution_split(plan=sjuharad, year=2021)
    assert f.state == D("9032000")
    assert f.region == D("5000000")
    assert f.municipalities == D("5000000")
    assert f.total == D("19032000")
    assert f.member("fk").amount == D("4516000")
    assert f.member("af").amount == D("4516000")
    assert all(m.explicit for m in f.members)
    assert f.member("boras").amount == D("2504000")
    assert f.member("mark").share == Fraction(770, 5000)


def test_sjuharad_2022_is_requested_and_balanced(sjuharad):
    f = contribution_split(plan=sjuharad, year=2022)
    assert f.status == "requested"
    assert (f.state, f.region, f.municipalities, f.total) == (
        D("10000000"), D("5000000"), D("5000000"), D("20000000"))


def test_vatterbygden_2020_and_2019_totals(vatterbygden):
    f2020 = contribution_split(plan=vatterbygden, year=2020)
    assert (f2020.state, f2020.region, f2020.municipalities, f2020.total) == (
        D("3340000"), D("1670000"), D("1670000"), D("6680000"))
    assert f2020.member("jonkoping").amount == D("1345100")
    assert f2020.member("jonkoping").share == Fraction(1345100, 1670000)
    assert f2020.population_date == date(2019, 7, 1)
    f2019 = contribution_split(plan=vatterbygden, year=2019)
    assert f2019.total == D("6072000")
    assert f2019.municipalities == D("1518000")
    assert contributions_total(vatterbygden, 2019) == D("6072000")


def test_vatterbygden_shares_fall_back_to_amount_shares_without_population(vatterbygden):
    f = contribution_split(plan=vatterbygden, year=2019)
    assert f.member("habo").share == Fraction(106400, 1518000)
    assert f.member("habo").population is None
    assert f.member("habo").computed is None
    assert set(f.missing_population) == {"region", "habo", "jonkoping", "mullsjo", "vaggeryd"}
    assert f.undivided == ()


# ---------------------------------------------------------------- rules on small plans


def test_split_by_population_of_a_minimal_plan():
    f = contribution_split(plan=make(), year=2022)
    assert amounts(f) == {"fk": D(400000), "af": D(0), "region": D(200000), "a": D(150000), "b": D(50000)}
    assert f.total == D(800000)


def test_explicit_contribution_overrides_and_the_rest_is_shared():
    f = contribution_split(plan=make(financing=[{"year": 2022, "state": 400000, "contributions": {"a": 120000}}]),
                           year=2022)
    assert f.member("a").amount == D(120000)
    assert f.member("a").explicit is True
    assert f.member("a").computed == D(150000)  # what the population split would have given
    assert f.member("b").amount == D(80000)
    assert f.member("b").explicit is False
    assert f.municipalities == D(200000)


def test_explicit_contribution_rest_shared_by_population_among_the_others():
    members = BASE["members"][:3] + [
        kommun("a", ("2021-06-30", 5000)), kommun("b", ("2021-06-30", 1000)), kommun("c", ("2021-06-30", 2000))]
    plan = make(members=members, financing=[{"year": 2022, "state": 400000, "contributions": {"a": 100001}}])
    f = contribution_split(plan=plan, year=2022)
    # 99 999 left for b and c at 1:2 → 33 333 and 66 666.
    assert amounts(f, "kommun") == {"a": D(100001), "b": D(33333), "c": D(66666)}
    assert f.municipalities == D(200000)


def test_explicit_amounts_are_never_overridden_even_against_the_split():
    plan = make(financing=[{"year": 2022, "state": 400000, "contributions": {"region": 150000, "a": 1, "b": 2}}])
    f = contribution_split(plan=plan, year=2022)
    assert f.region == D(150000)
    assert f.municipalities == D(3)
    assert f.total == D(550003)


def test_members_lacking_population_get_no_amount_but_the_party_keeps_it():
    members = BASE["members"][:4] + [kommun("b")]
    f = contribution_split(plan=make(members=members), year=2022)
    assert f.member("a").amount is None
    assert f.member("b").amount is None
    assert f.municipalities == D(200000)
    assert f.total == D(800000)
    assert f.undivided == ("kommun",)
    assert "b" in f.missing_population
    assert "a" not in f.missing_population


def test_a_single_kommun_left_takes_the_rest_without_population():
    members = BASE["members"][:4] + [kommun("b")]
    plan = make(members=members, financing=[{"year": 2022, "state": 400000, "contributions": {"a": 150000}}])
    f = contribution_split(plan=plan, year=2022)
    assert f.member("b").amount == D(50000)
    assert f.undivided == ()
    assert f.member("b").share == Fraction(50000, 200000)


def test_one_region_gets_all_of_the_regions_part():
    f = contribution_split(plan=make(), year=2022)
    assert f.member("region").amount == D(200000)
    assert f.member("region").population is None
    assert f.region == D(200000)


def test_several_regions_share_by_population():
    members = [*BASE["members"][:2],
               {"id": "r1", "name": "Region 1", "kind": "region", "population": [{"date": "2021-06-30", "count": 1}]},
               {"id": "r2", "name": "Region 2", "kind": "region", "population": [{"date": "2021-06-30", "count": 2}]},
               *BASE["members"][3:]]
    f = contribution_split(plan=make(members=members), year=2022)
    # 66 666.67 / 133 333.33 → 66 667 / 133 333
    assert amounts(f, "region") == {"r1": D(66667), "r2": D(133333)}
    assert f.region == D(200000)
    assert f.member("r2").share == Fraction(2, 3)


def test_several_regions_without_population_stay_undivided():
    members = [*BASE["members"][:2], {"id": "r1", "name": "Region 1", "kind": "region"},
               {"id": "r2", "name": "Region 2", "kind": "region"}, *BASE["members"][3:]]
    f = contribution_split(plan=make(members=members), year=2022)
    assert amounts(f, "region") == {"r1": None, "r2": None}
    assert f.region == D(200000)
    assert f.undivided == ("region",)
    assert f.municipalities == D(200000)


POPULATIONS = (("2020-06-30", 1000), ("2021-06-30", 3000), ("2021-07-01", 9000))


def test_population_defaults_to_30_june_of_the_previous_year():
    members = BASE["members"][:3] + [kommun("a", *POPULATIONS), kommun("b", ("2021-06-30", 1000))]
    f = contribution_split(plan=make(members=members), year=2022)
    assert f.population_date == date(2021, 6, 30)
    assert f.member("a").population == 3000
    assert f.member("a").population_date == date(2021, 6, 30)
    assert amounts(f, "kommun") == {"a": D(150000), "b": D(50000)}


def test_population_is_the_latest_on_or_before_the_population_date():
    members = BASE["members"][:3] + [kommun("a", *POPULATIONS), kommun("b", ("2021-06-30", 1000))]
    plan = make(members=members, financing=[{"year": 2022, "state": 400000, "population_date": "2021-12-31"}])
    f = contribution_split(plan=plan, year=2022)
    assert f.population_date == date(2021, 12, 31)
    assert f.member("a").population == 9000
    assert amounts(f, "kommun") == {"a": D(180000), "b": D(20000)}


def test_population_after_the_population_date_is_not_used():
    members = BASE["members"][:3] + [kommun("a", *POPULATIONS), kommun("b", ("2021-06-30", 1000))]
    plan = make(members=members, financing=[{"year": 2022, "state": 400000, "population_date": "2021-06-29"}])
    f = contribution_split(plan=plan, year=2022)
    assert f.member("a").population == 1000
    assert f.member("b").population is None
    assert amounts(f, "kommun") == {"a": None, "b": None}
    assert f.undivided == ("kommun",)


def test_member_population_on():
    member = p.Member("a", "A", "kommun", tuple(p.PopulationCount(date.fromisoformat(d), c) for d, c in POPULATIONS))
    assert member.population_on(date(2019, 1, 1)) is None
    assert member.population_on(date(2020, 6, 30)).count == 1000
    assert member.population_on(date(2021, 6, 30)).count == 3000
    assert member.population_on(date(2030, 1, 1)).count == 9000


def test_state_paid_explicitly_by_fk_and_af():
    plan = make(financing=[{"year": 2022, "contributions": {"fk": 150000, "af": 50000}}])
    f = contribution_split(plan=plan, year=2022)
    assert f.state == D(200000)
    assert f.member("af").amount == D(50000)
    assert f.member("af").explicit is True
    assert f.region == D(100000)
    assert amounts(f, "kommun") == {"a": D(75000), "b": D(25000)}


def test_explicit_fk_alone_means_af_pays_nothing():
    f = contribution_split(plan=make(financing=[{"year": 2022, "contributions": {"fk": 300000}}]), year=2022)
    assert f.member("af").amount == D(0)
    assert f.member("af").explicit is False
    assert f.state == D(300000)
    assert f.region == D(150000)


def test_without_state_the_regions_amount_sets_the_kommuner_part():
    f = contribution_split(plan=make(financing=[{"year": 2022, "contributions": {"region": 100000}}]), year=2022)
    assert f.state is None
    assert f.total is None
    assert f.region == D(100000)
    assert f.municipalities == D(100000)
    assert amounts(f, "kommun") == {"a": D(75000), "b": D(25000)}


def test_without_any_amounts_nothing_is_known():
    f = contribution_split(plan=make(financing=[{"year": 2022}]), year=2022)
    assert amounts(f) == {"fk": None, "af": None, "region": None, "a": None, "b": None}
    assert (f.state, f.region, f.municipalities, f.total) == (None, None, None, None)


def test_status_comes_from_the_financing_year():
    f = contribution_split(plan=make(financing=[{"year": 2022, "state": 400000, "status": "preliminary"}]),
                           year=2022)
    assert f.status == "preliminary"


def test_a_year_without_financing_gives_none():
    plan = make()
    assert contribution_split(plan=plan, year=2023) is None
    assert contributions_total(plan, 2023) is None
    assert financing_years(plan) == (2022,)


def test_members_are_listed_in_plan_order():
    members = [BASE["members"][3], *BASE["members"][:3], BASE["members"][4]]
    f = contribution_split(plan=make(members=members), year=2022)
    assert [m.id for m in f.members] == ["a", "fk", "af", "region", "b"]


# ---------------------------------------------------------------- invoices and changes (F2, F5)


def test_invoice_amount_sends_the_whole_state_half_to_fk_and_nothing_to_af(sjuharad):
    # Seed 000 books FK 5 000 and AF 5 000 tkr for 2022: FK is invoiced both, AF nothing.
    f = contribution_split(plan=sjuharad, year=2022)
    assert invoice_amount(f, "fk") == Decimal("10000000")
    assert invoice_amount(f, "af") == Decimal("0")
    assert invoice_amount(f, "mark") == Decimal("770000")
    assert invoice_amount(f, "nobody") is None


def test_contribution_change_vatterbygden_habo_2019_to_2020(vatterbygden):
    # FINSAM.md F2: Habo 106 400 → 118 400 while the kommuner's total rose 10,0 % and Habo's
    # share of it moved 7,01 % → 7,09 %.
    change = contribution_change(current=contribution_split(plan=vatterbygden, year=2020),
                                 previous=contribution_split(plan=vatterbygden, year=2019),
                                 member_id="habo")
    assert (change.previous_year, change.previous_amount, change.amount) == (
        2019, Decimal("106400"), Decimal("118400"))
    assert change.change == Decimal("12000")
    assert round_places(change.change_share, 4) == Decimal("0.1128")
    assert (change.previous_party_total, change.party_total) == (Decimal("1518000"), Decimal("1670000"))
    assert round_places(change.party_change_share, 4) == Decimal("0.1001")
    assert change.previous_share == Fraction(106400, 1518000)
    assert change.share == Fraction(118400, 1670000)


def test_contribution_change_of_fk_is_the_state_half(sjuharad):
    change = contribution_change(current=contribution_split(plan=sjuharad, year=2022),
                                 previous=contribution_split(plan=sjuharad, year=2021), member_id="fk")
    assert (change.previous_amount, change.amount, change.change) == (
        Decimal("9032000"), Decimal("10000000"), Decimal("968000"))
    assert change.share is None and change.previous_share is None


def test_contribution_change_without_the_year_before(sydnarke):
    change = contribution_change(current=contribution_split(plan=sydnarke, year=2022), previous=None,
                                 member_id="laxa")
    assert (change.previous_year, change.previous_amount, change.change, change.change_share) == (
        2021, None, None, None)
    assert change.amount == Decimal("135231")
    assert contribution_change(current=contribution_split(plan=sydnarke, year=2022), previous=None,
                               member_id="nobody") is None
