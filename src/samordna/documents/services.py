"""Writes: the plan's narrative sections (title + Markdown), stored in `Plan.sections`, and
the member letters recorded as sent (`LetterDispatch`).

Sections are addressed by a stable id (never by their position), so two people editing two
sections never overwrite each other; an edit carries the text it was opened at and a stale
save is a conflict. Each service checks the actor's permission (`plan.edit`), locks the plan
row, changes the sections in one transaction and records the change.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from samordna.accounts.selectors import authorize
from samordna.audit.services import actor_name, change_record
from samordna.core.exceptions import Conflict
from samordna.economy.models import Plan
from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab
from samordna.finsam.bounds import NAME, TEXT, bad_character
from samordna.organisation.models import Association

from .models import LetterDispatch

log = logging.getLogger(__name__)

TITLE_MAX = NAME
TEXT_MAX = TEXT


def section_id_new() -> str:
    return uuid.uuid4().hex[:12]


def section_version(section: dict) -> str:
    """What an edit form carries: a digest of the title and text it was opened with."""
    return hashlib.sha256(f"{section.get('title', '')}\0{section.get('text', '')}".encode()).hexdigest()[:16]


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
    if "title" not in errors and bad_character(title) is not None:
        errors["title"] = "Rubriken innehåller ett otillåtet tecken (ett styrtecken)."
    if "text" not in errors and bad_character(text) is not None:
        errors["text"] = "Texten innehåller ett otillåtet tecken (ett styrtecken)."
    if errors:
        raise ValidationError(errors)
    return title, text


def _locked(*, actor, association: Association, plan: Plan) -> tuple[Plan, list[dict]]:
    authorize(actor=actor, association=association, action="plan.edit")
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.association_id != association.pk:
        raise PermissionDenied("Planen hör inte till förbundet.")
    sections = [dict(s) for s in locked.sections]
    for s in sections:  # sections loaded before they had ids get one on the first write
        s.setdefault("id", section_id_new())
    return locked, sections


def _find(sections: list[dict], section_id: str) -> int:
    for i, s in enumerate(sections):
        if s.get("id") == section_id:
            return i
    raise ValidationError("Avsnittet finns inte längre; någon kan ha tagit bort det. "
                          "Ladda om sidan.")


def _save(*, actor, association: Association, plan: Plan, sections: list[dict], action: str,
          label: str, before: dict | None, after: dict | None) -> Plan:
    plan.sections = sections
    plan.revision += 1
    plan.save(update_fields=["sections", "revision", "updated_at"])
    change_record(actor=actor, association=association, action=action, object_type="section",
                  object_id=(after or before or {}).get("id", ""), object_label=label,
                  before=before, after=after)
    return plan


def _public(section: dict) -> dict:
    return {"id": section.get("id"), "title": section.get("title"), "text": section.get("text")}


@transaction.atomic
def section_add(*, actor, association: Association, plan: Plan, title: str, text: str) -> dict:
    """Append a section at the end of the plan's sections; returns it (with its new id)."""
    title, text = section_validate(title=title, text=text)
    locked, sections = _locked(actor=actor, association=association, plan=plan)
    section = {"id": section_id_new(), "title": title, "text": text, "note": None}
    _save(actor=actor, association=association, plan=locked, sections=[*sections, section],
          action="create", label=title, before=None, after=_public(section))
    return section


@transaction.atomic
def section_update(*, actor, association: Association, plan: Plan, section_id: str, title: str,
                   text: str, expected_version: str | None = None) -> dict:
    """Replace the title and text of one section (its note is kept)."""
    title, text = section_validate(title=title, text=text)
    locked, sections = _locked(actor=actor, association=association, plan=plan)
    i = _find(sections, section_id)
    current = sections[i]
    if expected_version is not None and expected_version != section_version(current):
        raise Conflict(what=f"Avsnittet ”{current.get('title', '')}”",
                       current={"title": current.get("title"), "text": current.get("text")})
    before = _public(current)
    sections[i] = {**current, "title": title, "text": text}
    if sections[i] != current:
        _save(actor=actor, association=association, plan=locked, sections=sections,
              action="update", label=title, before=before, after=_public(sections[i]))
    return sections[i]


