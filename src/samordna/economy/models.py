"""A plan (verksamhetsplan) with its financing and budget, per association and year."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab
from samordna.organisation.models import Association, Member

MONEY = {"max_digits": 16, "decimal_places": 2}


STAGE_CHOICES = vocab.choices(vocab.STAGES)


class Plan(models.Model):
    """The activity plan of one budget year (plus plan years); its identity lasts for life.

    Loading a plan file updates it in place (rows matched by their ids); each load and each
    change of stage keeps a `PlanVersion`. `revision` counts every write to the plan.
    """

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="plans",
                                    verbose_name="förbund")
    year = models.PositiveIntegerField("budgetår")
    plan_years = models.JSONField("planår", default=list)
    adopted_on = models.DateField("fastställd", blank=True, null=True)
    adopted_by = models.CharField("fastställd av", max_length=200, blank=True, null=True)
    reference = models.CharField("diarienummer", max_length=100, blank=True, null=True)
    note = models.TextField("anteckning", blank=True, null=True)
    title_page = models.TextField("titelsida (som tryckt)", blank=True, null=True)
    budget_title = models.CharField("budgetrubrik (som tryckt)", max_length=200, blank=True,
                                    null=True)
    sections = models.JSONField("avsnitt", default=list)
    target_groups = models.JSONField("målgrupper", default=list)
    goals = models.JSONField("mål", default=list)
    decisions = models.JSONField("beslutspunkter", default=list)
    glossary = models.JSONField("begreppslista", default=list)
    risks = models.JSONField("riskanalys", blank=True, null=True)
    stage = models.CharField("version", max_length=20, choices=STAGE_CHOICES, default="proposal")
    revision = models.PositiveIntegerField("revision", default=1)
    updated_at = models.DateTimeField("uppdaterad", auto_now=True)

    class Meta:
        verbose_name = "verksamhetsplan"
        verbose_name_plural = "verksamhetsplaner"
        ordering = ["association", "-year"]
        constraints = [models.UniqueConstraint(fields=["association", "year"],
                                               name="plan_year_unique")]
        indexes = [models.Index(fields=["year"], name="plan_year_idx")]  # national roll-ups

    def __str__(self) -> str:
        return f"{self.association.name} {self.year}"

    @property
    def years(self) -> list[int]:
        return [self.year, *self.plan_years]


class PlanMember(models.Model):
    """A member that takes part in a plan's financing, in the plan's order."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="plan_members",
                             verbose_name="plan")
    member = models.ForeignKey(Member, on_delete=models.RESTRICT, related_name="plan_members",
                               verbose_name="medlem")
    position = models.PositiveIntegerField("ordning", default=0)

    class Meta:
        verbose_name = "medlem i planen"
        verbose_name_plural = "medlemmar i planen"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "member"],
                                               name="plan_member_unique")]


class PlanVersion(models.Model):
    """A kept version of a plan: its canonical plan file at a load or a change of stage."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions",
                             verbose_name="plan")
    number = models.PositiveIntegerField("nummer")
    stage = models.CharField("version", max_length=20, choices=STAGE_CHOICES)
    created_at = models.DateTimeField("skapad", auto_now_add=True)
    actor_name = models.CharField("av", max_length=200)
    reason = models.CharField("anledning", max_length=200)
    snapshot = models.TextField("planfil")

    class Meta:
        verbose_name = "planversion"
        verbose_name_plural = "planversioner"
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"],
                                               name="plan_version_unique")]


class FinancingYear(models.Model):
    """Member contributions of one year, as adopted (or requested, or preliminary)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="financing",
                             verbose_name="plan")
    year = models.PositiveIntegerField("år")
    state = models.DecimalField("statens del", blank=True, null=True, **MONEY)
    population_date = models.DateField("befolkningsdatum", blank=True, null=True)
    total = models.DecimalField("angiven summa", blank=True, null=True, **MONEY)
    status = models.CharField("status", max_length=20, blank=True, null=True,
                              choices=vocab.choices(vocab.FINANCING_STATUSES))
    state_offer = models.DecimalField("statens erbjudande", blank=True, null=True, **MONEY)
    note = models.TextField("anteckning", blank=True, null=True)
    label = models.CharField("rubrik (som tryckt)", max_length=200, blank=True, null=True)
    position = models.PositiveIntegerField("ordning", default=0)
    revision = models.PositiveIntegerField("revision", default=1)

    class Meta:
        verbose_name = "finansieringsår"
        verbose_name_plural = "finansieringsår"
        ordering = ["position", "year"]
        constraints = [models.UniqueConstraint(fields=["plan", "year"],
                                               name="financing_year_unique")]


