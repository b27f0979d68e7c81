"""Follow-up without identities: enrolments' outcome records, counts per period, the setup
for identified follow-up, and how goals are measured (FINSAM.md §6–§7).

Nothing here names a person. An `Enrolment` holds a de-identified outcome record; the
identified mode, when it is switched on, adds the identity as a separate model with a
one-to-one link to `Enrolment` (docs/decisions/0007-follow-up-without-identities.md), so
the record itself never changes shape.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from samordna.economy.models import Plan
from samordna.finsam import vocabulary as vocab
from samordna.interventions.models import Intervention
from samordna.organisation.models import Association, Member


class Enrolment(models.Model):
    """One enrolment in an intervention (inskrivning), as a de-identified outcome record.

    `code` is issued by Samordna (ENT-2022-0007); `provider_code` is the provider's own,
    whose key stays with the provider. Months are stored as the first day of the month.
    A voided enrolment (end reason `felregistrering`) counts nowhere."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="enrolments",
                                    verbose_name="förbund")
    intervention = models.ForeignKey(Intervention, on_delete=models.RESTRICT, related_name="enrolments",
                                     verbose_name="insats")
    code = models.CharField("Samordnas kod", max_length=20)
    provider_code = models.CharField("utförarens kod", max_length=40, blank=True, null=True)
    gender = models.CharField("kön", max_length=10, choices=vocab.choices(vocab.GENDERS))
    age_band = models.CharField("åldersgrupp", max_length=10, blank=True, null=True,
                                choices=vocab.choices(vocab.AGE_BANDS))
    municipality = models.ForeignKey(Member, on_delete=models.RESTRICT, blank=True, null=True,
                                     related_name="+", verbose_name="hemkommun")
    start_month = models.DateField("startmånad")
    end_month = models.DateField("slutmånad", blank=True, null=True)
    occupation_before = models.CharField("sysselsättning före", max_length=20, blank=True, null=True,
                                         choices=vocab.choices(vocab.OCCUPATIONS))
    occupation_after = models.CharField("sysselsättning efter", max_length=20, blank=True, null=True,
                                        choices=vocab.choices(vocab.OCCUPATIONS))
    # [[source, extent], …] in % of full time; [] is "ingen"; null is not recorded.
    support_before = models.JSONField("försörjning före", blank=True, null=True)
    support_after = models.JSONField("försörjning efter", blank=True, null=True)
    months_on_support_before = models.PositiveSmallIntegerField("månader med offentlig försörjning före",
                                                                blank=True, null=True)
    assessed_work_capacity = models.BooleanField("bedöms ha arbetsförmåga", blank=True, null=True)
    end_reason = models.CharField("avslutsorsak", max_length=30, blank=True, null=True,
                                  choices=vocab.choices(vocab.END_REASONS))
    education_level = models.CharField("utbildningsnivå", max_length=20, blank=True, null=True,
                                       choices=vocab.choices(vocab.EDUCATION_LEVELS))
    progression_start = models.PositiveSmallIntegerField("steg vid start", blank=True, null=True)
    progression_end = models.PositiveSmallIntegerField("steg vid avslut", blank=True, null=True)
    employment_months = models.PositiveSmallIntegerField("anställningens längd (månader)", blank=True,
                                                         null=True)
    voided = models.BooleanField("felregistrerad", default=False)
    revision = models.PositiveIntegerField("revision", default=1)
    created_at = models.DateTimeField("registrerad", auto_now_add=True)
    updated_at = models.DateTimeField("ändrad", auto_now=True)

    class Meta:
        verbose_name = "deltagarpost"
        verbose_name_plural = "deltagarposter"
        ordering = ["intervention", "start_month", "code"]
        constraints = [
            models.UniqueConstraint(fields=["association", "code"], name="enrolment_code_unique"),
            models.UniqueConstraint(fields=["intervention", "provider_code"],
                                    condition=Q(provider_code__isnull=False),
                                    name="enrolment_provider_code_unique"),
            models.CheckConstraint(condition=Q(end_month__isnull=True) | Q(end_month__gte=F("start_month")),
                                   name="enrolment_end_after_start"),
        ]
        indexes = [models.Index(fields=["intervention", "start_month"], name="enrolment_period_idx")]

    def __str__(self) -> str:
        return self.code


