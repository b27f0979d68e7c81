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
