"""Reads for interventions, including the public catalogue (no money, no internal fields)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from samordna.economy.selectors import plan_data, plan_for_year
from samordna.finsam import plan as p
from samordna.organisation.models import Association

PUBLIC_STATUSES = ("ongoing",)


@dataclass(frozen=True)
class CatalogueEntry:
    """Only what the public may see: never money, notes, decisions or goals."""

    id: str
    name: str
    level: str
    category: str | None
    description: str | None
    target_group: str | None
    eligibility: str | None
    method: str | None
    provider: str | None
    municipalities: tuple[str, ...]
    how_to_apply: str | None
    duration_weeks: tuple[int | None, int | None] | None


def catalogue(association: Association) -> tuple[p.Plan | None, list[CatalogueEntry]]:
    # The plan covering this year, else the latest one.
    plan_model = (plan_for_year(association=association, year=timezone.localdate().year)
                  or plan_for_year(association=association))
    if plan_model is None:
        return None, []
    data = plan_data(plan_model)
    kommuner = {m.id: m.name for m in data.members_of(p.KOMMUN)}
    providers = {m.id: m.name for m in data.members}
    entries = []
    for iv in data.interventions:
        if iv.effective_status not in PUBLIC_STATUSES:
            continue
        where = iv.municipalities if iv.municipalities is not None else tuple(kommuner)
        entries.append(CatalogueEntry(
            id=iv.id, name=iv.name, level=iv.level, category=iv.category, description=iv.description,
            target_group=iv.target_group, eligibility=iv.eligibility, method=iv.method,
            provider=providers.get(iv.provider or "", iv.provider),
            municipalities=tuple(kommuner[k] for k in where if k in kommuner),
            how_to_apply=iv.how_to_apply, duration_weeks=iv.duration_weeks))
    return data, entries
