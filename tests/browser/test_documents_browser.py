"""The plan PDF through the background path in real Chromium: the documents page asks for it,
the page shows that it is being made while a task worker (django-tasks' database backend, as
in production) makes it, and offers the file when it is ready."""

import io
import threading

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
