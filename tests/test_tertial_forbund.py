"""Tertials for a förbund the seeds do not show: tests/data/tertial-forbund.yaml, written from
plan-file.md's `tertials` section alone.

Samordningsförbundet Norrvik (fictional), plan 2024 with plan year 2025: T1, T2 and T3 of 2024
as the board would enter them. The expected figures are worked out here by hand, item by item,
with the format's rule (an item with an outcome and no forecast: outcome to date + budget ×
months left ÷ 12, rounded to whole kronor; neither: its budget) in Fraction arithmetic, nothing
from the rulebook, and compared with `samordna budget … --column forecast|outcome --period`.
"""

import io
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from samordna.economy.models import Tertial, TertialCell
from samordna.organisation.models import Association

pytestmark = pytest.mark.django_db

FILE = Path(__file__).resolve().parent / "data" / "tertial-forbund.yaml"
MONTHS_LEFT = {"T1": 8, "T2": 4, "T3": 0}

# The 2024 budget: the state's half 1 200 000 is FK's; the region owes 600 000 and the kommuner
# 600 000 by population 7 000 : 5 000.
BUDGET = {
    "contributions": {"fk": 1200000, "af": 0, "region": 600000, "alby": 350000, "bro": 250000},
    "revenue": {"ranta": 12000},
    "interventions": {"steg": 700000, "dialog": 250000},
    "costs": {"kansli": 1100000, "revision": 60000, "utv": 90000},
}
OPENING = 900000
# What the file enters (amounts as written: "352 500" and "3100,50").
OUTCOME = {
    "T1": {"kansli": 352500, "revision": 0, "ranta": Fraction("3100.50"), "steg": 180000, "dialog": 40000,
           "fk": 600000, "region": 300000, "alby": 175000},
    "T2": {"kansli": 730000, "revision": 30000, "ranta": 7900, "utv": 95000, "steg": 480000, "dialog": 90000,
           "fk": 1200000, "region": 600000, "alby": 350000, "bro": 250000},
    "T3": {"kansli": 1090000, "revision": 58000, "ranta": 11800, "utv": 120000, "steg": 705000,
           "dialog": 140000, "fk": 1200000, "region": 600000, "alby": 350000, "bro": 250000},
}
FORECAST = {"T1": {"kansli": 1080000, "dialog": 150000}, "T2": {"steg": 720000}, "T3": {}}


def half_up(x: Fraction) -> Fraction:
    """Whole kronor, half up (amounts here are positive)."""
    return Fraction((x + Fraction(1, 2)).__floor__())


def forecast_of(item: str, budget: int, period: str) -> Fraction:
    if item in FORECAST[period]:
        return Fraction(FORECAST[period][item])
    if item in OUTCOME[period]:
        return half_up(Fraction(OUTCOME[period][item]) + Fraction(budget * MONTHS_LEFT[period], 12))
    return Fraction(budget)


def expected(period: str, column: str) -> dict[str, Fraction]:
    def value(item, budget):
        if column == "forecast":
            return forecast_of(item, budget, period)
        return Fraction(OUTCOME[period].get(item, 0))

    sums = {group: sum((value(i, b) for i, b in items.items()), Fraction(0)) for group, items in BUDGET.items()}
    revenue = sums["contributions"] + sums["revenue"]
    costs = sums["interventions"] + sums["costs"]
    return {"contributions": sums["contributions"], "revenue": revenue, "interventions": sums["interventions"],
            "costs": costs, "result": revenue - costs, "opening": Fraction(OPENING),
            "closing": OPENING + revenue - costs}


def kr(value: Fraction | int) -> str:
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{Decimal(value.numerator) / Decimal(value.denominator):.2f}"


