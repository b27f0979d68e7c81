"""Writes for the association, its members and their population: permission checked, rules
applied, one transaction, one change-log row each."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from samordna.accounts.selectors import authorize
from samordna.audit.services import change_record, revision_check
from samordna.core.storable import row_check
from samordna.finsam import bounds as b
from samordna.finsam import plan as p

from .models import Association, BoardSeat, Body, BodyMember, Member, Population

ASSOCIATION_FIELDS = ("name", "org_number", "county", "website", "address", "vision", "mission",
                      "values", "state_display", "expected_underspend", "director_name",
                      "director_title")
MAX_POPULATION = b.MAX_POPULATION


def _fields(obj, names) -> dict:
    return {n: getattr(obj, n) for n in names}


def plans_touch(association: Association) -> None:
    """Every plan of the association shows its members, population, board and bodies: a change
    to them is a new version of each plan (its cached data and documents are made again)."""
    from django.utils import timezone

    association.plans.update(revision=F("revision") + 1, updated_at=timezone.now())


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
    for key in ("director_name", "director_title"):
        if key in values:
            text = (values[key] or "").strip()
            if "\n" in text or "\x00" in text:
                raise ValidationError({key: "Skriv namnet och titeln på en rad."})
            values[key] = text or None
    changed = [k for k, v in values.items() if getattr(locked, k) != v]
    if changed:
        for k in changed:
            setattr(locked, k, values[k])
        _bump(locked, changed)
        plans_touch(locked)
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
        plans_touch(association)
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
        plans_touch(association)
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
    plans_touch(association)
    change_record(actor=actor, association=association, action="delete",
                  object_type="population", object_id=pk,
                  object_label=f"{member.name} {before['date']}", before=before)


# ---------------------------------------------------------------- adding and ending members


def _members_data(association: Association, *, extra=None, changed=None) -> list[p.Member]:
    """The association's members as the rulebook sees them, with one added or changed."""
    out = []
    for m in association.members.all():
        if changed is not None and m.pk == changed[0]:
            out.append(changed[1])
        else:
            out.append(p.Member(id=m.slug, name=m.name, kind=m.kind, ended_on=m.ended_on))
    if extra is not None:
        out.append(extra)
    return out


def _plans_to_join(association: Association):
    """The plans a new member joins: those of this year and later, else the latest."""
    from django.utils import timezone

    from samordna.economy.models import Plan

    plans = list(Plan.objects.select_for_update().filter(association=association)
                 .order_by("-year"))
    current = [x for x in plans if x.year >= timezone.localdate().year]
    return current or plans[:1]


@transaction.atomic
def member_add(*, actor, association: Association, name: str, kind: str,
               note: str | None = None, population_date: date | None = None,
               population: int | None = None) -> Member:
    """Add a member (FK, AF, a region or a kommun): it gets an id from its name and joins
    the plans of this year and later (else the latest plan). The association must keep
    exactly one FK and one AF and at least one region and one kommun (plan-file format)."""
    from samordna.economy.models import PlanMember
    from samordna.finsam.organisation import member_problems, slug_of

    authorize(actor=actor, association=association, action="organisation.edit")
    Association.objects.select_for_update().get(pk=association.pk)
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = "Ange medlemmens namn."
    elif len(name) > 200:
        errors["name"] = "Namnet får vara högst 200 tecken."
    if kind not in p.MEMBER_KINDS:
        errors["kind"] = "Välj vilket slags medlem det är."
    if (population is None) != (population_date is None):
        errors["population"] = "Ange både datum och antal invånare, eller inget av dem."
    elif population is not None:
        if kind not in (p.KOMMUN, p.REGION):
            errors["population"] = "Befolkning anges bara för kommuner och regioner."
        elif not 1 <= population <= MAX_POPULATION:
            errors["population"] = "Antalet invånare måste vara större än noll och rimligt."
    if errors:
        raise ValidationError(errors)
    taken = {*association.members.values_list("slug", flat=True), "ny"}  # "ny" is a URL word
    slug = slug_of(name, taken, fallback="medlem")
    new = p.Member(id=slug, name=name, kind=kind)
    problems = [x for x in member_problems(_members_data(association, extra=new))
                if x not in member_problems(_members_data(association))]
    if problems:
        raise ValidationError(problems)
    last = association.members.order_by("-position").first()
    member = Member(association=association, slug=slug, name=name, kind=kind,
                    note=(note or "").strip() or None,
                    position=(last.position + 1) if last else 0)
    member.full_clean()
    member.save()
    if population is not None:
        Population.objects.create(member=member, date=population_date, count=population)
    joined = []
    for plan in _plans_to_join(association):
        last_pm = plan.plan_members.order_by("-position").first()
        PlanMember.objects.create(plan=plan, member=member,
                                  position=(last_pm.position + 1) if last_pm else 0)
        plan.revision += 1
        plan.save(update_fields=["revision", "updated_at"])
        joined.append(plan.year)
    change_record(actor=actor, association=association, action="create", object_type="member",
                  object_id=member.pk, object_label=name,
                  after={"name": name, "kind": kind, "note": member.note, "plans": joined,
                         "population": None if population is None
                         else {"date": population_date, "count": population}})
    return member


