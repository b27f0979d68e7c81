"""Generate a large plan file for benchmarks: many kommuner, interventions and cost lines."""

from __future__ import annotations

import random


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
