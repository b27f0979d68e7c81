"""e-ID through OpenID Connect against a provider this test starts on 127.0.0.1: the
verified identity signs in the existing user it names, and nobody else."""

import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.conftest import make_user

from .oidc_provider import Provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    with Provider() as p:
        for name, value in p.settings().items():
            setattr(settings, name, value)
        settings.SAMORDNA_OIDC_ENABLED = True
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "samordna.accounts.oidc.EidBackend"]
        yield p


def eid_login(client, provider, identity: dict, **params):
    """The browser's part: to the provider, back with a code, and the redirects after it."""
    provider.identity = identity
    start = client.get(reverse("eid_start"), params)
    assert start.status_code == 302 and start["Location"].startswith(f"{provider.url}/authorize?")
    back = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302
    callback = back.headers["Location"].removeprefix("http://testserver")
    assert callback.startswith(reverse("eid_callback") + "?code=")
    return client.get(callback, follow=True)


def test_eid_login_lands_on_the_users_associations(client, provider, sydnarke_plan):
    user = make_user("eva", sydnarke_plan.association, "economy")
    user.email = "eva.lind@example.se"
    user.save()
    response = eid_login(client, provider, {"sub": "19800101-1234", "email": "Eva.Lind@example.se",
                                            "email_verified": True})
    assert response.redirect_chain[-1][0] == reverse("association_list")
    assert response.context["user"] == user
    assert "Samordningsförbundet Sydnärke" in response.content.decode()
    assert client.session["samordna_eid"] is True


def test_eid_satisfies_the_second_factor_unless_configured_otherwise(client, provider, sydnarke_plan, settings):
    user = make_user("kansli", sydnarke_plan.association, "secretariat_admin")
    user.email = "kansli@example.se"
    user.save()
    identity = {"sub": "x", "email": "kansli@example.se"}
    assert eid_login(client, provider, identity).redirect_chain[-1][0] == reverse("association_list")
    client.post(reverse("logout"))
    settings.SAMORDNA_OIDC_SATISFIES_2FA = False
    assert eid_login(client, provider, identity).redirect_chain[-1][0].startswith(reverse("two_factor"))


def test_eid_matches_the_configured_claim_to_the_username(client, provider, sydnarke_plan, settings):
    settings.SAMORDNA_OIDC_CLAIM, settings.SAMORDNA_OIDC_USER_FIELD = "sub", "username"
    user = make_user("eid-4711", sydnarke_plan.association, "auditor")
    response = eid_login(client, provider, {"sub": "eid-4711"})
    assert response.context["user"] == user


@pytest.mark.parametrize("identity", [
    {"sub": "ny", "email": "okand@example.se"},  # nobody with that address: never created
    {"sub": "ny", "email": "eva.lind@example.se", "email_verified": False},  # unverified address
    {"sub": "ny"},  # no e-mail at all
])
def test_eid_without_a_matching_user_signs_in_nobody(client, provider, sydnarke_plan, identity):
    user = make_user("eva", sydnarke_plan.association, "economy")
    user.email = "eva.lind@example.se"
    user.save()
    users = get_user_model().objects.count()
    response = eid_login(client, provider, identity)
    assert response.redirect_chain[-1][0] == "/logga-in/?eid=misslyckades"
    assert "Inloggningen med e-legitimation gick inte igenom" in response.content.decode()
    assert not response.context["user"].is_authenticated
    assert get_user_model().objects.count() == users


def test_a_token_for_another_client_is_refused(client, provider, sydnarke_plan):
    user = make_user("eva", sydnarke_plan.association, "economy")
    user.email = "eva.lind@example.se"
    user.save()
    provider.audience = "another-client"
    response = eid_login(client, provider, {"sub": "x", "email": "eva.lind@example.se"})
    assert not response.context["user"].is_authenticated


def test_eid_is_off_unless_configured(client):
    assert client.get(reverse("eid_start")).status_code == 404
    assert client.get(reverse("eid_callback")).status_code == 404
    assert "e-legitimation" not in client.get(reverse("login")).content.decode()
