"""Reads for follow-up: stored rows as rulebook records, what a person may see of them, and
the figures of a plan's goals with small counts suppressed for readers without rights.

Which interventions a person reaches is decided in `accounts.selectors` (tenancy in one
place); these functions take that decision and shape the data.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import replace
from datetime import date

from django.conf import settings
from django.db.models import Count, Max, Sum
from django.utils import timezone

from samordna.accounts.selectors import followup_scope
from samordna.economy.models import Plan
from samordna.finsam import followup as fu
from samordna.finsam import plan as p
from samordna.finsam import uppfoljning as uf
from samordna.interventions.models import Intervention
from samordna.organisation.models import Association, Member

from .models import Enrolment, GoalMeasure, IdentifiedSetup, ParticipantCount


def followup_config() -> fu.Config:
    """The installation's follow-up configuration (settings.SAMORDNA_FOLLOWUP over defaults)."""
    given = dict(getattr(settings, "SAMORDNA_FOLLOWUP", {}) or {})
    fields = {k: (tuple(v) if isinstance(v, list | tuple) else v) for k, v in given.items()}
    config = replace(fu.DEFAULT_CONFIG, **fields)
    problems = config.problems()
    if problems:
        raise ValueError("SAMORDNA_FOLLOWUP: " + "; ".join(problems))
    return config


def national_codes() -> uf.NationalCodes:
    """The installation's Uppföljning Finsam codes (settings.SAMORDNA_UPPFOLJNING_CODES over defaults)."""
    codes = uf.codes_with(getattr(settings, "SAMORDNA_UPPFOLJNING_CODES", None) or {})
    problems = codes.problems()
    if problems:
        raise ValueError("SAMORDNA_UPPFOLJNING_CODES: " + "; ".join(problems))
    return codes


def national_figures_for(*, association: Association, data: p.Plan, year: int) -> uf.NationalFigures:
    """The figures for Uppföljning Finsam, exact (only for `followup.national`)."""
    return uf.national_figures(data, followup_data(association=association, plan=data), year, national_codes())


def _support(value) -> tuple[fu.Support, ...] | None:
    return None if value is None else tuple(fu.Support(s, int(e)) for s, e in value)


def record_of(e: Enrolment, *, intervention: str, kommuner: dict[int, str]) -> fu.Record:
    return fu.Record(
        intervention=intervention, code=e.code, provider_code=e.provider_code, gender=e.gender,
        start=e.start_month, end=e.end_month, age_band=e.age_band,
        municipality=kommuner.get(e.municipality_id) if e.municipality_id else None,
        occupation_before=e.occupation_before, occupation_after=e.occupation_after,
        support_before=_support(e.support_before), support_after=_support(e.support_after),
        months_on_support_before=e.months_on_support_before,
        assessed_work_capacity=e.assessed_work_capacity, end_reason=e.end_reason,
        education_level=e.education_level, progression_start=e.progression_start,
        progression_end=e.progression_end, employment_months=e.employment_months, voided=e.voided)


def kommun_slugs(association: Association) -> dict[int, str]:
    return dict(Member.objects.filter(association=association, kind=p.KOMMUN).values_list("pk", "slug"))


def records_of(*, association: Association, interventions: list[Intervention] | None = None) -> list[fu.Record]:
    """Every enrolment of the association (or of some interventions) as rulebook records."""
    slugs = dict(Intervention.objects.filter(association=association).values_list("pk", "slug"))
    kommuner = kommun_slugs(association)
    qs = Enrolment.objects.filter(association=association)
    if interventions is not None:
        qs = qs.filter(intervention__in=interventions)
    return [record_of(e, intervention=slugs[e.intervention_id], kommuner=kommuner) for e in qs.order_by("pk")]


def count_of(c: ParticipantCount, intervention: str) -> fu.CountEntry:
    return fu.CountEntry(intervention, c.year, c.kind, c.period, c.women, c.men, c.other, c.head_count)


def counts_of(*, association: Association, interventions: list[Intervention] | None = None) -> list[fu.CountEntry]:
    slugs = dict(Intervention.objects.filter(association=association).values_list("pk", "slug"))
    qs = ParticipantCount.objects.filter(association=association)
    if interventions is not None:
        qs = qs.filter(intervention__in=interventions)
    return [count_of(c, slugs[c.intervention_id]) for c in qs]


def rows_stamp(association_id: int) -> tuple:
    """What the association's stored records and counts look like now: for each, the number of
    rows, the latest change and the sum of their revisions (every save bumps a revision and
    the change time; a deleted row lowers the number and the sum)."""
    def of(model) -> tuple:
        got = model.objects.filter(association_id=association_id).aggregate(
            n=Count("id"), m=Max("updated_at"), r=Sum("revision"))
        return got["n"], got["m"], got["r"]

    return of(Enrolment), of(ParticipantCount)


def followup_stamp(plan: Plan) -> str:
    """The follow-up of the plan's association and the plan's goal measures, in a few
    characters (a document that shows the follow-up is made again when it changes)."""
    measures = GoalMeasure.objects.filter(plan=plan).aggregate(n=Count("id"), s=Sum("revision"))
    return hashlib.sha256(repr([rows_stamp(plan.association_id), measures]).encode()).hexdigest()[:12]


