"""Follow-up in real Chromium: registering a record, importing a file with a preview, the goal
dashboard with its charts and tables, and the Uppföljning Finsam page; axe-clean, no overflow
at 390 px. With SAMORDNA_SCREENSHOTS=DIR set, each page is saved there at 1366 and 390 px."""

import os
import re
from pathlib import Path

import pytest

from samordna.accounts.permissions import SYSTEM
from samordna.economy.services import plan_load
from samordna.followup.models import Enrolment
from samordna.followup.services import followup_import
from tests.conftest import plan_path

from .conftest import login, wcag_violations

pytestmark = pytest.mark.django_db(transaction=True)


def no_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)
  .slice(-5).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))"""


def look(page, name: str) -> None:
    """Axe-clean and no overflow at 390 px; screenshots at both widths when asked for."""
    folder = os.environ.get("SAMORDNA_SCREENSHOTS")
    assert wcag_violations(page) == []
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        if width == 390:
            assert no_overflow(page), (name, page.evaluate(WIDEST))
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


def reporter_on(page, live_server, plan, slugs):
    """A provider's reporter, assigned to these interventions, signed in."""
    from samordna.accounts.models import InterventionAssignment

    login(page, live_server, plan.association, role="provider_reporter", username="rapportor")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="rapportor")
    for slug in slugs:
        InterventionAssignment.objects.create(user=user, intervention=plan.association.interventions.get(slug=slug))
    return page


def test_a_reporter_registers_a_record_and_a_personnummer_is_refused(page, live_server, vatterbygden):
    reporter_on(page, live_server, vatterbygden, ["enter"])
    page.goto(f"{live_server.url}/f/sodra-vatterbygden/uppfoljning/insats/enter/?plan=2020")
    page.get_by_role("link", name="Ny deltagarpost").click()
    page.get_by_label("Utförarens kod").fill("900101-1234")
    page.get_by_role("radio", name="Kvinna").check()
    page.get_by_label("Startmånad").fill("2020-02")
    page.get_by_label("Hemkommun").select_option(index=1)
    page.get_by_role("button", name="Spara").click()
    alert = page.get_by_role("alert").first.inner_text()
    assert "Koden ser ut som ett personnummer" in alert
    assert not Enrolment.objects.exists()
    assert page.get_by_label("Startmånad").input_value() == "2020-02"  # nothing typed is lost
    look(page, "deltagarpost-fel")
    page.get_by_label("Utförarens kod").fill("ENT-K17")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(re.compile(r".*/uppfoljning/insats/enter/.*"))
    enrolment = Enrolment.objects.get()
    assert (enrolment.provider_code, enrolment.gender, enrolment.start_month.isoformat()) == \
        ("ENT-K17", "kvinna", "2020-02-01")
    assert enrolment.code in page.content()
    look(page, "insatsens-poster")


def test_an_import_shows_every_bad_row_then_saves_a_good_file(page, live_server, vatterbygden, tmp_path):
    reporter_on(page, live_server, vatterbygden, ["enter", "fia"])
    bad = tmp_path / "poster.csv"
    bad.write_text("intervention;code;gender;start;end\n"
                   "enter;E1;kvinna;2020-01;2020-06\n"
                   "enter;E2;okänt;2020-13;\n"
                   "fia;19900101-1234;man;2020-02;2020-01\n", encoding="utf-8")
    page.goto(f"{live_server.url}/f/sodra-vatterbygden/uppfoljning/import/?plan=2020")
    page.get_by_label("Fil (CSV eller Excel)").set_input_files(str(bad))
    page.get_by_role("button", name="Granska filen").click()
    assert "fel. Inget har sparats." in page.get_by_role("alert").first.inner_text()
    errors = page.locator("#import-error-table tbody tr").all_inner_texts()
    assert {e.split("\t")[0] for e in errors} == {"3", "4"}
    assert not Enrolment.objects.exists()
    look(page, "import-fel")
    good = tmp_path / "poster2.csv"
    good.write_text("intervention;code;gender;start;end\n"
                    "enter;E1;kvinna;2020-01;2020-06\n"
                    "fia;F1;man;2020-02;\n", encoding="utf-8")
    page.get_by_label("Fil (CSV eller Excel)").set_input_files(str(good))
    page.get_by_role("button", name="Granska filen").click()
    assert "Alla 2 rader är korrekta. Ingenting är sparat ännu." in page.locator("#import-preview").inner_text()
    assert not Enrolment.objects.exists()
    look(page, "import-forhandsgranskning")
    page.get_by_role("button", name="Spara alla 2 rader").click()
    page.wait_for_url(re.compile(r".*/uppfoljning/\?.*"))
    assert "2 nya och 0 ändrade deltagarposter" in page.content()
    assert sorted(Enrolment.objects.values_list("provider_code", flat=True)) == ["E1", "F1"]
    look(page, "uppfoljning-oversikt")


def test_the_goal_dashboard_shows_each_share_goal_with_its_table(page, live_server, vatterbygden):
    from decimal import Decimal

    from samordna.finsam import followup as fu
    from samordna.followup.services import goal_measure_save

    rows = [["enter", f"E{i}", "kvinna" if i % 2 else "man", "2020-01", "2020-06",
             "arbete" if i % 3 else "annat", "ja"] for i in range(1, 25)]
    header = ["intervention", "code", "gender", "start", "end", "occupation_after", "assessed_work_capacity"]
    assert followup_import(actor=SYSTEM, association=vatterbygden.association, header=header, rows=rows).ok
    enter = vatterbygden.association.interventions.get(slug="enter")
    goal = next(g for g in vatterbygden.interventions.get(intervention=enter).goals if g["text"].startswith("40%"))
    goal_measure_save(actor=SYSTEM, association=vatterbygden.association, plan=vatterbygden, owner=enter,
                      goal_text=goal["text"], measure=fu.Measure("share", frozenset({"arbete", "studier"}),
                                                                 base="ended_able", target=Decimal("0.4")))
    login(page, live_server, vatterbygden.association, role="board_member", username="styrelse")
    page.goto(f"{live_server.url}/f/sodra-vatterbygden/mal/?plan=2020")
    chart = page.locator("section.goal-chart").first
    assert chart.get_by_role("img").get_attribute("aria-label").startswith("Stapeldiagram: Enter, 40% av")
    table = chart.get_by_role("table", name="Siffrorna i diagrammet (målvärde 40\u00a0%)").inner_text()
    # 16 of 24 ended to work: 8 of 12 women, 8 of 12 men
    assert "Alla\t66,7\u00a0% (16 av 24)" in table
    assert "Kvinnor\t66,7\u00a0% (8 av 12)" in table and "Män\t66,7\u00a0% (8 av 12)" in table
    look(page, "mal")