@transaction.atomic
def member_end(*, actor, association: Association, member_slug: str, ended_on: date | None,
               expected_revision: int | None = None) -> Member:
    """Record the day a member left (or, with None, that it has not). The member is kept for
    history: plans, the change log and follow-up refer to it. It leaves the financing of
    every year that begins after that day. FK, AF, the last region and the last kommun
    cannot leave (the association must keep them)."""
    from samordna.economy.models import Contribution
    from samordna.finsam.organisation import member_problems

    authorize(actor=actor, association=association, action="organisation.edit")
    Association.objects.select_for_update().get(pk=association.pk)
    member = _member(association, member_slug)
    before = {"ended_on": member.ended_on}
    revision_check(obj=member, expected=expected_revision, association=association,
                   object_type="member", what=member.name, current=before)
    if ended_on is not None and not (date(1990, 1, 1) <= ended_on <= date(2200, 12, 31)):
        raise ValidationError({"ended_on": "Datumet är inte rimligt."})
    after_data = p.Member(id=member.slug, name=member.name, kind=member.kind, ended_on=ended_on)
    problems = [x for x in member_problems(_members_data(association,
                                                         changed=(member.pk, after_data)))
                if x not in member_problems(_members_data(association))]
    if problems:
        raise ValidationError([f"{member.name} kan inte avslutas: {x}" for x in problems])
    if ended_on is not None:
        later = sorted({c.financing_year.year for c in Contribution.objects.filter(
            member=member, financing_year__year__gt=ended_on.year).select_related(
            "financing_year")})
        if later:
            raise ValidationError({"ended_on": (
                f"{member.name} har medlemsbidrag för {', '.join(str(y) for y in later)}, efter "
                f"slutdatumet. Ta bort dem under Finansiering eller välj ett senare datum.")})
    if ended_on != member.ended_on:
        member.ended_on = ended_on
        _bump(member, ["ended_on"])
        for pm in member.plan_members.select_related("plan"):
            pm.plan.revision += 1
            pm.plan.save(update_fields=["revision", "updated_at"])
        change_record(actor=actor, association=association,
                      action="end" if ended_on else "update", object_type="member",
                      object_id=member.pk, object_label=member.name, before=before,
                      after={"ended_on": ended_on})
    return member


# ---------------------------------------------------------------- the named board

SEAT_FIELDS = ("name", "member", "role", "term_start", "term_end", "office", "deputy_order",
               "email", "note")


def _seat_snapshot(seat: BoardSeat) -> dict:
    return {"name": seat.name, "member": seat.member.name, "role": seat.role,
            "term_start": seat.term_start, "term_end": seat.term_end, "office": seat.office,
            "deputy_order": seat.deputy_order, "email": seat.email, "note": seat.note}


def _clean(value):
    return (value.strip() or None) if isinstance(value, str) else value


