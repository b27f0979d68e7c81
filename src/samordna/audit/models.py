"""The change log: who changed what, when, with the state before and after.

Written by the services in the same transaction as the change (never by signals), so a
row exists exactly when the change does, and one service call is one row: a plan load is
one entry whose `changes` list the file's diff.
"""

from django.conf import settings
from django.db import models

from samordna.organisation.models import Association


class ChangeRecord(models.Model):
    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="changes", verbose_name="förbund")
    at = models.DateTimeField("tidpunkt", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name="användare")
    actor_name = models.CharField("vem", max_length=200)
    action = models.CharField("åtgärd", max_length=40)
    object_type = models.CharField("slag av uppgift", max_length=40)
    object_id = models.CharField("uppgiftens id", max_length=120)
    object_label = models.CharField("uppgift", max_length=300)
    summary = models.CharField("sammanfattning", max_length=500)
    before = models.JSONField("före", null=True, blank=True)
    after = models.JSONField("efter", null=True, blank=True)
    changes = models.JSONField("ändringar", default=list, blank=True)

    class Meta:
        verbose_name = "ändring"
        verbose_name_plural = "ändringslogg"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["association", "object_type", "object_id"],
                                name="change_object_idx")]
