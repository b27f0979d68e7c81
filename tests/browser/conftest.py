"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from samordna.accounts.models import Membership

# Playwright's sync API runs an event loop in this thread; Django's ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
PASSWORD = "webbläsar-test-1"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium saknas: CI ska installera Debians chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # axe-core is injected by script; the site's CSP (script-src 'self') would refuse it.
    context = browser.new_context(bypass_csp=True, locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # Waits end as soon as the page is ready; the bound is for a CI machine under load.
    page.set_default_timeout(30_000)
    yield page
    context.close()


def totp_code(device) -> str:
    """The code an authenticator app shows now for this device's key."""
    from django_otp.oath import TOTP

    return f"{TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits).token():06d}"


def login(page, live_server, association, role="secretariat_admin", username="kansli"):
    """Sign in through the login page; a role that requires a second factor has an
    authenticator app set up already and types its current code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from samordna.accounts.selectors import two_factor_required

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    Membership.objects.create(user=user, association=association, role=role)
    device = (TOTPDevice.objects.create(user=user, name="Testapp", confirmed=True)
              if two_factor_required(user) else None)
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    if device is not None:
        page.wait_for_url(f"{live_server.url}/konto/tvastegsverifiering/kod/**")
        page.get_by_label("Kod").fill(totp_code(device))
        page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def wcag_violations(page) -> list[str]:
    """WCAG 2.1 A and AA violations axe-core finds on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag",
                                                   "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} ställen)" for v in results.response["violations"]]
