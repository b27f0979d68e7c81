"""Writes for plans, financing and budget. Each service is one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from samordna.finsam import plan as p
from samordna.finsam.planfile import read_plan
from samordna.interventions.models import Intervention, InterventionAmount
from samordna.organisation.models import Association, BoardSeats, Member, Population

from . import codec
from .models import BudgetEntry, BudgetLine, CalendarEvent, Contribution, FinancingYear, Plan

MEASURES = ("planned_participants", "granted", "budget", "forecast", "outcome")


@dataclass(frozen=True)
class LoadResult:
    plan: Plan
    created: bool
    warnings: list[str]


def plan_load(*, data: bytes | str) -> LoadResult:
    """Validate a plan file and store it, all or nothing (raises PlanFileError)."""
    plan, warnings = read_plan(data)
    stored, created = plan_save(plan=plan)
    return LoadResult(stored, created, warnings)


@transaction.atomic
def plan_save(*, plan: p.Plan) -> tuple[Plan, bool]:
    """Replace the plan of (association, year); update the association and its members.

    Plans of other years and follow-up data are kept.
    """
    a = plan.association
    association, _ = Association.objects.update_or_create(slug=a.id, defaults=dict(
        name=a.name, org_number=a.org_number, county=a.county, website=a.website,
        address=a.address, vision=a.vision, mission=a.mission, values=a.values, note=a.note,
        state_display=a.state_display, expected_underspend=a.expected_underspend))
    members: dict[str, Member] = {}
    known = {m.slug: m for m in association.members.all()}
    for position, m in enumerate(plan.members):
        member = known.get(m.id) or Member(association=association, slug=m.id)
        member.name, member.kind, member.position, member.note = m.name, m.kind, position, m.note
        member.save()
        members[m.id] = member
        # Population belongs to the member, not to one plan: counts in the file are set,
        # counts of other dates (which other plans may use) are kept.
        for c in m.population:
            Population.objects.update_or_create(member=member, date=c.date,
                                                defaults={"count": c.count, "note": c.note})
    # Members that the file no longer lists go after the listed ones, keeping their order.
    for extra, member in enumerate(m for slug, m in known.items() if slug not in members):
        member.position = len(plan.members) + extra
        member.save(update_fields=["position"])
    association.board.all().delete()
    BoardSeats.objects.bulk_create([
        BoardSeats(association=association, member_slugs=list(b.members), regular=b.regular,
                   deputy=b.deputy, note=b.note, position=i) for i, b in enumerate(plan.board)])

    info = plan.plan
    created = not Plan.objects.filter(association=association, year=info.year).exists()
    Plan.objects.filter(association=association, year=info.year).delete()
    stored = Plan.objects.create(
        association=association, year=info.year, plan_years=list(info.plan_years),
        adopted_on=info.adopted_on, adopted_by=info.adopted_by, reference=info.reference,
        note=info.note, title_page=info.title_page, budget_title=info.budget_title,
        sections=[codec.section_to_json(s) for s in info.sections],
        target_groups=[codec.group_to_json(g) for g in info.target_groups],
        goals=[codec.goal_to_json(g) for g in info.goals], decisions=list(info.decisions),
        risks=codec.risks_to_json(plan.risks))

    for position, fy in enumerate(plan.financing):
        year = FinancingYear.objects.create(
            plan=stored, year=fy.year, state=fy.state, population_date=fy.population_date,
            total=fy.total, status=fy.status, state_offer=fy.state_offer, note=fy.note,
            label=fy.label, position=position)
        rows = []
        for kind, amounts in (("contribution", fy.contributions), ("offer", fy.offers),
                              ("shown_share", fy.shown_shares)):
            rows += [Contribution(financing_year=year, member=members[mid], kind=kind,
                                  amount=amount, position=i)
                     for i, (mid, amount) in enumerate(amounts.items())]
        Contribution.objects.bulk_create(rows)

    for position, e in enumerate(plan.budget):
        entry = BudgetEntry.objects.create(
            plan=stored, year=e.year, column=e.column, opening_equity=e.opening_equity,
            stated={k: str(v) for k, v in e.stated.items()},
            deficit_justification=e.deficit_justification, note=e.note, label=e.label,
            position=position)
        BudgetLine.objects.bulk_create(
            [BudgetLine(entry=entry, side=side, slug=line.id, label=line.label, kind=line.kind,
                        amount=line.amount, note=line.note, admin=line.admin, position=i)
             for side, lines in (("revenue", e.revenue), ("cost", e.costs))
             for i, line in enumerate(lines)])

    for position, iv in enumerate(plan.interventions):
        intervention_store(plan_model=stored, iv=iv, position=position)

    CalendarEvent.objects.bulk_create([
        CalendarEvent(plan=stored, date=c.date, start=c.start, end=c.end, body=c.body,
                      title=c.title, place=c.place, tentative=c.tentative, note=c.note,
                      position=i) for i, c in enumerate(plan.calendar)])
    return stored, created


def intervention_store(*, plan_model: Plan, iv: p.Intervention, position: int,
                       instance: Intervention | None = None) -> Intervention:
    """Write one intervention and its amounts (replacing the amounts of `instance`)."""
    model = instance or Intervention(plan=plan_model)
    model.slug, model.name, model.level, model.category = iv.id, iv.name, iv.level, iv.category
    model.description, model.target_group = iv.description, iv.target_group
    model.eligibility, model.method, model.follow_up = iv.eligibility, iv.method, iv.follow_up
    model.markings = list(iv.markings)
    model.members = None if iv.members is None else list(iv.members)
    model.provider = iv.provider
    model.municipalities = None if iv.municipalities is None else list(iv.municipalities)
    model.period_start, model.period_end, model.status = iv.period_start, iv.period_end, iv.status
    model.duration_weeks = None if iv.duration_weeks is None else list(iv.duration_weeks)
    model.capacity = iv.capacity
    model.external_funding = [codec.funding_to_json(f) for f in iv.external_funding]
    model.goals = [codec.goal_to_json(g) for g in iv.goals]
    model.note, model.position = iv.note, position
    model.decision_date, model.decision_reference = iv.decision_date, iv.decision_reference
    model.successor_of, model.implementation = iv.successor_of, iv.implementation
    model.how_to_apply = iv.how_to_apply
    model.save()
    model.amounts.all().delete()
    rows = []
    for measure in MEASURES:
        i = 0
        for year, parts in getattr(iv, measure).items():
            for key, value in parts.items():
                rows.append(InterventionAmount(intervention=model, measure=measure, year=year,
                                               key=key, value=value, position=i))
                i += 1
    InterventionAmount.objects.bulk_create(rows)
    return model




@transaction.atomic
def financing_year_update(*, financing_year: FinancingYear, state: Decimal | None, status: str,
                          population_date, explicit: dict[str, Decimal | None]) -> FinancingYear:
    """Set the state's half, status, population date and explicit member amounts of a year."""
    financing_year.state = state
    financing_year.status = None if status == "adopted" and financing_year.status is None else status
    financing_year.population_date = population_date
    financing_year.full_clean()
    financing_year.save()
    members = {m.slug: m for m in financing_year.plan.association.members.all()}
    financing_year.amounts.filter(kind="contribution").delete()
    Contribution.objects.bulk_create([
        Contribution(financing_year=financing_year, member=members[slug], kind="contribution",
                     amount=amount, position=i)
        for i, (slug, amount) in enumerate((s, a) for s, a in explicit.items() if a is not None)])
    return financing_year


@transaction.atomic
def budget_line_save(*, line: BudgetLine) -> BudgetLine:
    """Save a budget line; a new line gets an id from its label, kept in every year and column."""
    from django.utils.text import slugify

    if not line.slug:
        line.slug = slugify(line.label)[:80]
    if line.position == 0 and line.pk is None:
        last = line.entry.lines.filter(side=line.side).order_by("-position").first()
        line.position = (last.position + 1) if last else 0
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def budget_entry_update(*, entry: BudgetEntry, opening_equity: Decimal | None,
                        deficit_justification: str | None) -> BudgetEntry:
    entry.opening_equity = opening_equity
    entry.deficit_justification = deficit_justification or None
    entry.full_clean()
    entry.save(update_fields=["opening_equity", "deficit_justification"])
    return entry


def budget_entry_get_or_create(*, plan: Plan, year: int, column: str) -> BudgetEntry:
    entry, _ = BudgetEntry.objects.get_or_create(
        plan=plan, year=year, column=column,
        defaults={"position": plan.budget.count()})
    return entry
