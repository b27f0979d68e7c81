"""National follow-up figures per year, across every association: the participants that
Uppföljning Finsam asks for (FINSAM.md §6) — women, men (and others) for individual
interventions, a head count for structural ones.

Per year Y, each association's plan of budget year Y and each of its interventions with
money or planned participants in Y (`uppfoljning._in_year`), as `samordna uppfoljning`
reports them: a record-mode intervention counts its live enrolments ongoing in some month
of Y, by gender; a count-mode intervention sums its counts of Y (women, men, others and
head counts). A count-mode intervention with no count for Y has no figure (`reported` False)
unless it is applied and not started (then 0), as in the rulebook.

`intervention_participants` asks the database per plan intervention (three queries however
many associations, enrolments and counts there are), `national_participants` per
year and level (two GROUP BY queries); `intervention_participants_rulebook` computes the
same through the rulebook (`uppfoljning.national_figures` over `followup_data`, plan by
plan, as the command and the page do) and is what the SQL is tested against.
`followup_totals_sql` is the hand-written statement the benchmark compares with
(bench/run.py: ours ÷ raw).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, DateField, Exists, F, Func, OuterRef, Q, Sum

from samordna.economy.models import Plan
from samordna.finsam import followup as fu
from samordna.finsam import uppfoljning as uf
from samordna.interventions.models import InterventionAmount, PlanIntervention

# The measures that put an intervention in a year's report (uppfoljning._in_year).
IN_YEAR_MEASURES = ("budget", "outcome", "planned_participants", "forecast")


@dataclass(frozen=True)
class Participants:
    """One intervention's participants in a year. `unspecified`: head counts without gender
    (structural interventions). `reported` False: no figure (a count-mode intervention
    without counts for the year)."""

    year: int
    association: str
    intervention: str
    level: str
    women: int = 0
    men: int = 0
    other: int = 0
    unspecified: int = 0
    reported: bool = True

    @property
    def total(self) -> int:
        return self.women + self.men + self.other + self.unspecified

    def uf_values(self) -> tuple[int | None, ...]:
        """What Uppföljning Finsam takes: (women, men) for individual interventions, the
        head count for structural ones; None where there is no figure."""
        if not self.reported:
            return (None, None) if self.level == "individual" else (None,)
        return (self.women, self.men) if self.level == "individual" else (self.total,)


@dataclass(frozen=True)
class YearParticipants:
    """A year's national totals: individual interventions by gender, structural persons."""

    year: int
    interventions: int = 0
    women: int = 0
    men: int = 0
    other: int = 0
    structural: int = 0

    def as_tuple(self) -> tuple[int, ...]:
        return (self.year, self.interventions, self.women, self.men, self.other, self.structural)


def _plan_interventions(years: list[int] | None):
    in_year = InterventionAmount.objects.filter(intervention=OuterRef("pk"), year=OuterRef("plan__year"),
                                                measure__in=IN_YEAR_MEASURES)
    qs = PlanIntervention.objects.filter(Exists(in_year))
    return qs if years is None else qs.filter(plan__year__in=years)


class MonthOf(Func):
    """The first day of a fixed month of a year given as an integer expression: a date on
    PostgreSQL (make_date), an ISO date text on SQLite (where dates are stored so). Compared
    with a month column it needs no per-row year extraction (SQLite's is a Python function)."""

    output_field = DateField()

    def __init__(self, year, month: int):
        if not 1 <= month <= 12:
            raise ValueError(month)
        self.month = month
        super().__init__(year)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template=f"printf('%%%%04d-{self.month:02d}-01', %(expressions)s)",
                           **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template=f"make_date(%(expressions)s, {self.month}, 1)", **extra)


def _ongoing(prefix: str) -> Q:
    """An enrolment (reached through `prefix`) live and ongoing in some month of the plan's year."""
    return (Q(**{f"{prefix}voided": False, f"{prefix}start_month__lte": MonthOf(F("plan__year"), 12)})
            & (Q(**{f"{prefix}end_month__isnull": True})
               | Q(**{f"{prefix}end_month__gte": MonthOf(F("plan__year"), 1)})))


def _gender_counts(prefix: str) -> dict:
    ongoing = _ongoing(prefix)
    return {g: Count(f"{prefix}id", filter=ongoing & Q(**{f"{prefix}gender": code}))
            for g, code in (("women", "kvinna"), ("men", "man"), ("other", "annat"))}


