"""A förbund the seeds do not show: tests/data/other-forbund.yaml, written from plan-file.md alone.

Samordningsförbundet Exempelbygden (fictional): two regions with population, six kommuner
(five counted at 2022-12-31 and 2023-12-31, Granhamn only from 2024-12-31), every amount in
tkr with decimals, a state part only (the split computed by largest remainder), explicit
amounts that override, an undivided year, per-kommun intervention budgets with `common`,
forecast and outcome columns, opening equity and stated totals that agree.

The expected figures are worked out here by hand (Fraction and Decimal, nothing from the
rulebook) and compared with what the commands print with --json.
"""

import io
import json
from collections import Counter
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from samordna.finsam.checks import CODES
from samordna.organisation.models import Association

pytestmark = pytest.mark.django_db

FILE = Path(__file__).resolve().parent / "data" / "other-forbund.yaml"
KOMMUNER = ("ekudden", "fjallhult", "granhamn", "aspnas", "bjorkliden", "dammfors")  # file order
POP_2022 = {"ekudden": 4150, "fjallhult": 9885, "aspnas": 12345, "bjorkliden": 8020, "dammfors": 25600}
POP_2023 = {"ekudden": 4170, "fjallhult": 9902, "aspnas": 12410, "bjorkliden": 7985, "dammfors": 25733}
GRANHAMN_2024 = 3001
REGIONS_2022 = {"vasterfjall": 37945, "osterdal": 22055}
REGIONS_2023 = {"vasterfjall": 38143, "osterdal": 22057}


def tkr(text: str) -> Decimal:
    return Decimal(text) * 1000


def kr(value: Decimal | int) -> str:
    """Kronor as the --json outputs write them: whole kronor, else two decimals."""
    value = Decimal(value)
    return str(int(value)) if value == value.to_integral_value() else f"{value:.2f}"


