"""N+1 guard: the number of queries of every list and report page does not grow with the
number of interventions, plan years or associations.

Each page is asked for twice with an empty plan cache (the cold path, which reads the plan
from the database): once on a small generated installation (one association, one plan year)
and once after more plan years (with other interventions) and more associations were added.
"""

import pytest
from bench.generate import association_shape, national_load, national_plan
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samordna.economy.models import Plan
from samordna.economy.selectors import plan_cache_clear
from samordna.economy.services import plan_load
from samordna.followup.selectors import followup_cache_clear
from samordna.organisation.models import Association
from tests.conftest import login_as

pytestmark = pytest.mark.django_db
SLUG = "bank-01"
# URL name → its arguments besides the association (list and report pages of the plan).
PAGES = {
    "association_list": None, "overview": {}, "members": {}, "board": {}, "financing": {}, "budget": {},
    "tertial_index": {}, "tertial_grid": {"year": "plan", "period": "T3"}, "review": {}, "plan_versions": {},
    "plan_compare": {}, "intervention_list": {}, "intervention_detail": {"iv_slug": "intervention"},
    "goals": {}, "catalogue": {}, "documents": {}, "document_sections": {}, "calendar": {}, "plan_content": {},
    "risks": {}, "change_log": {}, "users": {},
}


def _url(name: str) -> str:
    if PAGES[name] is None:
        return reverse(name)
    plan = Plan.objects.filter(association__slug=SLUG).order_by("-year").first()
    values = {"plan": plan.year, "intervention": plan.interventions.order_by("position").first().intervention.slug}
    kwargs = {k: values.get(v, v) for k, v in PAGES[name].items()}
    return reverse(name, kwargs={"slug": SLUG, **kwargs})


def _counts(client) -> dict[str, int]:
    out = {}
    for name in PAGES:
        plan_cache_clear()
        followup_cache_clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url(name))
        assert response.status_code == 200, name
        out[name] = len(queries)
    return out


def test_list_and_report_pages_do_not_query_more_with_more_interventions_years_or_associations(client):
    national_load(associations=1, years=1, seed=5, out=None)
    login_as(client, "kansli", Association.objects.get(slug=SLUG), "secretariat_admin")
    small = _counts(client)
    shape = association_shape(1, seed=5)
    for year in (2018, 2019, 2020):
        plan_load(data=national_plan(shape, year, seed=5))
    national_load(associations=3, years=2, seed=5, out=None)  # bank-01 again (unchanged) and two more
    latest = Plan.objects.filter(association__slug=SLUG).order_by("-year").first()
    assert latest.interventions.count() != Plan.objects.get(association__slug=SLUG, year=2017).interventions.count()
    large = _counts(client)
    assert {name: (small[name], large[name]) for name in PAGES if large[name] != small[name]} == {}
