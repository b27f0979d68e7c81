"""Member letters as background jobs, like every other document: a GET of a letter's URL
makes nothing, a POST queues a job that the task worker (django-tasks' database backend, as in
production) makes, the file holds the member's figures, and a changed plan or changed options
make a new file."""

import io
import threading
from datetime import date
from decimal import Decimal

import docx
import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader
from tests.conftest import login_as, make_user, plan_path

from samordna.documents.models import DocumentJob
from samordna.economy import services as economy
from samordna.economy.models import FinancingYear, Plan
from samordna.economy.services import plan_load

pytestmark = pytest.mark.django_db
SLUG = "sodra-vatterbygden"
HABO_DOCX = reverse("letter_download", args=[SLUG, "habo", "docx"]) + "?typ=beslut"
HABO_DOCX_START = reverse("letter_job_start", args=[SLUG, "habo", "docx"]) + "?typ=beslut"
FK_PDF = reverse("letter_download", args=[SLUG, "fk", "pdf"]) + "?typ=beslut"
FK_PDF_START = reverse("letter_job_start", args=[SLUG, "fk", "pdf"]) + "?typ=beslut"
NB = "\u00a0"


@pytest.fixture
def plan(db):
    return plan_load(data=plan_path("sodra-vatterbygden-2020").read_bytes()).plan


@pytest.fixture
def kansli(client, plan):
    association = plan.association
    association.director_name = "Eva Exempel"
    association.save()
    return login_as(client, "kansli", association, "secretariat_admin")


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def worker_run_once():
    """What `samordna db_worker` does, for the jobs queued now: in a thread of its own, with its
    own database connection (the tests that use it commit, `transaction=True`), as the
    worker process does."""
    from django.db import connection
    from django_tasks_db.management.commands.db_worker import Worker

    def run():
        try:
            Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                   max_tasks=None, worker_id="letter-test", excluded_queue_names=[]).run()
        finally:
            connection.close()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=60)


def docx_rows(content: bytes) -> list[list[str]]:
    table = docx.Document(io.BytesIO(content)).tables[0]
    return [[c.text.replace(NB, " ") for c in row.cells] for row in table.rows]


def pdf_text(content: bytes) -> str:
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text().replace(NB, " ").split()) for page in pages)


@pytest.mark.django_db(transaction=True)
def test_a_letter_asked_for_by_post_is_made_by_the_worker_with_the_members_figures(kansli, database_tasks):
    assert kansli.post(HABO_DOCX_START).status_code == 302
    job = DocumentJob.objects.get()
    assert (job.kind, job.fmt, job.year, job.status, job.variant) == ("letters", "docx", 2020, "queued",
                                                                      "decision:habo")
    page = kansli.get(HABO_DOCX).content.decode()
    assert "Medlemsbrev 2020 till Habo kommun väntar på sin tur att skapas." in page
    assert '<a href="/f/sodra-vatterbygden/dokument/medlemsbrev/?plan=2020&amp;ar=2020&amp;typ=beslut">' in page
    worker_run_once()
    job.refresh_from_db()
    assert job.status == "done"
    response = kansli.get(HABO_DOCX)
    assert response["Content-Disposition"] == 'attachment; filename="Medlemsbrev 2020 Habo kommun.docx"'
    assert docx_rows(response.content) == [
        ["År", "Att betala, kr", "Förändring mot året före, kr", "Förändring, %", "Status"],
        ["2020", "118 400", "12 000", "11,3 %", "beslutad"],
        ["2021", "118 400", "0", "0,0 %", "preliminär"],
        ["2022", "118 400", "0", "0,0 %", "preliminär"]]
    html = kansli.get(reverse("letters", args=[SLUG])).content.decode()
    assert ('<a class="button" href="/f/sodra-vatterbygden/dokument/medlemsbrev/habo.docx?plan=2020&amp;ar=2020'
            '&amp;typ=beslut" download>Hämta Word<span class="sr-only"> – Medlemsbrev 2020 till Habo kommun</span>'
            ) in html


@pytest.mark.django_db(transaction=True)
def test_a_pdf_letter_from_the_worker_holds_the_amounts(kansli, database_tasks):
    kansli.post(FK_PDF_START)
    worker_run_once()
    text = pdf_text(kansli.get(FK_PDF).content)
    assert "Till: Försäkringskassan" in text
    assert "Bidraget för 2020 är 3 340 000 kr, 304 000 kr (10,0 %) mer än 2019 (3 036 000 kr)." in text
    assert "Eva Exempel" in text


