"""What the documents keep of their own: which member letters were sent, when and by whom;
and documents made in the background, one row per document of one plan version and options
(the job and, once the worker has made the file, its cache until the plan or options change)."""

from django.conf import settings
from django.db import models

from samordna.economy.models import Plan
from samordna.finsam import vocabulary as vocab
from samordna.organisation.models import Association, Member

LETTER_KIND_CHOICES = vocab.choices(vocab.LETTER_KINDS)


class LetterDispatch(models.Model):
    """A member letter recorded as sent (documents.services.letters_dispatch_record)."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="letter_dispatches", verbose_name="förbund")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="letter_dispatches",
                             verbose_name="plan")
    member = models.ForeignKey(Member, on_delete=models.RESTRICT, related_name="letter_dispatches",
                               verbose_name="medlem")
    kind = models.CharField("slag av brev", max_length=20, choices=LETTER_KIND_CHOICES)
    year = models.PositiveIntegerField("år")
    letter_date = models.DateField("brevets datum")
    sent_on = models.DateField("skickat")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+", verbose_name="skickat av")
    sent_by_name = models.CharField("skickat av (namn)", max_length=200)
    created_at = models.DateTimeField("registrerat", auto_now_add=True)

    class Meta:
        verbose_name = "skickat medlemsbrev"
        verbose_name_plural = "skickade medlemsbrev"
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["association", "plan"], name="letter_dispatch_plan_idx")]

    def __str__(self) -> str:
        return f"{self.member.name} {self.year} ({self.sent_on})"


STATUSES = [("queued", "I kö"), ("running", "Skapas"), ("done", "Klar"), ("failed", "Misslyckades"),
            ("superseded", "Planen ändrades")]


class DocumentJob(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="document_jobs",
                             verbose_name="plan")
    plan_revision = models.PositiveIntegerField("planens revision")
    key = models.CharField("dokument", max_length=100)  # kind.fmt:year:tertial:issued_on
    kind = models.CharField("slag", max_length=20)
    fmt = models.CharField("format", max_length=10)
    year = models.PositiveIntegerField("år")
    tertial = models.PositiveSmallIntegerField("tertial", blank=True, null=True)
    issued_on = models.DateField("daterat", blank=True, null=True)
    # Which file of its kind: a member letter's kind and recipient ("decision:habo", "decision:*"
    # for all members). A new file of the same variant replaces the older ones.
    variant = models.CharField("variant", max_length=100, blank=True, default="")
    # What the worker needs besides the plan (member letters: kind, member, signatory).
    options = models.JSONField("val", blank=True, default=dict)
    status = models.CharField("status", max_length=20, choices=STATUSES, default="queued")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, blank=True,
                                     null=True, related_name="+", verbose_name="beställt av")
    requested_at = models.DateTimeField("beställt", auto_now_add=True)
    started_at = models.DateTimeField("påbörjat", blank=True, null=True)
    finished_at = models.DateTimeField("klart", blank=True, null=True)
    worker_seconds = models.FloatField("processortid (s)", blank=True, null=True)
    filename = models.CharField("filnamn", max_length=300, blank=True)
    content_type = models.CharField("innehållstyp", max_length=120, blank=True)
    content = models.BinaryField("fil", blank=True, null=True)
    error = models.CharField("fel", max_length=300, blank=True)

    class Meta:
        verbose_name = "dokumentjobb"
        verbose_name_plural = "dokumentjobb"
        ordering = ["-requested_at"]
        constraints = [models.UniqueConstraint(fields=["plan", "key", "plan_revision"],
                                               name="document_job_unique")]
