"""Writes for the association, its members and their population: permission checked, rules
applied, one transaction, one change-log row each."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from samordna.accounts.selectors import authorize
from samordna.audit.services import change_record, revision_check
from samordna.core.storable import row_check
from samordna.finsam import bounds as b
from samordna.finsam import plan as p

from .models import Association, Member, Population

ASSOCIATION_FIELDS = ("name", "org_number", "county", "website", "address", "vision", "mission",
                      "values", "state_display", "expected_underspend")
MAX_POPULATION = b.MAX_POPULATION


def _fields(obj, names) -> dict:
    return {n: getattr(obj, n) for n in names}


def _bump(obj, names: list[str]) -> None:
    obj.revision += 1
    row_check(obj, names)
    obj.full_clean()
    obj.save(update_fields=[*names, "revision"])


@transaction.atomic
def association_update(*, actor, association: Association, expected_revision: int | None = None,
                       **values) -> Association:
    """Change the association's own details (name, org number, texts, display choices)."""
    authorize(actor=actor, association=association, action="organisation.edit")
    unknown = set(values) - set(ASSOCIATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    locked = Association.objects.select_for_update().get(pk=association.pk)
    before = _fields(locked, values)
    revision_check(obj=locked, expected=expected_revision, association=locked,
                   object_type="association", what="Förbundets uppgifter", current=before)
    if not (values.get("name", locked.name) or "").strip():
        raise ValidationError("Förbundet måste ha ett namn.")
    changed = [k for k, v in values.items() if getattr(locked, k) != v]
    if changed:
        for k in changed:
            setattr(locked, k, values[k])
        _bump(locked, changed)
        change_record(actor=actor, association=locked, action="update",
                      object_type="association", object_id=locked.pk, object_label=locked.name,
                      before={k: before[k] for k in changed},
                      after={k: values[k] for k in changed})
    return locked


def _member(association: Association, slug: str) -> Member:
    member = Member.objects.select_for_update().filter(association=association, slug=slug).first()
    if member is None:
        raise ValidationError("Medlemmen finns inte.")
    return member


@transaction.atomic
def member_update(*, actor, association: Association, member_slug: str, name: str,
                  note: str | None, expected_revision: int | None = None) -> Member:
    authorize(actor=actor, association=association, action="organisation.edit")
    member = _member(association, member_slug)
    before = _fields(member, ("name", "note"))
    revision_check(obj=member, expected=expected_revision, association=association,
                   object_type="member", what=member.name, current=before)
    name = (name or "").strip()
    if not name:
        raise ValidationError("Ange medlemmens namn.")
    after = {"name": name, "note": (note or "").strip() or None}
    if after != before:
        member.name, member.note = after["name"], after["note"]
        _bump(member, ["name", "note"])
        change_record(actor=actor, association=association, action="update",
                      object_type="member", object_id=member.pk, object_label=member.name,
                      before=before, after=after)
    return member


@transaction.atomic
def population_save(*, actor, association: Association, member_slug: str, pk: int | None,
                    date: date, count: int, note: str | None = None,
                    expected_revision: int | None = None) -> Population:
    """Add or change a population count (SCB) of a kommun or region."""
    authorize(actor=actor, association=association, action="organisation.edit")
    member = _member(association, member_slug)
    if member.kind not in (p.KOMMUN, p.REGION):
        raise ValidationError("Befolkning anges bara för kommuner och regioner.")
    if count is None or count < 1:
        raise ValidationError("Antalet invånare måste vara större än noll.")
    if count > MAX_POPULATION:
        raise ValidationError("Antalet invånare är orimligt stort.")
    row = member.population.filter(pk=pk).first() if pk else Population(member=member)
    if pk and row is None:
        raise ValidationError("Befolkningstalet finns inte längre.")
    if member.population.filter(date=date).exclude(pk=row.pk).exists():
        raise ValidationError(f"{member.name} har redan ett befolkningstal för {date}.")
    before = _fields(row, ("date", "count", "note")) if row.pk else None
    if row.pk:
        revision_check(obj=row, expected=expected_revision, association=association,
                       object_type="population", what=f"Befolkningstalet för {member.name}",
                       current=before)
    after = {"date": date, "count": count, "note": (note or "").strip() or None}
    if after != before:
        row.date, row.count, row.note = after["date"], after["count"], after["note"]
        if row.pk:
            row.revision += 1
        row_check(row)
        row.full_clean()
        row.save()
        change_record(actor=actor, association=association,
                      action="update" if before else "create", object_type="population",
                      object_id=row.pk, object_label=f"{member.name} {date}", before=before,
                      after=after)
    return row


@transaction.atomic
def population_delete(*, actor, association: Association, member_slug: str, pk: int) -> None:
    authorize(actor=actor, association=association, action="organisation.edit")
    member = _member(association, member_slug)
    row = member.population.filter(pk=pk).first()
    if row is None:
        raise ValidationError("Befolkningstalet finns inte längre.")
    before = _fields(row, ("date", "count", "note"))
    row.delete()
    change_record(actor=actor, association=association, action="delete",
                  object_type="population", object_id=pk,
                  object_label=f"{member.name} {before['date']}", before=before)
