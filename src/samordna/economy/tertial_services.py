"""Writes for tertial follow-up: outcome to date, whole-year forecast and comments per item.

`tertial_save` is the one write, used by the grid (a cell, a row or the whole grid), the sheet
import and anything else: it checks the actor's permission (`budget.edit`), the rulebook's
rules for every figure, the revision each cell was opened at, writes in one transaction and
records one change with every cell's before and after. Nothing is written on a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from samordna.accounts.selectors import authorize
from samordna.audit.models import ChangeRecord
from samordna.audit.services import change_record
from samordna.core.exceptions import Conflict
from samordna.finsam import plan as p
from samordna.finsam import tertials as rules
from samordna.finsam import vocabulary as vocab
from samordna.organisation.models import Association

from .models import Plan, Tertial, TertialCell
from .selectors import plan_data
from .tertial_selectors import COMMENT, storage_key, tertial_cells, tertial_years

MEASURE_NAMES = vocab.lower(vocab.TERTIAL_MEASURES)
KEEP = object()  # reported_on: leave as it is
WHERE = {"lines": "budgetraderna för {year}", "interventions": "planens insatser",
         "contributions": "planens medlemmar"}


@dataclass(frozen=True)
class CellEdit:
    """One figure a person set: `value` is a Decimal (outcome, forecast), a text (comment) or
    None (emptied). `expected_revision` is the cell's revision when the person saw it (0: it
    had never been saved); None skips the check (the command line, a plan file)."""

    part: str  # lines, interventions or contributions
    item: str
    measure: str  # outcome, forecast or comment
    value: Decimal | str | None
    expected_revision: int | None = None

    @property
    def key(self) -> str:
        """The cell's name in forms and in a refusal's messages: `outcome-lines-kansli`."""
        return cell_key(self.measure, self.part, self.item)


def cell_key(measure: str, part: str, item: str) -> str:
    return f"{measure}-{part}-{item}"


def _label(labels: dict[tuple[str, str], str], edit: CellEdit) -> str:
    return f"{labels.get((edit.part, edit.item), edit.item)} – {MEASURE_NAMES.get(edit.measure, 'uppgift')}"


def _problems(data: p.Plan, year: int, edits: list[CellEdit],
              labels: dict[tuple[str, str], str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    seen: set[tuple[str, str, str]] = set()
    for e in edits:
        problem = None
        if e.measure not in rules.MEASURES or e.part not in rules.PARTS:
            problem = "Okänd uppgift."
        elif not rules.item_known(data, year, e.part, e.item):
            problem = f"”{e.item}” finns inte bland {WHERE[e.part].format(year=year)}."
        elif storage_key(e.measure, e.part, e.item) in seen:
            problem = "Samma uppgift förekommer två gånger."
        elif e.value is not None and e.measure == COMMENT:
            problem = rules.comment_problem(e.value) if isinstance(e.value, str) else "Ingen text."
        elif e.value is not None:
            problem = (rules.amount_problem(e.value) if isinstance(e.value, Decimal)
                       else "Inget belopp.")
        seen.add(storage_key(e.measure, e.part, e.item))
        if problem:
            errors.setdefault(e.key, []).append(f"{_label(labels, e)}: {problem}")
    return errors


def _who_changed(association: Association, tertial: Tertial, label: str) -> ChangeRecord | None:
    """The last change of this tertial that set the cell (its label is the change's key)."""
    for record in ChangeRecord.objects.filter(association=association, object_type="tertial",
                                              object_id=str(tertial.pk)).order_by("-at", "-id")[:100]:
        if label in (record.after or {}):
            return record
    return None


def _shown(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        from samordna.finsam.money import format_sek

        return format_sek(value)
    return value


def _value(cell: TertialCell | None, measure: str):
    if cell is None:
        return None
    return cell.text if measure == COMMENT else cell.amount


@transaction.atomic
def tertial_save(*, actor, association: Association, plan: Plan, year: int, period: str,
                 edits: list[CellEdit], reported_on: date | None | object = KEEP,
                 expected_revision: int | None = None) -> Tertial | None:
    """Set outcome, forecast and comment cells of `year` at `period` in one go (all or nothing).

    Refuses (Swedish `ValidationError`, by cell: `{cell_key: [message]}`) an unknown item, an
    amount beyond what is stored or with more than öre, an over-long comment; a cell someone
    else saved after the person saw it raises `Conflict` naming the cells and their values
    now. The tertial is created on its first save. Returns it (None when nothing was asked).
    """
    authorize(actor=actor, association=association, action="budget.edit")
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.association_id != association.pk:
        raise PermissionDenied("Planen hör inte till förbundet.")
    if period not in p.PERIODS:
        raise ValidationError(f"Okänd period; välj {', '.join(p.PERIODS)}.")
    data = plan_data(plan)
    if year not in tertial_years(data):
        raise ValidationError(f"Verksamhetsplanen {plan.year} har ingen budget för {year}.")
    labels = {(i.part, i.id): i.label for i in rules.tertial_report(data, year, period, every_item=True)}
    errors = _problems(data, year, edits, labels)
    if reported_on is not KEEP and reported_on is not None and not (
            date(year, 1, 1) <= reported_on <= date(year + 2, 12, 31)):
        errors.setdefault("reported_on", []).append(
            f"Uttagsdatumet ska ligga mellan 1 januari {year} och 31 december {year + 2}.")
    if errors:
        raise ValidationError(errors)

    tertial = (Tertial.objects.select_for_update().filter(plan=plan, year=year, period=period)
               .first())
    cells = tertial_cells(tertial)
    changes = []
    conflicts = {}
    for e in edits:
        key = storage_key(e.measure, e.part, e.item)
        cell = cells.get(key)
        old = _value(cell, e.measure)
        value = e.value.strip() or None if isinstance(e.value, str) else e.value
        if old == value:
            continue  # already so (perhaps saved by this person a moment ago): nothing to do
        if e.expected_revision is not None and e.expected_revision != (cell.revision if cell else 0):
            conflicts[_label(labels, e)] = (e, cell)
        changes.append((e, key, old, value))
    new_date = reported_on is not KEEP and reported_on != (tertial.reported_on if tertial else None)
    if new_date and tertial is not None and expected_revision is not None \
            and expected_revision != tertial.revision:
        conflicts["Uttagsdatum"] = (None, None)
    if conflicts:
        by = at = None
        if tertial is not None:
            record = _who_changed(association, tertial, next(iter(conflicts)))
            if record is not None:
                by, at = record.actor_name, record.at
        current = {label: (_shown(_value(cell, e.measure)) if e else tertial.reported_on)
                   for label, (e, cell) in conflicts.items()}
        what = next(iter(conflicts)) if len(conflicts) == 1 else f"{len(conflicts)} uppgifter"
        raise Conflict(what=f"{what} ({period} {year})", current=current, by=by, at=at)
    if not changes and not new_date:
        return tertial

    created = tertial is None
    if created:
        tertial = Tertial.objects.create(plan=plan, year=year, period=period,
                                         position=plan.tertial_periods.count())
    before: dict[str, object] = {}
    after: dict[str, object] = {}
    if new_date:
        before["Uttagsdatum"], after["Uttagsdatum"] = tertial.reported_on, reported_on
        tertial.reported_on = reported_on
        if not created:
            tertial.revision += 1
        tertial.save(update_fields=["reported_on", "revision"])
    positions: dict[str, int] = {}
    for e, key, old, value in changes:
        cell = cells.get(key)
        if cell is None:
            if e.measure not in positions:
                last = tertial.cells.filter(measure=e.measure).order_by("-position").first()
                positions[e.measure] = last.position + 1 if last else 0
            cell = TertialCell(tertial=tertial, measure=key[0], part=key[1], item=key[2],
                               position=positions[e.measure], revision=0)
            positions[e.measure] += 1
        if e.measure == COMMENT:
            cell.text, cell.amount = value, None
        else:
            cell.amount, cell.text = value, None
        cell.revision += 1
        cell.save()
        cells[key] = cell
        before[_label(labels, e)], after[_label(labels, e)] = old, value
    plan.revision += 1
    plan.save(update_fields=["revision", "updated_at"])
    change_record(actor=actor, association=association, action="create" if created else "update",
                  object_type="tertial", object_id=tertial.pk,
                  object_label=f"{period} {year} (plan {plan.year})", before=before, after=after)
    return tertial
