"""Writes for members and population; each is one transaction."""

from django.db import transaction

from .models import Association, Member, Population


@transaction.atomic
def member_update(*, member: Member, name: str, note: str | None) -> Member:
    member.name, member.note = name, note or None
    member.full_clean()
    member.save(update_fields=["name", "note"])
    return member


@transaction.atomic
def population_save(*, population: Population) -> Population:
    population.full_clean()
    population.save()
    return population


@transaction.atomic
def population_delete(*, population: Population) -> None:
    population.delete()


@transaction.atomic
def association_update(*, association: Association) -> Association:
    association.full_clean()
    association.save()
    return association