def test_the_get_of_a_letter_url_without_a_job_makes_nothing(kansli, database_tasks):
    for url in (HABO_DOCX, reverse("letters_zip", args=[SLUG]) + "?typ=beslut",
                reverse("document_download", args=[SLUG, "medlemsbrev", "pdf"]) + "?typ=beslut",
                reverse("letters", args=[SLUG]), reverse("documents", args=[SLUG])):
        response = kansli.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "text/html; charset=utf-8", url
    page = kansli.get(HABO_DOCX).content.decode()
    assert "Medlemsbrev 2020 till Habo kommun som Word är inte skapad för planens nuvarande version." in page
    assert f'action="{HABO_DOCX_START.replace("?", "?plan=2020&amp;ar=2020&amp;")}"' in page
    assert (DocumentJob.objects.count(), DBTaskResult.objects.count()) == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_the_letters_page_cell_polls_while_the_worker_works(kansli, database_tasks):
    cell = kansli.post(HABO_DOCX_START, headers={"HX-Request": "true", "HX-Target": "brevfil-m-habo-docx"})
    html = cell.content.decode()
    assert html.startswith('<a class="button doc-pending" href="/f/sodra-vatterbygden/dokument/medlemsbrev/habo.docx?')
    assert 'hx-trigger="every 2s" hx-target="closest .doc-file" hx-swap="innerHTML">Word väntar' in html
    page = kansli.get(reverse("letters", args=[SLUG])).content.decode()
    assert '<span class="doc-file" id="brevfil-m-habo-docx" aria-live="polite"><a class="button doc-pending"' in page
    worker_run_once()
    done = kansli.get(HABO_DOCX, headers={"HX-Request": "true", "HX-Target": "brevfil-m-habo-docx"})
    assert done.content.decode().startswith('<a class="button" href="/f/sodra-vatterbygden/dokument/medlemsbrev/'
                                            'habo.docx?plan=2020&amp;ar=2020&amp;typ=beslut" download>Hämta Word')
    # The status page polls its own block.
    fragment = kansli.get(FK_PDF, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="doc-job" class="doc-job">')


def test_a_letter_is_made_once_per_plan_version_and_options(kansli):
    kansli.post(HABO_DOCX_START)
    kansli.post(HABO_DOCX_START)
    assert DocumentJob.objects.count() == 1
    kansli.post(reverse("letter_job_start", args=[SLUG, "habo", "docx"]) + "?typ=samrad&datum=2019-10-01")
    kansli.post(reverse("letter_job_start", args=[SLUG, "mullsjo", "docx"]) + "?typ=beslut")
    assert sorted(DocumentJob.objects.values_list("variant", "issued_on")) == [
        ("consultation:habo", date(2019, 10, 1)),
        ("decision:habo", date(2019, 11, 19)),
        ("decision:mullsjo", date(2019, 11, 19))]


def test_a_changed_plan_makes_a_new_letter_with_the_new_figures(kansli, plan):
    kansli.post(FK_PDF_START)
    first = DocumentJob.objects.get()
    assert "Bidraget för 2020 är 3 340 000 kr" in pdf_text(kansli.get(FK_PDF).content)
    fy = FinancingYear.objects.get(plan=plan, year=2020)
    explicit = {c.member.slug: c.amount for c in fy.amounts.filter(kind="contribution").select_related("member")}
    economy.financing_year_update(actor=make_user("ekonom", plan.association, "economy"), association=plan.association,
                                  plan=plan, year=2020, state=Decimal(3_400_000), status=fy.status or "adopted",
                                  population_date=fy.population_date, explicit=explicit)
    page = kansli.get(FK_PDF).content.decode()
    assert "Medlemsbrev 2020 till Försäkringskassan som PDF är inte skapad för planens nuvarande version." in page
    kansli.post(FK_PDF_START)
    made = DocumentJob.objects.get()  # the old file is gone
    assert (made.status, made.plan_revision) == ("done", Plan.objects.get(pk=plan.pk).revision)
    assert made.pk != first.pk
    text = pdf_text(kansli.get(FK_PDF).content)
    assert "Bidraget för 2020 är 3 400 000 kr, 364 000 kr (12,0 %) mer än 2019 (3 036 000 kr)." in text


def test_a_new_signatory_makes_a_new_letter(kansli, plan):
    kansli.post(HABO_DOCX_START)
    association = plan.association
    association.director_name = "Anna Annan"
    association.revision += 1
    association.save()
    assert "som Word är inte skapad" in kansli.get(HABO_DOCX).content.decode()
    kansli.post(HABO_DOCX_START)
    text = " ".join(p.text for p in docx.Document(io.BytesIO(kansli.get(HABO_DOCX).content)).paragraphs)
    assert "Anna Annan" in text and "Eva Exempel" not in text


def test_a_letter_job_whose_association_changed_before_the_worker_took_it_is_superseded(kansli, plan,
                                                                                         database_tasks):
    from samordna.documents.job_services import document_job_run

    kansli.post(HABO_DOCX_START)
    association = plan.association
    association.revision += 1
    association.save()
    job = DocumentJob.objects.get()
    assert document_job_run(job_id=job.pk) == "superseded"


def test_a_reader_may_ask_for_a_letter(client, plan):
    reader = login_as(client, "ledamot", plan.association, "board_member")
    assert reader.post(HABO_DOCX_START).status_code == 302
    assert DocumentJob.objects.get().requested_by.username == "ledamot"
