"""Documents made in the background: one row per document of one plan version.

A row is the job and, once the worker has made the file, its cache: the same document of
the same plan version (`plan_revision`, which every write to the plan bumps) is made once
and served from here until the plan changes.
"""

from django.conf import settings
from django.db import models

from samordna.economy.models import Plan

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
