"""The second factor: setting up an authenticator app, signing in with its code or a
recovery code, and what a person may turn off."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, login_as, make_user, verify_session

pytestmark = pytest.mark.django_db


def code_for(key_hex: str, offset: int = 0) -> str:
    from binascii import unhexlify

    totp = TOTP(unhexlify(key_hex), step=30, t0=0, digits=6)
    totp.time += offset
    return f"{totp.token():06d}"


def test_an_administrator_sets_up_an_app_and_gets_recovery_codes(client, sydnarke_plan):
    login_as(client, "kansli", sydnarke_plan.association, "secretariat_admin", second_factor=False)
    first = client.get(reverse("overview", args=["sydnarke"]))
    assert first["Location"].startswith(reverse("two_factor") + "?next=")
    page = client.get(first["Location"])
    html = page.content.decode()
    assert "Slå på tvåstegsverifiering" in html and 'src="data:image/svg+xml' in html
    key = client.session["samordna_totp_key"]
    assert client.get(first["Location"]).context["uri"] == page.context["uri"]  # a reload keeps the key
    assert "otpauth://totp/Samordna%3Akansli?secret=" in page.context["uri"]
    wrong = client.post(reverse("two_factor"), {"token": "000000" if code_for(key) != "000000" else "111111"})
    assert "Koden stämmer inte." in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user__username="kansli").exists()
    done = client.post(reverse("two_factor"), {"token": code_for(key), "next": "/f/sydnarke/"})
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user__username="kansli", confirmed=True).key == key
    assert client.get(reverse("overview", args=["sydnarke"])).status_code == 200


def test_signing_in_asks_for_the_code_and_a_recovery_code_works_once(client, sydnarke_plan, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0  # the throttle: below
    user = make_user("kansli", sydnarke_plan.association, "secretariat_admin")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    from samordna.accounts.services import recovery_codes_renew

    codes = recovery_codes_renew(user=user)
    response = client.post(reverse("login"), {"username": "kansli", "password": PASSWORD, "next": "/f/sydnarke/"},
                           follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_verify"))
    wrong = client.post(reverse("two_factor_verify"), {"token": "abc"})
    assert "Koden stämmer inte eller har redan använts." in wrong.content.decode()
    ok = client.post(reverse("two_factor_verify"), {"token": codes[0], "next": "/f/sydnarke/"}, follow=True)
    assert ok.redirect_chain[-1][0] == "/f/sydnarke/"
    assert "Du loggade in med en reservkod. 9 reservkoder återstår." in ok.content.decode()
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "kansli", "password": PASSWORD})
    assert client.post(reverse("two_factor_verify"), {"token": codes[0]}).status_code == 200  # used up
    ok = client.post(reverse("two_factor_verify"), {"token": code_for(device.key)})
    assert ok["Location"] == reverse("association_list")


def test_a_role_that_requires_the_second_factor_cannot_turn_it_off(client, sydnarke_plan):
    user = make_user("kansli", sydnarke_plan.association, "secretariat_admin")
    from tests.conftest import sign_in

    sign_in(client, user)
    assert "kan inte stängas av" in client.get(reverse("two_factor_disable")).content.decode()
    client.post(reverse("two_factor_disable"))
    assert TOTPDevice.objects.filter(user=user).exists()


def test_an_optional_second_factor_once_set_up_is_asked_for_and_can_be_turned_off(client, sydnarke_plan):
    user = make_user("ledamot", sydnarke_plan.association, "board_member")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.post(reverse("login"), {"username": "ledamot", "password": PASSWORD})
    assert client.get(reverse("overview", args=["sydnarke"]))["Location"].startswith(reverse("two_factor_verify"))
    verify_session(client, user)
    assert client.get(reverse("overview", args=["sydnarke"])).status_code == 200
    assert client.post(reverse("two_factor_disable"))["Location"] == reverse("account")
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_new_recovery_codes_replace_the_old(client, sydnarke_plan):
    from samordna.accounts.services import recovery_codes_renew

    user = make_user("kansli", sydnarke_plan.association, "secretariat_admin")
    from tests.conftest import sign_in

    sign_in(client, user)
    old = recovery_codes_renew(user=user)
    response = client.post(reverse("recovery_codes"))
    new = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(new) == 10
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)


def test_after_a_wrong_code_the_next_try_must_wait(client, sydnarke_plan):
    """django-otp's throttle: each failure doubles the wait before a code is checked again."""
    user = make_user("kansli", sydnarke_plan.association, "secretariat_admin")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.post(reverse("login"), {"username": "kansli", "password": PASSWORD})
    client.post(reverse("two_factor_verify"), {"token": "000000" if code_for(device.key) != "000000" else "111111"})
    assert client.post(reverse("two_factor_verify"), {"token": code_for(device.key)}).status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_second_factor_needed_by_a_role_or_a_confirmed_device_of_any_kind(sydnarke_plan):
    from django_otp.plugins.otp_static.models import StaticDevice

    from samordna.accounts.selectors import second_factor_needed

    board = make_user("styrelse", sydnarke_plan.association, "board_member")
    admin = make_user("kansli", sydnarke_plan.association, "secretariat_admin")
    assert (second_factor_needed(board), second_factor_needed(admin)) == (False, True)
    TOTPDevice.objects.create(user=board, name="app", confirmed=False)  # set up, never confirmed
    assert second_factor_needed(board) is False
    StaticDevice.objects.create(user=board, name="koder", confirmed=True)
    assert second_factor_needed(board) is True