@transaction.atomic
def seat_save(*, actor, association: Association, pk: int | None, name: str, member_slug: str,
              role: str, term_start: date | None = None, term_end: date | None = None,
              office: str | None = None, deputy_order: int | None = None,
              email: str | None = None, note: str | None = None,
              expected_revision: int | None = None) -> BoardSeat:
    """Add or change a named seat on the board (FINSAM.md §1): the person, the member they
    represent, ledamot or ersättare, the term, chair or vice chair, the order deputies are
    called in. Checked against the board's other seats (one chair, at most two vice chairs,
    one deputy per place in the order)."""
    from samordna.economy.selectors import board_seat
    from samordna.finsam.organisation import seat_problems, slug_of

    authorize(actor=actor, association=association, action="organisation.edit")
    Association.objects.select_for_update().get(pk=association.pk)
    seat = None
    if pk is not None:
        seat = association.seats.select_for_update().select_related("member").filter(pk=pk).first()
        if seat is None:
            raise ValidationError("Platsen finns inte längre; någon kan ha tagit bort den.")
    before = _seat_snapshot(seat) if seat else None
    if seat is not None:
        revision_check(obj=seat, expected=expected_revision, association=association,
                       object_type="board_seat", what=f"Platsen för {seat.name}", current=before)
    member = association.members.filter(slug=member_slug).first()
    values = dict(name=(name or "").strip(), role=role, term_start=term_start,
                  term_end=term_end, office=_clean(office) or None, deputy_order=deputy_order,
                  email=_clean(email), note=_clean(note))
    data = p.BoardSeat(id=seat.slug if seat else "", member=member_slug if member else "",
                       **values)
    others = [board_seat(x) for x in association.seats.select_related("member")]
    members = [p.Member(id=m.slug, name=m.name, kind=m.kind, ended_on=m.ended_on)
               for m in association.members.all()]
    if seat is not None and seat.member_id == getattr(member, "pk", None):
        # A seat kept for a member that has since left may still be corrected.
        members = [m if m.id != member_slug else p.Member(id=m.id, name=m.name, kind=m.kind)
                   for m in members]
    errors = seat_problems(data, members=members, others=others)
    if errors:
        raise ValidationError(errors)
    if seat is None:
        seat = BoardSeat(association=association, slug=slug_of(
            values["name"], association.seats.values_list("slug", flat=True), fallback="plats"),
            position=association.seats.count())
    changed = seat.pk is None or any(getattr(seat, k) != v for k, v in values.items()) \
        or seat.member_id != member.pk
    if changed:
        for k, v in values.items():
            setattr(seat, k, v)
        seat.member = member
        if seat.pk:
            seat.revision += 1
        seat.full_clean()
        seat.save()
        plans_touch(association)
        change_record(actor=actor, association=association,
                      action="update" if before else "create", object_type="board_seat",
                      object_id=seat.pk, object_label=seat.name, before=before,
                      after=_seat_snapshot(seat))
    return seat


@transaction.atomic
def seat_delete(*, actor, association: Association, pk: int) -> None:
    """Remove a seat (a person who was never on the board, or a mistake); a finished term
    is better kept with its end date. The change log keeps the seat."""
    authorize(actor=actor, association=association, action="organisation.edit")
    seat = association.seats.select_for_update().select_related("member").filter(pk=pk).first()
    if seat is None:
        raise ValidationError("Platsen finns inte längre.")
    before = _seat_snapshot(seat)
    seat.delete()
    plans_touch(association)
    change_record(actor=actor, association=association, action="delete",
                  object_type="board_seat", object_id=pk, object_label=before["name"],
                  before=before)


# ---------------------------------------------------------------- other bodies


def _body_snapshot(body: Body) -> dict:
    return {"name": body.name, "kind": body.kind, "note": body.note}


