"""Storing a rulebook `Plan` into the tables, in place: the heart of `samordna load`.

Every stored object is matched by its id in the file (association, members, interventions,
cost and revenue lines, calendar entries, the named board, bodies), by year and column
(budget), year (financing), date (population) or position (seat counts, calendar entries
without id), and updated only where it differs, so loading the same file twice changes no
row and no primary key, and an intervention that continues into the next
plan year is the same `Intervention`. What the file no longer lists is removed from this
plan only; identities that other plans use are kept. Called by `services.plan_save`, which
checks permission, refuses what would break references, and records the change.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from samordna.core.storable import row_check
from samordna.finsam import plan as p
from samordna.finsam.followup import mode_for
from samordna.finsam.interventions import esf_flag
from samordna.interventions.models import Intervention, InterventionAmount, PlanIntervention
from samordna.organisation.models import (
    Association,
    BoardSeat,
    BoardSeats,
    Body,
    BodyMember,
    Member,
    Population,
)

from . import codec
from .models import (
    BudgetEntry,
    BudgetLine,
    CalendarEvent,
    Contribution,
    FinancingYear,
    Plan,
    PlanMember,
    Tertial,
    TertialCell,
)

MEASURES = ("planned_participants", "granted", "budget", "forecast", "outcome")


def assign(obj: Model, **fields: Any) -> bool:
    """Set fields that differ; save (bumping `revision` where the model has one) if any did.

    Every value is checked against its column first (`core.storable.row_check`): a value the
    database cannot store raises ValidationError and nothing is saved."""
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    if obj.pk is None:
        for name, value in fields.items():
            setattr(obj, name, value)
        row_check(obj)
        obj.save()
        return True
    if not changed:
        return False
    for name in changed:
        setattr(obj, name, fields[name])
    row_check(obj, changed)
    if hasattr(obj, "revision"):
        obj.revision += 1
        changed.append("revision")
    obj.save(update_fields=changed)
    return True


def _sync(existing: dict, wanted: list[tuple[Any, dict]], make, *, delete=True) -> dict:
    """Match rows by key: update those kept, create the new, delete the rest; return key → row."""
    out = {}
    for key, fields in wanted:
        row = existing.get(key) or make(key)
        assign(row, **fields)
        out[key] = row
    if delete:
        for key, row in existing.items():
            if key not in out:
                row.delete()
    return out


def association_store(a: p.Association) -> Association:
    association = Association.objects.filter(slug=a.id).first() or Association(slug=a.id)
    assign(association, name=a.name, org_number=a.org_number, county=a.county,
           website=a.website, address=a.address, vision=a.vision, mission=a.mission,
           values=a.values, note=a.note, state_display=a.state_display,
           expected_underspend=a.expected_underspend,
           split_key=codec.split_key_to_json(a.split_key))
    return association


def members_store(association: Association, plan: p.Plan) -> dict[str, Member]:
    known = {m.slug: m for m in association.members.all()}
    members = {}
    for position, m in enumerate(plan.members):
        member = known.get(m.id) or Member(association=association, slug=m.id)
        assign(member, name=m.name, kind=m.kind, note=m.note, position=position,
               ended_on=m.ended_on)
        members[m.id] = member
        # Population belongs to the member, not to one plan: counts in the file are set,
        # counts of other dates (which other plans may use) are kept.
        dated = {c.date: c for c in member.population.all()}
        for c in m.population:
            row = dated.get(c.date) or Population(member=member, date=c.date)
            assign(row, count=c.count, note=c.note)
    return members


def board_store(association: Association, board: tuple[p.BoardSeats, ...]) -> None:
    rows = {b.position: b for b in association.board.all()}
    _sync(rows, [(i, dict(member_slugs=list(b.members), regular=b.regular, deputy=b.deputy,
                          note=b.note)) for i, b in enumerate(board)],
          lambda i: BoardSeats(association=association, position=i))


def seats_store(association: Association, seats: tuple[p.BoardSeat, ...]) -> None:
    """The named board, matched by id; a seat's member is any member of the association."""
    members = {m.slug: m for m in association.members.all()}
    _sync({x.slug: x for x in association.seats.all()},
          [(x.id, dict(name=x.name, member=members[x.member], role=x.role,
                       term_start=x.term_start, term_end=x.term_end, office=x.office,
                       deputy_order=x.deputy_order, email=x.email, note=x.note, position=i))
           for i, x in enumerate(seats)],
          lambda slug: BoardSeat(association=association, slug=slug))


