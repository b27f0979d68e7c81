"""Writes for plans, financing and budget: each a keyword function `verb(*, actor, …)` that
checks the actor's permission, applies the rulebook's rules, writes in one transaction and
records the change (who, when, before, after). Forms, commands and importers only parse
their input and call these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from samordna.accounts.permissions import SYSTEM
from samordna.accounts.selectors import authorize
from samordna.audit.services import change_record, revision_check
from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab
from samordna.finsam.diff import Change, diff_summary, plan_diff
from samordna.finsam.followup import plan_value_for
from samordna.finsam.interventions import locked_changes
from samordna.finsam.organisation import association_kept
from samordna.finsam.planfile import PlanFileError, dump_plan, read_plan
from samordna.interventions.models import Intervention
from samordna.organisation.models import Association

from .models import BudgetEntry, BudgetLine, FinancingYear, FindingAck, Plan, PlanVersion
from .selectors import plan_data
from .store import assign, plan_store

COLUMN_NAMES = vocab.lower(vocab.COLUMNS)
# The parts of a plan file that belong to the association, not to one plan.
ASSOCIATION_PARTS = ("association", "members", "board", "seats", "bodies")
SIDE_NAMES = vocab.lower(vocab.SIDES)


@dataclass(frozen=True)
class LoadResult:
    plan: Plan | None
    created: bool
    warnings: list[str]
    changes: list[Change] = field(default_factory=list)
    dry_run: bool = False

    @property
    def summary(self) -> dict[str, int]:
        return diff_summary(self.changes)


def plan_load(*, actor=SYSTEM, data: bytes | str, dry_run: bool = False) -> LoadResult:
    """Validate a plan file and store it, all or nothing (raises PlanFileError).

    With `dry_run` nothing is written: the result lists what loading would add, change
    and remove.
    """
    plan, warnings = read_plan(data)
    return plan_save(actor=actor, plan=plan, dry_run=dry_run, warnings=warnings)


def _load_refusals(association: Association | None, stored: Plan | None, plan: p.Plan) -> list[str]:
    """What the file may not do to stored data: change a locked field, or remove an object
    that another plan refers to."""
    if association is None:
        return []
    errors = []
    identities = {i.slug: i for i in Intervention.objects.filter(association=association)}
    for n, iv in enumerate(plan.interventions):
        identity = identities.get(iv.id)
        if identity is None:
            continue
        old = p.Intervention(id=iv.id, name=iv.name, level=identity.level,
                             follow_up=plan_value_for(identity.follow_up),
                             markings=() if identity.esf == "none" else (identity.esf,))
        errors += [f"interventions[{n}] ({iv.id}): {m}" for m in locked_changes(old, iv)]
    if stored is not None:
        wanted = {iv.id for iv in plan.interventions}
        removed = [r for r in stored.interventions.select_related("intervention")
                   if r.intervention.slug not in wanted]
        for record in removed:
            identity = record.intervention
            if not identity.plan_records.exclude(plan=stored).exists():
                # Follow-up data refers to the insats for life (FINSAM.md §6): never orphaned.
                enrolments, counts = identity.enrolments.count(), identity.participant_counts.count()
                if enrolments or counts:
                    held = " och ".join(x for x in (f"{enrolments} deltagarposter" if enrolments else "",
                                                    f"{counts} antal per period" if counts else "") if x)
                    errors.append(f"interventions: insatsen ”{record.name}” ({identity.slug}) kan inte tas "
                                  f"bort: uppföljningen har {held} för den.")
            successors = (Plan.objects.filter(association=association,
                                              interventions__successor_of=record.intervention.slug)
                          .exclude(pk=stored.pk).values_list("year", flat=True))
            if successors and not record.intervention.plan_records.exclude(plan=stored).exists():
                errors.append(f"interventions: insatsen ”{record.name}” ({record.intervention.slug}) "
                              f"kan inte tas bort: den är föregångare till en insats i planen "
                              f"för {', '.join(str(y) for y in successors)}.")
    return errors


def _identities(association: Association | None, previous: p.Plan | None,
                plan: p.Plan) -> p.Plan:
    """What belongs to the association (members' end dates, the named board, the bodies)
    when the file leaves it out."""
    if association is None:
        return plan
    from .selectors import organisation_data

    seats, bodies = organisation_data(association)
    ended = dict(association.members.filter(ended_on__isnull=False)
                 .values_list("slug", "ended_on"))
    return association_kept(plan, ended_on=ended, seats=seats, bodies=bodies)


def plan_save(*, actor=SYSTEM, plan: p.Plan, dry_run: bool = False,
              warnings: list[str] | None = None) -> LoadResult:
    """Make the stored plan of (association, year) equal to `plan`, keeping every identity.

    Plans of other years and follow-up data are kept; a file that would change a locked
    field or remove what other data refers to is refused (PlanFileError), nothing written.
    """
    with transaction.atomic():
        association = Association.objects.filter(slug=plan.association.id).first()
        if association is None and not getattr(actor, "is_system", False):
            raise PermissionDenied("Bara kommandoraden kan lägga upp ett nytt förbund.")
        if association is not None:
            authorize(actor=actor, association=association, action="plan.load")
        stored = (Plan.objects.select_for_update().filter(association=association,
                                                          year=plan.plan.year).first()
                  if association else None)
        refusals = _load_refusals(association, stored, plan)
        if refusals:
            raise PlanFileError(refusals)
        previous = plan_data(stored) if stored else None
        plan = _identities(association, previous, plan)
        changes = plan_diff(previous, plan)
        if dry_run or (stored is not None and not changes):
            return LoadResult(stored, stored is None, list(warnings or []), changes, dry_run)
        saved, created = plan_store(plan=plan)
        if not created:
            saved.revision += 1
            saved.save(update_fields=["revision", "updated_at"])
        if any(c.path.split(".")[0].split("[")[0] in ASSOCIATION_PARTS for c in changes):
            # The association's own data is in every plan of it: each is a new version.
            (Plan.objects.filter(association=saved.association).exclude(pk=saved.pk)
             .update(revision=F("revision") + 1, updated_at=timezone.now()))
        _version_keep(actor=actor, plan=saved, reason="Inläst planfil")
        change_record(actor=actor, association=saved.association, action="load",
                      object_type="plan", object_id=saved.pk,
                      object_label=f"{saved.association.name} {saved.year}",
                      after=diff_summary(changes), changes=[c.as_json() for c in changes])
    return LoadResult(saved, created, list(warnings or []), changes, False)


def _version_keep(*, actor, plan: Plan, reason: str) -> PlanVersion:
    last = plan.versions.order_by("-number").first()
    from samordna.audit.services import actor_name

    return PlanVersion.objects.create(plan=plan, number=(last.number + 1) if last else 1,
                                      stage=plan.stage, actor_name=actor_name(actor),
                                      reason=reason, snapshot=dump_plan(plan_data(plan)))


STAGE_ORDER = ("proposal", "consultation", "adopted", "revised")
STAGE_NEXT = {"proposal": ("consultation", "adopted"), "consultation": ("adopted",),
              "adopted": ("revised",), "revised": ("adopted",)}
STAGE_NAMES = vocab.lower(vocab.STAGES)


@transaction.atomic
def plan_stage_set(*, actor, association: Association, plan: Plan, stage: str,
                   adopted_on: date | None = None, adopted_by: str | None = None,
                   reference: str | None = None, expected_revision: int | None = None) -> Plan:
    """Move a plan to its next stage (proposal → consultation → adopted → revised), keeping
    the version it leaves. Adoption needs a date and the body that adopted it."""
    authorize(actor=actor, association=association, action="plan.adopt")
    plan = Plan.objects.select_for_update().get(pk=plan.pk, association=association)
    revision_check(obj=plan, expected=expected_revision, association=association,
                   object_type="plan", what=f"Verksamhetsplanen {plan.year}",
                   current={"stage": plan.stage})
    if stage not in STAGE_NEXT.get(plan.stage, ()):
        allowed = " eller ".join(STAGE_NAMES[s] for s in STAGE_NEXT[plan.stage])
        raise ValidationError(f"Planen är {STAGE_NAMES[plan.stage]}; nästa version kan vara "
                              f"{allowed}, inte {STAGE_NAMES.get(stage, 'okänd')}.")
    fields = {"stage": stage}
    if stage == "adopted":
        if adopted_on is None or not (adopted_by or "").strip():
            raise ValidationError("Ange datum och organ (t.ex. Styrelsen) för beslutet.")
        fields.update(adopted_on=adopted_on, adopted_by=adopted_by.strip(),
                      reference=(reference or "").strip() or plan.reference)
    before = {"stage": plan.stage, "adopted_on": plan.adopted_on, "adopted_by": plan.adopted_by,
              "reference": plan.reference}
    assign(plan, **fields)
    _version_keep(actor=actor, plan=plan, reason=f"Ny version: {STAGE_NAMES[stage]}")
    change_record(actor=actor, association=association, action="stage", object_type="plan",
                  object_id=plan.pk, object_label=f"{association.name} {plan.year}",
                  before=before, after={k: getattr(plan, k) for k in before})
    return plan


def _plan_locked(association: Association, plan: Plan) -> Plan:
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.association_id != association.pk:
        raise PermissionDenied("Planen hör inte till förbundet.")
    return locked


def _plan_touch(plan: Plan) -> None:
    plan.revision += 1
    plan.save(update_fields=["revision", "updated_at"])


def _financing_snapshot(fy: FinancingYear) -> dict:
    return {"state": fy.state, "status": fy.status, "population_date": fy.population_date,
            "contributions": {c.member.slug: c.amount for c in
                              fy.amounts.filter(kind="contribution").select_related("member")}}


@transaction.atomic
def financing_year_update(*, actor, association: Association, plan: Plan, year: int,
                          state: Decimal | None, status: str, population_date: date | None,
                          explicit: dict[str, Decimal | None],
                          expected_revision: int | None = None) -> FinancingYear:
    """Set the state's half, status, population date and explicit member amounts of a year."""
    from .models import Contribution

    authorize(actor=actor, association=association, action="financing.edit")
    plan = _plan_locked(association, plan)
    fy = FinancingYear.objects.select_for_update().filter(plan=plan, year=year).first()
    if fy is None:
        raise ValidationError(f"Planen har ingen finansiering för {year}.")
    before = _financing_snapshot(fy)
    revision_check(obj=fy, expected=expected_revision, association=association,
                   object_type="financing_year", what=f"Medlemsbidragen {year}", current=before)
    if status not in p.FINANCING_STATUSES:
        raise ValidationError("Okänd status för medlemsbidragen.")
    errors = []
    if state is not None and state < 0:
        errors.append("Statens del kan inte vara negativ.")
    members = {pm.member.slug: pm.member for pm in plan.plan_members.select_related("member")}
    for slug, amount in explicit.items():
        if slug not in members:
            errors.append(f"{slug} är inte medlem i planen.")
        elif amount is not None and amount < 0:
            errors.append(f"Medlemsbidraget för {members[slug].name} kan inte vara negativt.")
    if errors:
        raise ValidationError(errors)
    assign(fy, state=state, population_date=population_date,
           status=None if status == "adopted" and fy.status is None else status)
    existing = {c.member.slug: c for c in fy.amounts.filter(kind="contribution").select_related("member")}
    for i, (slug, amount) in enumerate((s, a) for s, a in explicit.items() if a is not None):
        row = existing.pop(slug, None) or Contribution(financing_year=fy, member=members[slug],
                                                       kind="contribution")
        assign(row, amount=amount, position=i)
    for row in existing.values():
        row.delete()
    after = _financing_snapshot(fy)
    if after != before:
        fy.revision += 1
        fy.save(update_fields=["revision"])
        _plan_touch(plan)
        change_record(actor=actor, association=association, action="update",
                      object_type="financing_year", object_id=fy.pk,
                      object_label=f"{year} (plan {plan.year})", before=before, after=after)
    return fy


def _line_snapshot(line: BudgetLine) -> dict:
    return {"label": line.label, "kind": line.kind, "amount": line.amount, "note": line.note,
            "admin": line.admin}


def _entry_for(plan: Plan, year: int, column: str, *, create: bool) -> BudgetEntry | None:
    if column not in p.COLUMNS:
        raise ValidationError("Okänd budgetkolumn.")
    entry = BudgetEntry.objects.filter(plan=plan, year=year, column=column).first()
    if entry is None and create:
        entry = BudgetEntry.objects.create(plan=plan, year=year, column=column,
                                           position=plan.budget.count())
    return entry


@transaction.atomic
def budget_line_save(*, actor, association: Association, plan: Plan, year: int, column: str,
                     side: str, line_slug: str | None, label: str, kind: str,
                     amount: Decimal | None, note: str | None = None, admin: bool | None = None,
                     expected_revision: int | None = None, new_id: str | None = None) -> BudgetLine:
    """Create or change a revenue or cost line; a new line gets an id from its label (or
    `new_id`: the id the same line has in another year or column)."""
    from django.utils.text import slugify

    authorize(actor=actor, association=association, action="budget.edit")
    plan = _plan_locked(association, plan)
    if side not in SIDE_NAMES:
        raise ValidationError("Okänd sida i budgeten.")
    label = (label or "").strip()
    errors = []
    if not label:
        errors.append("Ange en benämning.")
    elif len(label) > 200:
        errors.append("Benämningen får vara högst 200 tecken.")
    kinds = p.REVENUE_KINDS if side == "revenue" else p.COST_KINDS
    if kind not in kinds:
        errors.append("Slaget passar inte den här sidan av budgeten.")
    if amount is not None and abs(amount) >= Decimal(10) ** 13:
        errors.append("Beloppet är för stort.")
    if new_id is not None and (slugify(new_id) != new_id or not 0 < len(new_id) <= 80):
        errors.append("Radens id ska vara gemena bokstäver, siffror och bindestreck.")
    if errors:
        raise ValidationError(errors)
    entry = _entry_for(plan, year, column, create=True)
    line = (BudgetLine.objects.select_for_update().filter(entry=entry, side=side, slug=line_slug)
            .first() if line_slug else None)
    if line_slug and line is None:
        raise ValidationError("Raden finns inte längre; den kan ha tagits bort av någon annan.")
    others = entry.lines.filter(side=side).exclude(pk=line.pk if line else None)
    if any(o.label.casefold() == label.casefold() for o in others):
        raise ValidationError(f"Det finns redan en rad ”{label}” bland "
                              f"{'intäkterna' if side == 'revenue' else 'kostnaderna'} i "
                              f"{COLUMN_NAMES[column]} {year}.")
    before = _line_snapshot(line) if line else None
    if line is not None:
        revision_check(obj=line, expected=expected_revision, association=association,
                       object_type="budget_line", what=f"Raden ”{line.label}”", current=before)
    else:
        if new_id is not None and entry.lines.filter(side=side, slug=new_id).exists():
            raise ValidationError(f"Raden finns redan i {COLUMN_NAMES[column]} {year}.")
        slug = new_id or slugify(label)[:80] or "rad"
        base, n = slug, 2
        while entry.lines.filter(side=side, slug=slug).exists():
            slug, n = f"{base[:76]}-{n}", n + 1
        last = entry.lines.filter(side=side).order_by("-position").first()
        line = BudgetLine(entry=entry, side=side, slug=slug,
                          position=(last.position + 1) if last else 0)
    if assign(line, label=label, kind=kind, amount=amount, note=(note or None), admin=admin):
        _plan_touch(plan)
        change_record(actor=actor, association=association,
                      action="update" if before else "create", object_type="budget_line",
                      object_id=line.pk, object_label=f"{label} ({COLUMN_NAMES[column]} {year})",
                      before=before, after=_line_snapshot(line))
    return line


@transaction.atomic
def budget_line_delete(*, actor, association: Association, plan: Plan, year: int, column: str,
                       side: str, line_slug: str) -> None:
    authorize(actor=actor, association=association, action="budget.edit")
    plan = _plan_locked(association, plan)
    entry = _entry_for(plan, year, column, create=False)
    line = entry.lines.filter(side=side, slug=line_slug).first() if entry else None
    if line is None:
        raise ValidationError("Raden finns inte längre.")
    _tertials_keep(plan, year, line)
    before = _line_snapshot(line)
    pk = line.pk
    line.delete()
    _plan_touch(plan)
    change_record(actor=actor, association=association, action="delete",
                  object_type="budget_line", object_id=pk,
                  object_label=f"{before['label']} ({COLUMN_NAMES[column]} {year})", before=before)


def _tertials_keep(plan: Plan, year: int, line: BudgetLine) -> None:
    """Refuse to delete the year's last line with this id while a tertial has figures for it
    (the figures would point at nothing)."""
    from .tertial_selectors import tertial_references

    elsewhere = BudgetLine.objects.filter(entry__plan=plan, entry__year=year,
                                          slug=line.slug).exclude(pk=line.pk).exists()
    periods = [] if elsewhere else tertial_references(plan=plan, year=year, part="lines",
                                                      item=line.slug)
    if periods:
        raise ValidationError(f"Raden ”{line.label}” har utfall, prognos eller kommentar i "
                              f"tertialuppföljningen ({', '.join(periods)}). Töm dem där först.")


@transaction.atomic
def budget_entry_update(*, actor, association: Association, plan: Plan, year: int, column: str,
                        opening_equity: Decimal | None, deficit_justification: str | None,
                        expected_revision: int | None = None) -> BudgetEntry:
    """Set a column's opening equity and deficit justification (created on first save)."""
    authorize(actor=actor, association=association, action="budget.edit")
    plan = _plan_locked(association, plan)
    if opening_equity is not None and abs(opening_equity) >= Decimal(10) ** 13:
        raise ValidationError("Beloppet är för stort.")
    entry = _entry_for(plan, year, column, create=True)
    before = {"opening_equity": entry.opening_equity,
              "deficit_justification": entry.deficit_justification}
    revision_check(obj=entry, expected=expected_revision, association=association,
                   object_type="budget_entry", what=f"{COLUMN_NAMES[column].capitalize()} {year}",
                   current=before)
    if assign(entry, opening_equity=opening_equity,
              deficit_justification=(deficit_justification or "").strip() or None):
        _plan_touch(plan)
        change_record(actor=actor, association=association, action="update",
                      object_type="budget_entry", object_id=entry.pk,
                      object_label=f"{COLUMN_NAMES[column]} {year}", before=before,
                      after={"opening_equity": entry.opening_equity,
                             "deficit_justification": entry.deficit_justification})
    return entry


# ---------------------------------------------------------------- budget rows (the table)

Cell = tuple[int, str]  # (year, column)


@transaction.atomic
def budget_row_save(*, actor, association: Association, plan: Plan, side: str,
                    line_slug: str | None, label: str, kind: str,
                    amounts: dict[Cell, Decimal | None],
                    revisions: dict[Cell, int | None] | None = None) -> str:
    """Save one row of the budget table: the line's label and kind in every column it is in,
    and its amount per column, all or nothing; returns the line's id.

    A cell without a line gets one (with the row's id) when an amount is given; an emptied
    cell of an existing line keeps the line without an amount. Each cell is written by
    `budget_line_save`, so permission, rules, conflicts and the change log are the same as
    for one line.
    """
    authorize(actor=actor, association=association, action="budget.edit")
    if side not in SIDE_NAMES:
        raise ValidationError("Okänd sida i budgeten.")
    revisions = revisions or {}
    existing = {}
    if line_slug:
        existing = {(x.entry.year, x.entry.column): x for x in BudgetLine.objects.filter(
            entry__plan=plan, side=side, slug=line_slug).select_related("entry")}
        if not existing:
            raise ValidationError("Raden finns inte längre; den kan ha tagits bort av någon annan.")
    slug = line_slug
    for (year, column), amount in amounts.items():
        line = existing.get((year, column))
        if line is None and amount is None:
            continue
        saved = budget_line_save(
            actor=actor, association=association, plan=plan, year=year, column=column,
            side=side, line_slug=line.slug if line else None, label=label, kind=kind,
            amount=amount, note=line.note if line else None, admin=line.admin if line else None,
            expected_revision=revisions.get((year, column)) if line else None,
            new_id=slug if line is None else None)
        slug = saved.slug
    if slug is None:
        raise ValidationError("Ange ett belopp i minst en kolumn.")
    for (year, column), line in existing.items():
        if (year, column) not in amounts:  # a column not shown in the row: label and kind follow
            budget_line_save(actor=actor, association=association, plan=plan, year=year,
                             column=column, side=side, line_slug=line.slug, label=label,
                             kind=kind, amount=line.amount, note=line.note, admin=line.admin)
    return slug


@transaction.atomic
def budget_row_delete(*, actor, association: Association, plan: Plan, side: str,
                      line_slug: str) -> int:
    """Remove a line from every year and column of the plan (each logged); returns how many."""
    authorize(actor=actor, association=association, action="budget.edit")
    cells = list(BudgetLine.objects.filter(entry__plan=plan, side=side, slug=line_slug)
                 .select_related("entry"))
    if not cells:
        raise ValidationError("Raden finns inte längre.")
    for line in cells:
        budget_line_delete(actor=actor, association=association, plan=plan, year=line.entry.year,
                           column=line.entry.column, side=side, line_slug=line_slug)
    return len(cells)


@transaction.atomic
def budget_stated_set(*, actor, association: Association, plan: Plan, year: int, column: str,
                      stated: dict[str, Decimal | None],
                      expected_revision: int | None = None) -> BudgetEntry:
    """Change or clear the totals a column states (from an imported document): revenue,
    costs, result, closing equity. An empty value removes the stated total; the review then
    no longer compares it."""
    authorize(actor=actor, association=association, action="budget.edit")
    plan = _plan_locked(association, plan)
    unknown = set(stated) - set(p.STATED_KEYS)
    if unknown:
        raise ValidationError("Okänd summa.")
    if any(v is not None and abs(v) >= Decimal(10) ** 13 for v in stated.values()):
        raise ValidationError("Beloppet är för stort.")
    entry = _entry_for(plan, year, column, create=False)
    if entry is None:
        raise ValidationError(f"{COLUMN_NAMES[column].capitalize()} {year} har inga angivna summor.")
    before = dict(entry.stated)
    revision_check(obj=entry, expected=expected_revision, association=association,
                   object_type="budget_entry", what=f"{COLUMN_NAMES[column].capitalize()} {year}",
                   current={"stated": before})
    after = {k: v for k, v in before.items() if k not in stated}
    after |= {k: format(v.normalize(), "f") for k, v in stated.items() if v is not None}
    after = {k: after[k] for k in p.STATED_KEYS if k in after}
    if after != before and assign(entry, stated=after):
        _plan_touch(plan)
        change_record(actor=actor, association=association, action="update",
                      object_type="budget_entry", object_id=entry.pk,
                      object_label=f"angivna summor, {COLUMN_NAMES[column]} {year}",
                      before={"stated": before}, after={"stated": after})
    return entry


# ---------------------------------------------------------------- review: handled findings

MAX_COMMENT = 2000


def _finding_label(code: str, year: int | None, plan: Plan) -> str:
    return f"{vocab.label(vocab.FINDINGS, code)}{f' {year}' if year else ''} (plan {plan.year})"


@transaction.atomic
def finding_ack(*, actor, association: Association, plan: Plan, key: str,
                comment: str) -> FindingAck:
    """Mark a finding of the plan's review as handled, with a comment (why it may stand, or
    what was done). The finding must be in the review now; marking it again changes the
    comment."""
    from .selectors import plan_review

    authorize(actor=actor, association=association, action="review.handle")
    plan = _plan_locked(association, plan)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("Skriv en kommentar: varför iakttagelsen kan stå kvar eller vad "
                              "som har gjorts.")
    if len(comment) > MAX_COMMENT:
        raise ValidationError(f"Kommentaren får vara högst {MAX_COMMENT} tecken.")
    finding = next((f for f in plan_review(plan_data(plan), plan) if f.key == key), None)
    if finding is None:
        raise ValidationError("Iakttagelsen finns inte längre i granskningen.")
    from samordna.audit.services import actor_name

    ack = FindingAck.objects.filter(plan=plan, key=key).first()
    before = {"comment": ack.comment} if ack else None
    ack = ack or FindingAck(plan=plan, key=key)
    user = actor if getattr(actor, "pk", None) and not getattr(actor, "is_system", False) else None
    assign(ack, code=finding.code, year=finding.year, message=finding.message, comment=comment,
           by=user, by_name=actor_name(actor)[:200])
    change_record(actor=actor, association=association, action="acknowledge",
                  object_type="finding", object_id=ack.pk,
                  object_label=_finding_label(finding.code, finding.year, plan),
                  before=before, after={"comment": comment, "message": finding.message})
    return ack


@transaction.atomic
def finding_unack(*, actor, association: Association, plan: Plan, key: str) -> None:
    """Take back a handled mark: the finding is open again (the change log keeps the comment)."""
    authorize(actor=actor, association=association, action="review.handle")
    plan = _plan_locked(association, plan)
    ack = FindingAck.objects.filter(plan=plan, key=key).first()
    if ack is None:
        raise ValidationError("Iakttagelsen är inte markerad som hanterad.")
    before = {"comment": ack.comment, "message": ack.message}
    pk = ack.pk
    ack.delete()
    change_record(actor=actor, association=association, action="unacknowledge",
                  object_type="finding", object_id=pk,
                  object_label=_finding_label(ack.code, ack.year, plan),
                  before=before)


# ---------------------------------------------------------------- new plans


def _plan_create(*, actor, association: Association, new: p.Plan, reason: str) -> Plan:
    from .store import plan_store

    if Plan.objects.filter(association=association, year=new.plan.year).exists():
        raise ValidationError(f"Verksamhetsplanen för {new.plan.year} finns redan.")
    saved, created = plan_store(plan=new)
    assert created
    _version_keep(actor=actor, plan=saved, reason=reason)
    change_record(actor=actor, association=association, action="create", object_type="plan",
                  object_id=saved.pk, object_label=f"{association.name} {saved.year}",
                  after={"year": saved.year, "plan_years": saved.plan_years, "reason": reason,
                         "interventions": [iv.id for iv in new.interventions],
                         "members": [m.id for m in new.members]})
    return saved


@transaction.atomic
def plan_create_next(*, actor, association: Association, from_plan: Plan,
                     index: Decimal | None = None) -> Plan:
    """Next year's plan as a proposal, rolled forward from `from_plan` by the rulebook
    (`finsam.rollforward.next_plan`): the same members, the continuing interventions as the
    same insatser, budget lines by id (the new year raised by `index`, e.g. 0.02), financing
    years shifted, the texts copied. Refused when the next year's plan exists."""
    from samordna.finsam.rollforward import RollForwardError, next_plan

    authorize(actor=actor, association=association, action="plan.create")
    from_plan = _plan_locked(association, from_plan)
    Association.objects.select_for_update().filter(pk=association.pk).first()
    if index is not None and index.as_tuple().exponent < -4:
        raise ValidationError("Ange uppräkningen med högst två decimaler i procent.")
    try:
        new = next_plan(plan_data(from_plan), index=index)
    except RollForwardError as exc:
        raise ValidationError(str(exc)) from None
    percent = "" if not index else f", uppräknad {format(index * 100, 'f').rstrip('0').rstrip('.').replace('.', ',')} %"
    return _plan_create(actor=actor, association=association, new=new,
                        reason=f"Skapad ur planen {from_plan.year}{percent}")


@transaction.atomic
def plan_create_first(*, actor, association: Association, year: int, plan_years: int = 2) -> Plan:
    """An association's first plan in the app: its members and a financing year per year;
    everything else is added in the app. Refused when the association already has a plan."""
    from samordna.finsam.rollforward import RollForwardError, first_plan

    from .selectors import association_data, board_data, members_data, organisation_data

    authorize(actor=actor, association=association, action="plan.create")
    Association.objects.select_for_update().filter(pk=association.pk).first()
    if Plan.objects.filter(association=association).exists():
        raise ValidationError("Förbundet har redan en verksamhetsplan; skapa nästa års plan ur den.")
    members = members_data(association.members.prefetch_related("population")
                           .order_by("position", "id"))
    try:
        seats, bodies = organisation_data(association)
        new = first_plan(association=association_data(association), members=members, year=year,
                         plan_years=plan_years, board=board_data(association), seats=seats,
                         bodies=bodies)
    except RollForwardError as exc:
        raise ValidationError(str(exc)) from None
    return _plan_create(actor=actor, association=association, new=new,
                        reason="Första planen, skapad i Samordna")
