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
    ended_on = models.DateField("lämnade förbundet", blank=True, null=True)
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


class BoardSeat(models.Model):
    """A named seat on the board: the person, the member they represent, ledamot or ersättare.

    Board members are public officials in their public role: name and role only (no
    personnummer, no contact details beyond an optional work e-mail; docs/data-protection.md).
    """

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="seats", verbose_name="förbund")
    slug = models.SlugField("id", max_length=80)
    name = models.CharField("namn", max_length=200)
    member = models.ForeignKey(Member, on_delete=models.RESTRICT, related_name="board_seats",
                               verbose_name="medlem som personen representerar")
    role = models.CharField("roll", max_length=10, choices=vocab.choices(vocab.SEAT_ROLES))
    term_start = models.DateField("mandatperiodens början", blank=True, null=True)
    term_end = models.DateField("mandatperiodens slut", blank=True, null=True)
    office = models.CharField("uppdrag", max_length=20, blank=True, null=True,
                              choices=vocab.choices(vocab.BOARD_OFFICES))
    deputy_order = models.PositiveSmallIntegerField("inkallelseordning", blank=True, null=True)
    email = models.CharField("e-post i tjänsten", max_length=254, blank=True, null=True)
    note = models.TextField("anteckning", blank=True, null=True)
    position = models.PositiveIntegerField("ordning", default=0)
    revision = models.PositiveIntegerField("revision", default=1)

    class Meta:
        verbose_name = "styrelseplats"
        verbose_name_plural = "styrelsen"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["association", "slug"], name="board_seat_slug_unique"),
            models.CheckConstraint(condition=Q(term_end__isnull=True) | Q(term_start__isnull=True)
                                   | Q(term_end__gte=models.F("term_start")),
                                   name="board_seat_term_order"),
        ]

    def __str__(self) -> str:
        return self.name


class Body(models.Model):
    """A body of the association besides the board: arbetsutskott, beredningsgrupp …"""

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="bodies", verbose_name="förbund")
    slug = models.SlugField("id", max_length=80)
    kind = models.CharField("slag", max_length=20, choices=vocab.choices(vocab.BODY_KINDS))
    name = models.CharField("namn", max_length=200)
    note = models.TextField("anteckning", blank=True, null=True)
    position = models.PositiveIntegerField("ordning", default=0)
    revision = models.PositiveIntegerField("revision", default=1)

    class Meta:
        verbose_name = "organ"
        verbose_name_plural = "organ"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["association", "slug"],
                                               name="body_slug_unique")]

    def __str__(self) -> str:
        return self.name


class BodyMember(models.Model):
    """A person in a body: name, the member or other organisation they come from, and role."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="people",
                             verbose_name="organ")
    name = models.CharField("namn", max_length=200)
    member = models.ForeignKey(Member, on_delete=models.RESTRICT, blank=True, null=True,
                               related_name="body_memberships", verbose_name="medlem")
    organisation = models.CharField("organisation", max_length=200, blank=True, null=True)
    role = models.CharField("roll", max_length=200, blank=True, null=True)
    note = models.TextField("anteckning", blank=True, null=True)
    position = models.PositiveIntegerField("ordning", default=0)
    revision = models.PositiveIntegerField("revision", default=1)

    class Meta:
        verbose_name = "person i organ"
        verbose_name_plural = "personer i organ"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name
