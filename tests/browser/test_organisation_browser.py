"""Adding a board seat and a calendar entry in real Chromium, the pages checked with axe-core
and at a phone's width (390 px) without sideways overflow."""

import re

import pytest

from samordna.economy.services import plan_load
from samordna.organisation.models import BoardSeat
from tests.conftest import plan_path

from .conftest import login, wcag_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sydnarke():
    return plan_load(data=plan_path("sydnarke-2022").read_bytes()).plan


def no_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_admin_adds_a_board_seat_and_a_calendar_entry(page, live_server, sydnarke):
    login(page, live_server, sydnarke.association)
    page.goto(f"{live_server.url}/f/sydnarke/styrelse/")
    page.get_by_role("link", name="Ny styrelseplats").click()
    page.get_by_label("Namn").fill("Anna Ek")
    page.get_by_label("Representerar").select_option(label="Laxå kommun")
    page.get_by_label("Roll").select_option("regular")
    page.get_by_label("Uppdrag").select_option("chair")
    page.get_by_label("Mandatperiodens början").fill("2023-01-01")
    page.get_by_label("Mandatperiodens slut").fill("2026-12-31")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(re.compile(r".*/styrelse/$"))
    assert "Anna Ek är sparad i styrelsen." in page.content()
    seats = page.locator("#seats-table").inner_text()
    assert "Anna Ek" in seats and "Ordförande" in seats and "Ledamot" in seats
    assert BoardSeat.objects.get().member.slug == "laxa"
    assert wcag_violations(page) == []

    page.goto(f"{live_server.url}/f/sydnarke/kalender/")
    page.get_by_role("link", name="Ny kalenderpost").click()
    page.get_by_label("Datum", exact=True).fill("2022-06-10")
    page.get_by_label("Börjar").fill("09:00")
    page.get_by_label("Slutar").fill("15:00")
    page.get_by_label("Organ").select_option("planeringsdag")
    page.get_by_label("Plats").fill("Kumla")
    page.get_by_label("Preliminärt datum").check()
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(re.compile(r".*/kalender/\?plan=2022$"))
    row = page.locator("#calendar-table tr", has_text="10 juni 2022").inner_text()
    assert "09:00–15:00" in row and "Planeringsdag" in row and "Kumla" in row
    assert "Preliminärt" in row
    assert wcag_violations(page) == []

    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("styrelse/", "kalender/", "planen/", "riskanalys/", "medlemmar/"):
        page.goto(f"{live_server.url}/f/sydnarke/{path}")
        assert no_overflow(page), path