@transaction.atomic
def body_save(*, actor, association: Association, pk: int | None, name: str, kind: str,
              note: str | None = None, expected_revision: int | None = None) -> Body:
    """Add or change a body (arbetsutskott, beredningsgrupp or another)."""
    from samordna.economy.selectors import body_data
    from samordna.finsam.organisation import body_problems, slug_of

    authorize(actor=actor, association=association, action="organisation.edit")
    Association.objects.select_for_update().get(pk=association.pk)
    body = None
    if pk is not None:
        body = association.bodies.select_for_update().filter(pk=pk).first()
        if body is None:
            raise ValidationError("Organet finns inte längre; någon kan ha tagit bort det.")
    before = _body_snapshot(body) if body else None
    if body is not None:
        revision_check(obj=body, expected=expected_revision, association=association,
                       object_type="body", what=f"Organet {body.name}", current=before)
    values = {"name": (name or "").strip(), "kind": kind, "note": _clean(note)}
    data = p.Body(id=body.slug if body else "", **values)
    errors = body_problems(data, others=[body_data(b) for b in association.bodies.all()
                                         if body is None or b.pk != body.pk])
    if errors:
        raise ValidationError(errors)
    if body is None:
        body = Body(association=association, slug=slug_of(
            values["name"], association.bodies.values_list("slug", flat=True), fallback="organ"),
            position=association.bodies.count())
    if body.pk is None or any(getattr(body, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(body, k, v)
        if body.pk:
            body.revision += 1
        body.full_clean()
        body.save()
        plans_touch(association)
        change_record(actor=actor, association=association,
                      action="update" if before else "create", object_type="body",
                      object_id=body.pk, object_label=body.name, before=before,
                      after=_body_snapshot(body))
    return body


@transaction.atomic
def body_delete(*, actor, association: Association, pk: int) -> None:
    """Remove a body and the people listed in it (the change log keeps them)."""
    authorize(actor=actor, association=association, action="organisation.edit")
    body = association.bodies.select_for_update().filter(pk=pk).first()
    if body is None:
        raise ValidationError("Organet finns inte längre.")
    before = {**_body_snapshot(body), "people": [_person_snapshot(x) for x in body.people.all()]}
    body.delete()
    plans_touch(association)
    change_record(actor=actor, association=association, action="delete", object_type="body",
                  object_id=pk, object_label=before["name"], before=before)


def _person_snapshot(person: BodyMember) -> dict:
    return {"name": person.name, "member": person.member.name if person.member else None,
            "organisation": person.organisation, "role": person.role, "note": person.note}


@transaction.atomic
def body_person_save(*, actor, association: Association, body_pk: int, pk: int | None,
                     name: str, member_slug: str | None = None, organisation: str | None = None,
                     role: str | None = None, note: str | None = None,
                     expected_revision: int | None = None) -> BodyMember:
    """Add or change a person in a body: name, the member or other organisation they come
    from, and their role there."""
    from samordna.finsam.organisation import body_member_problems

    authorize(actor=actor, association=association, action="organisation.edit")
    body = association.bodies.select_for_update().filter(pk=body_pk).first()
    if body is None:
        raise ValidationError("Organet finns inte längre.")
    person = None
    if pk is not None:
        person = body.people.select_for_update(of=("self",)).select_related("member").filter(pk=pk).first()
        if person is None:
            raise ValidationError("Personen finns inte längre i organet.")
    before = _person_snapshot(person) if person else None
    if person is not None:
        revision_check(obj=person, expected=expected_revision, association=association,
                       object_type="body_member", what=f"Uppgifterna om {person.name}",
                       current=before)
    member = association.members.filter(slug=member_slug).first() if member_slug else None
    values = {"name": (name or "").strip(), "organisation": _clean(organisation),
              "role": _clean(role), "note": _clean(note)}
    data = p.BodyMember(member=(member.slug if member else member_slug) or None, **values)
    errors = body_member_problems(data, members=[p.Member(id=m.slug, name=m.name, kind=m.kind)
                                                 for m in association.members.all()])
    if errors:
        raise ValidationError(errors)
    if person is None:
        person = BodyMember(body=body, position=body.people.count())
    if person.pk is None or person.member_id != getattr(member, "pk", None) or any(
            getattr(person, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(person, k, v)
        person.member = member
        if person.pk:
            person.revision += 1
        person.full_clean()
        person.save()
        plans_touch(association)
        change_record(actor=actor, association=association,
                      action="update" if before else "create", object_type="body_member",
                      object_id=person.pk, object_label=f"{person.name} ({body.name})",
                      before=before, after=_person_snapshot(person))
    return person


@transaction.atomic
def body_person_delete(*, actor, association: Association, body_pk: int, pk: int) -> None:
    authorize(actor=actor, association=association, action="organisation.edit")
    body = association.bodies.filter(pk=body_pk).first()
    person = body.people.select_related("member").filter(pk=pk).first() if body else None
    if person is None:
        raise ValidationError("Personen finns inte längre i organet.")
    before = _person_snapshot(person)
    person.delete()
    plans_touch(association)
    change_record(actor=actor, association=association, action="delete",
                  object_type="body_member", object_id=pk,
                  object_label=f"{before['name']} ({body.name})", before=before)
