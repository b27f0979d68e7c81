"""An administrator invites a person; the person chooses a password, signs in, sets up an
authenticator app and sees the association. Real Chromium, axe-core on each page."""

import re
from base64 import b32decode

import pytest
from django.core import mail
from django_otp.oath import TOTP

from samordna.economy.services import plan_load
from tests.conftest import plan_path

from .conftest import login, wcag_violations

pytestmark = pytest.mark.django_db(transaction=True)
NEW_PASSWORD = "kaffe-och-kanelbulle-42"


@pytest.fixture
def sydnarke():
    return plan_load(data=plan_path("sydnarke-2022").read_bytes()).plan


def test_invited_person_sets_a_password_enrols_an_app_and_sees_the_association(page, live_server, sydnarke):
    login(page, live_server, sydnarke.association)
    page.goto(f"{live_server.url}/f/sydnarke/")
    page.get_by_role("link", name="Användare").click()
    assert wcag_violations(page) == []
    page.get_by_role("link", name="Bjud in en person").click()
    page.get_by_label("E-postadress").fill("sara.ek@example.se")
    page.get_by_label("Förnamn").fill("Sara")
    page.get_by_label("Efternamn").fill("Ek")
    page.get_by_label("Roll").select_option("participant_officer")
    assert wcag_violations(page) == []
    page.get_by_role("button", name="Skicka inbjudan").click()
    page.wait_for_url(f"{live_server.url}/f/sydnarke/anvandare/")
    assert "Sara Ek är inbjuden." in page.content()
    assert "Inbjuden, har inte loggat in" in page.locator("#user-table").inner_text()
    page.get_by_role("button", name="Logga ut").first.click()

    link = re.search(r"https?://\S+/inbjudan/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert wcag_violations(page) == []
    page.get_by_label("Nytt lösenord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Bekräfta nytt lösenord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Spara lösenordet").click()
    page.wait_for_url(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill("sara.ek@example.se")
    page.get_by_label("Lösenord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    page.wait_for_url(re.compile(r".*/konto/tvastegsverifiering/.*"))
    assert page.get_by_role("heading", level=1).inner_text() == "Slå på tvåstegsverifiering"
    assert wcag_violations(page) == []
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    code = f"{TOTP(b32decode(secret), step=30, t0=0, digits=6).token():06d}"
    page.get_by_label("Kod").fill(code)
    page.get_by_role("button", name="Slå på").click()
    assert page.locator("#recovery-codes li").count() == 10
    assert wcag_violations(page) == []
    page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Samordningsförbundet Sydnärke" in page.locator("main").inner_text()
    page.get_by_role("link", name="Samordningsförbundet Sydnärke").click()
    assert "Deltagarhandläggare" in page.locator("header").inner_text()

    # She sees exactly what the role allows: the tabs of her actions, no money, no documents,
    # and a page she may not read answers with the Swedish refusal, not its content.
    tabs = page.locator("nav.tabs a").all_inner_texts()
    assert tabs == ["Översikt", "Medlemmar", "Styrelse", "Insatser", "Uppföljning"], tabs
    assert " kr" not in page.locator("main").inner_text()
    for path in ("budget/", "finansiering/", "dokument/", "andringslogg/", "anvandare/"):
        response = page.goto(f"{live_server.url}/f/sydnarke/{path}")
        assert response.status == 403, path
        assert "behörighet" in page.locator("main").inner_text().lower(), path
