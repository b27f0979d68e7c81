"""Equity ceiling and floor (samordna.finsam.equity; FINSAM.md B6)."""

import copy
from decimal import Decimal

from samordna.finsam import plan as p
from samordna.finsam.equity import (
    DEFAULT_BANDS,
    DEFAULT_CEILING_SHARE,
    EquityBand,
    ceiling_share,
    equity_ceiling,
    equity_floor,
)
from tests.finsam.builders import read_doc

D = Decimal

BASE = {
    "format": "samordna/1",
    "association": {"id": "test", "name": "Samordningsförbundet Test"},
    "members": [
        {"id": "fk", "name": "Försäkringskassan", "kind": "forsakringskassan"},
        {"id": "af", "name": "Arbetsförmedlingen", "kind": "arbetsformedlingen"},
        {"id": "region", "name": "Regionen", "kind": "region"},
        {"id": "a", "name": "A kommun", "kind": "kommun"},
    ],
    "plan": {"year": 2022},
}


def with_goals(*goals: dict, unit: str = "kr") -> p.Plan:
    doc = copy.deepcopy(BASE)
    doc["unit"] = unit
    doc["plan"]["goals"] = list(goals)
    plan, _ = read_doc(doc)
    return plan


BANDS = (
    EquityBand(D(0), D(5_000_000), D("0.30")),
    EquityBand(D(5_000_000), D(10_000_000), D("0.20")),
    EquityBand(D(10_000_000), None, D("0.10")),
)


def test_default_ceiling_is_20_percent_for_every_size():
    assert DEFAULT_CEILING_SHARE == D("0.20")
    assert DEFAULT_BANDS == (EquityBand(D(0), None, D("0.20")),)
    plan = with_goals()
    for contributions in (D(0), D(6_680_000), D(500_000_000)):
        assert ceiling_share(plan=plan, contributions=contributions) == (D("0.20"), "band")
    assert equity_ceiling(plan=plan, contributions=D("6680000")) == D("1336000")
    assert equity_ceiling(plan=plan, contributions=D("6072000")) == D("1214400")


def test_ceiling_from_the_plans_equity_max_share_goal(vatterbygden):
    assert ceiling_share(plan=vatterbygden, contributions=D("6680000")) == (D("0.2"), "goal")
    plan = with_goals({"text": "Högst 15 %", "indicator": "equity_max_share", "target": "0.15"})
    assert ceiling_share(plan=plan, contributions=D("1000000")) == (D("0.15"), "goal")
    assert equity_ceiling(plan=plan, contributions=D("1000000")) == D("150000")


def test_goal_beats_the_bands():
    plan = with_goals({"text": "Högst 15 %", "indicator": "equity_max_share", "target": "0.15"})
    assert ceiling_share(plan=plan, contributions=D("1000000"), bands=BANDS) == (D("0.15"), "goal")


def test_the_first_equity_max_share_goal_with_a_target_counts():
    plan = with_goals({"text": "Tak utan mål", "indicator": "equity_max_share"},
                      {"text": "Högst 12 %", "indicator": "equity_max_share", "target": "0.12"},
                      {"text": "Högst 30 %", "indicator": "equity_max_share", "target": "0.3"})
    assert ceiling_share(plan=plan, contributions=D("1000000")) == (D("0.12"), "goal")


def test_a_goal_without_target_falls_back_to_the_band():
    plan = with_goals({"text": "Eget kapital ska hållas lågt", "indicator": "equity_max_share"},
                      {"text": "Minst 2 mkr", "indicator": "equity_min", "target": 2000000})
    assert ceiling_share(plan=plan, contributions=D("1000000"), bands=BANDS) == (D("0.30"), "band")


def test_bands_pick_by_contribution_size():
    plan = with_goals()
    assert ceiling_share(plan=plan, contributions=D("4999999"), bands=BANDS) == (D("0.30"), "band")
    assert ceiling_share(plan=plan, contributions=D("5000000"), bands=BANDS) == (D("0.20"), "band")
    assert ceiling_share(plan=plan, contributions=D("6680000"), bands=BANDS) == (D("0.20"), "band")
    assert ceiling_share(plan=plan, contributions=D("9999999.99"), bands=BANDS) == (D("0.20"), "band")
    assert ceiling_share(plan=plan, contributions=D("10000000"), bands=BANDS) == (D("0.10"), "band")
    assert ceiling_share(plan=plan, contributions=D("250000000"), bands=BANDS) == (D("0.10"), "band")
    assert equity_ceiling(plan=plan, contributions=D("20000000"), bands=BANDS) == D("2000000")
    assert equity_ceiling(plan=plan, contributions=D("4000000"), bands=BANDS) == D("1200000")


def test_contributions_outside_every_band_fall_back_to_20_percent():
    bands = (EquityBand(D(5_000_000), D(10_000_000), D("0.25")),)
    assert ceiling_share(plan=with_goals(), contributions=D("1000000"), bands=bands) == (D("0.20"), "band")
    assert ceiling_share(plan=with_goals(), contributions=D("7000000"), bands=bands) == (D("0.25"), "band")


def test_floor_from_equity_min_goals(sjuharad):
    assert equity_floor(sjuharad) == D("2000000")  # "minst 2000 tkr", file in tkr


def test_floor_is_the_highest_of_several_equity_min_goals():
    plan = with_goals({"text": "Minst 1 mkr", "indicator": "equity_min", "target": 1000000},
                      {"text": "Minst 1,5 mkr", "indicator": "equity_min", "target": "1 500 000"},
                      {"text": "Utan mål", "indicator": "equity_min"})
    assert equity_floor(plan) == D("1500000")


def test_floor_target_in_tkr_is_kronor():
    assert equity_floor(with_goals({"text": "Minst 2000 tkr", "indicator": "equity_min", "target": 2000},
                                   unit="tkr")) == D("2000000")


def test_no_floor_without_equity_min_goals(sydnarke, vatterbygden):
    assert equity_floor(sydnarke) is None
    assert equity_floor(vatterbygden) is None
    assert equity_floor(with_goals({"text": "Tak", "indicator": "equity_max_share", "target": "0.2"})) is None
