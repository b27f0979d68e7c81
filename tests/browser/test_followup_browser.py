"""Follow-up in real Chromium: registering a record, importing a file with a preview, the goal
dashboard with its charts and tables, and the Uppföljning Finsam page; axe-clean, no overflow
at 390 px. With SAMORDNA_SCREENSHOTS=DIR set, each page is saved there at 1366 and 390 px."""

import os
import re
from pathlib import Path

import pytest

from samordna.accounts.permissions import SYSTEM
from samordna.economy.services import plan_load
from samordna.followup.services import followup_import
from tests.conftest import plan_path

from .conftest import login, wcag_violations

pytestmark = pytest.mark.django_db(transaction=True)


def no_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def look(page, name: str) -> None:
    """Axe-clean and no overflow at 390 px; screenshots at both widths when asked for."""
    folder = os.environ.get("SAMORDNA_SCREENSHOTS")
    assert wcag_violations(page) == []
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        if width == 390:
            assert no_overflow(page), name
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def vatterbygden():
    return plan_load(data=plan_path("sodra-vatterbygden-2020").read_bytes()).plan


@pytest.fixture
def sydnarke():
    return plan_load(data=plan_path("sydnarke-2022").read_bytes()).plan


def test_the_kansli_reads_the_figures_for_uppfoljning_finsam(page, live_server, sydnarke):
    header = ["intervention", "code", "gender", "start"]
    rows = [["coachingteam", f"C{i}", "kvinna" if i % 3 else "man", "2022-02"] for i in range(1, 12)]
    assert followup_import(actor=SYSTEM, association=sydnarke.association, header=header, rows=rows).ok
    login(page, live_server, sydnarke.association)
    page.goto(f"{live_server.url}/f/sydnarke/uppfoljning/?plan=2022")
    page.get_by_role("link", name="Uppgifter till Uppföljning Finsam 2022").click()
    page.wait_for_url(re.compile(r".*/uppfoljning/nationellt/.*"))
    assert page.get_by_role("heading", level=1).inner_text() == "Uppgifter till Uppföljning Finsam 2022"
    coaching = page.get_by_role("table", name="Coachingteam Sydnärke: uppgifter 2022").inner_text()
    assert "Deltagare, kvinnor\t8\tDeltagaruppföljningen: 11 avidentifierade poster" in coaching
    assert "Budget\t2\u00a0930\u00a0200\u00a0kr\tVerksamhetsplanen 2022" in coaching
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ned Excel").click()
    assert download.value.suggested_filename == "uppfoljning-finsam-sydnarke-2022.xlsx"
    look(page, "uppfoljning-finsam")
