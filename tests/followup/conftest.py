"""Follow-up fixtures: Södra Vätterbygden 2020 (Enter, FIA … de-identified; SAMS … counts),
people in each role, and another association whose records must never leak."""

from datetime import date

import pytest

from samordna.accounts.models import InterventionAssignment
from samordna.finsam import followup as fu
from tests.conftest import make_user, plan_path


@pytest.fixture
def vatterbygden(db):
    from samordna.economy.services import plan_load

    return plan_load(data=plan_path("sodra-vatterbygden-2020").read_bytes()).plan


@pytest.fixture
def association(vatterbygden):
    return vatterbygden.association


@pytest.fixture
def other(db):
    """Sjuhärad, with one record of its own (the data that could leak)."""
    from samordna.economy.services import plan_load
    from samordna.followup.models import Enrolment

    plan = plan_load(data=plan_path("sjuharad-2022").read_bytes()).plan
    Enrolment.objects.create(association=plan.association, intervention=plan.association.interventions.get(
        slug="aktiv-kraft"), code="AKT-2022-0001", provider_code="HEMLIG-SJU", gender="kvinna",
        start_month=date(2022, 1, 1))
    return plan.association


def intervention(association, slug):
    return association.interventions.get(slug=slug)


@pytest.fixture
def enter(association):
    return intervention(association, "enter")


@pytest.fixture
def fia(association):
    return intervention(association, "fia")


@pytest.fixture
def sams(association):
    return intervention(association, "sams")


def person(association, role, username=None, assigned=()):
    user = make_user(username or role, association, role)
    for iv in assigned:
        InterventionAssignment.objects.create(user=user, intervention=iv)
    return user


@pytest.fixture
def reporter(association, enter):
    """A provider's reporter assigned to Enter only."""
    return person(association, "provider_reporter", "rapportor", [enter])


def record(**kw) -> fu.Record:
    values = {"intervention": "enter", "code": "", "provider_code": "K1", "gender": "kvinna",
              "start": date(2020, 1, 1)}
    values.update(kw)
    return fu.Record(**values)