class Contribution(models.Model):
    """A member's explicit amount in a year: adopted contribution, offer, or printed share."""

    KINDS = vocab.choices(vocab.CONTRIBUTION_KINDS)
    financing_year = models.ForeignKey(FinancingYear, on_delete=models.CASCADE,
                                       related_name="amounts", verbose_name="år")
    member = models.ForeignKey(Member, on_delete=models.RESTRICT, related_name="contributions",
                               verbose_name="medlem")
    kind = models.CharField("slag", max_length=20, choices=KINDS, default="contribution")
    amount = models.DecimalField("belopp", max_digits=18, decimal_places=4)
    position = models.PositiveIntegerField("ordning", default=0)

    class Meta:
        verbose_name = "medlemsbidrag"
        verbose_name_plural = "medlemsbidrag"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["financing_year", "member", "kind"],
                                               name="contribution_unique")]


class BudgetEntry(models.Model):
    """One year and column (budget, plan, forecast, outcome) of the budget."""

    COLUMN_CHOICES = vocab.choices(vocab.COLUMNS)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget",
                             verbose_name="plan")
    year = models.PositiveIntegerField("år")
    column = models.CharField("kolumn", max_length=10, choices=COLUMN_CHOICES)
    opening_equity = models.DecimalField("ingående eget kapital", blank=True, null=True,
                                         **MONEY)
    stated = models.JSONField("angivna summor", default=dict)
    deficit_justification = models.TextField("motivering av underskott", blank=True, null=True)
    note = models.TextField("anteckning", blank=True, null=True)
    label = models.CharField("rubrik (som tryckt)", max_length=200, blank=True, null=True)
    position = models.PositiveIntegerField("ordning", default=0)
    revision = models.PositiveIntegerField("revision", default=1)

    class Meta:
        verbose_name = "budgetkolumn"
        verbose_name_plural = "budgetkolumner"
        ordering = ["position", "year"]
        constraints = [models.UniqueConstraint(fields=["plan", "year", "column"],
                                               name="budget_entry_unique")]


class BudgetLine(models.Model):
    """A revenue or cost line other than contributions and interventions."""

    SIDES = vocab.choices(vocab.SIDES)
    KIND_CHOICES = vocab.choices(vocab.LINE_KINDS)
    entry = models.ForeignKey(BudgetEntry, on_delete=models.CASCADE, related_name="lines",
                              verbose_name="budgetkolumn")
    side = models.CharField("sida", max_length=10, choices=SIDES)
    slug = models.SlugField("id", max_length=80)
    label = models.CharField("benämning", max_length=200)
    kind = models.CharField("slag", max_length=20, choices=KIND_CHOICES)
    amount = models.DecimalField("belopp", blank=True, null=True, **MONEY)
    note = models.TextField("anteckning", blank=True, null=True)
    admin = models.BooleanField("administration", blank=True, null=True)
    position = models.PositiveIntegerField("ordning", default=0)
    revision = models.PositiveIntegerField("revision", default=1)

    class Meta:
        verbose_name = "budgetrad"
        verbose_name_plural = "budgetrader"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "side", "slug"], name="budget_line_unique"),
            models.CheckConstraint(
                condition=Q(side="revenue", kind__in=p.REVENUE_KINDS)
                | Q(side="cost", kind__in=p.COST_KINDS), name="budget_line_kind_fits_side"),
        ]