def bodies_store(association: Association, bodies: tuple[p.Body, ...]) -> None:
    """The bodies matched by id, their people by place in the list."""
    members = {m.slug: m for m in association.members.all()}
    rows = _sync({b.slug: b for b in association.bodies.all()},
                 [(b.id, dict(kind=b.kind, name=b.name, note=b.note, position=i))
                  for i, b in enumerate(bodies)],
                 lambda slug: Body(association=association, slug=slug))
    for b in bodies:
        row = rows[b.id]
        _sync({x.position: x for x in row.people.all()},
              [(i, dict(name=x.name, member=members.get(x.member) if x.member else None,
                        organisation=x.organisation, role=x.role, note=x.note))
               for i, x in enumerate(b.members)],
              lambda i, row=row: BodyMember(body=row, position=i))


def plan_store(*, plan: p.Plan) -> tuple[Plan, bool]:
    """Make the stored plan of (association, year) equal to `plan`. Runs inside a transaction."""
    association = association_store(plan.association)
    members = members_store(association, plan)
    board_store(association, plan.board)
    seats_store(association, plan.seats)
    bodies_store(association, plan.bodies)

    info = plan.plan
    stored = Plan.objects.filter(association=association, year=info.year).first()
    created = stored is None
    stored = stored or Plan(association=association, year=info.year)
    assign(stored, plan_years=list(info.plan_years), adopted_on=info.adopted_on,
           adopted_by=info.adopted_by, reference=info.reference, note=info.note,
           title_page=info.title_page, budget_title=info.budget_title,
           sections=codec.sections_to_json(info.sections, previous=stored.sections or []),
           target_groups=codec.keyed([codec.group_to_json(g) for g in info.target_groups],
                                     stored.target_groups or [], "name"),
           goals=codec.keyed([codec.goal_to_json(g) for g in info.goals], stored.goals or [],
                             "text"),
           decisions=list(info.decisions),
           glossary=codec.glossary_to_json(info.glossary),
           risks=codec.risks_to_json(plan.risks))
    if created and info.adopted_on:
        assign(stored, stage="adopted")

    _sync({pm.member.slug: pm for pm in stored.plan_members.select_related("member")},
          [(m.id, dict(position=i)) for i, m in enumerate(plan.members)],
          lambda slug: PlanMember(plan=stored, member=members[slug]))

    _financing_store(stored, plan, members)
    _budget_store(stored, plan)
    _interventions_store(stored, association, plan)
    _tertials_store(stored, plan)
    _calendar_store(stored, plan.calendar)
    _orphans_delete(association)
    return stored, created


def _calendar_store(stored: Plan, calendar: tuple[p.CalendarItem, ...]) -> None:
    """Entries with an id are matched by it; entries without one by their content (date,
    start, body, title), else by their place, so the rows the app addresses keep their keys."""
    rows = list(stored.calendar.all())
    by_slug = {r.slug: r for r in rows if r.slug}
    free = [r for r in rows if not r.slug or r.slug not in {c.id for c in calendar}]
    matched: dict[int, CalendarEvent] = {}
    for i, c in enumerate(calendar):
        if c.id is not None and c.id in by_slug:
            matched[i] = by_slug[c.id]
    for i, c in enumerate(calendar):
        if i not in matched and c.id is None:
            row = next((r for r in free if (r.date, r.start, r.body, r.title)
                        == (c.date, c.start, c.body, c.title)), None)
            if row is not None:
                free.remove(row)
                matched[i] = row
    for i in range(len(calendar)):
        if i not in matched:
            row = next((r for r in free if r.position == i), None)
            if row is not None:
                free.remove(row)
                matched[i] = row
    for row in free:
        row.delete()
    for i, c in enumerate(calendar):
        row = matched.get(i) or CalendarEvent(plan=stored)
        assign(row, slug=c.id, date=c.date, start=c.start, end=c.end, body=c.body,
               title=c.title, place=c.place, tentative=c.tentative, note=c.note, position=i)


