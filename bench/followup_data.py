"""Follow-up for the benchmark's national data set (bench/generate.py, via `FOLLOWUP_HOOKS`).

Per association and plan year, every individual intervention of the year's plan that is
followed up with records gets 9–35 de-identified enrolments starting in that year (about
300 000 at the national scale); every count-mode intervention (the structural ones) gets
head counts per tertial or per month of the year. Distributions are plausible, not real:
women 55 %, men 43 %, other 2 %; ages, home kommun (among the association's kommuner, by a
weight drawn per kommun), occupation and support before and after, end reasons with about
1 % voided (`felregistrering`), progression steps and employment months. Months run from
the plan year; an enrolment whose end would fall after December 2026 is still ongoing, as
are 2 % whose end the provider has not registered.

The rows are written with `bulk_create` in batches, not through the services (a benchmark
generator), but exactly as the services store them: Samordna's codes (`fu.enrolment_code`,
numbered per prefix and start year, unique in the association), provider codes unique per
intervention, `voided` from the end reason, the model fields from the rulebook record via
the services' own mapping. tests/followup/test_rollup.py reads them back and checks every
record against the rulebook's rules. Deterministic from the seeded `rng`; an association
that already has follow-up is left as it is (national_load is called again for those
loaded before).
"""

from __future__ import annotations

import random
from datetime import date

LAST_MONTH = date(2026, 12, 1)  # months after this have not happened
BATCH = 2000

GENDERS = [("kvinna", 0.55), ("man", 0.43), ("annat", 0.02)]
AGE_BANDS = [("16-19", 0.06), ("20-24", 0.2), ("25-29", 0.2), ("30-39", 0.22), ("40-49", 0.16),
             ("50-59", 0.12), ("60-64", 0.04)]
SUPPORT_BEFORE = [("forsorjningsstod:100", 0.35), ("sjukpenning:100", 0.15), ("sjukpenning:50+aktivitetsstod:50", 0.1),
                  ("a-kassa:100", 0.1), ("aktivitetsersattning:100", 0.15), ("etableringsersattning:100", 0.05),
                  ("ingen", 0.1)]
