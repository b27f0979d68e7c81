"""The equity ceiling comes from the installation's size bands (settings), not a constant."""

import pytest

from samordna.economy.selectors import plan_data, plan_review
from samordna.economy.services import plan_load
from tests.conftest import plan_path

pytestmark = pytest.mark.django_db


def _ceiling_findings(plan):
    return [f for f in plan_review(plan_data(plan)) if f.code == "equity_ceiling" and f.year == 2019]


def test_equity_ceiling_follows_the_configured_band(settings):
    stored = plan_load(data=plan_path("sodra-vatterbygden-2020").read_bytes()).plan
    # Budget 2019 closes at 1 861 kr: under a 20 % ceiling, over a 0.01 % one.
    assert _ceiling_findings(stored) == []
    settings.SAMORDNA_EQUITY_BANDS = [("0", "1000000", "0.5"), ("1000000", None, "0.0001")]
    # The plan's own equity_max_share goal (20 %) wins over the bands; without it the band applies.
    plan = plan_data(stored)
    assert any(g.indicator == "equity_max_share" for g in plan.plan.goals)
    stored.goals = [g for g in stored.goals if g["indicator"] != "equity_max_share"]
    stored.save()
    findings = _ceiling_findings(stored)
    assert findings and "riktvärdet 0 % av 2019 års medlemsbidrag 6 072 000 kr" in findings[0].message
