"""Shared fixtures: the demo plan files and the rulebook Plan of each."""

from importlib.resources import files
from pathlib import Path

import pytest

from samordna.finsam.planfile import read_plan

PLANS = Path(str(files("samordna.demo").joinpath("plans")))
EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "formats" / "examples" / "sydnarke-2022.yaml"


def plan_path(name: str) -> Path:
    return PLANS / f"{name}.yaml"


@pytest.fixture(scope="session")
def sydnarke():
    return read_plan(plan_path("sydnarke-2022").read_bytes())[0]


@pytest.fixture(scope="session")
def sjuharad():
    return read_plan(plan_path("sjuharad-2022").read_bytes())[0]


@pytest.fixture(scope="session")
def vatterbygden():
    return read_plan(plan_path("sodra-vatterbygden-2020").read_bytes())[0]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's deliberate slowness (≈1.4 s a hash here) is for production, not for tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# ---------------------------------------------------------------- web actors

PASSWORD = "test-lösenord-1"


def make_user(username, association=None, role=None):
    """A user, with a role in `association` when one is given (no role: an outsider)."""
    from django.contrib.auth import get_user_model

    from samordna.accounts.models import Membership

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    if association is not None:
        Membership.objects.create(user=user, association=association, role=role)
    return user


def login_as(client, username, association=None, role=None):
    make_user(username, association, role)
    client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def sydnarke_plan(db):
    from samordna.economy.services import plan_load

    return plan_load(data=plan_path("sydnarke-2022").read_bytes()).plan


@pytest.fixture
def other_plan(db):
    """An association the Sydnärke actors must never see (the data that could leak)."""
    from samordna.economy.services import plan_load

    return plan_load(data=plan_path("sjuharad-2022").read_bytes()).plan


@pytest.fixture
def admin(client, sydnarke_plan):
    return login_as(client, "kansli", sydnarke_plan.association, "secretariat_admin")


@pytest.fixture
def reader(client, sydnarke_plan):
    return login_as(client, "ledamot", sydnarke_plan.association, "board_member")


def pytest_sessionfinish(session, exitstatus):
    """Drop the migrated template databases of tests.harness (PostgreSQL: a database each)."""
    from tests.harness import drop_templates

    drop_templates()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """How many generated bad inputs the property-based tests threw (tests/fuzz.py)."""
    from tests.fuzz import TRIED

    if TRIED:
        parts = ", ".join(f"{kind} {n}" for kind, n in sorted(TRIED.items()))
        terminalreporter.write_line(f"Generated bad inputs tried: {sum(TRIED.values())} ({parts})")