def _count_sums(prefix: str) -> dict:
    """Sums of an intervention's counts (reached through `prefix`) of the plan's year."""
    this_year = Q(**{f"{prefix}year": F("plan__year")})
    return {"women": Sum(f"{prefix}women", filter=this_year), "men": Sum(f"{prefix}men", filter=this_year),
            "other": Sum(f"{prefix}other", filter=this_year),
            "unspecified": Sum(f"{prefix}head_count", filter=this_year),
            "entries": Count(f"{prefix}id", filter=this_year)}


def intervention_participants(*, years: list[int] | None = None) -> dict[tuple[int, str, str], Participants]:
    """Every reported intervention's participants, keyed (year, association, intervention):
    three queries (the plan interventions, GROUP BY for records, GROUP BY for counts)."""
    rows = _plan_interventions(years).values(
        "id", "level", "status", year=F("plan__year"), association=F("plan__association__slug"),
        slug=F("intervention__slug"), mode=F("intervention__follow_up"))
    records = {r["id"]: r for r in (_plan_interventions(years).filter(intervention__follow_up__in=fu.RECORD_MODES)
                                    .values("id").annotate(**_gender_counts("intervention__enrolments__"))
                                    .order_by())}
    counted = {r["id"]: r for r in (_plan_interventions(years).filter(intervention__follow_up="count")
                                    .values("id").annotate(**_count_sums("intervention__participant_counts__"))
                                    .order_by())}
    out = {}
    for row in rows:
        key = (row["year"], row["association"], row["slug"])
        base = {"year": row["year"], "association": row["association"], "intervention": row["slug"],
                "level": row["level"]}
        if row["mode"] in fu.RECORD_MODES:
            r = records[row["id"]]
            out[key] = Participants(**base, women=r["women"], men=r["men"], other=r["other"])
        elif counted.get(row["id"], {}).get("entries"):
            c = counted[row["id"]]
            out[key] = Participants(**base, women=c["women"], men=c["men"], other=c["other"],
                                    unspecified=c["unspecified"] or 0)
        else:  # no counts for the year: no figure, unless applied and not started
            out[key] = Participants(**base, reported=row["status"] == "applied")
    return dict(sorted(out.items()))


def _year(totals: dict[int, dict], year: int) -> dict:
    return totals.setdefault(year, {"interventions": 0, "women": 0, "men": 0, "other": 0, "structural": 0})


def national_participants(*, years: list[int] | None = None) -> dict[int, YearParticipants]:
    """The totals per year: GROUP BY year (the interventions reported) and GROUP BY year and
    level (records, counts); three queries."""
    totals: dict[int, dict] = {}
    for r in _plan_interventions(years).values(y=F("plan__year")).annotate(n=Count("id")).order_by():
        _year(totals, r["y"])["interventions"] = r["n"]
    people = [*(_plan_interventions(years).filter(intervention__follow_up__in=fu.RECORD_MODES)
                .values("level", y=F("plan__year")).annotate(**_gender_counts("intervention__enrolments__"))
                .order_by()),
              *(_plan_interventions(years).filter(intervention__follow_up="count")
                .values("level", y=F("plan__year")).annotate(**_count_sums("intervention__participant_counts__"))
                .order_by())]
    for r in people:
        t = _year(totals, r["y"])
        women, men, other = r["women"] or 0, r["men"] or 0, r["other"] or 0
        if r["level"] == "individual":
            t["women"] += women
            t["men"] += men
            t["other"] += other
        else:
            t["structural"] += women + men + other + (r.get("unspecified") or 0)
    return {y: YearParticipants(y, **t) for y, t in sorted(totals.items())}


def year_totals(rows: dict[tuple[int, str, str], Participants]) -> dict[int, YearParticipants]:
    """Per-intervention figures summed per year (a missing figure adds nothing)."""
    totals: dict[int, dict] = {}
    for (year, _, _), r in rows.items():
        t = _year(totals, year)
        t["interventions"] += 1
        if r.level == "individual":
            t["women"] += r.women
            t["men"] += r.men
            t["other"] += r.other
        else:
            t["structural"] += r.total
    return {y: YearParticipants(y, **t) for y, t in sorted(totals.items())}


