"""What the documents keep of their own: which member letters were sent, when and by whom."""

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