def _financing_store(stored: Plan, plan: p.Plan, members: dict[str, Member]) -> None:
    years = _sync({fy.year: fy for fy in stored.financing.all()},
                  [(fy.year, dict(state=fy.state, population_date=fy.population_date,
                                  total=fy.total, status=fy.status, state_offer=fy.state_offer,
                                  note=fy.note, label=fy.label, position=i))
                   for i, fy in enumerate(plan.financing)],
                  lambda year: FinancingYear(plan=stored, year=year))
    for fy in plan.financing:
        row = years[fy.year]
        wanted = []
        for kind, amounts in (("contribution", fy.contributions), ("offer", fy.offers),
                              ("shown_share", fy.shown_shares)):
            wanted += [((mid, kind), dict(amount=amount, position=i))
                       for i, (mid, amount) in enumerate(amounts.items())]
        _sync({(c.member.slug, c.kind): c for c in row.amounts.select_related("member")}, wanted,
              lambda key, row=row: Contribution(financing_year=row, member=members[key[0]],
                                                kind=key[1]))


def _budget_store(stored: Plan, plan: p.Plan) -> None:
    entries = _sync({(e.year, e.column): e for e in stored.budget.all()},
                    [((e.year, e.column), dict(
                        opening_equity=e.opening_equity,
                        stated={k: str(v) for k, v in e.stated.items()},
                        deficit_justification=e.deficit_justification, note=e.note,
                        label=e.label, position=i)) for i, e in enumerate(plan.budget)],
                    lambda key: BudgetEntry(plan=stored, year=key[0], column=key[1]))
    for e in plan.budget:
        entry = entries[(e.year, e.column)]
        _sync({(x.side, x.slug): x for x in entry.lines.all()},
              [((side, line.id), dict(label=line.label, kind=line.kind, amount=line.amount,
                                      note=line.note, admin=line.admin, position=i))
               for side, lines in (("revenue", e.revenue), ("cost", e.costs))
               for i, line in enumerate(lines)],
              lambda key, entry=entry: BudgetLine(entry=entry, side=key[0], slug=key[1]))


TERTIAL_PARTS = ("lines", "interventions", "contributions")  # the file's order of the parts


def tertial_cells_wanted(t: p.Tertial) -> list[tuple[tuple[str, str, str], dict]]:
    """A tertial's figures as cells ((measure, part, item), fields), positions in file order."""
    wanted = []
    for measure in ("outcome", "forecast"):
        figures = getattr(t, measure)
        n = 0
        for part in TERTIAL_PARTS:
            for item, amount in getattr(figures, part).items():
                wanted.append(((measure, part, item), dict(amount=amount, text=None, position=n)))
                n += 1
    wanted += [(("comment", "", item), dict(amount=None, text=text, position=n))
               for n, (item, text) in enumerate(t.comments.items())]
    return wanted


