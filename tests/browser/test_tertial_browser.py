"""The tertial grid in real Chromium, with the keyboard only: type, Tab and Enter; each cell is
saved by htmx as it is left, the row's share, deviation and default forecast follow, and the
page passes axe-core's WCAG 2.1 AA rules."""

from decimal import Decimal

import pytest

from samordna.economy.models import TertialCell
from samordna.economy.services import plan_load
from tests.conftest import plan_path

from .conftest import login, wcag_violations

pytestmark = pytest.mark.django_db(transaction=True)
D = Decimal


@pytest.fixture
def sydnarke():
    return plan_load(data=plan_path("sydnarke-2022").read_bytes()).plan


def stored() -> dict:
    return {(c.measure, c.item): c.amount if c.measure != "comment" else c.text
            for c in TertialCell.objects.all()}


def test_the_grid_is_edited_with_the_keyboard(page, live_server, sydnarke):
    login(page, live_server, sydnarke.association)
    page.goto(f"{live_server.url}/f/sydnarke/tertial/2022/T1/")
    outcome = page.get_by_label("Köp av tjänst förbundschef, utfall t.o.m. april")
    outcome.click()
    page.keyboard.type("352 500")
    page.keyboard.press("Tab")  # to the forecast of the same row: the outcome is saved
    page.locator("#msg-outcome-lines-forbundschef", has_text="Sparat").wait_for()
    forecast = page.get_by_label("Köp av tjänst förbundschef, prognos helår")
    assert page.evaluate("document.activeElement.id") == "f-forecast-lines-forbundschef"
    # The default forecast is now the outcome + the budget of the months left, shown in the field.
    budget = D(page.locator("#r-cost-forbundschef td").first.inner_text().replace("\u00a0", "").replace(" ", ""))
    default = round(D(352500) + budget * 8 / 12)
    assert forecast.get_attribute("placeholder").replace(" ", "") == str(default)
    page.keyboard.type("1 080 000")
    page.keyboard.press("Tab")  # to the comment
    page.keyboard.type("Vakans i mars.")
    page.keyboard.press("Enter")  # down to the next row's comment; the comment is saved
    page.locator("#msg-comment-lines-forbundschef", has_text="Sparat").wait_for()
    assert page.evaluate("document.activeElement.name") == "comment-lines-revision"
    page.locator("#msg-forecast-lines-forbundschef", has_text="Sparat").wait_for()
    assert stored() == {("outcome", "forbundschef"): D(352500), ("forecast", "forbundschef"): D(1080000),
                        ("comment", "forbundschef"): "Vakans i mars."}
    deviation = page.locator("#dev-cost-forbundschef").inner_text().replace("\u00a0", " ").replace("\u2212", "-")
    assert deviation.strip() == f"{int(D(1080000) - budget):,}".replace(",", " ")
    # Enter in an amount column moves down that column; Shift+Enter back up.
    page.get_by_label("Laxå kommun, utfall t.o.m. april").click()
    page.keyboard.type("45 000")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "outcome-contributions-hallsberg"
    page.keyboard.press("Shift+Enter")
    assert page.evaluate("document.activeElement.name") == "outcome-contributions-laxa"
    page.locator("#msg-outcome-contributions-laxa", has_text="Sparat").wait_for()
    assert stored()[("outcome", "laxa")] == D(45000)
    # A mistake stays as typed, marked, and is not saved.
    page.keyboard.press("Control+A")
    page.keyboard.type("mycket")
    page.keyboard.press("Tab")
    page.locator("#msg-outcome-contributions-laxa", has_text="är inte ett belopp").wait_for()
    assert page.get_by_label("Laxå kommun, utfall t.o.m. april").input_value() == "mycket"
    assert page.get_by_label("Laxå kommun, utfall t.o.m. april").get_attribute("aria-invalid") == "true"
    assert stored()[("outcome", "laxa")] == D(45000)
    assert wcag_violations(page) == []


# Every request of the page leaves 1.5 s late: a slow line, so that the answer to a saved cell
# comes after the person has already gone back into it.
SLOW_LINE = """
const send = XMLHttpRequest.prototype.send;
XMLHttpRequest.prototype.send = function (body) { setTimeout(() => send.call(this, body), 1500); };
"""


def test_an_answer_that_comes_while_the_person_is_back_in_the_cell_takes_neither_focus_nor_typing(
        page, live_server, sydnarke):
    login(page, live_server, sydnarke.association)
    page.add_init_script(SLOW_LINE)
    page.goto(f"{live_server.url}/f/sydnarke/tertial/2022/T1/")
    page.get_by_label("Laxå kommun, utfall t.o.m. april").click()
    page.keyboard.type("45 000")
    page.keyboard.press("Enter")  # leaves the cell: saved, the answer 1.5 s away
    page.keyboard.press("Shift+Enter")  # back at once, the text selected
    page.keyboard.type("46 000")
    page.locator("#msg-outcome-contributions-laxa", has_text="Sparat").wait_for()  # the first answer
    assert page.evaluate("document.activeElement.name") == "outcome-contributions-laxa"
    assert page.get_by_label("Laxå kommun, utfall t.o.m. april").input_value() == "46 000"
    assert stored()[("outcome", "laxa")] == D(45000)
    revision = page.locator("#rev-outcome-contributions-laxa").input_value()
    page.keyboard.press("Tab")  # leaves it again: the second value is saved with the new revision
    page.wait_for_function(f"document.getElementById('rev-outcome-contributions-laxa').value !== '{revision}'")
    assert stored()[("outcome", "laxa")] == D(46000)
    assert page.get_by_label("Laxå kommun, utfall t.o.m. april").input_value() == "46 000"


def test_the_grid_without_javascript_is_one_form(browser, live_server, sydnarke):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    login(page, live_server, sydnarke.association)
    page.goto(f"{live_server.url}/f/sydnarke/tertial/2022/T1/")
    page.get_by_label("Revisionstjänster, utfall t.o.m. april").fill("12 000")
    page.get_by_label("Drivbänk, kommentar").fill("Start i maj.")
    page.get_by_label("Drivbänk, kommentar").press("Enter")  # submits the whole grid
    page.wait_for_url("**/tertial/2022/T1/?plan=2022")
    assert "Tertialuppföljningen T1 2022 är sparad (2 uppgifter)." in page.content()
    assert stored() == {("outcome", "revision"): D(12000), ("comment", "drivbank"): "Start i maj."}
    context.close()