# The records and counts of the most recently read associations, per process, with the stamp they were
# read at: a page reads the stamp (two aggregate queries) instead of every row (thousands).
_ROWS: OrderedDict[int, tuple[tuple, tuple, tuple]] = OrderedDict()
_ROWS_SIZE = 8  # the largest förbund of the national data set has 5 658 records
_ROWS_LOCK = threading.Lock()


def followup_cache_clear() -> None:
    """Forget the kept rows (tests: a new database reuses primary keys)."""
    with _ROWS_LOCK:
        _ROWS.clear()


def _rows_of(association: Association) -> tuple[tuple[fu.Record, ...], tuple[fu.CountEntry, ...]]:
    stamp = rows_stamp(association.pk)
    with _ROWS_LOCK:
        kept = _ROWS.get(association.pk)
        if kept is not None and kept[0] == stamp:
            _ROWS.move_to_end(association.pk)
            return kept[1], kept[2]
    records, counts = tuple(records_of(association=association)), tuple(counts_of(association=association))
    with _ROWS_LOCK:
        _ROWS[association.pk] = (stamp, records, counts)
        _ROWS.move_to_end(association.pk)
        while len(_ROWS) > _ROWS_SIZE:
            _ROWS.popitem(last=False)
    return records, counts


def followup_data(*, association: Association, plan: p.Plan) -> fu.FollowUpData:
    """The follow-up of the plan's interventions: records, counts, modes (the rows read again
    only when they changed, `rows_stamp`)."""
    modes = dict(Intervention.objects.filter(association=association,
                                             slug__in=[iv.id for iv in plan.interventions])
                 .values_list("slug", "follow_up"))
    records, counts = _rows_of(association)
    return fu.FollowUpData(records, counts, plan.interventions, modes)


def unsuppressed_for(*, user, association: Association):
    """A function ids → whether `user` may see small counts of those interventions: only a
    person with follow-up rights on every one of them (or the command line)."""
    scope = followup_scope(actor=user, association=association, action="followup.read")
    if scope.everything:
        return lambda ids: True
    if not scope.intervention_ids:
        return lambda ids: False
    reached = set(Intervention.objects.filter(pk__in=scope.intervention_ids).values_list("slug", flat=True))
    return lambda ids: bool(ids) and set(ids) <= reached


def measures_of(plan: Plan) -> dict[tuple[str | None, str], fu.Measure]:
    out = {}
    for m in GoalMeasure.objects.filter(plan=plan).select_related("intervention"):
        out[(m.intervention.slug if m.intervention else None, m.goal_key)] = measure_from(m)
    return out


def measure_from(m: GoalMeasure) -> fu.Measure:
    return fu.Measure(kind=m.kind, outcomes=frozenset(m.outcomes), base=m.base, min_months=m.min_months,
                      target=None if m.target is None else m.target.normalize(), due=m.due,
                      achieved_on=m.achieved_on)


def goal_measure_for(*, plan: Plan, owner: str | None, text: str) -> GoalMeasure | None:
    return (GoalMeasure.objects.filter(plan=plan, goal_key=fu.goal_key(text),
                                       intervention__slug=owner).first() if owner else
            GoalMeasure.objects.filter(plan=plan, goal_key=fu.goal_key(text), intervention__isnull=True).first())


def period_of(year: int, tertial: int | None) -> fu.Period:
    return fu.Period.year(year) if tertial is None else fu.Period.to_tertial(year, tertial)


def plan_goals(*, user, association: Association, plan: Plan, data: p.Plan, year: int,
               tertial: int | None = None, today: date | None = None) -> list[fu.GoalRow]:
    """The plan's goals computed for `user` (suppressed where the person lacks rights)."""
    config = followup_config()
    return fu.goal_rows(data, followup_data(association=association, plan=data), period_of(year, tertial),
                        year=year, measures=measures_of(plan), today=today or timezone.localdate(),
                        unsuppressed=unsuppressed_for(user=user, association=association),
                        threshold=config.suppression_threshold)


def plan_participants(*, user, association: Association, data: p.Plan, year: int, tertial: int | None = None):
    config = followup_config()
    return fu.participants_rows(data, followup_data(association=association, plan=data),
                                period_of(year, tertial),
                                unsuppressed=unsuppressed_for(user=user, association=association),
                                threshold=config.suppression_threshold)


def enrolments_for(*, user, association: Association, intervention: Intervention):
    """The enrolments of an intervention the person reaches (empty when not in scope)."""
    scope = followup_scope(actor=user, association=association, action="followup.read")
    if not scope.covers(intervention.pk):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(association=association, intervention=intervention)


def counts_for(*, association: Association, intervention: Intervention):
    return ParticipantCount.objects.filter(association=association, intervention=intervention)


def identified_setup_of(intervention: Intervention) -> IdentifiedSetup | None:
    return IdentifiedSetup.objects.filter(intervention=intervention).select_related("controller").first()


def report_followup(*, association: Association, plan: Plan, data: p.Plan, year: int,
                    tertial: int | None = None) -> fu.FollowUpReport:
    """The follow-up a tertial or annual report shows (always with small counts hidden)."""
    config = followup_config()
    return fu.follow_up_report(data, followup_data(association=association, plan=data), period_of(year, tertial),
                               year=year, measures=measures_of(plan), today=timezone.localdate(),
                               threshold=config.suppression_threshold)
