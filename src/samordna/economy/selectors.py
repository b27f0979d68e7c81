"""Reads: plans as rulebook data, and what a user may see (404 for the rest)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache

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


def adoption_history(plan: Plan) -> tuple[bool, date | None]:
    """Whether the app recorded the plan's adoption (a change of stage to adopted, not a load
    of an adopted file), and the day the plan first went to consultation."""
    from django.utils import timezone

    stages = list(plan.versions.order_by("number").values_list("stage", "created_at"))
    adopted_here = any(stage == "adopted" and before != "adopted"
                       for (before, _), (stage, _) in zip(stages, stages[1:], strict=False))
    consulted = next((at for stage, at in stages if stage == "consultation"), None)
    return adopted_here, timezone.localdate(consulted) if consulted else None


def plan_review(plan: p.Plan, stored: Plan | None = None):
    """The review of a plan with this installation's settings; with the stored plan, also
    whether its adoption followed the consultation (FINSAM B12)."""
    adopted_here, consulted_on = adoption_history(stored) if stored is not None else (False, None)
    return review(plan, bands=equity_bands(), adopted_here=adopted_here,
                  consulted_on=consulted_on)


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


def association_data(a: Association) -> p.Association:
    return p.Association(
        id=a.slug, name=a.name, org_number=a.org_number, county=a.county, website=a.website,
        address=a.address, vision=a.vision, mission=a.mission, values=a.values, note=a.note,
        state_display=a.state_display,
        expected_underspend=(None if a.expected_underspend is None
                             else a.expected_underspend.normalize()),
        split_key=codec.split_key_from_json(a.split_key))


def members_data(members) -> tuple[p.Member, ...]:
    """Members (with their population prefetched) as the rulebook's members."""
    return tuple(p.Member(
        id=m.slug, name=m.name, kind=m.kind, note=m.note, ended_on=m.ended_on,
        population=tuple(p.PopulationCount(c.date, c.count, c.note)
                         for c in sorted(m.population.all(), key=lambda c: c.date)))
        for m in members)


def board_data(a: Association) -> tuple[p.BoardSeats, ...]:
    return tuple(p.BoardSeats(tuple(b.member_slugs), b.regular, b.deputy, b.note)
                 for b in a.board.order_by("position", "id"))


def plan_data(plan: Plan) -> p.Plan:
    """The stored plan as the rulebook's Plan (the inverse of services.plan_save)."""
    a = plan.association
    association = association_data(a)
    members_qs = [pm.member for pm in plan.plan_members.select_related("member")
                  .prefetch_related("member__population").order_by("position", "id")]
    slugs = {m.id: m.slug for m in members_qs}
    members = members_data(members_qs)
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
    calendar = tuple(calendar_item(c) for c in plan.calendar.order_by("position", "date"))
    board = board_data(a)
    seats, bodies = organisation_data(a)
    return p.Plan(association=association, members=members, plan=info,
                  financing=tuple(financing), interventions=interventions,
                  budget=tuple(budget), calendar=calendar,
                  risks=codec.risks_from_json(plan.risks), board=board,
                  tertials=tertials_data(plan), seats=seats, bodies=bodies)


# The plans this process computed last, by (pk, revision): the rulebook's Plan is immutable,
# so pages share one object (and the figures memoised on it, finsam.memo) without copying.
_RECENT: OrderedDict[tuple[int, int], p.Plan] = OrderedDict()
_RECENT_SIZE = 32
_RECENT_LOCK = threading.Lock()


def plan_version_key(plan: Plan) -> str:
    """The cache key of one version of a plan: every write to the plan (or to its association's
    members, population, board or bodies) bumps `revision`, so a new version has a new key."""
    return f"plan-data:{plan.pk}:{plan.revision}"


def plan_cache_clear() -> None:
    """Forget every cached plan (tests: a new database reuses primary keys)."""
    cache.clear()
    with _RECENT_LOCK:
        _RECENT.clear()


def plan_data_cached(plan: Plan) -> p.Plan:
    """`plan_data` computed once per plan version: from this process's recent plans, else the
    shared cache (settings.CACHES), else the database (and then kept in both)."""
    version = (plan.pk, plan.revision)
    with _RECENT_LOCK:
        data = _RECENT.get(version)
        if data is not None:
            _RECENT.move_to_end(version)
            return data
    key = plan_version_key(plan)
    data = cache.get(key)
    if data is None:
        data = plan_data(plan)
        cache.set(key, data)
    with _RECENT_LOCK:
        _RECENT[version] = data
        while len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)
    return data


def tertials_data(plan: Plan) -> tuple[p.Tertial, ...]:
    """The stored tertials of a plan as the rulebook's `Tertial`s, in stored order (cells
    without a value are left out: they were emptied)."""
    out = []
    for row in plan.tertial_periods.prefetch_related("cells").order_by("position", "year", "period"):
        figures = {m: {part: {} for part in ("lines", "interventions", "contributions")}
                   for m in ("outcome", "forecast")}
        comments: dict[str, str] = {}
        for c in sorted(row.cells.all(), key=lambda c: (c.position, c.id)):
            if c.measure == "comment":
                if c.text is not None:
                    comments[c.item] = c.text
            elif c.amount is not None:
                figures[c.measure][c.part][c.item] = c.amount
        out.append(p.Tertial(year=row.year, period=row.period,
                             outcome=p.TertialFigures(**figures["outcome"]),
                             forecast=p.TertialFigures(**figures["forecast"]),
                             comments=comments, reported_on=row.reported_on, note=row.note))
    return tuple(out)


def calendar_item(c) -> p.CalendarItem:
    return p.CalendarItem(c.date, c.start, c.end, c.body, c.title, c.place, c.tentative,
                          c.note, id=c.slug)


def board_seat(x) -> p.BoardSeat:
    return p.BoardSeat(id=x.slug, name=x.name, member=x.member.slug, role=x.role,
                       term_start=x.term_start, term_end=x.term_end, office=x.office,
                       deputy_order=x.deputy_order, email=x.email, note=x.note)


def body_data(b) -> p.Body:
    return p.Body(id=b.slug, kind=b.kind, name=b.name, note=b.note, members=tuple(
        p.BodyMember(name=x.name, member=x.member.slug if x.member else None,
                     organisation=x.organisation, role=x.role, note=x.note)
        for x in b.people.all()))


def organisation_data(association: Association) -> tuple[tuple[p.BoardSeat, ...],
                                                          tuple[p.Body, ...]]:
    """The association's named board and its other bodies, as the rulebook's dataclasses."""
    seats = tuple(board_seat(x) for x in association.seats.select_related("member")
                  .order_by("position", "id"))
    bodies = tuple(body_data(b) for b in association.bodies.prefetch_related("people__member")
                   .order_by("position", "id"))
    return seats, bodies


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
