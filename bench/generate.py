"""Data for benchmarks, deterministic from a seed.

- `large_plan`: one large plan file (40 kommuner, 200 interventions) for the rulebook's timings.
- `national_plan` / `national_load`: a national installation, written through the same service
  as `samordna load` (`economy.services.plan_load`), one plan file per association and year.
  The default is 80 associations × 10 plan years (2017–2026), 20–40 interventions a year from
  each association's own pool (an insats runs for several years and keeps its identity),
  money per kommun for the budget year and two plan years, planned participants, the year's
  outcome and forecast columns for past years, and T1–T3 tertial figures (outcome, forecast,
  comments) for every year that has ended. `--scale small` (3 associations × 3 years) is the
  CI size.

    .venv/bin/python bench/generate.py --scale national      # into DATABASE_URL or var/bench
    .venv/bin/python bench/generate.py --scale small --associations 5

Follow-up records join through `FOLLOWUP_HOOKS`: a function `hook(*, association, plans, rng)`
appended there is called once per association after its plans are stored (with the stored
`Association`, its `Plan` rows in year order and a seeded `random.Random`), so the follow-up
app can add its de-identified records and counts without changing this module's figures.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: bench/ is a package of the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.followup_data import add_followup  # noqa: E402
from bench.setup import django_setup  # noqa: E402

SCALES = {"small": (3, 3), "medium": (10, 10), "national": (80, 10)}
FIRST_YEAR = 2017
# Reported to in T1–T3 for every year up to this one (the years that have ended).
LAST_FOLLOWED_UP = 2025
COST_LINES = (("kansli", "Kansli", "office"), ("styrelse", "Styrelse", "board"),
              ("revision", "Revision", "audit"), ("ekonomi", "Ekonomitjänster", "economy"),
              ("info", "Information", "information"), ("utv", "Kompetensutveckling", "development"),
              ("uppf", "Uppföljning och utvärdering", "evaluation"),
              ("reserv", "Reserv för nya insatser", "unallocated"))
FOLLOWUP_HOOKS: list[Callable[..., object]] = []


def large_plan(*, kommuner: int = 40, interventions: int = 200, lines: int = 30, seed: int = 1) -> str:
    rng = random.Random(seed)
    ids = [f"k{i:02d}" for i in range(kommuner)]
    out = ["format: samordna/1", "unit: kr", "association: {id: bench, name: Samordningsförbundet Benchmark}",
           "members:", "  - {id: fk, name: Försäkringskassan, kind: forsakringskassan}",
           "  - {id: af, name: Arbetsförmedlingen, kind: arbetsformedlingen}",
           "  - {id: region, name: Region Bänk, kind: region}"]
    for k in ids:
        out.append(f"  - {{id: {k}, name: Kommun {k}, kind: kommun, "
                   f"population: [{{date: 2023-06-30, count: {rng.randint(2000, 150000)}}}]}}")
    out += ["plan: {year: 2024, plan_years: [2025, 2026], goals: [{text: Balans, indicator: budget_balance}]}",
            "financing:"]
    for year in (2024, 2025, 2026):
        out.append(f"  - {{year: {year}, state: {rng.randint(10, 40) * 1_000_000}, population_date: 2023-06-30}}")
    out.append("interventions:")
    for i in range(interventions):
        parts = ", ".join(f"{k}: {rng.randint(1, 500) * 100}" for k in rng.sample(ids, 5))
        people = ", ".join(f"{k}: {rng.randint(1, 40)}" for k in rng.sample(ids, 5))
        later = f"2025: {rng.randint(1, 900) * 1000}, 2026: {rng.randint(1, 900) * 1000}"
        out.append(f"  - {{id: iv{i}, name: Insats {i}, level: individual, category: forberedande, "
                   f"members: [fk, af, {ids[i % kommuner]}], "
                   f"budget: {{2024: {{{parts}}}, {later}}}, "
                   f"planned_participants: {{2024: {{{people}}}}}}}")
    out.append("budget:")
    for year, column in ((2024, "budget"), (2025, "plan"), (2026, "plan")):
        out.append(f"  - year: {year}\n    column: {column}\n    costs:")
        for j in range(lines):
            amount = rng.randint(1, 99) * 1000
            out.append(f"      - {{id: line{j}, label: Kostnad {j}, kind: office, amount: {amount}}}")
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class Shape:
    """What stays the same for an association across its years: members and its insatser."""

    slug: str
    name: str
    kommuner: tuple[tuple[str, str, int], ...]  # id, name, population
    pool: tuple[tuple[str, str, str, str, int], ...]  # id, name, level, category, first year
    state: int  # the state's contribution in the first year, kronor


def association_shape(number: int, *, seed: int) -> Shape:
    rng = random.Random(f"{seed}-association-{number}")
    kommuner = tuple((f"k{i}", f"Kommun {number}-{i}", rng.randint(3_000, 160_000))
                     for i in range(rng.randint(2, 8)))
    pool = []
    for i in range(70):
        level = "individual" if rng.random() < 0.75 else "structural"
        category = rng.choice({"individual": ("kartlaggning", "forberedande", "rehabilitering", "forebyggande"),
                               "structural": ("kartlaggning", "utbildning", "dialog")}[level])
        pool.append((f"iv{i}", f"Insats {i} {rng.choice(('Steget', 'Vägen', 'Nästa steg', 'Samverkan'))}",
                     level, category, FIRST_YEAR - 2 + i // 6))
    return Shape(slug=f"bank-{number:02d}", name=f"Samordningsförbundet Bänk {number:02d}",
                 kommuner=kommuner, pool=tuple(pool), state=rng.randint(8, 60) * 100_000)


def _money(rng: random.Random, low: int, high: int) -> int:
    return rng.randint(low, high) * 1000


def national_plan(shape: Shape, year: int, *, seed: int) -> str:
    """The plan file of one association and budget year (plan years year+1, year+2)."""
    rng = random.Random(f"{seed}-{shape.slug}-{year}")
    years = (year, year + 1, year + 2)
    past = year <= LAST_FOLLOWED_UP
    kommun_ids = [k[0] for k in shape.kommuner]
    out = ["format: samordna/1", "unit: kr", f"association: {{id: {shape.slug}, name: {shape.name}}}",
           "members:", "  - {id: fk, name: Försäkringskassan, kind: forsakringskassan}",
           "  - {id: af, name: Arbetsförmedlingen, kind: arbetsformedlingen}",
           f"  - {{id: region, name: Region {shape.slug}, kind: region, "
           f"population: [{{date: {year - 1}-12-31, count: {sum(k[2] for k in shape.kommuner)}}}]}}"]
    for kid, kname, population in shape.kommuner:
        out.append(f"  - {{id: {kid}, name: {kname}, kind: kommun, "
                   f"population: [{{date: {year - 1}-12-31, count: {population + (year - FIRST_YEAR) * 37}}}]}}")
    out.append(f"plan: {{year: {year}, plan_years: [{year + 1}, {year + 2}], "
               "goals: [{text: Budget i balans, indicator: budget_balance}]}")
    out.append("financing:")
    state = shape.state + (year - FIRST_YEAR) * 50_000
    for y in years:
        out.append(f"  - {{year: {y}, state: {state}, population_date: {year - 1}-12-31}}")
    # 20–40 insatser that run this year: a window of the pool that moves with the years.
    count = rng.randint(20, 40)
    running = [iv for iv in shape.pool if iv[4] <= year][-count:]
    out.append("interventions:")
    for iid, name, level, category, _ in running:
        parts = ", ".join(f"{k}: {_money(rng, 20, 400)}" for k in rng.sample(kommun_ids, min(3, len(kommun_ids))))
        people = ", ".join(f"{k}: {rng.randint(1, 40)}" for k in rng.sample(kommun_ids, min(3, len(kommun_ids))))
        later = [", ".join(f"{k}: {_money(rng, 20, 400)}" for k in rng.sample(kommun_ids, min(2, len(kommun_ids))))
                 for _ in (1, 2)]
        budget = f"{year}: {{{parts}}}, {year + 1}: {{{later[0]}}}, {year + 2}: {{{later[1]}}}"
        extra = ""
        if past:
            extra = (f", forecast: {{{year}: {_money(rng, 100, 1200)}}}"
                     f", outcome: {{{year}: {_money(rng, 100, 1200)}}}")
        out.append(f"  - {{id: {iid}, name: {name}, level: {level}, category: {category}, "
                   f"members: [fk, af, region, {kommun_ids[0]}], budget: {{{budget}}}, "
                   f"planned_participants: {{{year}: {{{people}}}}}{extra}}}")
    out.append("budget:")
    columns = [(year, "budget"), (year + 1, "plan"), (year + 2, "plan")]
    if past:
        columns += [(year, "forecast"), (year, "outcome")]
    for y, column in columns:
        out.append(f"  - year: {y}\n    column: {column}")
        if (y, column) == (year, "budget"):
            out.append(f"    opening_equity: {_money(rng, 200, 3000)}")
        out.append("    revenue:\n      - {id: ranta, label: Ränteintäkter, kind: financial, "
                   f"amount: {_money(rng, 1, 30)}}}\n    costs:")
        for lid, label, kind in COST_LINES:
            out.append(f"      - {{id: {lid}, label: {label}, kind: {kind}, amount: {_money(rng, 20, 900)}}}")
    if past:
        out.append("tertials:")
        members = ["fk", "af", "region", *kommun_ids]
        for n, period in enumerate(("T1", "T2", "T3"), start=1):
            share = n * 4
            lines = ", ".join(f"{lid}: {_money(rng, 5, 300) * share // 12}" for lid, _, _ in COST_LINES)
            ivs = ", ".join(f"{iv[0]}: {_money(rng, 10, 400) * share // 12}" for iv in running)
            contributions = ", ".join(f"{m}: {_money(rng, 50, 2000) * share // 12}" for m in members)
            forecast = ", ".join(f"{iv[0]}: {_money(rng, 100, 1200)}" for iv in rng.sample(running, 3))
            out.append(f"  - year: {year}\n    period: {period}\n    outcome:\n      lines: {{{lines}}}\n"
                       f"      interventions: {{{ivs}}}\n      contributions: {{{contributions}}}\n"
                       f"    forecast:\n      interventions: {{{forecast}}}\n"
                       f"    comments: {{kansli: Kommentar {period}}}\n"
                       f"    reported_on: {year + (n == 3)}-{('05-10', '09-10', '02-10')[n - 1]}")
    return "\n".join(out) + "\n"


def national_load(*, associations: int, years: int, seed: int = 1, first_year: int = FIRST_YEAR,
                  out=sys.stdout) -> dict[str, int]:
    """Store the national data set through `plan_load` (the service behind `samordna load`).

    Plans are loaded in year order per association, so an insats that runs for several years
    is one `Intervention` with a plan record per year. Returns the row counts.
    """
    from samordna.economy.models import Plan
    from samordna.economy.services import plan_load
    from samordna.organisation.models import Association

    started = time.perf_counter()
    for number in range(1, associations + 1):
        shape = association_shape(number, seed=seed)
        for year in range(first_year, first_year + years):
            plan_load(data=national_plan(shape, year, seed=seed))
        association = Association.objects.get(slug=shape.slug)
        plans = list(Plan.objects.filter(association=association).order_by("year"))
        for hook in FOLLOWUP_HOOKS:
            hook(association=association, plans=plans, rng=random.Random(f"{seed}-{shape.slug}-followup"))
        if out is not None and (number % 10 == 0 or number == associations):
            print(f"  {number}/{associations} förbund, {time.perf_counter() - started:.0f} s", file=out,
                  flush=True)
    return row_counts()


def row_counts() -> dict[str, int]:
    from samordna.economy.models import Plan, TertialCell
    from samordna.followup.models import Enrolment, ParticipantCount
    from samordna.interventions.models import InterventionAmount, PlanIntervention
    from samordna.organisation.models import Association

    return {"associations": Association.objects.count(), "plans": Plan.objects.count(),
            "plan_interventions": PlanIntervention.objects.count(),
            "intervention_amounts": InterventionAmount.objects.count(),
            "tertial_cells": TertialCell.objects.count(), "enrolments": Enrolment.objects.count(),
            "participant_counts": ParticipantCount.objects.count()}


# De-identified enrolments and counts per period (bench/followup_data.py).
FOLLOWUP_HOOKS.append(add_followup)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="national")
    parser.add_argument("--associations", type=int)
    parser.add_argument("--years", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    associations, years = SCALES[args.scale]
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    counts = national_load(associations=args.associations or associations, years=args.years or years,
                           seed=args.seed)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
