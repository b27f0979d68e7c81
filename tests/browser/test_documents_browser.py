"""The plan PDF through the background path in real Chromium: the documents page asks for it,
the page shows that it is being made while a task worker (django-tasks' database backend, as
in production) makes it, and offers the file when it is ready."""

import io
import threading
import zipfile

import pytest
from pypdf import PdfReader

from samordna.economy.services import plan_load
from tests.conftest import plan_path

from .conftest import login, wcag_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def worker_run_once():
    """What `samordna db_worker` does, for the jobs queued now."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="browser-test", excluded_queue_names=[]).run()


def test_the_plan_pdf_is_made_in_the_background_and_downloaded(page, live_server, database_tasks):
    plan = plan_load(data=plan_path("sydnarke-2022").read_bytes()).plan
    login(page, live_server, plan.association)
    page.goto(f"{live_server.url}/f/sydnarke/dokument/")
    page.get_by_role("button", name="Skapa PDF – Verksamhetsplan").click()
    page.wait_for_url("**/dokument/verksamhetsplan.pdf?**")
    status = page.get_by_role("status")
    assert "Verksamhetsplan 2022 väntar på sin tur att skapas." in status.inner_text()
    assert wcag_violations(page) == []
    worker = threading.Thread(target=worker_run_once)
    worker.start()
    worker.join(timeout=60)
    link = page.get_by_role("link", name="Hämta PDF – Verksamhetsplan 2022")
    link.wait_for(timeout=15_000)  # htmx asks for the state every two seconds
    with page.expect_download() as download:
        link.click()
    content = open(download.value.path(), "rb").read()
    assert download.value.suggested_filename == "Verksamhetsplan 2022 Samordningsförbundet Sydnärke.pdf"
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Verksamhetsplan" in text
    page.goto(f"{live_server.url}/f/sydnarke/dokument/")
    assert page.get_by_role("link", name="Hämta PDF – Verksamhetsplan").is_visible()
    page.screenshot(path="var/screenshots/documents-1366.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="var/screenshots/documents-390.png", full_page=True)


def test_a_member_letter_is_made_in_the_background_on_the_letters_page_and_downloaded(page, live_server,
                                                                                       database_tasks):
    """The letters page asks for Laxå's letter (htmx), shows it waiting while the worker makes
    it, then offers it in the same place; the PDF holds Laxå's contribution to the krona."""
    plan = plan_load(data=plan_path("sydnarke-2022").read_bytes()).plan
    login(page, live_server, plan.association)
    page.goto(f"{live_server.url}/f/sydnarke/dokument/medlemsbrev/")
    page.get_by_role("button", name="Skapa PDF – Medlemsbrev 2022 till Laxå kommun").click()
    waiting = page.get_by_role("link", name="PDF väntar – Medlemsbrev 2022 till Laxå kommun")
    waiting.wait_for()
    assert page.url == f"{live_server.url}/f/sydnarke/dokument/medlemsbrev/"  # stayed on the page
    assert wcag_violations(page) == []
    worker = threading.Thread(target=worker_run_once)
    worker.start()
    worker.join(timeout=60)
    link = page.get_by_role("link", name="Hämta PDF – Medlemsbrev 2022 till Laxå kommun")
    link.wait_for(timeout=15_000)  # the cell asks for its state every two seconds
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "Medlemsbrev 2022 Laxå kommun.pdf"
    reader = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))
    text = " ".join(" ".join(p.extract_text().replace("\u00a0", " ").split()) for p in reader.pages)
    assert "Till: Laxå kommun" in text and "Till: Kumla kommun" not in text
    assert "2022 135 231 – – beslutad" in text
    assert "1 308 500 kr × 5 637 / 54 544 = 135 230,54 kr." in text
    page.reload()
    assert page.get_by_role("link", name="Hämta PDF – Medlemsbrev 2022 till Laxå kommun").is_visible()
    assert page.get_by_role("button", name="Skapa Word – Medlemsbrev 2022 till Laxå kommun").is_visible()
    assert wcag_violations(page) == []
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path="var/screenshots/letters-1366.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="var/screenshots/letters-390.png", full_page=True)


def test_without_javascript_a_letter_is_asked_for_and_its_page_links_to_it(browser, live_server, database_tasks):
    """A plain form POST, then the letter's own page, which says it waits and is reloaded."""
    plan = plan_load(data=plan_path("sydnarke-2022").read_bytes()).plan
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    try:
        login(page, live_server, plan.association)
        page.goto(f"{live_server.url}/f/sydnarke/dokument/medlemsbrev/")
        page.get_by_role("button", name="Skapa zip-fil – Medlemsbrev 2022, ett brev per fil").click()
        page.wait_for_url("**/dokument/medlemsbrev.zip?**")
        assert "Medlemsbrev 2022, ett brev per fil väntar på sin tur att skapas." in page.get_by_role(
            "status").inner_text()
        worker_run_once()
        with page.expect_download() as download:  # the page's own address is the file once it is made
            page.get_by_role("link", name="Uppdatera sidan").click()
        names = zipfile.ZipFile(download.value.path()).namelist()
        assert names[2] == "Medlemsbrev 2022 Laxå kommun.pdf" and len(names) == 6
        page.get_by_role("link", name="← Medlemsbrev").click()
        assert page.url.startswith(f"{live_server.url}/f/sydnarke/dokument/medlemsbrev/?")
    finally:
        context.close()