def _tertials_store(stored: Plan, plan: p.Plan) -> None:
    """Tertials matched by year and period, cells by measure, part and item. A cell the file
    no longer gives is emptied, not deleted, so its revision keeps counting for the web."""
    rows = _sync({(x.year, x.period): x for x in stored.tertial_periods.all()},
                 [((t.year, t.period), dict(reported_on=t.reported_on, note=t.note, position=i))
                  for i, t in enumerate(plan.tertials)],
                 lambda key: Tertial(plan=stored, year=key[0], period=key[1]))
    for t in plan.tertials:
        row = rows[(t.year, t.period)]
        existing = {(c.measure, c.part, c.item): c for c in row.cells.all()}
        wanted = tertial_cells_wanted(t)
        given = {key for key, _ in wanted}
        wanted += [(key, dict(amount=None, text=None, position=cell.position))
                   for key, cell in existing.items() if key not in given]
        _sync(existing, wanted, lambda key, row=row: TertialCell(
            tertial=row, measure=key[0], part=key[1], item=key[2]), delete=False)


def intervention_identity(association: Association, iv: p.Intervention) -> Intervention:
    """The association's intervention with this id, created with its locked fields if new."""
    identity = Intervention.objects.filter(association=association, slug=iv.id).first()
    if identity is None:
        identity = Intervention(association=association, slug=iv.id, level=iv.level,
                                follow_up=mode_for(iv.follow_up, iv.level), esf=esf_flag(iv.markings))
        row_check(identity)
        identity.save()
    return identity


def plan_intervention_store(*, stored: Plan, identity: Intervention, iv: p.Intervention,
                            position: int, record: PlanIntervention | None = None) -> PlanIntervention:
    """Write one intervention of a plan and its amounts, matched by (measure, year, kommun)."""
    record = record or PlanIntervention(plan=stored, intervention=identity)
    assign(record, name=iv.name, level=iv.level, category=iv.category,
           description=iv.description, target_group=iv.target_group,
           eligibility=iv.eligibility, method=iv.method, follow_up=iv.follow_up,
           markings=list(iv.markings),
           members=None if iv.members is None else list(iv.members), provider=iv.provider,
           municipalities=None if iv.municipalities is None else list(iv.municipalities),
           period_start=iv.period_start, period_end=iv.period_end, status=iv.status,
           duration_weeks=None if iv.duration_weeks is None else list(iv.duration_weeks),
           capacity=iv.capacity,
           external_funding=[codec.funding_to_json(f) for f in iv.external_funding],
           goals=[codec.goal_to_json(g) for g in iv.goals], note=iv.note, position=position,
           decision_date=iv.decision_date, decision_reference=iv.decision_reference,
           successor_of=iv.successor_of, implementation=iv.implementation,
           how_to_apply=iv.how_to_apply)
    wanted = []
    for measure in MEASURES:
        i = 0
        for year, parts in getattr(iv, measure).items():
            for key, value in parts.items():
                wanted.append(((measure, year, key), dict(value=value, position=i)))
                i += 1
    _sync({(a.measure, a.year, a.key): a for a in record.amounts.all()}, wanted,
          lambda k: InterventionAmount(intervention=record, measure=k[0], year=k[1], key=k[2]))
    return record


def _interventions_store(stored: Plan, association: Association, plan: p.Plan) -> None:
    records = {r.intervention.slug: r for r in
               stored.interventions.select_related("intervention")}
    for position, iv in enumerate(plan.interventions):
        identity = records[iv.id].intervention if iv.id in records else \
            intervention_identity(association, iv)
        plan_intervention_store(stored=stored, identity=identity, iv=iv, position=position,
                                record=records.get(iv.id))
    wanted = {iv.id for iv in plan.interventions}
    for slug, record in records.items():
        if slug not in wanted:
            record.delete()


def _orphans_delete(association: Association) -> None:
    """Identities no plan uses any more and nothing else refers to (a renamed id's old row)."""
    (Intervention.objects.filter(association=association, plan_records__isnull=True,
                                 enrolments__isnull=True, participant_counts__isnull=True).delete())
    (Member.objects.filter(association=association, plan_members__isnull=True,
                           contributions__isnull=True, board_seats__isnull=True,
                           body_memberships__isnull=True, letter_dispatches__isnull=True).delete())