def intervention_participants_rulebook(*, years: list[int] | None = None) -> dict[tuple[int, str, str], Participants]:
    """The same figures through the rulebook, plan by plan: `national_figures` over
    `followup_data` (what `samordna uppfoljning` prints), with others from the same records
    and counts (Uppföljning Finsam takes only women and men)."""
    from samordna.economy.selectors import plan_data_cached

    from .selectors import followup_data

    out = {}
    plans = Plan.objects.select_related("association").order_by("year", "association__slug")
    for plan in plans if years is None else plans.filter(year__in=years):
        data = plan_data_cached(plan)
        follow = followup_data(association=plan.association, plan=data)
        figures = uf.national_figures(data, follow, plan.year)
        period = fu.Period.year(plan.year)
        levels = {iv.id: iv.level for iv in data.interventions}
        for group in figures.interventions:
            key = (plan.year, plan.association.slug, group.key)
            mine = follow.for_interventions([group.key])
            base = {"year": plan.year, "association": plan.association.slug, "intervention": group.key,
                    "level": levels[group.key]}
            if levels[group.key] == "structural":
                value = group.entry("participants.count").value
                out[key] = Participants(**base, unspecified=value or 0, reported=value is not None)
                continue
            women, men = group.entry("participants.women").value, group.entry("participants.men").value
            if follow.modes.get(group.key) == "count":
                other = fu.counted(mine.counts, period).annat
            else:
                other = fu.participants(mine.records, period).annat
            out[key] = Participants(**base, women=women or 0, men=men or 0, other=other,
                                    reported=women is not None)
    return dict(sorted(out.items()))


def followup_totals_sql(vendor: str) -> str:
    """The hand-written counterpart of `national_participants`: one statement, one row per
    year (year, interventions, women, men, other, structural persons)."""
    if vendor == "sqlite":  # dates are ISO text
        last, first = "printf('%04d-12-01', pi.year)", "printf('%04d-01-01', pi.year)"
    else:
        last, first = "make_date(pi.year, 12, 1)", "make_date(pi.year, 1, 1)"
    return f"""
WITH pi AS (SELECT pi.id, pi.intervention_id, pi.level, p.year, i.follow_up
            FROM interventions_planintervention pi
            JOIN economy_plan p ON p.id = pi.plan_id
            JOIN interventions_intervention i ON i.id = pi.intervention_id
            WHERE EXISTS (SELECT 1 FROM interventions_interventionamount a
                          WHERE a.intervention_id = pi.id AND a.year = p.year
                            AND a.measure IN ('budget', 'outcome', 'planned_participants', 'forecast'))),
rec AS (SELECT pi.year, pi.level,
               count(CASE WHEN e.gender = 'kvinna' THEN 1 END) AS women,
               count(CASE WHEN e.gender = 'man' THEN 1 END) AS men,
               count(CASE WHEN e.gender = 'annat' THEN 1 END) AS other
        FROM pi LEFT JOIN followup_enrolment e
          ON e.intervention_id = pi.intervention_id AND NOT e.voided
         AND e.start_month <= {last} AND (e.end_month IS NULL OR e.end_month >= {first})
        WHERE pi.follow_up IN ('deidentified', 'identified')
        GROUP BY pi.year, pi.level),
cnt AS (SELECT pi.year, pi.level,
               sum(c.women) AS women, sum(c.men) AS men, sum(c.other) AS other,
               sum(c.women + c.men + c.other + coalesce(c.head_count, 0)) AS persons
        FROM pi JOIN followup_participantcount c ON c.intervention_id = pi.intervention_id AND c.year = pi.year
        WHERE pi.follow_up = 'count'
        GROUP BY pi.year, pi.level),
lv AS (SELECT year, level, women, men, other, women + men + other AS persons FROM rec
       UNION ALL SELECT year, level, women, men, other, persons FROM cnt),
tot AS (SELECT year, count(*) AS n FROM pi GROUP BY year)
SELECT tot.year, tot.n,
       coalesce(sum(CASE WHEN lv.level = 'individual' THEN lv.women END), 0),
       coalesce(sum(CASE WHEN lv.level = 'individual' THEN lv.men END), 0),
       coalesce(sum(CASE WHEN lv.level = 'individual' THEN lv.other END), 0),
       coalesce(sum(CASE WHEN lv.level <> 'individual' THEN lv.persons END), 0)
FROM tot LEFT JOIN lv ON lv.year = tot.year GROUP BY tot.year, tot.n ORDER BY tot.year
"""
