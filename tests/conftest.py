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
def _plan_cache_clear():
    """Each test starts with no cached plans or follow-up rows: primary keys and revisions
    repeat between tests."""
    from samordna.economy.selectors import plan_cache_clear
    from samordna.followup.selectors import followup_cache_clear

    plan_cache_clear()
    followup_cache_clear()


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


MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def verify_session(client, user):
    """Mark the client's session as having passed the second factor, as `django_otp.login`
    does after a correct code: the user's authenticator device (enrolled here when missing)
    is stored in the session under django-otp's own key."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
              or TOTPDevice.objects.create(user=user, name="Testapp", confirmed=True))
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def sign_in(client, user, *, second_factor=True):
    """Sign `user` in on the test client (django-axes needs a request for a password check,
    which `client.login` does not give, so the session is made directly); when their role
    requires a second factor, the session has passed it unless `second_factor=False`."""
    from samordna.accounts.selectors import two_factor_required

    client.force_login(user, backend=MODEL_BACKEND)
    if second_factor and two_factor_required(user):
        verify_session(client, user)
    return client


def login_as(client, username, association=None, role=None, *, second_factor=True):
    return sign_in(client, make_user(username, association, role), second_factor=second_factor)


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
    from tests.fuzz import SEED, SEEN, TRIED

    if TRIED:
        parts = ", ".join(f"{kind} {n}" for kind, n in sorted(TRIED.items()))
        seen = "".join(f"; {kind} {n}" for kind, n in sorted(SEEN.items()))
        terminalreporter.write_line(f"Generated bad inputs tried: {sum(TRIED.values())} ({parts}){seen}; seed {SEED}")
