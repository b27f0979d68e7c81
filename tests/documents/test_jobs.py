"""Documents as background jobs: a GET never makes a document, a POST asks the worker for it,
the file is made once per plan version and made again only when the plan changed."""

from decimal import Decimal

import pytest
from django.urls import reverse
from tests.conftest import make_user

from samordna.documents.job_services import document_job_run, document_request
from samordna.documents.models import DocumentJob
from samordna.economy import services as economy
from samordna.economy.models import Plan

pytestmark = pytest.mark.django_db
PDF = reverse("document_download", args=["sydnarke", "verksamhetsplan", "pdf"])
START = reverse("document_job_start", args=["sydnarke", "verksamhetsplan", "pdf"])
TABLES = reverse("document_download", args=["sydnarke", "tabeller", "xlsx"])
TABLES_START = reverse("document_job_start", args=["sydnarke", "tabeller", "xlsx"])


def test_the_download_page_before_a_job_offers_to_make_it_and_writes_nothing(admin):
    response = admin.get(PDF)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Verksamhetsplan 2022 som PDF är inte skapad för planens nuvarande version." in html
    assert f'action="{START}?plan=2022&amp;ar=2022"' in html
    assert DocumentJob.objects.count() == 0


def test_a_document_is_made_once_per_plan_version(admin):
    first = admin.post(TABLES_START)
    assert first.status_code == 302
    job = DocumentJob.objects.get()
    assert (job.status, job.kind, job.fmt, job.year, job.plan_revision) == ("done", "tables", "xlsx", 2022,
                                                                           Plan.objects.get().revision)
    assert job.worker_seconds is not None
    content = admin.get(TABLES).content
    assert content.startswith(b"PK")
    admin.post(TABLES_START)
    assert DocumentJob.objects.count() == 1
    assert admin.get(TABLES).content == content
    index = admin.get(reverse("documents", args=["sydnarke"])).content.decode()
    assert f'<a class="button" href="{TABLES}?plan=2022&amp;ar=2022" download>Hämta Excel' in index


def test_a_changed_plan_makes_the_document_again_and_drops_the_old_file(admin, sydnarke_plan):
    admin.post(TABLES_START)
    plan = Plan.objects.get()
    economy.budget_line_save(actor=make_user("ekonom", plan.association, "economy"), association=plan.association,
                             plan=plan, year=2022, column="budget", side="cost", line_slug=None,
                             label="Ny kostnad", kind="other", amount=Decimal(1000))
    page = admin.get(TABLES).content.decode()
    assert "Tabeller 2022 som Excel är inte skapad för planens nuvarande version." in page
    admin.post(TABLES_START)
    assert list(DocumentJob.objects.values_list("plan_revision", "status")) == [
        (Plan.objects.get().revision, "done")]


def test_a_job_whose_plan_changed_before_the_worker_took_it_is_superseded(sydnarke_plan):
    plan = Plan.objects.get()
    wanted = document_request(kind="tables", fmt="xlsx", year=2022)
    job = DocumentJob.objects.create(plan=plan, plan_revision=plan.revision - 1, key=wanted.key, kind="tables",
                                     fmt="xlsx", year=2022)
    assert document_job_run(job_id=job.pk) == "superseded"
    job.refresh_from_db()
    assert (job.status, job.content) == ("superseded", None)


def test_the_status_fragment_polls_while_the_worker_works(admin, sydnarke_plan):
    plan = Plan.objects.get()
    wanted = document_request(kind="plan", fmt="pdf", year=2022)
    DocumentJob.objects.create(plan=plan, plan_revision=plan.revision, key=wanted.key, kind="plan", fmt="pdf",
                               year=2022, status="running")
    fragment = admin.get(PDF, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="doc-job" class="doc-job" hx-get="/f/sydnarke/dokument/verksamhetsplan.pdf?')
    assert 'hx-trigger="every 2s"' in fragment
    assert "Verksamhetsplan 2022 skapas nu." in fragment
    page = admin.get(PDF).content.decode()
    assert '<div role="status" aria-live="polite">' in page
    assert f'<a href="{PDF}?plan=2022&amp;ar=2022">Uppdatera sidan</a>' in page


def test_a_reader_may_ask_for_a_document(reader):
    assert reader.post(TABLES_START).status_code == 302
    assert DocumentJob.objects.get().requested_by.username == "ledamot"


def test_a_job_that_fails_is_marked_failed_and_offers_to_try_again(admin, sydnarke_plan):
    plan = Plan.objects.get()
    wanted = document_request(kind="plan", fmt="pdf", year=1999)  # a year the plan has no figures for
    job = DocumentJob.objects.create(plan=plan, plan_revision=plan.revision, key=wanted.key, kind="plan",
                                     fmt="pdf", year=1999)
    job.plan.association.plans.update(sections=[{"id": "x", "title": None, "text": 5}])  # unreadable
    assert document_job_run(job_id=job.pk) == "failed"
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "Dokumentet kunde inte skapas.")


def test_a_tertial_report_is_made_again_when_the_follow_up_changed(admin, sydnarke_plan):
    from samordna.followup.models import ParticipantCount
    from samordna.interventions.models import Intervention

    start = reverse("document_job_start", args=["sydnarke", "tertialrapport", "xlsx"]) + "?tertial=1"
    admin.post(start)
    assert DocumentJob.objects.filter(status="done").count() == 1
    plan = Plan.objects.get()
    ParticipantCount.objects.create(association=plan.association, year=2022, kind="tertial", period=1, women=4,
                                    intervention=Intervention.objects.filter(association=plan.association).first())
    first = DocumentJob.objects.get()
    admin.post(start)
    made = DocumentJob.objects.get()  # same plan version, new follow-up: made again, the old file gone
    assert (made.status, made.plan_revision) == ("done", first.plan_revision)
    assert made.pk != first.pk and made.key != first.key
    admin.post(start)
    assert DocumentJob.objects.get().pk == made.pk
