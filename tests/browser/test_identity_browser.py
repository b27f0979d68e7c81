"""Identified follow-up in real Chromium: the intervention's participant officer signs in with
the second factor, registers a person's identity and consent, opens it after stating why
(a refusal without a reason first), finds the record by personnummer; the auditor reads the
access log and sees why, never who. Every page axe-clean and without overflow at 390 px
(SAMORDNA_SCREENSHOTS=DIR saves them at 1366 and 390 px)."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from samordna.accounts.models import InterventionAssignment
from samordna.economy.services import plan_load
from samordna.followup.models import Enrolment, IdentifiedSetup, Identity, IdentityAccess
from tests.conftest import plan_path

from .conftest import login
from .test_followup_browser import look

pytestmark = pytest.mark.django_db(transaction=True)

NUMBER, NAME = "19811228-9874", "Greta Provdeltagare"


@pytest.fixture
def enter():
    association = plan_load(data=plan_path("sodra-vatterbygden-2020").read_bytes()).plan.association
    enter = association.interventions.get(slug="enter")
    enter.follow_up = "identified"
    enter.save()
    IdentifiedSetup.objects.create(intervention=enter, controller=association.members.get(slug="region"),
                                   agreement_reference="PUB-2020-4", switched_on_at=timezone.now())
    Enrolment.objects.create(association=association, intervention=enter, code="ENT-2020-0001",
                             provider_code="P1", gender="kvinna", start_month=date(2020, 2, 1))
    return enter


def test_the_officer_registers_and_opens_an_identity_and_the_auditor_sees_why_not_who(
        page, browser, live_server, enter):
    association = enter.association
    base = f"{live_server.url}/f/{association.slug}/uppfoljning/insats/enter"
    login(page, live_server, association, role="participant_officer", username="handlaggare")
    InterventionAssignment.objects.create(user=get_user_model().objects.get(username="handlaggare"),
                                          intervention=enter)

    page.goto(f"{base}/post/ENT-2020-0001/")
    page.get_by_role("link", name="Identitet och samtycke").click()
    page.get_by_label("Personnummer eller samordningsnummer", exact=True).fill("811228-9875")  # a wrong check digit
    page.get_by_label("Namn", exact=True).fill(NAME)
    page.get_by_label("Samtycke lämnat (datum)").fill("2020-02-03")
    page.get_by_label("Samtyckestextens version").fill("2020:1")
    page.get_by_role("button", name="Spara").click()
    page.locator("#error-summary", has_text="Inget har sparats").wait_for()
    assert page.get_by_label("Namn", exact=True).input_value() == NAME  # nothing typed is lost
    look(page, "identity-refused")
    assert not Identity.objects.exists()

    page.get_by_label("Personnummer eller samordningsnummer", exact=True).fill("811228-9874")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("button", name="Visa namn och personnummer").wait_for()
    assert NAME not in page.content()  # registered, not shown until asked for with a reason
    assert Identity.objects.count() == 1

    page.get_by_role("button", name="Visa namn och personnummer").click()  # no reason
    page.locator("#error-summary", has_text="Inget har sparats").wait_for()
    assert NAME not in page.content()
    page.get_by_label("Varför behöver du uppgiften? (loggas)").fill("Uppföljningssamtal")
    page.get_by_role("button", name="Visa namn och personnummer").click()
    facts = page.locator("dl.facts")
    assert NAME in facts.inner_text() and NUMBER in facts.inner_text()
    assert "2020-02-03, version 2020:1" in facts.inner_text()
    look(page, "identity-shown")

    page.get_by_role("link", name="Sök deltagare med personnummer").click()
    page.get_by_label("Personnummer eller samordningsnummer", exact=True).fill("198112289874")
    page.get_by_label("Varför söker du? (loggas)").fill("Deltagaren ringde")
    page.get_by_role("button", name="Sök").click()
    page.get_by_role("link", name="ENT-2020-0001").wait_for()
    look(page, "identity-search")
    assert list(IdentityAccess.objects.order_by("pk").values_list("kind", flat=True)) == [
        "register", "view", "search"]

    auditor_context = browser.new_context(bypass_csp=True, locale="sv-SE", viewport={"width": 1280, "height": 900})
    auditor = auditor_context.new_page()
    auditor.set_default_timeout(30_000)
    try:
        login(auditor, live_server, association, role="auditor", username="revisor")
        auditor.goto(f"{live_server.url}/f/{association.slug}/uppfoljning/atkomstlogg/")
        log = auditor.locator("main").inner_text()
        assert "Uppföljningssamtal" in log and "Deltagaren ringde" in log and "ENT-2020-0001" in log
        assert auditor.locator("tbody tr").first.locator("td").nth(3).inner_text() == "Enter"  # the name, not its id
        assert NAME not in auditor.content() and "9874" not in auditor.content()
        look(auditor, "identity-access-log")
        assert auditor.goto(f"{base}/post/ENT-2020-0001/identitet/").status == 403
    finally:
        auditor_context.close()
