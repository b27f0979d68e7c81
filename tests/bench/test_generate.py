"""The benchmark's national data set: deterministic, valid plan files, stored by the load service."""

import pytest
from bench.generate import association_shape, national_load, national_plan

from samordna.economy.models import Plan
from samordna.finsam.planfile import read_plan
from samordna.interventions.models import Intervention


def test_national_plan_is_the_same_for_the_same_seed():
    shape = association_shape(7, seed=3)
    assert national_plan(shape, 2020, seed=3) == national_plan(association_shape(7, seed=3), 2020, seed=3)
    assert national_plan(shape, 2020, seed=3) != national_plan(shape, 2020, seed=4)


def test_national_plan_reads_without_warnings_with_20_to_40_interventions_and_tertials():
    plan, warnings = read_plan(national_plan(association_shape(1, seed=1), 2020, seed=1))
    assert warnings == []
    assert 20 <= len(plan.interventions) <= 40
    assert [t.period for t in plan.tertials] == ["T1", "T2", "T3"]
    assert plan.plan.plan_years == (2021, 2022)


@pytest.mark.django_db
def test_national_load_keeps_one_intervention_identity_across_years():
    counts = national_load(associations=1, years=2, seed=1, out=None)
    assert counts["associations"] == 1
    assert counts["plans"] == 2
    assert list(Plan.objects.order_by("year").values_list("year", flat=True)) == [2017, 2018]
    shared = Intervention.objects.filter(plan_records__plan__year=2017).filter(plan_records__plan__year=2018)
    assert shared.count() > 10