def by_largest_remainder(total: int, weights: dict[str, int]) -> dict[str, int]:
    """What plan-file.md prescribes, written out independently: floor, then +1 by largest fraction
    (ties to the larger weight)."""
    exact = {k: Fraction(total * w, sum(weights.values())) for k, w in weights.items()}
    parts = {k: x.numerator // x.denominator for k, x in exact.items()}
    ranked = sorted(weights, key=lambda k: (exact[k] - parts[k], weights[k]), reverse=True)
    for k in ranked[:total - sum(parts.values())]:
        parts[k] += 1
    return parts


def run_json(*args: str) -> dict:
    out = io.StringIO()
    call_command(*args, "--json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load", str(FILE), stdout=io.StringIO(), stderr=io.StringIO())
    yield
    with django_db_blocker.unblock():
        Association.objects.filter(slug="exempelbygden").delete()


def financing(year: int) -> dict:
    # 2023 and 2024 precede the plan's years (2025–2027): read them from the 2025 plan.
    return run_json("financing", "exempelbygden", "--year", str(year), "--plan", "2025")


def amounts(f: dict) -> dict[str, str | None]:
    return {m["id"]: m["amount"] for m in f["members"]}


def budget(year: int, column: str | None = None) -> dict:
    args = ["budget", "exempelbygden", "--year", str(year), "--plan", "2025"]
    return run_json(*args, *(["--column", column] if column else []))


# ---------------------------------------------------------------- financing


def test_other_forbund_loads_with_no_warnings():
    out, err = io.StringIO(), io.StringIO()
    call_command("load", str(FILE), stdout=out, stderr=err)
    assert out.getvalue().endswith(" Samordningsförbundet Exempelbygden: verksamhetsplan 2025 (3 insatser).\n")
    assert err.getvalue() == ""


def test_other_forbund_2023_explicit_amounts_in_tkr_with_decimals(loaded):
    f = financing(2023)
    # "1 328.075" and "771,925" tkr: grouped and comma-decimal strings.
    assert amounts(f) == {
        "fk": "2100000", "af": "2100000", "vasterfjall": "1328075", "osterdal": "771925",
        "ekudden": "145000", "fjallhult": "350000",
        "granhamn": "0",  # the only kommun without an amount gets what the kommuner still owe: nothing
        "aspnas": "430000", "bjorkliden": "280000", "dammfors": "895000"}
    assert f["parties"] == {"state": "4200000", "region": "2100000", "municipalities": "2100000"}
    assert f["total"] == "8400000"
    assert [m["id"] for m in f["members"] if m["explicit"]] == [
        "fk", "af", "vasterfjall", "osterdal", "ekudden", "fjallhult", "aspnas", "bjorkliden", "dammfors"]
    # The two regions' amounts are exactly their population shares of 2 100 000 kr.
    assert by_largest_remainder(2100000, REGIONS_2022) == {"vasterfjall": 1328075, "osterdal": 771925}
    assert Fraction(2100000 * 37945, 60000) == 1328075


def test_other_forbund_2024_kommun_without_population_leaves_the_kommun_part_undivided(loaded):
    f = financing(2024)
    state = tkr("4321.5")  # written "4 321,5"
    assert state == 4321500
    quarter = state / 2  # 2 160 750
    # Regions: population on or before 2023-06-30 is the 2022-12-31 count.
    # 2 160 750 · 37945/60000 = 1 366 494.3125 and · 22055/60000 = 794 255.6875 → the krona to Österdal.
    regions = by_largest_remainder(int(quarter), REGIONS_2022)
    assert regions == {"vasterfjall": 1366494, "osterdal": 794256}
    # Granhamn has no count on or before 2023-06-30, so no kommun can be given its share.
    assert amounts(f) == {"fk": "4321500", "af": "0", "vasterfjall": "1366494", "osterdal": "794256",
                          **dict.fromkeys(KOMMUNER)}
    assert f["parties"] == {"state": "4321500", "region": "2160750", "municipalities": kr(quarter)}
    assert f["total"] == kr(state * 2) == "8643000"
    assert f["population_date"] == "2023-06-30"
    assert {m["id"]: m["population"] for m in f["members"] if m["kind"] == "kommun"} == {**POP_2022, "granhamn": None}


def test_other_forbund_2025_state_only_splits_by_largest_remainder(loaded):
    f = financing(2025)
    quarter = 4500 * 1000 // 2  # 2 250 000
    # On or before 2024-12-31: the 2023-12-31 counts, and Granhamn's count of that very day.
    pops = {**POP_2023, "granhamn": GRANHAMN_2024}
    assert sum(pops.values()) == 63201
    exact = {k: Fraction(quarter * p, 63201) for k, p in pops.items()}
    floors = {k: int(x) for k, x in exact.items()}
    assert sum(floors.values()) == quarter - 4
    # The four largest fractions: Ekudden .930, Dammfors .878, Aspnäs .718, Granhamn .708
    # (Björkliden .610 and Fjällhult .156 get none).
    ranked = sorted(exact, key=lambda k: exact[k] - floors[k], reverse=True)
    assert ranked == ["ekudden", "dammfors", "aspnas", "granhamn", "bjorkliden", "fjallhult"]
    kommuner = {"ekudden": 148455, "fjallhult": 352518, "granhamn": 106838, "aspnas": 441805,
                "bjorkliden": 284271, "dammfors": 916113}
    assert kommuner == {k: floors[k] + (k in ranked[:4]) for k in pops}
    assert sum(kommuner.values()) == quarter
    # Regions: 2 250 000 · 38143/60200 = 1 425 610.47, · 22057/60200 = 824 389.53 → Österdal.
    regions = by_largest_remainder(quarter, REGIONS_2023)
    assert regions == {"vasterfjall": 1425610, "osterdal": 824390}
    assert amounts(f) == {"fk": "4500000", "af": "0", **{k: str(v) for k, v in regions.items()},
                          **{k: str(kommuner[k]) for k in KOMMUNER}}
    assert f["parties"] == {"state": "4500000", "region": "2250000", "municipalities": "2250000"}
    assert (f["total"], f["status"], f["population_date"]) == ("9000000", "adopted", "2024-12-31")
    assert not any(m["explicit"] for m in f["members"])


def test_other_forbund_2026_explicit_kommun_amount_overrides_and_the_rest_share_by_population(loaded):
    f = financing(2026)
    # Default population date: 30 June of the previous year, 2025-06-30.
    assert f["population_date"] == "2025-06-30"
    bjorkliden = tkr("286.381")
    rest = {**{k: v for k, v in POP_2023.items() if k != "bjorkliden"}, "granhamn": GRANHAMN_2024}
    remaining = 2250000 - int(bjorkliden)
    assert (remaining, sum(rest.values())) == (1963619, 55216)  # = 569·3451 and 16·3451
    exact = {k: Fraction(remaining * p, 55216) for k, p in rest.items()}
    assert exact == {"aspnas": Fraction(7061290, 16), "dammfors": Fraction(14642077, 16),
                     "ekudden": Fraction(2372730, 16), "fjallhult": Fraction(5634238, 16),
                     "granhamn": Fraction(1707569, 16)}
    # Fractions: Fjällhult 14/16, Dammfors 13/16, Aspnäs 10/16 = Ekudden 10/16, Granhamn 1/16.
    # Three kronor are left: Fjällhult, Dammfors, and of the tie the larger kommun, Aspnäs,
    # although Ekudden comes first in the file.
    expected = {"ekudden": 148295, "fjallhult": 352140, "granhamn": 106723, "aspnas": 441331,
                "bjorkliden": 286381, "dammfors": 915130}
    assert sum(expected.values()) == 2250000
    assert {k: expected[k] for k in rest} == by_largest_remainder(remaining, rest)
    assert {k: v for k, v in amounts(f).items() if k in KOMMUNER} == {k: str(v) for k, v in expected.items()}
    assert [m["id"] for m in f["members"] if m["explicit"]] == ["bjorkliden"]
    assert (f["total"], f["status"]) == ("9000000", "requested")


def test_other_forbund_2027_explicit_region_and_the_other_region_takes_the_rest(loaded):
    f = financing(2027)
    quarter = 4600 * 1000 // 2
    assert amounts(f)["vasterfjall"] == "1150000"
    assert amounts(f)["osterdal"] == str(quarter - 1150000) == "1150000"
    kommuner = by_largest_remainder(quarter, {**POP_2023, "granhamn": GRANHAMN_2024})
    assert kommuner == {"ekudden": 151754, "fjallhult": 360352, "aspnas": 451622, "bjorkliden": 290589,
                        "dammfors": 936471, "granhamn": 109212}
    assert {k: v for k, v in amounts(f).items() if k in KOMMUNER} == {k: str(v) for k, v in kommuner.items()}
    assert f["parties"] == {"state": "4600000", "region": "2300000", "municipalities": "2300000"}
    assert (f["total"], f["status"]) == ("9200000", "preliminary")


def test_other_forbund_plan_years_need_no_plan_option(loaded):
    for year in (2025, 2026, 2027):
        assert run_json("financing", "exempelbygden", "--year", str(year)) == financing(year)


def test_other_forbund_scenario_is_bound_by_the_smallest_commitment(loaded):
    s = run_json("financing", "exempelbygden", "--year", "2025", "--scenario")
    # Caps on the quarter Q: state offer/2; Österdal 900 000 / (22057/60200); Aspnäs 460 500 / (12410/63201).
    caps = {"state": Fraction(5000000, 2), "osterdal": Fraction(900000 * 60200, 22057),
            "aspnas": Fraction(460500 * 63201, 12410)}
    q_max = min(caps.values())
    assert q_max == caps["aspnas"]
    assert s["binding_member"] == "aspnas"
    assert s["max_total"] == str(int(4 * q_max)) == "9380841"
    assert s["state_used"] == "4500000"
    assert s["state_unused"] == "500000"
    assert s["max_state_used"] == str(int(2 * q_max)) == "4690420"
    assert s["max_state_unused"] == str(5000000 - int(2 * q_max)) == "309580"
    assert {c["member"]: c["max_quarter"] for c in s["caps"]} == {
        k: kr(round(Decimal(v.numerator) / Decimal(v.denominator), 2)) for k, v in caps.items()}
    assert s["missing_share"] == []


# ---------------------------------------------------------------- budget

# Line amounts in tkr as the file writes them, per (year, column).
REVENUE = {
    (2023, "outcome"): ("0", "3.5", "12"),
    (2024, "budget"): ("0", "2", "10"),
    (2024, "forecast"): ("0", "4", "11"),
    (2025, "budget"): ("200", "2.3456", "10"),
    (2026, "plan"): ("0", "2", "10"),
    (2027, "plan"): ("0", "2", "10"),
}
COSTS = {
    (2023, "outcome"): ("210", "1400", "60", "95", "40.25", "80", "50", "0", "4", "80"),
    (2024, "budget"): ("220", "1500", "60", "100", "45", "90", "60", "50", "5", "75"),
    (2024, "forecast"): ("215", "1480", "60", "98", "47.75", "85", "55", "0", "6", "160"),
    (2025, "budget"): ("230", "1550", "65", "105", "50", "95", "60", "100", "12.3456", "69.75"),
    (2026, "plan"): ("235", "1600", "65", "110", "50", "100", "62", "0", "5", "85"),
    (2027, "plan"): ("240", "1350", "70", "112", "50", "100", "65", "0", "5", "75"),
}
INTERVENTIONS = {  # basutbud (aspnas + bjorkliden + dammfors + common), metodstöd, arbetsprövning
    (2023, "outcome"): {"basutbud": ("1900", "1200", "2600.75", "150"), "metodstod": ("395",)},
    (2024, "budget"): {"basutbud": ("2000", "1250", "2700", "200"), "metodstod": ("400",)},
    (2024, "forecast"): {"basutbud": ("1950", "1240.5", "2650", "180"), "metodstod": ("380.5",)},
    (2025, "budget"): {"basutbud": ("2050", "1275.25", "2750", "210"), "metodstod": ("420",),
                       "arbetsprovning": ("150",)},
    (2026, "plan"): {"basutbud": ("2100", "1300", "2800", "220"), "metodstod": ("430",),
                     "arbetsprovning": ("150",)},
    (2027, "plan"): {"basutbud": ("2150", "1325", "2850", "230"), "metodstod": ("440",),
                     "arbetsprovning": ("150",)},
}
CONTRIBUTIONS = {2023: tkr("8400"), 2024: tkr("8643"), 2025: tkr("9000"), 2026: tkr("9000"), 2027: tkr("9200")}
COLUMNS = list(COSTS)


def total(values) -> Decimal:
    return sum((tkr(v) for v in values), Decimal(0))


def expected_figures() -> dict[tuple[int, str], dict[str, Decimal]]:
    """Revenue, costs, result and equity of every column, rolled forward by hand."""
    out = {}
    for year, column in COLUMNS:
        revenue = CONTRIBUTIONS[year] + total(REVENUE[year, column])
        interventions = sum((total(parts) for parts in INTERVENTIONS[year, column].values()), Decimal(0))
        costs = interventions + total(COSTS[year, column])
        out[year, column] = {"revenue": revenue, "interventions": interventions, "costs": costs,
                             "result": revenue - costs}
    # Opening equity: given for the 2023 outcome; after that the previous year's closing from its
    # outcome, else forecast, else budget/plan.
    opening = {(2023, "outcome"): tkr("1800.25")}
    opening[2024, "budget"] = opening[2024, "forecast"] = opening[2023, "outcome"] + out[2023, "outcome"]["result"]
    opening[2025, "budget"] = opening[2024, "forecast"] + out[2024, "forecast"]["result"]  # not the 2024 budget
    opening[2026, "plan"] = opening[2025, "budget"] + out[2025, "budget"]["result"]
    opening[2027, "plan"] = opening[2026, "plan"] + out[2026, "plan"]["result"]
    for key, figures in out.items():
        figures["opening"] = opening[key]
        figures["closing"] = opening[key] + figures["result"]
    return out


def test_other_forbund_expected_figures_worked_by_hand():
    figures = expected_figures()
    assert {k: (v["revenue"], v["costs"], v["result"], v["closing"]) for k, v in figures.items()} == {
        (2023, "outcome"): (Decimal("8415500"), Decimal("8265000"), Decimal("150500"), Decimal("1950750")),
        (2024, "budget"): (Decimal("8655000"), Decimal("8755000"), Decimal("-100000"), Decimal("1850750")),
        (2024, "forecast"): (Decimal("8658000"), Decimal("8607750"), Decimal("50250"), Decimal("2001000")),
        (2025, "budget"): (Decimal("9212345.6"), Decimal("9192345.6"), Decimal("20000"), Decimal("2021000")),
        (2026, "plan"): (Decimal("9012000"), Decimal("9312000"), Decimal("-300000"), Decimal("1721000")),
        (2027, "plan"): (Decimal("9212000"), Decimal("9212000"), Decimal("0"), Decimal("1721000")),
    }


@pytest.mark.parametrize(("year", "column"), COLUMNS, ids=lambda v: str(v))
def test_other_forbund_budget_figures(loaded, year, column):
    e = expected_figures()[year, column]
    b = budget(year, column)
    assert (b["year"], b["column"]) == (year, column)
    assert b["revenue"]["contributions"] == kr(CONTRIBUTIONS[year])
    assert [x["amount"] for x in b["revenue"]["lines"]] == [kr(tkr(v)) for v in REVENUE[year, column]]
    assert [(x["id"], x["kind"]) for x in b["revenue"]["lines"]] == [
        ("projektmedel", "external"), ("ranta", "financial"), ("ovriga", "other")]
    assert b["revenue"]["total"] == kr(e["revenue"])
    assert [x["amount"] for x in b["costs"]["lines"]] == [kr(tkr(v)) for v in COSTS[year, column]]
    assert b["costs"]["by_intervention"] == [{"id": k, "amount": kr(total(v))}
                                             for k, v in INTERVENTIONS[year, column].items()]
    assert b["costs"]["interventions"] == kr(e["interventions"])
    assert b["costs"]["total"] == kr(e["costs"])
    assert b["result"] == kr(e["result"])
    assert b["opening_equity"] == kr(e["opening"])
    assert b["closing_equity"] == kr(e["closing"])


def test_other_forbund_budget_keeps_ore(loaded):
    b = budget(2025)
    # 2.3456 tkr and 12.3456 tkr are 2 345.60 kr and 12 345.60 kr.
    assert b["revenue"]["lines"][1]["amount"] == "2345.60"
    assert b["costs"]["lines"][8]["amount"] == "12345.60"
    assert (b["revenue"]["total"], b["costs"]["total"], b["result"]) == ("9212345.60", "9192345.60", "20000")


def test_other_forbund_budget_default_columns(loaded):
    assert budget(2024)["column"] == "budget"
    assert run_json("budget", "exempelbygden", "--year", "2025")["column"] == "budget"
    assert run_json("budget", "exempelbygden", "--year", "2026")["column"] == "plan"


def test_other_forbund_undivided_year_still_carries_its_contributions(loaded):
    # 2024: no kommun amount could be computed, yet the budget counts the kommuner's quarter.
    assert budget(2024, "forecast")["revenue"]["contributions"] == "8643000"


# ---------------------------------------------------------------- review


def test_other_forbund_review_finds_exactly_the_deviations_it_contains(loaded):
    data = run_json("review", "exempelbygden")
    assert data["plan"] == 2025
    found = Counter((f["code"], f["severity"], f["year"]) for f in data["findings"])
    assert found == Counter([
        ("population", "info", 2023),  # amounts decided; Granhamn lacks population at 2022-12-31
        ("population", "warning", 2024),  # the kommuner's part could not be divided
        ("population_share", "warning", 2026),  # Björkliden's 286 381 vs its share 284 271
        ("population_share", "warning", 2027),  # Västerfjäll's 1 150 000 vs its share
        ("financing_status", "info", 2026),
        ("financing_status", "info", 2027),
        ("balance", "info", 2026),  # a justified deficit
    ])
    assert all(f["code"] in CODES for f in data["findings"])
    messages = {(f["code"], f["year"]): f["message"] for f in data["findings"]}
    assert "Granhamns kommun" in messages["population", 2024]
    assert by_largest_remainder(2250000, {**POP_2023, "granhamn": GRANHAMN_2024})["bjorkliden"] == 284271
    assert "286 381 kr" in messages["population_share", 2026]
    assert "284 271 kr" in messages["population_share", 2026]
    share = by_largest_remainder(2300000, REGIONS_2023)["vasterfjall"]
    assert share == 1457291
    assert "1 457 291 kr" in messages["population_share", 2027]
    assert "300 000 kr" in messages["balance", 2026]


# ---------------------------------------------------------------- export


def test_other_forbund_export_is_kronor_and_round_trips(loaded, tmp_path):
    out = io.StringIO()
    call_command("export", "exempelbygden", stdout=out)
    text = out.getvalue()
    doc = yaml.safe_load(text)
    assert doc["unit"] == "kr"
    assert [f.get("state") for f in doc["financing"]] == [None, 4321500, 4500000, 4500000, 4600000]
    assert doc["financing"][0]["contributions"]["vasterfjall"] == 1328075
    assert doc["financing"][3]["contributions"] == {"bjorkliden": 286381}
    assert doc["plan"]["goals"][0]["target"] == 1500000  # equity_min is an amount: tkr → kr
    assert doc["plan"]["goals"][1]["target"] == 0.25  # a share is not
    assert doc["budget"][0]["opening_equity"] == 1800250
    assert doc["interventions"][0]["budget"][2025] == {"aspnas": 2050000, "bjorkliden": 1275250,
                                                       "dammfors": 2750000, "common": 210000}
    assert doc["interventions"][0]["planned_participants"] == {
        2025: {"aspnas": 20, "bjorkliden": 12, "dammfors": 30, "common": 3}, 2026: 60}
    source = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    assert doc["calendar"] == source["calendar"]
    assert doc["risks"] == source["risks"]
    assert [m["population"] for m in doc["members"] if m["id"] == "granhamn"] == [
        [{"date": date(2024, 12, 31), "count": 3001}]]
    path = tmp_path / "export.yaml"
    path.write_text(text, encoding="utf-8")
    call_command("load", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    again = io.StringIO()
    call_command("export", "exempelbygden", stdout=again)
    assert again.getvalue() == text
