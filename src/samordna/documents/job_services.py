"""Documents as background jobs: a request asks for a document, a task worker makes it.

`document_job_start` (a POST) finds the document of the plan's current version or queues a
job for it; `document_job_run` (the worker, `tasks.document_make`) makes the file and keeps
it in the job's row, so the same document of the same plan version is made once. Every
write to a plan bumps its `revision`, so a changed plan gets a new job and the files of
older versions are removed when the new one is made. No request renders a document.

A job is a cache entry, not a change of the plan: it is not written to the change log.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samordna.accounts.selectors import authorize
from samordna.economy.models import Plan
from samordna.economy.selectors import equity_bands, plan_data_cached
from samordna.organisation.models import Association

from .generate import UnsupportedDocument, check_request, document_file
from .models import DocumentJob

logger = logging.getLogger(__name__)
ACTIVE = ("queued", "running", "done")


@dataclass(frozen=True)
class DocumentRequest:
    """Which document: kind and format, the report year, the tertial (tertial report only)
    and the date it is issued on (member letters only: they carry the day's date)."""

    kind: str
    fmt: str
    year: int
    tertial: int | None = None
    issued_on: date | None = None
    followup: str = ""  # the follow-up's stamp (followup_stamp) for the reports that show it

    @property
    def key(self) -> str:
        issued = self.issued_on.isoformat() if self.issued_on else ""
        return f"{self.kind}.{self.fmt}:{self.year}:{self.tertial or ''}:{issued}:{self.followup}"


# The reports that show the participant follow-up (its figures are not part of the plan, and
# depend on the day: they are made again when either changed).
WITH_FOLLOWUP = ("tertial", "annual")


def followup_stamp(plan: Plan) -> str:
    """What the follow-up of the plan's association looks like now, in a few characters: the
    number and latest change of its enrolments and counts, and its goal measures' revisions."""
    from django.db.models import Count, Max, Sum

    from samordna.followup.models import Enrolment, GoalMeasure, ParticipantCount

    parts = [Enrolment.objects.filter(association_id=plan.association_id).aggregate(n=Count("id"),
                                                                                    m=Max("updated_at")),
             ParticipantCount.objects.filter(association_id=plan.association_id).aggregate(
                 n=Count("id"), m=Max("updated_at")),
             GoalMeasure.objects.filter(plan=plan).aggregate(n=Count("id"), s=Sum("revision"))]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:12]


def document_request(*, kind: str, fmt: str, year: int, tertial: int | None = None,
                     followup: str = "") -> DocumentRequest:
    """The request for a document, checked (UnsupportedDocument with a Swedish message); the
    reports with the follow-up carry its stamp and the day (`followup_stamp`)."""
    check_request(kind=kind, fmt=fmt, tertial=tertial)
    with_followup = kind in WITH_FOLLOWUP
    return DocumentRequest(kind=kind, fmt=fmt, year=year, tertial=tertial,
                           issued_on=timezone.localdate() if kind == "letters" or with_followup else None,
                           followup=followup if with_followup else "")


def document_jobs_current(plan: Plan) -> dict[str, DocumentJob]:
    """The jobs of the plan's current version by document key (without their files)."""
    rows = (DocumentJob.objects.filter(plan=plan, plan_revision=plan.revision, status__in=ACTIVE)
            .defer("content"))
    return {row.key: row for row in rows}


def document_job_current(plan: Plan, request: DocumentRequest) -> DocumentJob | None:
    return (DocumentJob.objects.filter(plan=plan, plan_revision=plan.revision, key=request.key,
                                       status__in=ACTIVE).defer("content").first())


def document_job_start(*, actor, association: Association, plan: Plan,
                       request: DocumentRequest) -> DocumentJob:
    """The job of this document for the plan's current version: the one that exists (queued,
    being made or done), else a new one in the queue."""
    authorize(actor=actor, association=association, action="document.read")
    if plan.association_id != association.pk:
        raise ValidationError("Planen hör inte till förbundet.")
    from .tasks import document_make

    with transaction.atomic():
        revision = Plan.objects.select_for_update().values_list("revision", flat=True).get(pk=plan.pk)
        job, created = DocumentJob.objects.get_or_create(
            plan=plan, key=request.key, plan_revision=revision,
            defaults={"kind": request.kind, "fmt": request.fmt, "year": request.year,
                      "tertial": request.tertial, "issued_on": request.issued_on,
                      "requested_by": actor if getattr(actor, "pk", None) else None})
        if not created and job.status in ACTIVE:
            return job
        if not created:  # failed or superseded before: try again
            job.status, job.error = "queued", ""
            job.save(update_fields=["status", "error"])
        document_make.enqueue(job_id=job.pk)
    job.refresh_from_db()
    return job


def document_job_run(*, job_id: int) -> str:
    """Make the file of one job (the task worker calls this); returns the job's status. Any
    failure marks the job failed (its page offers to try again) and is logged."""
    try:
        return _job_run(job_id)
    except Exception:
        logger.exception("Dokumentjobb %s misslyckades", job_id)
        DocumentJob.objects.filter(pk=job_id).update(
            status="failed", error="Dokumentet kunde inte skapas.", finished_at=timezone.now())
        return "failed"


def _job_run(job_id: int) -> str:
    job = DocumentJob.objects.select_related("plan__association").filter(pk=job_id).first()
    if job is None or job.status == "done":
        return "missing" if job is None else job.status
    plan = job.plan
    if plan.revision != job.plan_revision:
        DocumentJob.objects.filter(pk=job.pk).update(status="superseded", finished_at=timezone.now())
        return "superseded"
    DocumentJob.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now())
    started = time.process_time()
    data = plan_data_cached(plan)
    followup = None
    if job.kind in WITH_FOLLOWUP:
        from samordna.followup.selectors import report_followup

        followup = report_followup(association=plan.association, plan=plan, data=data, year=job.year,
                                   tertial=job.tertial if job.kind == "tertial" and job.tertial in (1, 2) else None)
    try:
        result = document_file(plan=data, kind=job.kind, fmt=job.fmt, year=job.year, tertial=job.tertial,
                               issued_on=job.issued_on, bands=equity_bands(), followup=followup)
    except UnsupportedDocument as exc:
        DocumentJob.objects.filter(pk=job.pk).update(status="failed", error=str(exc)[:300],
                                                     finished_at=timezone.now())
        return "failed"
    with transaction.atomic():
        DocumentJob.objects.filter(pk=job.pk).update(
            status="done", content=result.content, filename=result.filename[:300],
            content_type=result.content_type, finished_at=timezone.now(),
            worker_seconds=round(time.process_time() - started, 3))
        # The files of older versions (of the plan, or of the follow-up) are not served any more.
        (DocumentJob.objects.filter(plan=plan, kind=job.kind, fmt=job.fmt, year=job.year, tertial=job.tertial,
                                    requested_at__lt=job.requested_at)
         .exclude(pk=job.pk).exclude(status__in=("queued", "running")).delete())
    return "done"


def document_job_file(job: DocumentJob) -> bytes:
    return bytes(DocumentJob.objects.values_list("content", flat=True).get(pk=job.pk))
