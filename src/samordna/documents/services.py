"""Writes: the plan's narrative sections (title + Markdown), stored in `Plan.sections`.

Each service is one transaction that locks the plan row, re-reads the sections,
changes them and saves. Only roles that may edit (`membership.can_edit`) in the
plan's own association may write.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from samordna.accounts.models import Membership
from samordna.economy.models import Plan

TITLE_MAX = 200
TEXT_MAX = 50_000


def section_validate(*, title: str, text: str) -> tuple[str, str]:
    """The cleaned title and text, or a ValidationError with Swedish messages per field."""
    title = (title or "").strip()
    text = (text or "").strip()
    errors = {}
    if not title:
        errors["title"] = "Ange en rubrik."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"Rubriken får vara högst {TITLE_MAX} tecken."
    elif "\n" in title:
        errors["title"] = "Rubriken ska vara en enda rad."
    if not text:
        errors["text"] = "Skriv avsnittets text."
    elif len(text) > TEXT_MAX:
        errors["text"] = f"Texten får vara högst {TEXT_MAX:,} tecken.".replace(",", " ")
    if errors:
        raise ValidationError(errors)
    return title, text


def _locked(*, membership: Membership, plan: Plan) -> Plan:
    if membership.association_id != plan.association_id or not membership.can_edit:
        raise PermissionDenied("Din roll får inte ändra planens texter")
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _check_index(sections: list, index: int) -> None:
    if not 0 <= index < len(sections):
        raise ValidationError("Avsnittet finns inte längre. Ladda om sidan och försök igen.")


def _save(plan: Plan, sections: list[dict]) -> Plan:
    plan.sections = sections
    plan.save(update_fields=["sections", "updated_at"])
    return plan


@transaction.atomic
def section_add(*, membership: Membership, plan: Plan, title: str, text: str) -> Plan:
    """Append a section at the end of the plan's sections."""
    title, text = section_validate(title=title, text=text)
    locked = _locked(membership=membership, plan=plan)
    return _save(locked, [*locked.sections, {"title": title, "text": text, "note": None}])


@transaction.atomic
def section_update(*, membership: Membership, plan: Plan, index: int, title: str, text: str) -> Plan:
    """Replace the title and text of one section (its note is kept)."""
    title, text = section_validate(title=title, text=text)
    locked = _locked(membership=membership, plan=plan)
    sections = list(locked.sections)
    _check_index(sections, index)
    sections[index] = {**sections[index], "title": title, "text": text}
    return _save(locked, sections)


@transaction.atomic
def section_delete(*, membership: Membership, plan: Plan, index: int) -> Plan:
    locked = _locked(membership=membership, plan=plan)
    sections = list(locked.sections)
    _check_index(sections, index)
    del sections[index]
    return _save(locked, sections)


@transaction.atomic
def section_move(*, membership: Membership, plan: Plan, index: int, offset: int) -> Plan:
    """Move a section one step up (offset −1) or down (+1); at either end nothing changes."""
    if offset not in (-1, 1):
        raise ValidationError("Ett avsnitt flyttas ett steg upp eller ned.")
    locked = _locked(membership=membership, plan=plan)
    sections = list(locked.sections)
    _check_index(sections, index)
    target = index + offset
    if 0 <= target < len(sections):
        sections[index], sections[target] = sections[target], sections[index]
        _save(locked, sections)
    return locked
