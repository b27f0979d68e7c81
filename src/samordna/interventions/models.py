"""Interventions (insatser) with money and planned participants per year and kommun."""

from django.db import models

from samordna.economy.models import Plan
from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab
from samordna.organisation.models import Association

LEVEL_CHOICES = vocab.choices(vocab.LEVELS)
CATEGORY_CHOICES = vocab.choices(vocab.CATEGORIES)
STATUS_CHOICES = vocab.choices(vocab.STATUSES)
FOLLOW_UP_CHOICES = vocab.choices(vocab.FOLLOW_UP)
FOLLOW_UP_MODE_CHOICES = vocab.choices(vocab.FOLLOW_UP_MODES)
MEASURES = vocab.choices(vocab.MEASURES)
ESF_CHOICES = vocab.choices(vocab.ESF_FLAGS)


class Intervention(models.Model):
    """An insats of an association, for life: the same object in every plan year it runs.

    Level, follow-up mode and ESF flag lock at creation (FINSAM.md §5); each plan that
    includes the insats describes it in a `PlanIntervention` with that year's money.
    Follow-up data (enrolments, counts) refers to this object. `follow_up` is the mode
    (`finsam.followup.MODES`: count, deidentified, identified); the plan file writes
    `deidentified` as `individual`.
    """

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="interventions", verbose_name="förbund")
    slug = models.SlugField("id", max_length=80)
    level = models.CharField("nivå", max_length=20, choices=LEVEL_CHOICES)
    follow_up = models.CharField("uppföljning", max_length=20, choices=FOLLOW_UP_MODE_CHOICES)
    esf = models.CharField("ESF", max_length=20, choices=ESF_CHOICES, default="none")
    created_at = models.DateTimeField("skapad", auto_now_add=True)

    class Meta:
        verbose_name = "insats"
        verbose_name_plural = "insatser"
        ordering = ["association", "slug"]
        constraints = [models.UniqueConstraint(fields=["association", "slug"],
                                               name="intervention_identity_unique")]

    def __str__(self) -> str:
        return self.slug


class PlanIntervention(models.Model):
    """An insats as one plan describes it: level, category, markings, parties, goals, money."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="interventions",
                             verbose_name="plan")
    intervention = models.ForeignKey(Intervention, on_delete=models.RESTRICT,
                                     related_name="plan_records", verbose_name="insats")
    name = models.CharField("namn", max_length=300)
    level = models.CharField("nivå", max_length=20, choices=LEVEL_CHOICES)
    category = models.CharField("preciserad inriktning", max_length=20, blank=True, null=True,
                                choices=CATEGORY_CHOICES)
    description = models.TextField("beskrivning", blank=True, null=True)
    target_group = models.TextField("målgrupp", blank=True, null=True)
    eligibility = models.TextField("förutsättningar för deltagande", blank=True, null=True)
    method = models.TextField("metod", blank=True, null=True)
    follow_up = models.CharField("uppföljning", max_length=20, blank=True, null=True,
                                 choices=FOLLOW_UP_CHOICES)
    markings = models.JSONField("märkningar", default=list)
    members = models.JSONField("deltagande medlemmar", blank=True, null=True)
    provider = models.CharField("utförare", max_length=300, blank=True, null=True)
    municipalities = models.JSONField("kommuner", blank=True, null=True)
    period_start = models.DateField("start", blank=True, null=True)
    period_end = models.DateField("slut", blank=True, null=True)
    status = models.CharField("status", max_length=20, blank=True, null=True,
                              choices=STATUS_CHOICES)
    duration_weeks = models.JSONField("längd i veckor", blank=True, null=True)
    capacity = models.PositiveIntegerField("platser", blank=True, null=True)
    external_funding = models.JSONField("extern finansiering", default=list)
    goals = models.JSONField("mål", default=list)
    note = models.TextField("intern anteckning", blank=True, null=True)
    decision_date = models.DateField("beslutsdatum", blank=True, null=True)
    decision_reference = models.CharField("beslut (diarienummer)", max_length=100, blank=True,
                                          null=True)
    successor_of = models.SlugField("efterföljare till", max_length=80, blank=True, null=True)
    implementation = models.TextField("implementering", blank=True, null=True)
    how_to_apply = models.TextField("så ansöker man", blank=True, null=True)
    position = models.PositiveIntegerField("ordning", default=0)
    revision = models.PositiveIntegerField("revision", default=1)

    class Meta:
        verbose_name = "insats i planen"
        verbose_name_plural = "insatser i planen"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "intervention"],
                                               name="plan_intervention_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def slug(self) -> str:
        return self.intervention.slug


class InterventionAmount(models.Model):
    """Money or planned participants of one year, for one kommun or `common`."""

    intervention = models.ForeignKey(PlanIntervention, on_delete=models.CASCADE,
                                     related_name="amounts", verbose_name="insats")
    measure = models.CharField("mått", max_length=30, choices=MEASURES)
    year = models.PositiveIntegerField("år")
    key = models.CharField("kommun", max_length=80, default=p.COMMON)
    value = models.DecimalField("värde", max_digits=16, decimal_places=2)
    position = models.PositiveIntegerField("ordning", default=0)

    class Meta:
        verbose_name = "insatsbelopp"
        verbose_name_plural = "insatsbelopp"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["intervention", "measure", "year", "key"],
                                               name="intervention_amount_unique")]
        # National roll-ups sum one measure of one year over every plan.
        indexes = [models.Index(fields=["measure", "year"], name="intervention_amount_my_idx")]
