"""Creating, editing and filtering interventions, and the public catalogue, in real Chromium."""

import re

import pytest

from samordna.economy.services import plan_load
from samordna.interventions.models import PlanIntervention
from tests.conftest import plan_path

from .conftest import login, wcag_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sjuharad():
    return plan_load(data=plan_path("sjuharad-2022").read_bytes()).plan


def test_admin_creates_an_intervention_with_money_per_kommun(page, live_server, sjuharad):
    login(page, live_server, sjuharad.association)
    page.goto(f"{live_server.url}/f/sjuharad/insatser/")
    page.get_by_role("link", name="Ny insats").click()
    page.get_by_label("Namn", exact=True).fill("Arbetsträning i Mark")
    page.get_by_label("Nivå", exact=True).select_option("individual")
    page.get_by_label("Preciserad inriktning").select_option("forberedande")
    page.get_by_label("Arbetsförmedlingen").check()
    page.get_by_label("Marks kommun").first.check()
    page.get_by_label("Budget 2022, Marks kommun").fill("250 000")
    page.get_by_label("Deltagare 2022, Marks kommun").fill("12")
    page.get_by_label("Budget 2022, Gemensamt").fill("10 000")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(re.compile(r".*/insatser/arbetstraning-i-mark/.*"))
    assert page.get_by_role("heading", level=1).inner_text() == "Arbetsträning i Mark"
    assert "Insatsen ”Arbetsträning i Mark” är sparad." in page.content()
    money = page.locator("#money-table").inner_text()
    assert "260\u00a0000\u00a0kr" in money and "12" in money
    page.goto(f"{live_server.url}/f/sjuharad/insatser/")
    assert "Arbetsträning i Mark" in page.locator("#intervention-table").inner_text()
    summary = page.locator("#municipality-summary").inner_text()
    assert "Individinriktat, Marks kommun\t2\u00a0620\u00a0000\u00a0kr" in summary


def test_one_party_is_refused_with_a_swedish_message(page, live_server, sjuharad):
    login(page, live_server, sjuharad.association)
    page.goto(f"{live_server.url}/f/sjuharad/insatser/ny/")
    page.get_by_label("Namn", exact=True).fill("Bara kommuner")
    page.get_by_label("Borås Stad").first.check()
    page.get_by_label("Marks kommun").first.check()
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_role("alert").filter(has_text="En insats kräver minst två parter").count() == 1
    assert not PlanIntervention.objects.filter(name="Bara kommuner").exists()


def test_admin_edits_an_intervention_and_a_locked_field_is_refused(page, live_server, sjuharad):
    login(page, live_server, sjuharad.association)
    page.goto(f"{live_server.url}/f/sjuharad/insatser/studiesteget/")
    page.get_by_role("link", name="Ändra").click()
    page.get_by_label("Arbetsförmedlingen").check()
    page.get_by_label("Borås Stad").first.check()
    page.get_by_label("Nivå", exact=True).select_option("structural")
    page.get_by_label("Preciserad inriktning").select_option("")
    page.get_by_role("button", name="Spara").click()
    assert "Nivån kan inte ändras efter att insatsen skapats" in page.get_by_role("alert").first.inner_text()
    assert PlanIntervention.objects.get(intervention__slug="studiesteget").level == "individual"
    page.get_by_label("Nivå", exact=True).select_option("individual")
    page.get_by_label("Preciserad inriktning").select_option("rehabilitering")
    page.get_by_label("Utförare").fill("Borås Stad, vuxenutbildningen")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(re.compile(r".*/insatser/studiesteget/.*"))
    assert "Borås Stad, vuxenutbildningen" in page.locator("dl.facts").inner_text()
    assert PlanIntervention.objects.get(intervention__slug="studiesteget").provider == "Borås Stad, vuxenutbildningen"


def test_filters_narrow_the_list(page, live_server, sjuharad):
    login(page, live_server, sjuharad.association)
    page.goto(f"{live_server.url}/f/sjuharad/insatser/")
    page.get_by_label("Nivå").select_option("structural")
    page.get_by_role("button", name="Filtrera").click()
    table = page.locator("#intervention-table").inner_text()
    assert "PRIA" in table and "Aktiv kraft" not in table
    assert "3 av 9 insatser" in table
    page.get_by_label("Nivå").select_option("")
    page.get_by_label("Märkning").select_option("esf_cofinancer")
    page.get_by_role("button", name="Filtrera").click()
    rows = page.locator("#intervention-table tbody tr")
    assert rows.count() == 1 and "MOVES" in rows.first.inner_text()


def test_public_catalogue_works_without_login_and_meets_wcag(page, live_server, sjuharad):
    page.goto(f"{live_server.url}/katalog/sjuharad/")
    assert page.get_by_role("heading", level=1).inner_text() == "Insatskatalog"
    assert page.get_by_role("heading", name="Studiesteget").count() == 1
    assert page.get_by_role("heading", name="PRIA").count() == 0
    assert not re.search(r"\d[\s\u00a0]*kr\b", page.locator("main").inner_text())
    assert wcag_violations(page) == []


@pytest.mark.parametrize("path", ["/f/sjuharad/insatser/", "/f/sjuharad/insatser/aktiv-kraft/",
                                  "/f/sjuharad/insatser/ny/", "/f/sjuharad/budget/", "/f/sjuharad/finansiering/"])
def test_pages_meet_wcag_21_aa(page, live_server, sjuharad, path):
    login(page, live_server, sjuharad.association)
    page.goto(live_server.url + path)
    assert wcag_violations(page) == []


def test_wcag_check_finds_an_unlabelled_input(page):
    page.set_content('<!doctype html><html lang="sv"><head><title>t</title></head>'
                     '<body><main><h1>t</h1><input type="text"></main></body></html>')
    assert any(v.startswith("label:") for v in wcag_violations(page))
