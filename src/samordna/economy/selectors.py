"""Reads: plans as rulebook data, and what a user may see (404 for the rest)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from samordna.finsam import plan as p
from samordna.finsam.checks import review
from samordna.finsam.equity import EquityBand
from samordna.interventions.models import PlanIntervention
from samordna.organisation.models import Association

from . import codec
from .models import Plan


def equity_bands() -> tuple[EquityBand, ...]:
    """The installation's equity-ceiling size bands (settings.SAMORDNA_EQUITY_BANDS)."""
    return tuple(EquityBand(Decimal(low), None if high is None else Decimal(high), Decimal(share))
                 for low, high, share in settings.SAMORDNA_EQUITY_BANDS)


def plan_review(plan: p.Plan):
    """The review of a plan with this installation's settings."""
    return review(plan, bands=equity_bands())


def plans_of(association: Association) -> list[Plan]:
    return list(association.plans.order_by("-year"))


def plan_for_year(*, association: Association, year: int | None = None) -> Plan | None:
    """The plan whose budget year is `year`, else the latest plan that covers it; else latest."""
    plans = plans_of(association)
    if not plans:
        return None
    if year is None:
        return plans[0]
    exact = next((x for x in plans if x.year == year), None)
    if exact:
        return exact
    covering = [x for x in plans if year in x.years]
    if not covering:  # a plan also covers the earlier years it gives financing or budget for
        with_year = set(Plan.objects.filter(association=association, financing__year=year)
                        .values_list("pk", flat=True))
        with_year |= set(Plan.objects.filter(association=association, budget__year=year)
                         .values_list("pk", flat=True))
        covering = [x for x in plans if x.pk in with_year]
    return covering[0] if covering else None


def plan_data(plan: Plan) -> p.Plan:
    """The stored plan as the rulebook's Plan (the inverse of services.plan_save)."""
    a = plan.association
    association = p.Association(
        id=a.slug, name=a.name, org_number=a.org_number, county=a.county, website=a.website,
        address=a.address, vision=a.vision, mission=a.mission, values=a.values, note=a.note,
        state_display=a.state_display,
        expected_underspend=(None if a.expected_underspend is None
                             else a.expected_underspend.normalize()),
        split_key=codec.split_key_from_json(a.split_key))
    members_qs = [pm.member for pm in plan.plan_members.select_related("member")
                  .prefetch_related("member__population").order_by("position", "id")]
    slugs = {m.id: m.slug for m in members_qs}
    members = tuple(p.Member(
        id=m.slug, name=m.name, kind=m.kind, note=m.note,
        population=tuple(p.PopulationCount(c.date, c.count, c.note)
                         for c in sorted(m.population.all(), key=lambda c: c.date)))
        for m in members_qs)
    info = p.PlanInfo(
        year=plan.year, plan_years=tuple(plan.plan_years), adopted_on=plan.adopted_on,
        adopted_by=plan.adopted_by, reference=plan.reference,
        sections=tuple(codec.section_from_json(s) for s in plan.sections),
        target_groups=tuple(codec.group_from_json(g) for g in plan.target_groups),
        goals=tuple(codec.goal_from_json(g) for g in plan.goals), note=plan.note,
        title_page=plan.title_page, budget_title=plan.budget_title,
        decisions=tuple(plan.decisions), glossary=codec.glossary_from_json(plan.glossary))
    financing = []
    for fy in plan.financing.prefetch_related("amounts").order_by("position", "year"):
        by_kind: dict[str, dict[str, Decimal]] = {"contribution": {}, "offer": {},
                                                  "shown_share": {}}
        for c in sorted(fy.amounts.all(), key=lambda c: (c.position, c.id)):
            by_kind[c.kind][slugs[c.member_id]] = c.amount.normalize() if c.kind == "shown_share" else c.amount
        financing.append(p.FinancingYear(
            year=fy.year, state=fy.state, contributions=by_kind["contribution"],
            population_date=fy.population_date, total=fy.total, status=fy.status,
            state_offer=fy.state_offer, offers=by_kind["offer"], note=fy.note, label=fy.label,
            shown_shares=by_kind["shown_share"]))
    budget = []
    for e in plan.budget.prefetch_related("lines").order_by("position", "year"):
        lines = sorted(e.lines.all(), key=lambda x: (x.position, x.id))

        def line(x):
            return p.Line(id=x.slug, label=x.label, kind=x.kind, amount=x.amount, note=x.note,
                          admin=x.admin)
        budget.append(p.BudgetEntry(
            year=e.year, column=e.column, opening_equity=e.opening_equity,
            revenue=tuple(line(x) for x in lines if x.side == "revenue"),
            costs=tuple(line(x) for x in lines if x.side == "cost"),
            stated={k: Decimal(v) for k, v in e.stated.items()},
            deficit_justification=e.deficit_justification, note=e.note, label=e.label))
    interventions = tuple(intervention_data(iv) for iv in
                          plan.interventions.select_related("intervention")
                          .prefetch_related("amounts").order_by("position", "id"))
    calendar = tuple(p.CalendarItem(c.date, c.start, c.end, c.body, c.title, c.place,
                                    c.tentative, c.note)
                     for c in plan.calendar.order_by("position", "date"))
    board = tuple(p.BoardSeats(tuple(b.member_slugs), b.regular, b.deputy, b.note)
                  for b in a.board.order_by("position", "id"))
    return p.Plan(association=association, members=members, plan=info,
                  financing=tuple(financing), interventions=interventions,
                  budget=tuple(budget), calendar=calendar,
                  risks=codec.risks_from_json(plan.risks), board=board,
                  tertials=codec.tertials_from_json(plan.tertials))


def intervention_data(iv: PlanIntervention) -> p.Intervention:
    measures: dict[str, p.YearAmounts] = {m: {} for m in
                                          ("planned_participants", "granted", "budget",
                                           "forecast", "outcome")}
    for row in sorted(iv.amounts.all(), key=lambda r: (r.position, r.id)):
        value = row.value
        if row.measure == "planned_participants":
            value = Decimal(int(value))
        measures[row.measure].setdefault(row.year, {})[row.key] = value
    return p.Intervention(
        id=iv.intervention.slug, name=iv.name, level=iv.level, category=iv.category,
        description=iv.description, target_group=iv.target_group, eligibility=iv.eligibility,
        method=iv.method, follow_up=iv.follow_up, markings=tuple(iv.markings),
        members=None if iv.members is None else tuple(iv.members), provider=iv.provider,
        municipalities=None if iv.municipalities is None else tuple(iv.municipalities),
        period_start=iv.period_start, period_end=iv.period_end, status=iv.status,
        duration_weeks=None if iv.duration_weeks is None else tuple(iv.duration_weeks),
        capacity=iv.capacity, external_funding=tuple(codec.funding_from_json(f)
                                                     for f in iv.external_funding),
        goals=tuple(codec.goal_from_json(g) for g in iv.goals), note=iv.note,
        decision_date=iv.decision_date, decision_reference=iv.decision_reference,
        successor_of=iv.successor_of, implementation=iv.implementation,
        how_to_apply=iv.how_to_apply, **measures)
