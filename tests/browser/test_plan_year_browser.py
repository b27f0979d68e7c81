"""The plan year in real Chromium: next year's plan from Sydnärke 2022, its adoption, a budget
row edited in the table with the keyboard, and two versions compared."""

import re

import pytest

from samordna.economy.models import BudgetLine, Plan
from samordna.economy.services import plan_load
from tests.conftest import plan_path

from .conftest import login, wcag_violations

pytestmark = pytest.mark.django_db(transaction=True)


FOCUSED_LABEL = "document.activeElement && document.activeElement.id === 'row-cost-lokal-form-label'"
# htmx has swapped, settled and processed the last answer (no request, swap or settle under way).
HTMX_IDLE = "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
FOCUSED_EDIT = ("document.activeElement && document.activeElement.matches('#row-cost-lokal a.edit')")


@pytest.fixture
def sydnarke():
    return plan_load(data=plan_path("sydnarke-2022").read_bytes()).plan


def test_the_2023_plan_is_created_adopted_edited_in_the_table_and_compared(page, live_server, sydnarke):
    login(page, live_server, sydnarke.association)
    base = f"{live_server.url}/f/sydnarke"

    # Next year's plan from 2022, +2 % on the new year.
    page.goto(f"{base}/")
    page.get_by_role("link", name="Ny verksamhetsplan 2023").click()
    assert wcag_violations(page) == []
    page.get_by_label("Uppräkning av det nya årets belopp (procent)").fill("2")
    page.get_by_role("button", name="Skapa planen").click()
    page.wait_for_url(re.compile(r".*/f/sydnarke/\?plan=2023$"))
    assert "Verksamhetsplanen 2023 är skapad som förslag." in page.content()
    plan = Plan.objects.get(association=sydnarke.association, year=2023)
    assert plan.stage == "proposal"

    # A budget row edited in the table with the keyboard only.
    page.goto(f"{base}/budget/?plan=2023")
    edit = page.locator("#row-cost-lokal a.edit")
    edit.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(FOCUSED_LABEL)  # the row opens with the cursor in its label
    page.wait_for_function(HTMX_IDLE)
    log = []
    page.on("request", lambda r: log.append(r.url))
    page.on("console", lambda m: log.append(m.text))
    page.keyboard.press("Escape")  # cancels: the row is shown again, nothing saved
    try:
        page.wait_for_selector("#row-cost-lokal.editing", state="detached")
    except Exception:
        raise AssertionError([log, page.evaluate("document.activeElement.outerHTML"),
                              page.evaluate("typeof htmx")]) from None
    page.wait_for_function(FOCUSED_EDIT)  # and the focus is back on the row's Ändra
    page.wait_for_function(HTMX_IDLE)
    assert page.locator("#row-cost-lokal a.edit").count() == 1
    assert page.locator("#row-cost-lokal input").count() == 0
    page.locator("#row-cost-lokal a.edit").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(FOCUSED_LABEL)
    page.keyboard.press("Control+A")
    page.keyboard.type("Lokalhyra")
    page.keyboard.press("Tab")  # Slag
    page.keyboard.press("Tab")  # Budget 2023
    page.keyboard.press("Control+A")
    page.keyboard.type("60 000")
    page.keyboard.press("Enter")
    try:
        page.locator("#row-cost-lokal:not(.editing) th", has_text="Lokalhyra").wait_for()
    except Exception:
        raise AssertionError(page.locator("#budget-wrap").inner_html()[:3000]) from None
    assert page.locator("#row-cost-lokal.editing").count() == 0, page.locator("#row-cost-lokal").inner_text()
    row = page.locator("#row-cost-lokal").inner_text()
    assert "60\u00a0000" in row
    assert BudgetLine.objects.get(entry__plan=plan, entry__year=2023, slug="lokal").amount == 60000
    assert "Ändra rader" not in page.content()
    assert wcag_violations(page) == []

    # Adoption with date, body and reference.
    page.goto(f"{base}/versioner/?plan=2023")
    page.get_by_role("button", name="Skicka på samråd").click()
    page.get_by_role("link", name="Fastställ planen").click()
    page.get_by_role("button", name="Fastställ planen").click()
    assert "Ange beslutsdatum." in page.content()
    page.get_by_label("Beslutsdatum").fill("2022-11-24")
    page.get_by_label("Beslutande organ").fill("Styrelsen")
    page.get_by_label("Diarienummer").fill("Dnr 2022/31")
    page.get_by_role("button", name="Fastställ planen").click()
    page.wait_for_url(re.compile(r".*/versioner/\?plan=2023$"))
    text = page.content()
    assert "fastställd 2022-11-24 av Styrelsen (Dnr 2022/31)" in text
    assert "Granskningen: Planen är fastställd 2022-11-24, före samrådet" in text
    assert wcag_violations(page) == []

    # Compare the first version (the proposal) with the adopted one.
    page.get_by_label("Jämför från version 1").check()
    page.get_by_label("Jämför till version 3").check()
    page.get_by_role("button", name="Jämför versionerna").click()
    page.wait_for_url(re.compile(r".*/versioner/jamfor/.*"))
    budget = page.locator("table.compare", has_text="Budget 2023").inner_text()
    assert "Kostnad: Lokalhyra\t55\u00a0000\u00a0kr\t60\u00a0000\u00a0kr\t5\u00a0000\u00a0kr" in budget, budget
    assert "Dnr 2022/31" in page.locator("table.compare-text").inner_text()
    assert wcag_violations(page) == []
