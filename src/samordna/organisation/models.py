"""The association, its members and their population, and its board."""

from django.db import models
from django.db.models import Q

from samordna.finsam import vocabulary as vocab

MEMBER_KIND_CHOICES = vocab.choices(vocab.MEMBER_KINDS)


class Association(models.Model):
    """A samordningsförbund: the tenant every other record belongs to."""

    slug = models.SlugField("id", max_length=80, unique=True)
    name = models.CharField("namn", max_length=200)
    org_number = models.CharField("organisationsnummer", max_length=11, blank=True, null=True)
    county = models.CharField("län", max_length=100, blank=True, null=True)
    website = models.CharField("webbplats", max_length=200, blank=True, null=True)
    address = models.TextField("adress", blank=True, null=True)
    vision = models.TextField("vision", blank=True, null=True)
    mission = models.TextField("verksamhetsidé", blank=True, null=True)
    values = models.TextField("värdegrund", blank=True, null=True)
    note = models.TextField("anteckning", blank=True, null=True)
    state_display = models.CharField(
        "visning av statens del", max_length=10, blank=True, null=True,
        choices=vocab.choices(vocab.STATE_DISPLAYS))
    expected_underspend = models.DecimalField(
        "förväntat underutnyttjande", max_digits=6, decimal_places=4, blank=True, null=True)
    split_key = models.JSONField("fördelningsnyckel för kommunerna", blank=True, null=True)
    # Who signs the member letters (the förbundschef); kept here, not in the plan file.
    director_name = models.CharField("förbundschefens namn", max_length=200, blank=True, null=True)
    director_title = models.CharField("förbundschefens titel", max_length=100, blank=True,
                                      null=True)
    revision = models.PositiveIntegerField("revision", default=1)

    class Meta:
        verbose_name = "samordningsförbund"
        verbose_name_plural = "samordningsförbund"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """A member organisation: FK, AF, a region or a kommun."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="members", verbose_name="förbund")
    slug = models.SlugField("id", max_length=80)
    name = models.CharField("namn", max_length=200)
    kind = models.CharField("slag", max_length=20, choices=MEMBER_KIND_CHOICES)
    position = models.PositiveIntegerField("ordning", default=0)
    note = models.TextField("anteckning", blank=True, null=True)
    revision = models.PositiveIntegerField("revision", default=1)

    class Meta:
        verbose_name = "medlem"
        verbose_name_plural = "medlemmar"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["association", "slug"],
                                               name="member_slug_unique")]

    def __str__(self) -> str:
        return self.name


class Population(models.Model):
    """Population of a kommun (or a region's part of the area) on a date (SCB)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="population",
                               verbose_name="medlem")
    date = models.DateField("datum")
    count = models.PositiveIntegerField("antal invånare")
    note = models.TextField("anteckning", blank=True, null=True)
    revision = models.PositiveIntegerField("revision", default=1)

    class Meta:
        verbose_name = "befolkning"
        verbose_name_plural = "befolkning"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["member", "date"], name="population_date_unique"),
            models.CheckConstraint(condition=Q(count__gt=0), name="population_positive"),
        ]


class BoardSeats(models.Model):
    """Board seats held by one member or shared by several (a rotating seat)."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="board", verbose_name="förbund")
    member_slugs = models.JSONField("medlemmar", default=list)
    regular = models.PositiveIntegerField("ledamöter", default=0)
    deputy = models.PositiveIntegerField("ersättare", default=0)
    note = models.TextField("anteckning", blank=True, null=True)
    position = models.PositiveIntegerField("ordning", default=0)

    class Meta:
        verbose_name = "styrelseplatser"
        verbose_name_plural = "styrelseplatser"
        ordering = ["position", "id"]