@transaction.atomic
def section_delete(*, actor, association: Association, plan: Plan, section_id: str) -> dict:
    locked, sections = _locked(actor=actor, association=association, plan=plan)
    i = _find(sections, section_id)
    removed = sections.pop(i)
    _save(actor=actor, association=association, plan=locked, sections=sections, action="delete",
          label=removed.get("title", ""), before=_public(removed), after=None)
    return removed


@transaction.atomic
def section_move(*, actor, association: Association, plan: Plan, section_id: str,
                 offset: int) -> None:
    """Move a section one step up (offset −1) or down (+1); at either end nothing changes."""
    if offset not in (-1, 1):
        raise ValidationError("Ett avsnitt flyttas ett steg upp eller ned.")
    locked, sections = _locked(actor=actor, association=association, plan=plan)
    i = _find(sections, section_id)
    target = i + offset
    if 0 <= target < len(sections):
        order_before = [s.get("title") for s in sections]
        sections[i], sections[target] = sections[target], sections[i]
        _save(actor=actor, association=association, plan=locked, sections=sections,
              action="update", label=sections[target].get("title", ""),
              before={"order": order_before}, after={"order": [s.get("title") for s in sections]})


# ---------------------------------------------------------------- member letters sent


@transaction.atomic
def letters_dispatch_record(*, actor, association: Association, plan: Plan, member_slugs,
                            kind: str, year: int, letter_date: date, sent_on: date,
                            today: date | None = None) -> list[LetterDispatch]:
    """Record that the letters to `member_slugs` (of `kind` and `year`, dated `letter_date`)
    were sent on `sent_on`: one row per member, one change-log entry for them all.

    Arbetsförmedlingen gets no letter (the state's half is invoiced to Försäkringskassan), a
    member must take part in the plan, and a letter is not sent before it is dated nor after
    today."""
    authorize(actor=actor, association=association, action="letter.send")
    if plan.association_id != association.pk:
        raise PermissionDenied("Planen hör inte till förbundet.")
    if kind not in vocab.LETTER_KINDS:
        raise ValidationError("Okänt slag av brev.")
    if year not in plan.years:
        raise ValidationError(f"Verksamhetsplan {plan.year} gäller inte år {year}.")
    slugs = list(dict.fromkeys(member_slugs or ()))
    if not slugs:
        raise ValidationError({"members": "Välj minst en medlem."})
    members = {pm.member.slug: pm.member for pm in plan.plan_members.select_related("member")}
    unknown = [s for s in slugs if s not in members]
    if unknown:
        raise ValidationError({"members": "Brevet kan bara gå till medlemmar i planen."})
    order = list(members)
    slugs.sort(key=order.index)
    if any(members[s].kind == p.AF for s in slugs):
        raise ValidationError({"members": "Arbetsförmedlingen får inget medlemsbrev: statens hälft "
                                          "faktureras Försäkringskassan."})
    today = today or timezone.localdate()
    if sent_on > today:
        raise ValidationError({"sent_on": "Breven kan inte registreras som skickade i framtiden."})
    if sent_on < letter_date:
        raise ValidationError({"sent_on": f"Breven är daterade {letter_date}; de kan inte ha "
                                          "skickats före det."})
    user = actor if getattr(actor, "pk", None) and not getattr(actor, "is_system", False) else None
    name = actor_name(actor)[:200]
    rows = [LetterDispatch.objects.create(
        association=association, plan=plan, member=members[s], kind=kind, year=year,
        letter_date=letter_date, sent_on=sent_on, sent_by=user, sent_by_name=name) for s in slugs]
    change_record(actor=actor, association=association, action="create",
                  object_type="letter_dispatch", object_id=plan.pk,
                  object_label=f"{vocab.LETTER_KINDS[kind]} {year}",
                  after={"kind": kind, "year": year, "letter_date": letter_date, "sent_on": sent_on,
                         "members": [members[s].name for s in slugs]})
    log.info("medlemsbrev registrerade som skickade: förbund=%s plan=%s slag=%s år=%s antal=%d",
             association.slug, plan.year, kind, year, len(rows))
    return rows