OCCUPATION_BEFORE = [("arbetssokande", 0.55), ("annat", 0.35), ("studier", 0.05), ("arbete", 0.05)]
OTHER_ENDS = [("annan_insats", 0.4), ("sjukdom", 0.2), ("avbrott", 0.2), ("flytt", 0.1), ("annan_orsak", 0.1)]
EDUCATION = [("forgymnasial", 0.3), ("gymnasial", 0.5), ("eftergymnasial", 0.15), ("okand", 0.05)]


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def _month(first: date, n: int) -> date:
    i = first.year * 12 + first.month - 1 + n
    return date(i // 12, i % 12 + 1, 1)


def _record(rng: random.Random, *, iv: str, year: int, provider_code: str, kommuner: list[tuple[str, float]]):
    from samordna.finsam import followup as fu

    start = date(year, rng.randint(1, 12), 1)
    end = _month(start, rng.randint(1, 16))
    # Not ended yet, or (2 %) the provider has not registered the end.
    end = end if end <= LAST_MONTH and rng.random() >= 0.02 else None
    able = rng.random() < 0.6
    factor = 1.0 if able else 0.25
    r = rng.random()
    outcome = None
    if end is not None:
        if rng.random() < 0.01:
            outcome = "felregistrering"
        elif r < 0.3 * factor:
            outcome = "arbete"
        elif r < 0.42 * factor:
            outcome = "studier"
        elif r < 0.52 * factor:
            outcome = "praktik"
        else:
            outcome = _pick(rng, OTHER_ENDS)
    before = _pick(rng, SUPPORT_BEFORE)
    complete = rng.random() < 0.93
    occupation_after = support_after = None
    if end is not None:
        occupation_after = {"arbete": "arbete", "studier": "studier"}.get(
            outcome, _pick(rng, [("arbetssokande", 0.6), ("annat", 0.4)]))
        support_after = "ingen" if outcome in ("arbete", "studier") else before
    step = rng.randint(1, 4)
    return fu.Record(
        intervention=iv, code="", provider_code=provider_code, gender=_pick(rng, GENDERS), start=start, end=end,
        age_band=_pick(rng, AGE_BANDS) if complete else None,
        municipality=_pick(rng, kommuner) if kommuner else None,
        occupation_before=_pick(rng, OCCUPATION_BEFORE),
        occupation_after=occupation_after,
        support_before=fu.parse_support(before) if complete else None,
        support_after=fu.parse_support(support_after) if support_after else None,
        months_on_support_before=rng.randint(0, 72), assessed_work_capacity=able, end_reason=outcome,
        education_level=_pick(rng, EDUCATION),
        progression_start=step, progression_end=min(7, step + rng.randint(0, 3)) if end else None,
        employment_months=rng.randint(3, 24) if outcome == "arbete" else None,
        voided=fu.is_voiding(outcome))


def add_followup(*, association, plans, rng: random.Random) -> tuple[int, int]:
    """Store the association's generated enrolments and counts; returns how many of each."""
    from samordna.finsam import followup as fu
    from samordna.finsam import plan as p
    from samordna.followup.models import Enrolment, ParticipantCount
    from samordna.followup.services import _fields
    from samordna.interventions.models import Intervention, PlanIntervention
    from samordna.organisation.models import Member

    if (Enrolment.objects.filter(association=association).exists()
            or ParticipantCount.objects.filter(association=association).exists()):
        return 0, 0
    members = {m.slug: m for m in Member.objects.filter(association=association, kind=p.KOMMUN).order_by("slug")}
    kommuner = [(slug, rng.uniform(1, 10)) for slug in members]
    identities = {iv.pk: iv for iv in Intervention.objects.filter(association=association)}
    running = (PlanIntervention.objects.filter(plan__in=plans)
               .values_list("plan__year", "intervention_id", "status").order_by("plan__year", "position", "id"))
    numbers: dict[tuple[str, int], int] = {}  # (code prefix, start year) → last number issued
    provider_numbers: dict[int, int] = {}
    count_kind: dict[int, str] = {}
    enrolments, counts = [], []
    for year, iv_pk, status in running:
        iv = identities[iv_pk]
        if status == "applied":
            continue
        if iv.follow_up in fu.RECORD_MODES:
            prefix = fu.code_prefix(iv.slug)
            for _ in range(rng.randint(9, 35)):
                provider_numbers[iv_pk] = provider_numbers.get(iv_pk, 0) + 1
                record = _record(rng, iv=iv.slug, year=year, kommuner=kommuner,
                                 provider_code=f"P-{iv.slug}-{provider_numbers[iv_pk]:05d}")
                key = (prefix, record.start.year)
                numbers[key] = numbers.get(key, 0) + 1
                enrolments.append(Enrolment(association=association, intervention=iv,
                                            code=fu.enrolment_code(prefix, key[1], numbers[key]),
                                            provider_code=record.provider_code, **_fields(record, members)))
        elif iv.follow_up == "count":
            kind = count_kind.setdefault(iv_pk, "tertial" if rng.random() < 0.6 else "month")
            for period in range(1, (3 if kind == "tertial" else 12) + 1):
                if rng.random() < 0.1:  # not reported
                    continue
                n = rng.randint(5, 60) if kind == "tertial" else rng.randint(0, 20)
                if iv.level == "structural":
                    values = {"head_count": n}
                else:
                    women = round(n * rng.uniform(0.45, 0.65))
                    values = {"women": women, "men": n - women}
                counts.append(ParticipantCount(association=association, intervention=iv, year=year, kind=kind,
                                               period=period, **values))
    Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
    ParticipantCount.objects.bulk_create(counts, batch_size=BATCH)
    return len(enrolments), len(counts)

