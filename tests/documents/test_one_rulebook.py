"""Documents take every figure from the rulebook with the installation's settings: the
review, the verksamhetsplan and the tertial report name the same equity ceiling."""

import re

import pytest
from django.urls import reverse
from tests.conftest import login_as, plan_path

from samordna.economy.services import plan_load

pytestmark = pytest.mark.django_db


def visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", html)).replace("\u00a0", " ")


@pytest.fixture
def without_ceiling_goal(client):
    """Södra Vätterbygden 2020 without its 20 % goal, so the installation's band decides."""
    text = plan_path("sodra-vatterbygden-2020").read_text(encoding="utf-8")
    text = text.replace("      indicator: equity_max_share\n      target: 0.2\n      stated_amount: 1200000\n", "")
    plan = plan_load(data=text).plan
    return login_as(client, "kansli", plan.association, "secretariat_admin")


def test_review_and_documents_name_the_same_ceiling_with_the_installations_band(
        without_ceiling_goal, settings):
    client = without_ceiling_goal
    # 1 % of 2020's contributions 6 680 000 kr is 66 800 kr, below the closing equity 136 870 kr.
    settings.SAMORDNA_EQUITY_BANDS = [("0", None, "0.01")]
    review = visible(client.get(reverse("review", args=["sodra-vatterbygden"])).content.decode())
    plan = visible(client.get(reverse("document_view", args=["sodra-vatterbygden", "verksamhetsplan"]))
                   .content.decode())
    tertial = visible(client.get(reverse("document_view", args=["sodra-vatterbygden", "tertialrapport"]))
                      .content.decode())
    assert "utgående eget kapital 136 870 kr överstiger taket 66 800 kr (riktvärdet 1 %" in review
    assert "Utgående eget kapital 2020 beräknas till 136 870 kr, över taket 66 800 kr (1 % av" in plan
    assert "över taket 66 800 kr (1 %)" in tertial


def test_the_default_band_is_twenty_percent(without_ceiling_goal):
    plan = visible(without_ceiling_goal.get(reverse("document_view", args=["sodra-vatterbygden",
                                                                           "verksamhetsplan"])).content.decode())
    assert "under taket 1 336 000 kr (20 % av årets medlemsbidrag)" in plan
