"""Reads for tertial follow-up: the stored cells of a period (with their revisions), the years
a plan can be followed up in, and which tertials refer to an item."""

from __future__ import annotations

from samordna.finsam import plan as p

from .models import Plan, Tertial, TertialCell

COMMENT = "comment"


def storage_key(measure: str, part: str, item: str) -> tuple[str, str, str]:
    """How a cell is stored: a comment belongs to an id whatever its part (as in the file)."""
    return (measure, "" if measure == COMMENT else part, item)


def tertial_of(plan: Plan, year: int, period: str) -> Tertial | None:
    return Tertial.objects.filter(plan=plan, year=year, period=period).first()


def tertial_cells(tertial: Tertial | None) -> dict[tuple[str, str, str], TertialCell]:
    """The stored cells of a tertial by (measure, part, item); empty cells included."""
    if tertial is None:
        return {}
    return {(c.measure, c.part, c.item): c for c in tertial.cells.all()}


def tertial_years(data: p.Plan) -> list[int]:
    """Years a plan's tertials may follow: its budget and plan years, and the years it gives a
    budget for."""
    return sorted(set(data.plan.years) | {e.year for e in data.budget})


def tertial_references(*, plan: Plan, year: int, part: str, item: str) -> list[str]:
    """The periods ("T1 2022") of `plan` whose figures name this item (what a delete must keep)."""
    cells = TertialCell.objects.filter(tertial__plan=plan, tertial__year=year, item=item,
                                       part__in=(part, "")).exclude(amount__isnull=True,
                                                                    text__isnull=True)
    periods = sorted(set(cells.values_list("tertial__period", flat=True)))
    return [f"{period} {year}" for period in periods]