class CalendarEvent(models.Model):
    """A meeting in the year's calendar (board, beredningsgrupp, planning day …)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="calendar",
                             verbose_name="plan")
    slug = models.SlugField("id", max_length=80, blank=True, null=True)
    date = models.DateField("datum")
    start = models.CharField("start", max_length=5, blank=True, null=True)
    end = models.CharField("slut", max_length=5, blank=True, null=True)
    body = models.CharField("organ", max_length=80, blank=True, null=True)
    title = models.CharField("rubrik", max_length=200, blank=True, null=True)
    place = models.CharField("plats", max_length=200, blank=True, null=True)
    tentative = models.BooleanField("preliminärt", blank=True, null=True)
    note = models.TextField("anteckning", blank=True, null=True)
    position = models.PositiveIntegerField("ordning", default=0)
    revision = models.PositiveIntegerField("revision", default=1)

    class Meta:
        verbose_name = "kalenderpost"
        verbose_name_plural = "kalender"
        ordering = ["position", "date"]
        constraints = [models.UniqueConstraint(fields=["plan", "slug"],
                                               name="calendar_slug_unique")]


class FindingAck(models.Model):
    """A review finding that a person has marked as handled, with why.

    The finding is identified by its key (code, year and what it is about; `Finding.key`),
    so the mark stays while the figures in its message change, and goes with the finding:
    a finding that no longer appears needs no mark.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="finding_acks",
                             verbose_name="plan")
    key = models.CharField("iakttagelse", max_length=300)
    code = models.CharField("kontroll", max_length=40)
    year = models.PositiveIntegerField("år", blank=True, null=True)
    message = models.TextField("iakttagelsen när den markerades")
    comment = models.TextField("kommentar")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, blank=True, null=True,
                           related_name="+", verbose_name="markerad av")
    by_name = models.CharField("markerad av (namn)", max_length=200)
    at = models.DateTimeField("markerad", auto_now_add=True)

    class Meta:
        verbose_name = "hanterad iakttagelse"
        verbose_name_plural = "hanterade iakttagelser"
        ordering = ["plan", "code", "year", "key"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="finding_ack_unique")]


class Tertial(models.Model):
    """The follow-up of one year at one period (T1 January–April, T2 January–August, T3 the
    whole year) in a plan: its figures are `TertialCell`s, one per item and measure.

    Created on the first save of a figure (or by a load); `revision` counts changes to the
    date the figures were taken out and the note, each cell counts its own.
    """

    PERIOD_CHOICES = vocab.choices(vocab.PERIODS)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tertial_periods",
                             verbose_name="plan")
    year = models.PositiveIntegerField("år")
    period = models.CharField("period", max_length=2, choices=PERIOD_CHOICES)
    reported_on = models.DateField("uttaget", blank=True, null=True)
    note = models.TextField("anteckning", blank=True, null=True)
    position = models.PositiveIntegerField("ordning", default=0)
    revision = models.PositiveIntegerField("revision", default=1)

    class Meta:
        verbose_name = "tertial"
        verbose_name_plural = "tertialer"
        ordering = ["position", "year", "period"]
        constraints = [models.UniqueConstraint(fields=["plan", "year", "period"],
                                               name="tertial_unique")]


class TertialCell(models.Model):
    """One figure of a tertial: an item's outcome to date, whole-year forecast or comment.

    An item is a cost or revenue line (`lines`, by its id), an intervention or a member's
    contribution, named by its id as in the plan file. A comment belongs to an id, whatever
    the item (`part` empty), as in the file. A cell emptied by a person keeps its row (with
    no value), so its `revision` keeps counting and a stale save is always noticed.
    """

    MEASURE_CHOICES = vocab.choices(vocab.TERTIAL_MEASURES)
    PART_CHOICES = [("", "Alla"), *vocab.choices(vocab.TERTIAL_PARTS)]
    tertial = models.ForeignKey(Tertial, on_delete=models.CASCADE, related_name="cells",
                                verbose_name="tertial")
    measure = models.CharField("uppgift", max_length=10, choices=MEASURE_CHOICES)
    part = models.CharField("slag av post", max_length=15, choices=PART_CHOICES, blank=True)
    item = models.SlugField("id", max_length=80)
    amount = models.DecimalField("belopp", blank=True, null=True, **MONEY)
    text = models.TextField("kommentar", blank=True, null=True)
    position = models.PositiveIntegerField("ordning", default=0)
    revision = models.PositiveIntegerField("revision", default=1)

    class Meta:
        verbose_name = "tertialuppgift"
        verbose_name_plural = "tertialuppgifter"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tertial", "measure", "part", "item"],
                                    name="tertial_cell_unique"),
            models.CheckConstraint(
                condition=Q(measure="comment", part="", amount__isnull=True)
                | Q(~Q(measure="comment"), ~Q(part=""), text__isnull=True),
                name="tertial_cell_fits_measure"),
        ]