def run(*args: str) -> dict:
    out = io.StringIO()
    call_command("budget", "norrvik", *args, "--json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


@pytest.fixture
def loaded(db):
    call_command("load", str(FILE), stdout=io.StringIO(), stderr=io.StringIO())


def test_tertial_forbund_expected_figures_worked_by_hand():
    # T1: FK 600 000 + 1 200 000 × 8/12 = 1 400 000; the region 300 000 + 400 000; Alby 175 000 +
    # 233 333,33 → 408 333; AF 0 and Bro 250 000 keep their budgets. Interest 3 100,50 + 8 000 →
    # 11 101. Steg 180 000 + 466 666,67 → 646 667; Dialog 150 000 and the office 1 080 000 given;
    # audit 0 + 40 000; development keeps 90 000.
    assert expected("T1", "forecast") == {
        "contributions": 2758333, "revenue": 2769434, "interventions": 796667, "costs": 2006667,
        "result": 762767, "opening": 900000, "closing": 1662767}
    assert expected("T1", "outcome") == {
        "contributions": 1075000, "revenue": Fraction("1078100.50"), "interventions": 220000,
        "costs": 572500, "result": Fraction("505600.50"), "opening": 900000,
        "closing": Fraction("1405600.50")}
    # T2: FK 1 200 000 + 400 000; the region 600 000 + 200 000; Alby 350 000 + 116 666,67 → 466 667;
    # Bro 250 000 + 83 333,33 → 333 333. Interest 7 900 + 4 000; Steg 720 000 given; Dialog
    # 90 000 + 83 333,33 → 173 333; office 730 000 + 366 666,67 → 1 096 667; audit 30 000 + 20 000;
    # development 95 000 + 30 000.
    assert expected("T2", "forecast") == {
        "contributions": 3200000, "revenue": 3211900, "interventions": 893333, "costs": 2165000,
        "result": 1046900, "opening": 900000, "closing": 1946900}


@pytest.mark.parametrize(("period", "column"), [("T1", "forecast"), ("T1", "outcome"), ("T2", "forecast"),
                                                ("T2", "outcome"), ("T3", "forecast"), ("T3", "outcome")])
def test_tertial_forbund_budget_command_gives_the_periods_figures(loaded, period, column):
    e = expected(period, column)
    out = run("--year", "2024", "--column", column, "--period", period)
    assert (out["year"], out["column"], out["period"]) == (2024, column, period)
    assert out["revenue"]["contributions"] == kr(e["contributions"])
    assert out["revenue"]["total"] == kr(e["revenue"])
    assert out["costs"]["interventions"] == kr(e["interventions"])
    assert out["costs"]["total"] == kr(e["costs"])
    assert out["result"] == kr(e["result"])
    assert out["opening_equity"] == kr(e["opening"])
    assert out["closing_equity"] == kr(e["closing"])


def test_tertial_forbund_items_of_the_t2_forecast(loaded):
    out = run("--year", "2024", "--column", "forecast", "--period", "T2")
    assert [(x["id"], x["amount"]) for x in out["revenue"]["lines"]] == [("ranta", "11900")]
    assert [(x["id"], x["amount"]) for x in out["costs"]["lines"]] == [
        ("kansli", "1096667"), ("revision", "50000"), ("utv", "125000")]
    assert out["costs"]["by_intervention"] == [{"id": "steg", "amount": "720000"},
                                               {"id": "dialog", "amount": "173333"}]


def test_tertial_forbund_outcome_column_is_t3_and_opens_2025(loaded):
    t3 = expected("T3", "outcome")
    assert run("--year", "2024", "--column", "outcome")["result"] == kr(t3["result"]) == "298800"
    # 2025 states no opening equity: 2024's closing equity from its outcome (T3) opens it.
    plan_2025 = run("--year", "2025")
    assert plan_2025["opening_equity"] == kr(t3["closing"]) == "1198800"
    assert (plan_2025["result"], plan_2025["closing_equity"]) == ("300000", "1498800")


def test_tertial_forbund_period_needs_forecast_or_outcome(loaded):
    with pytest.raises(CommandError, match="--period anges med --column forecast"):
        run("--year", "2024", "--column", "budget", "--period", "T1")


def test_tertial_forbund_export_round_trips_and_load_keeps_identities(loaded, tmp_path):
    out = io.StringIO()
    call_command("export", "norrvik", stdout=out)
    text = out.getvalue()
    doc = yaml.safe_load(text)
    source = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    assert [t["period"] for t in doc["tertials"]] == ["T1", "T2", "T3"]
    assert doc["tertials"][0]["outcome"]["lines"] == {"kansli": 352500, "revision": 0, "ranta": 3100.5}
    assert doc["tertials"][1]["comments"] == source["tertials"][1]["comments"]
    keys = dict(Tertial.objects.filter(plan__association__slug="norrvik").values_list("period", "pk"))
    cells = set(TertialCell.objects.filter(tertial__plan__association__slug="norrvik").values_list("pk", flat=True))
    path = tmp_path / "export.yaml"
    path.write_text(text, encoding="utf-8")
    call_command("load", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    again = io.StringIO()
    call_command("export", "norrvik", stdout=again)
    assert again.getvalue() == text
    assert dict(Tertial.objects.filter(plan__association__slug="norrvik").values_list("period", "pk")) == keys
    assert set(TertialCell.objects.filter(tertial__plan__association__slug="norrvik")
               .values_list("pk", flat=True)) == cells
    assert Association.objects.filter(slug="norrvik").count() == 1