class ParticipantCount(models.Model):
    """Participants of a count-mode intervention who joined in one month or tertial: women,
    men and others, or a head count for a structural intervention."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="participant_counts", verbose_name="förbund")
    intervention = models.ForeignKey(Intervention, on_delete=models.RESTRICT,
                                     related_name="participant_counts", verbose_name="insats")
    year = models.PositiveSmallIntegerField("år")
    kind = models.CharField("periodtyp", max_length=10, choices=vocab.choices(vocab.PERIOD_KINDS))
    period = models.PositiveSmallIntegerField("period")
    women = models.PositiveIntegerField("kvinnor", default=0)
    men = models.PositiveIntegerField("män", default=0)
    other = models.PositiveIntegerField("annat kön", default=0)
    head_count = models.PositiveIntegerField("antal personer", blank=True, null=True)
    revision = models.PositiveIntegerField("revision", default=1)
    updated_at = models.DateTimeField("ändrad", auto_now=True)

    class Meta:
        verbose_name = "antal deltagare"
        verbose_name_plural = "antal deltagare"
        ordering = ["intervention", "year", "kind", "period"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "year", "kind", "period"],
                                    name="participant_count_unique"),
            models.CheckConstraint(condition=Q(period__gte=1) & (Q(kind="month", period__lte=12)
                                                                 | Q(kind="tertial", period__lte=3)),
                                   name="participant_count_period"),
        ]


class IdentifiedSetup(models.Model):
    """Identified follow-up of one intervention: the controller (the member organisation
    that runs the intervention), the processor agreement, and whether it is switched on.

    Switched on only when both are recorded and two-factor login exists; until then the
    intervention's enrolments are de-identified records like any other."""

    intervention = models.OneToOneField(Intervention, on_delete=models.CASCADE,
                                        related_name="identified_setup", verbose_name="insats")
    controller = models.ForeignKey(Member, on_delete=models.RESTRICT, blank=True, null=True,
                                   related_name="+", verbose_name="personuppgiftsansvarig")
    agreement_reference = models.CharField("personuppgiftsbiträdesavtal (referens)", max_length=100,
                                           blank=True, null=True)
    agreement_signed_on = models.DateField("avtalet undertecknat", blank=True, null=True)
    switched_on_at = models.DateTimeField("påslagen", blank=True, null=True)
    revision = models.PositiveIntegerField("revision", default=1)

    class Meta:
        verbose_name = "identifierad uppföljning"
        verbose_name_plural = "identifierad uppföljning"


class GoalMeasure(models.Model):
    """How one goal of a plan is computed from follow-up, where the plan file's indicator
    cannot say it (a narrowed base, work or internship, work ≥ 6 months, a milestone,
    progression). The goal is found by its text (`goal_key`, a hash of the normalised text)
    within the plan and its owner (an intervention, or the association when null)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goal_measures",
                             verbose_name="plan")
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, blank=True, null=True,
                                     related_name="goal_measures", verbose_name="insats")
    goal_key = models.CharField("målets nyckel", max_length=64)
    goal_text = models.TextField("målet")
    kind = models.CharField("mäts som", max_length=20, choices=vocab.choices(vocab.MEASURE_KINDS))
    outcomes = models.JSONField("räknas som resultat", default=list, blank=True)
    base = models.CharField("bas", max_length=20, default="ended", choices=vocab.choices(vocab.MEASURE_BASES))
    min_months = models.PositiveSmallIntegerField("anställning minst (månader)", blank=True, null=True)
    target = models.DecimalField("målvärde", max_digits=12, decimal_places=4, blank=True, null=True)
    due = models.DateField("ska vara uppnått", blank=True, null=True)
    achieved_on = models.DateField("uppnått", blank=True, null=True)
    revision = models.PositiveIntegerField("revision", default=1)

    class Meta:
        verbose_name = "mätning av mål"
        verbose_name_plural = "mätningar av mål"
        constraints = [
            models.UniqueConstraint(fields=["plan", "intervention", "goal_key"],
                                    condition=Q(intervention__isnull=False), name="goal_measure_iv_unique"),
            models.UniqueConstraint(fields=["plan", "goal_key"], condition=Q(intervention__isnull=True),
                                    name="goal_measure_plan_unique"),
        ]


class Identity(models.Model):
    """Who an enrolment of an identified intervention is: personnummer (or samordningsnummer)
    and name, sealed together (`followup.sealing`), and the keyed hash of the number that
    finds the person's other enrolments without decrypting anything. Deleting this row —
    withdrawal of consent, erasure, purge — leaves the de-identified `Enrolment` as it is."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="identity",
                                     verbose_name="deltagarpost")
    person_key = models.CharField("söknyckel (HMAC)", max_length=64, db_index=True)
    sealed = models.TextField("namn och personnummer (krypterade)")
    created_at = models.DateTimeField("registrerad", auto_now_add=True)

    class Meta:
        verbose_name = "deltagares identitet"
        verbose_name_plural = "deltagares identiteter"


class Consent(models.Model):
    """The participant's consent for one enrolment (the legal basis of identified follow-up):
    when it was given, which version of the consent text, who recorded it, and its
    withdrawal — which erases the identity and keeps the de-identified record."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="consent",
                                     verbose_name="deltagarpost")
    given_on = models.DateField("samtycke lämnat")
    text_version = models.CharField("samtyckestextens version", max_length=40)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="registrerat av")
    withdrawn_on = models.DateField("samtycke återkallat", blank=True, null=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="återkallelsen registrerad av")

    class Meta:
        verbose_name = "samtycke"
        verbose_name_plural = "samtycken"


class IdentityAccess(models.Model):
    """One row per view, search, export, registration and erasure of a participant's
    identity: who, when, which record, why. The auditor reads it; it holds codes only."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+",
                                    verbose_name="förbund")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name="användare")
    actor_name = models.CharField("vem", max_length=150)
    at = models.DateTimeField("när", auto_now_add=True)
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="+",
                                     verbose_name="insats")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name="deltagarpost")
    enrolment_code = models.CharField("deltagarpostens kod", max_length=20, blank=True)
    kind = models.CharField("vad", max_length=10, choices=vocab.choices(vocab.IDENTITY_ACCESS_KINDS))
    purpose = models.CharField("varför", max_length=200)

    class Meta:
        verbose_name = "åtkomst till identitet"
        verbose_name_plural = "åtkomstlogg för identiteter"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["association", "at"], name="identity_access_at_idx")]
