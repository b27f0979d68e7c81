"""One computation per plan version: every write that changes what a plan shows bumps its
`revision`, so the cached plan (`plan_data_cached`) is never stale."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from samordna.documents import services as documents
from samordna.economy import selectors
from samordna.economy import services as economy
from samordna.economy.models import Plan
from samordna.economy.selectors import intervention_data, plan_data, plan_data_cached
from samordna.economy.tertial_services import CellEdit, tertial_save
from samordna.interventions import services as interventions
from samordna.interventions.models import PlanIntervention
from samordna.organisation import services as organisation
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _intervention_rename(actor, plan):
    old = intervention_data(PlanIntervention.objects.get(plan=plan, intervention__slug="mottagningsteam"))
    interventions.intervention_save(actor=actor, association=plan.association, plan=plan,
                                    iv=replace(old, name="Mottagningsteamet"), slug="mottagningsteam")


WRITES = {
    "association_update": lambda actor, plan: organisation.association_update(
        actor=actor, association=plan.association, name="Samordningsförbundet Sydnärke (nytt)"),
    "member_update": lambda actor, plan: organisation.member_update(
        actor=actor, association=plan.association, member_slug="laxa", name="Laxå", note="Ny"),
    "population_save": lambda actor, plan: organisation.population_save(
        actor=actor, association=plan.association, member_slug="laxa", pk=None, date=date(2023, 6, 30),
        count=5500),
    "seat_save": lambda actor, plan: organisation.seat_save(
        actor=actor, association=plan.association, pk=None, name="Anna Ek", member_slug="laxa",
        role="regular"),
    "body_save": lambda actor, plan: organisation.body_save(
        actor=actor, association=plan.association, pk=None, name="Arbetsutskottet", kind="working_committee"),
    "budget_line_save": lambda actor, plan: economy.budget_line_save(
        actor=actor, association=plan.association, plan=plan, year=2022, column="budget", side="cost",
        line_slug=None, label="Ny kostnad", kind="other", amount=Decimal(1000)),
    "intervention_save": _intervention_rename,
    "tertial_save": lambda actor, plan: tertial_save(
        actor=actor, association=plan.association, plan=plan, year=2022, period="T1",
        edits=[CellEdit("lines", "revision", "outcome", Decimal(500))]),
    "section_add": lambda actor, plan: documents.section_add(
        actor=actor, association=plan.association, plan=plan, title="Nytt avsnitt", text="Text."),
    "plan_stage_set": lambda actor, plan: economy.plan_stage_set(
        actor=actor, association=plan.association, plan=plan, stage="revised"),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_write_makes_a_new_plan_version_and_the_cached_plan_follows(sydnarke_plan, name):
    plan = Plan.objects.get(pk=sydnarke_plan.pk)
    actor = make_user("kansli", plan.association, "secretariat_admin")
    before = plan_data_cached(plan)
    WRITES[name](actor, plan)
    after = Plan.objects.get(pk=plan.pk)
    assert after.revision > plan.revision
    assert plan_data_cached(after) == plan_data(after)
    if name != "plan_stage_set":  # the stage is not part of the rulebook's plan
        assert plan_data_cached(after) != before


def test_the_cached_plan_is_computed_once_per_version(sydnarke_plan, django_assert_num_queries):
    plan = Plan.objects.get(pk=sydnarke_plan.pk)
    first = plan_data_cached(plan)
    again = Plan.objects.get(pk=plan.pk)
    with django_assert_num_queries(0):
        assert plan_data_cached(again) is first
    selectors._RECENT.clear()  # another process: the shared cache has it
    with django_assert_num_queries(0):
        assert plan_data_cached(again) == first


def test_a_load_that_changes_a_member_makes_a_new_version_of_every_plan_of_the_association(sydnarke_plan):
    from samordna.finsam.planfile import dump_plan

    plan = Plan.objects.get(pk=sydnarke_plan.pk)
    data = plan_data(plan)
    later = replace(data, plan=replace(data.plan, year=2023, plan_years=()), budget=(), financing=(),
                    tertials=(), interventions=())
    economy.plan_load(data=dump_plan(later))
    revision = Plan.objects.get(pk=plan.pk).revision
    renamed = replace(later, members=tuple(replace(m, name="Laxå kommun (ny)") if m.id == "laxa" else m
                                           for m in later.members))
    economy.plan_load(data=dump_plan(renamed))
    assert Plan.objects.get(pk=plan.pk).revision == revision + 1
