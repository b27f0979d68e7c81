"""The participants section of the tertial and annual reports: by gender per intervention and
home kommun from the follow-up (small counts hidden), or the planned participants."""

from __future__ import annotations

from samordna.finsam import followup as fu
from samordna.finsam import plan as p

from . import labels
from .blocks import Cell, Row, Table, count, text
from .content import Outline


def planned_participants_table(plan: p.Plan, year: int) -> Table | None:
    rows = [Row((text(iv.name), text(labels.LEVELS[iv.level]), count(iv.participants(year)),
                 text("–"), text("–")))
            for iv in plan.interventions if iv.participants(year) is not None]
    if not rows:
        return None
    return Table(("Insats", "Nivå", f"Planerade {year}", "Kvinnor", "Män"), tuple(rows),
                 caption=f"Deltagare per insats {year}", widths=(0.4, 0.2, 0.16, 0.12, 0.12))


def _participant_cells(cells: dict, threshold: int) -> tuple[Cell, ...]:
    def one(f: fu.Figure | None) -> Cell:
        if f is None:
            return count(None)
        if f.hidden:
            return Cell("dolt" if f.secondary else f"<{threshold}", None, "count")
        return count(f.numerator)
    return tuple(one(cells.get(k)) for k in ("kvinna", "man", "annat", "total"))


def participants_section(o: Outline, plan: p.Plan, year: int, followup: fu.FollowUpReport | None) -> None:
    """Participants by gender per intervention and home kommun from the follow-up; without
    follow-up, the planned participants."""
    if followup is None or not followup.has_participants:
        o.para(labels.NO_PARTICIPANTS)
        planned = planned_participants_table(plan, year)
        if planned:
            o.para("Planerade deltagare enligt verksamhetsplanen; kvinnor och män redovisas när "
                   "deltagarna registreras.")
            o.add(planned)
        return
    t = followup.threshold
    names = {iv.id: iv for iv in plan.interventions}
    o.para(f"Deltagare {followup.period.label} enligt deltagaruppföljningen (avidentifierade poster och antal "
           f"per period). Antal under {t} redovisas inte, så att ingen deltagare kan pekas ut; ”dolt” står där "
           "ett litet tal annars kunde räknas fram. Strukturövergripande insatser redovisar antal personer "
           "utan kön; de ingår i Totalt.")
    rows = [Row((text(names[r.key].name if r.key in names else r.key),
                 count(names[r.key].participants(year) if r.key in names else None),
                 *_participant_cells(r.cells, t))) for r in followup.per_intervention]
    planned = [iv.participants(year) for iv in plan.interventions if iv.participants(year) is not None]
    rows.append(Row((text("Alla insatser"), count(sum(planned) if planned else None),
                     *_participant_cells(followup.total.cells, t)), "total"))
    o.add(Table(("Insats", f"Planerade {year}", "Kvinnor", "Män", "Annat kön", "Totalt"), tuple(rows),
                caption=f"Deltagare per insats, {followup.period.label}", widths=(0.4, 0.12, 0.12, 0.12, 0.12, 0.12)))
    if followup.per_municipality:
        kommuner = {m.id: m.name for m in plan.members}
        o.add(Table(("Hemkommun", "Kvinnor", "Män", "Annat kön", "Totalt"), tuple(
            Row((text(kommuner.get(r.key, "Hemkommun ej angiven")), *_participant_cells(r.cells, t)))
            for r in followup.per_municipality),
            caption=f"Deltagare per hemkommun, {followup.period.label}", widths=(0.4, 0.15, 0.15, 0.15, 0.15)))


