"""Documents as background jobs: a request asks for a document, a task worker makes it.

`document_job_start` (a POST) finds the document of the plan's current version or queues a
job for it; `document_job_run` (the worker, `tasks.document_make`) makes the file and keeps
it in the job's row, so the same document of the same plan version is made once. Every
write to a plan bumps its `revision`, so a changed plan gets a new job and the files of
older versions are removed when the new one is made. No request renders a document.

Member letters go the same way (`letter_request`): one file per member and format, all
letters in one file, or a zip of one PDF per member. Their options (the letter's kind, date,
recipient, who signs, the association's and last year's plan's versions) are part of the
job's key, so a file is made again when any of them changed.

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

from .generate import ALLOWED, UnsupportedDocument, check_request, document_file, letters_zip
from .letters import LetterRequest, Signatory
from .models import DocumentJob

logger = logging.getLogger(__name__)
ACTIVE = ("queued", "running", "done")


@dataclass(frozen=True)
class LetterOptions:
    """What member letters depend on besides the plan: their kind, the one member they go to
    ("" for all), who signs, and the versions of the association (name, address) and of last
    year's plan (last year's amounts), which a change of this plan does not show."""

    kind: str
    member: str = ""
    signatory: tuple[str, str] = ("", "")
    association_revision: int = 0
    previous_revision: int | None = None

    @property
    def variant(self) -> str:
        return f"{self.kind}:{self.member or '*'}"

    @property
    def stamp(self) -> str:
        return hashlib.sha256(repr(self.as_json()).encode()).hexdigest()[:12]

    def as_json(self) -> dict:
        return {"kind": self.kind, "member": self.member, "signatory": list(self.signatory),
                "association_revision": self.association_revision, "previous_revision": self.previous_revision}

    @classmethod
    def from_json(cls, value: dict) -> LetterOptions:
        return cls(kind=value["kind"], member=value.get("member", ""),
                   signatory=tuple(value.get("signatory") or ("", "")),
                   association_revision=value.get("association_revision", 0),
                   previous_revision=value.get("previous_revision"))


@dataclass(frozen=True)
class DocumentRequest:
    """Which document: kind and format, the report year, the tertial (tertial report only),
    the date it is issued on (the reports with the follow-up: the day; member letters: the
    letter's date) and, for member letters, their options."""

    kind: str
    fmt: str
    year: int
    tertial: int | None = None
    issued_on: date | None = None
    followup: str = ""  # the follow-up's stamp (followup_stamp) for the reports that show it
    letters: LetterOptions | None = None

    @property
    def key(self) -> str:
        issued = self.issued_on.isoformat() if self.issued_on else ""
        extra = self.letters.stamp if self.letters else self.followup
        return f"{self.kind}.{self.fmt}:{self.year}:{self.tertial or ''}:{issued}:{extra}"

    @property
    def variant(self) -> str:
        return self.letters.variant if self.letters else ""


# The reports that show the participant follow-up (its figures are not part of the plan, and
# depend on the day: they are made again when either changed).
WITH_FOLLOWUP = ("tertial", "annual")


def document_request(*, kind: str, fmt: str, year: int, tertial: int | None = None,
                     followup: str = "") -> DocumentRequest:
    """The request for a document, checked (UnsupportedDocument with a Swedish message); the
    reports with the follow-up carry its stamp and the day (`followup_stamp`). Member letters
    are asked for with `letter_request`."""
    if kind == "letters":
        raise UnsupportedDocument("Medlemsbrev beställs med sina val (letter_request).")
    check_request(kind=kind, fmt=fmt, tertial=tertial)
    with_followup = kind in WITH_FOLLOWUP
    return DocumentRequest(kind=kind, fmt=fmt, year=year, tertial=tertial,
                           issued_on=timezone.localdate() if with_followup else None,
                           followup=followup if with_followup else "")


LETTER_FORMATS = (*ALLOWED["letters"], "zip")  # zip: one PDF per member


def _letter_versions(plan: Plan) -> tuple[int, int | None]:
    """The association's revision and that of its plan for the year before (if stored)."""
    association = Association.objects.values_list("revision", flat=True).get(pk=plan.association_id)
    previous = (Plan.objects.filter(association_id=plan.association_id, year=plan.year - 1)
                .values_list("revision", flat=True).first())
    return association, previous


def letter_options(*, plan: Plan, association: Association, kind: str) -> LetterOptions:
    """The options of the plan's member letters of `kind` (decision or consultation) to every
    member that gets one, signed by the association's director (`replace(…, member=…)` for one)."""
    association_revision, previous_revision = _letter_versions(plan)
    return LetterOptions(kind=kind, signatory=(association.director_name or "", association.director_title or ""),
                         association_revision=association_revision, previous_revision=previous_revision)


def letter_request(*, options: LetterOptions, fmt: str, year: int, letter_date: date | None) -> DocumentRequest:
    """The request for member letters (`letter_options`) dated `letter_date`, as `fmt`: PDF,
    Word or HTML, or for every member a zip of one PDF per member."""
    if fmt not in LETTER_FORMATS:
        raise UnsupportedDocument(f"Medlemsbrev finns inte som {fmt}.")
    if fmt == "zip" and options.member:
        raise UnsupportedDocument("Ett brev till en medlem hämtas som PDF eller Word.")
    return DocumentRequest(kind="letters", fmt=fmt, year=year, issued_on=letter_date, letters=options)


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
                      "variant": request.variant,
                      "options": request.letters.as_json() if request.letters else {},
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
        if job.kind == "letters":
            letters = _letters_of(job, plan)
            if letters is None:  # the association or last year's plan changed meanwhile
                DocumentJob.objects.filter(pk=job.pk).update(status="superseded", finished_at=timezone.now())
                return "superseded"
            if job.fmt == "zip":
                result = letters_zip(plan=data, year=job.year, letters=letters)
            else:
                result = document_file(plan=data, kind="letters", fmt=job.fmt, year=job.year, letters=letters)
        else:
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
                                    variant=job.variant, requested_at__lt=job.requested_at)
         .exclude(pk=job.pk).exclude(status__in=("queued", "running")).delete())
    return "done"


def _letters_of(job: DocumentJob, plan: Plan) -> LetterRequest | None:
    """The letters a job asks for, or None when what they were asked with changed since."""
    from .selectors import previous_plan_data

    options = LetterOptions.from_json(job.options)
    if _letter_versions(plan) != (options.association_revision, options.previous_revision):
        return None
    name, title = options.signatory
    return LetterRequest(kind=options.kind, issued_on=job.issued_on, signatory=Signatory(name or None, title or None),
                         previous=previous_plan_data(plan),
                         members=(options.member,) if options.member else None)


def document_job_file(job: DocumentJob) -> bytes:
    return bytes(DocumentJob.objects.values_list("content", flat=True).get(pk=job.pk))
