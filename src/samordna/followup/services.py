"""Writes for follow-up: enrolment records, counts, imports, identified setup, goal measures.

Each is `verb(*, actor, association, …)`: the actor's right is checked for the very
intervention (`accounts.selectors.intervention_authorize`: the role holds the action and the
person is assigned to the intervention), the rulebook's rules are applied (Swedish
`ValidationError`, nothing written), the write is one transaction, and one change-log row
records it. The change log holds codes and de-identified fields only, never a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samordna.accounts.selectors import TWO_FACTOR_ACTIONS, authorize, followup_scope, intervention_authorize
from samordna.audit.services import change_record, revision_check
from samordna.economy.models import Plan
from samordna.finsam import followup as fu
from samordna.finsam import followup_file as ff
from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab
from samordna.interventions.models import Intervention
from samordna.organisation.models import Association, Member

from .bulk import insert_rows, update_rows
from .models import Enrolment, GoalMeasure, IdentifiedSetup, ParticipantCount
from .selectors import count_of, followup_config, kommun_slugs, measure_from, record_of

MAX_LOGGED_CODES = 2000

# ---------------------------------------------------------------- enrolments


def _fields(record: fu.Record, kommuner: dict[str, Member]) -> dict:
    """The model's fields of a rulebook record (not the codes)."""
    return {
        "gender": record.gender, "age_band": record.age_band,
        "municipality_id": kommuner[record.municipality].pk if record.municipality else None,
        "start_month": record.start, "end_month": record.end,
        "occupation_before": record.occupation_before, "occupation_after": record.occupation_after,
        "support_before": None if record.support_before is None else [[s.source, s.extent]
                                                                       for s in record.support_before],
        "support_after": None if record.support_after is None else [[s.source, s.extent]
                                                                     for s in record.support_after],
        "months_on_support_before": record.months_on_support_before,
        "assessed_work_capacity": record.assessed_work_capacity, "end_reason": record.end_reason,
        "education_level": record.education_level, "progression_start": record.progression_start,
        "progression_end": record.progression_end, "employment_months": record.employment_months,
        "voided": record.voided,
    }


def snapshot(record: fu.Record) -> dict:
    """What the change log keeps of a record: de-identified fields, as the file writes them."""
    header, rows = ff.records_table([record])
    values = dict(zip(header, rows[0], strict=True))
    values.pop("intervention")
    values["code"] = record.provider_code or ""
    return {k: v for k, v in values.items() if v != ""}


def _kommuner(association: Association) -> dict[str, Member]:
    return {m.slug: m for m in Member.objects.filter(association=association, kind=p.KOMMUN)}


def _check(record: fu.Record, association: Association, intervention: Intervention,
           kommuner: dict[str, Member], config: fu.Config, *, exclude: int | None = None) -> fu.Record:
    if intervention.follow_up not in fu.RECORD_MODES:
        raise ValidationError("Insatsen följs upp med antal per period, inte med deltagarposter.")
    record = fu.Record(**{**record.__dict__, "voided": fu.is_voiding(record.end_reason, config)})
    problems = fu.record_problems(record, config, kommuner=kommuner)
    if problems:
        raise ValidationError(problems)
    if record.provider_code:
        taken = Enrolment.objects.filter(intervention=intervention, provider_code=record.provider_code)
        if exclude is not None:
            taken = taken.exclude(pk=exclude)
        if taken.exists():
            raise ValidationError({"provider_code": f"Koden ”{record.provider_code}” finns redan för insatsen "
                                                    f"({taken.first().code}). Ändra den posten i stället."})
    return record


def _issue_codes(association: Association, intervention: Intervention, years: list[int]) -> list[str]:
    """Samordna's next running codes, one per year given (in that order)."""
    prefix = fu.code_prefix(intervention.slug)
    nexts: dict[int, int] = {}
    out = []
    for year in years:
        if year not in nexts:
            stem = f"{prefix}-{year}-"
            highest = 0
            for code in Enrolment.objects.filter(association=association, code__startswith=stem) \
                    .values_list("code", flat=True):
                tail = code[len(stem):]
                if re.fullmatch(r"\d+", tail):
                    highest = max(highest, int(tail))
            nexts[year] = highest + 1
        out.append(fu.enrolment_code(prefix, year, nexts[year]))
        nexts[year] += 1
    return out


def _lock(association: Association) -> Association:
    """Serialise code issuing within an association."""
    return Association.objects.select_for_update().get(pk=association.pk)


@transaction.atomic
def enrolment_create(*, actor, association: Association, intervention: Intervention,
                     record: fu.Record) -> Enrolment:
    """Register a new enrolment's de-identified record; Samordna issues its code."""
    intervention_authorize(actor=actor, association=association, intervention=intervention,
                           action="followup.edit")
    _lock(association)
    kommuner = _kommuner(association)
    record = _check(record, association, intervention, kommuner, followup_config())
    code = _issue_codes(association, intervention, [record.start.year])[0]
    enrolment = Enrolment.objects.create(association=association, intervention=intervention, code=code,
                                         provider_code=record.provider_code, **_fields(record, kommuner))
    change_record(actor=actor, association=association, action="create", object_type="enrolment",
                  object_id=enrolment.pk, object_label=f"{code} ({intervention.slug})",
                  after=snapshot(record))
    return enrolment


@transaction.atomic
def enrolment_update(*, actor, association: Association, enrolment: Enrolment, record: fu.Record,
                     expected_revision: int | None = None) -> Enrolment:
    """Change an enrolment's record (a wrong registration is voided with end reason
    `felregistrering`, not deleted: it then counts nowhere)."""
    intervention = enrolment.intervention
    intervention_authorize(actor=actor, association=association, intervention=intervention,
                           action="followup.edit")
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk, association=association)
    kommuner = _kommuner(association)
    old = record_of(enrolment, intervention=intervention.slug, kommuner=kommun_slugs(association))
    revision_check(obj=enrolment, expected=expected_revision, association=association,
                   object_type="enrolment", what=f"Deltagarposten {enrolment.code}", current=snapshot(old))
    record = _check(record, association, intervention, kommuner, followup_config(), exclude=enrolment.pk)
    fields = {"provider_code": record.provider_code, **_fields(record, kommuner)}
    changed = [k for k, v in fields.items() if getattr(enrolment, k) != v]
    if not changed:
        return enrolment
    for k in changed:
        setattr(enrolment, k, fields[k])
    enrolment.revision += 1
    enrolment.save(update_fields=[*changed, "revision", "updated_at"])
    change_record(actor=actor, association=association, action="update", object_type="enrolment",
                  object_id=enrolment.pk, object_label=f"{enrolment.code} ({intervention.slug})",
                  before=snapshot(old), after=snapshot(record))
    return enrolment


# ---------------------------------------------------------------- counts


def _count_check(entry: fu.CountEntry, intervention: Intervention, *, exclude: int | None = None) -> None:
    if intervention.follow_up != "count":
        raise ValidationError("Insatsen följs upp med deltagarposter, inte med antal per period.")
    others = [count_of(c, intervention.slug) for c in
              ParticipantCount.objects.filter(intervention=intervention).exclude(pk=exclude)]
    problems = fu.count_problems(entry, level=intervention.level, others=others)
    if problems:
        raise ValidationError(problems)


def _count_snapshot(entry: fu.CountEntry) -> dict:
    out = {"period": ff.period_str(entry)}
    if entry.head_count is not None:
        out["antal"] = entry.head_count
    else:
        out.update(kvinna=entry.women, man=entry.men, annat=entry.other)
    return out


@transaction.atomic
def count_save(*, actor, association: Association, intervention: Intervention, entry: fu.CountEntry,
               expected_revision: int | None = None) -> ParticipantCount:
    """Set the participants of one month or tertial of a count-mode intervention."""
    intervention_authorize(actor=actor, association=association, intervention=intervention,
                           action="followup.edit")
    row = (ParticipantCount.objects.select_for_update()
           .filter(intervention=intervention, year=entry.year, kind=entry.kind, period=entry.period).first())
    if row is not None:
        revision_check(obj=row, expected=expected_revision, association=association,
                       object_type="participant_count", what=f"Antalet för {ff.period_str(entry)}",
                       current=_count_snapshot(count_of(row, intervention.slug)))
    _count_check(entry, intervention, exclude=row.pk if row else None)
    values = {"women": entry.women, "men": entry.men, "other": entry.other, "head_count": entry.head_count}
    before = None
    if row is None:
        row = ParticipantCount.objects.create(association=association, intervention=intervention,
                                              year=entry.year, kind=entry.kind, period=entry.period, **values)
    else:
        before = _count_snapshot(count_of(row, intervention.slug))
        if all(getattr(row, k) == v for k, v in values.items()):
            return row
        for k, v in values.items():
            setattr(row, k, v)
        row.revision += 1
        row.save()
    change_record(actor=actor, association=association, action="update" if before else "create",
                  object_type="participant_count", object_id=row.pk,
                  object_label=f"{intervention.slug} {ff.period_str(entry)}", before=before,
                  after=_count_snapshot(entry))
    return row


@transaction.atomic
def count_delete(*, actor, association: Association, count: ParticipantCount) -> None:
    intervention = count.intervention
    intervention_authorize(actor=actor, association=association, intervention=intervention,
                           action="followup.edit")
    entry = count_of(count, intervention.slug)
    count.delete()
    change_record(actor=actor, association=association, action="delete", object_type="participant_count",
                  object_id=f"{intervention.slug} {ff.period_str(entry)}",
                  object_label=f"{intervention.slug} {ff.period_str(entry)}", before=_count_snapshot(entry))


# ---------------------------------------------------------------- import


@dataclass
class ImportResult:
    """What an import did (or, with `dry_run`, would do); `errors` means nothing was saved."""

    kind: str
    errors: list[ff.RowError] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    per_intervention: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _targets(association: Association) -> dict[str, ff.Target]:
    return {iv.slug: ff.Target(iv.follow_up, iv.level) for iv in Intervention.objects.filter(association=association)}


def followup_import(*, actor, association: Association, header: list[str], rows: list[list[str]],
                    filename: str = "", dry_run: bool = False) -> ImportResult:
    """Import a follow-up file (records or counts): every row checked first, then all rows
    saved in one transaction or none. A record whose intervention and provider code are
    stored updates that enrolment; a count whose intervention and period are stored
    replaces its numbers."""
    authorize(actor=actor, association=association, action="followup.edit")
    config = followup_config()
    parsed = ff.parse_table(header, rows, interventions=_targets(association),
                            kommuner=set(kommun_slugs(association).values()), config=config)
    result = ImportResult(parsed.kind, list(parsed.errors), rows=parsed.rows, dry_run=dry_run)
    if parsed.errors:
        return result
    scope = followup_scope(actor=actor, association=association, action="followup.edit")
    ivs = {iv.slug: iv for iv in Intervention.objects.filter(association=association)}
    items = parsed.records if parsed.kind == "records" else parsed.counts
    for item in items:
        iv_id = item.record.intervention if parsed.kind == "records" else item.entry.intervention
        if not scope.covers(ivs[iv_id].pk):
            result.errors.append(ff.RowError(item.row, "intervention",
                                             f"du är inte tilldelad insatsen ”{iv_id}”."))
        result.per_intervention[iv_id] = result.per_intervention.get(iv_id, 0) + 1
    if result.errors:
        return result
    with transaction.atomic():
        _lock(association)
        if parsed.kind == "records":
            _import_records(actor, association, parsed, ivs, result, filename)
        else:
            _import_counts(actor, association, parsed, ivs, result, filename)
        if result.errors or dry_run:
            transaction.set_rollback(True)
    return result


_COMPARED = ("gender", "age_band", "municipality_id", "start_month", "end_month", "occupation_before",
             "occupation_after", "support_before", "support_after", "months_on_support_before",
             "assessed_work_capacity", "end_reason", "education_level", "progression_start", "progression_end",
             "employment_months", "voided")


def _import_records(actor, association, parsed: ff.Parsed, ivs, result: ImportResult, filename: str) -> None:
    """New rows get Samordna's codes; rows whose intervention and provider code are stored
    update that enrolment (its code, primary key and creation stay)."""
    kommuner = _kommuner(association)
    by_pk = {iv.pk: slug for slug, iv in ivs.items()}
    slugs = kommun_slugs(association)
    stored = {(by_pk[v["intervention_id"]], v["provider_code"]): v for v in
              Enrolment.objects.filter(association=association, provider_code__isnull=False)
              .values("id", "code", "intervention_id", "provider_code", "revision", *_COMPARED)}
    new, changed = [], []
    for item in parsed.records:
        record = item.record
        existing = stored.get((record.intervention, record.provider_code))
        if existing is None:
            new.append(record)
            continue
        fields = _fields(record, kommuner)
        if all(existing[k] == fields[k] for k in _COMPARED):
            result.unchanged += 1
            continue
        before = snapshot(record_of(SimpleNamespace(**existing), intervention=record.intervention, kommuner=slugs))
        changed.append((existing, {**fields, "revision": existing["revision"] + 1}, before))
    result.new, result.updated = len(new), len(changed)
    if result.dry_run or not (new or changed):
        return
    log = []
    rows = []
    for iv_slug in dict.fromkeys(r.intervention for r in new):
        iv = ivs[iv_slug]
        records = [r for r in new if r.intervention == iv_slug]
        codes = _issue_codes(association, iv, [r.start.year for r in records])
        for code, r in zip(codes, records, strict=True):
            rows.append({"association_id": association.pk, "intervention_id": iv.pk, "code": code,
                         "provider_code": r.provider_code, **_fields(r, kommuner)})
            log.append({"path": code, "op": "added"})
    insert_rows(Enrolment, rows)
    update_rows(Enrolment, [*_COMPARED, "revision"], [(e["id"], values) for e, values, _ in changed])
    log += [{"path": e["code"], "op": "changed", "before": before} for e, _, before in changed]
    change_record(actor=actor, association=association, action="import", object_type="followup_file",
                  object_id=filename or "fil", object_label=filename or "uppföljningsfil",
                  after={"nya": result.new, "ändrade": result.updated, "oförändrade": result.unchanged,
                         "rader": result.rows},
                  changes=log[:MAX_LOGGED_CODES])


def _import_counts(actor, association, parsed: ff.Parsed, ivs, result: ImportResult, filename: str) -> None:
    by_pk = {iv.pk: slug for slug, iv in ivs.items()}
    stored = {(by_pk[c.intervention_id], c.year, c.kind, c.period): c
              for c in ParticipantCount.objects.filter(association=association)}
    in_file = {(c.entry.intervention, c.entry.year, c.entry.kind, c.entry.period) for c in parsed.counts}
    new, changed, log = [], [], []
    for item in parsed.counts:
        e = item.entry
        key = (e.intervention, e.year, e.kind, e.period)
        # A stored count this file does not replace must not cover the same months.
        others = [count_of(c, k[0]) for k, c in stored.items() if k[0] == e.intervention and k not in in_file]
        for problem in fu.count_problems(e, level=ivs[e.intervention].level, others=others):
            result.errors.append(ff.RowError(item.row, "period", problem))
        values = {"women": e.women, "men": e.men, "other": e.other, "head_count": e.head_count}
        row = stored.get(key)
        if row is None:
            new.append(ParticipantCount(association=association, intervention=ivs[e.intervention], year=e.year,
                                        kind=e.kind, period=e.period, **values))
            log.append({"path": f"{e.intervention} {ff.period_str(e)}", "op": "added"})
        elif any(getattr(row, k) != v for k, v in values.items()):
            log.append({"path": f"{e.intervention} {ff.period_str(e)}", "op": "changed",
                        "before": _count_snapshot(count_of(row, e.intervention))})
            for k, v in values.items():
                setattr(row, k, v)
            row.revision += 1
            changed.append(row)
        else:
            result.unchanged += 1
    result.new, result.updated = len(new), len(changed)
    if result.errors or result.dry_run:
        return
    if not new and not changed:
        return
    ParticipantCount.objects.bulk_create(new)
    now = timezone.now()  # bulk_update does not set auto_now
    for row in changed:
        row.updated_at = now
    ParticipantCount.objects.bulk_update(changed, ["women", "men", "other", "head_count", "revision", "updated_at"])
    change_record(actor=actor, association=association, action="import", object_type="followup_file",
                  object_id=filename or "fil", object_label=filename or "uppföljningsfil",
                  after={"nya": result.new, "ändrade": result.updated, "oförändrade": result.unchanged,
                         "rader": result.rows}, changes=log[:MAX_LOGGED_CODES])


# ---------------------------------------------------------------- identified follow-up


def _setup_snapshot(s: IdentifiedSetup) -> dict:
    return {"controller": s.controller.name if s.controller else None,
            "agreement_reference": s.agreement_reference,
            "agreement_signed_on": s.agreement_signed_on, "switched_on": bool(s.switched_on_at)}


@transaction.atomic
def identified_setup_save(*, actor, association: Association, intervention: Intervention,
                          controller: Member | None, agreement_reference: str | None,
                          agreement_signed_on: date | None, expected_revision: int | None = None
                          ) -> IdentifiedSetup:
    """Record who is controller for an identified intervention and the processor agreement."""
    authorize(actor=actor, association=association, action="followup.configure")
    if intervention.association_id != association.pk:
        raise ValidationError("Insatsen hör inte till förbundet.")
    if intervention.follow_up != "identified":
        raise ValidationError("Bara en insats med identifierad uppföljning har personuppgiftsansvarig "
                              "och biträdesavtal i Samordna.")
    if controller is not None and controller.association_id != association.pk:
        raise ValidationError("Den personuppgiftsansvariga ska vara en medlem i förbundet.")
    setup = IdentifiedSetup.objects.select_for_update().filter(intervention=intervention).first()
    before = _setup_snapshot(setup) if setup else None
    if setup is not None:
        revision_check(obj=setup, expected=expected_revision, association=association,
                       object_type="identified_setup", what="Uppgifterna om identifierad uppföljning",
                       current=before)
    else:
        setup = IdentifiedSetup(intervention=intervention)
    reference = (agreement_reference or "").strip() or None
    if reference and len(reference) > 100:
        raise ValidationError("Avtalets referens får vara högst 100 tecken.")
    setup.controller, setup.agreement_reference, setup.agreement_signed_on = (
        controller, reference, agreement_signed_on)
    if setup.pk:
        setup.revision += 1
    setup.save()
    change_record(actor=actor, association=association, action="update" if before else "create",
                  object_type="identified_setup", object_id=setup.pk, object_label=intervention.slug,
                  before=before, after=_setup_snapshot(setup))
    return setup


@transaction.atomic
def identified_switch_on(*, actor, association: Association, intervention: Intervention) -> IdentifiedSetup:
    """Switch identified follow-up on for one intervention: only a secretariat admin, only
    when the controller and the processor agreement are recorded, and only while everyone
    who may read identities must sign in with a second factor (`accounts.selectors`).
    The change log records the switch and the agreement's reference, nothing personal."""
    authorize(actor=actor, association=association, action="followup.configure")
    if intervention.association_id != association.pk:
        raise ValidationError("Insatsen hör inte till förbundet.")
    if intervention.follow_up != "identified":
        raise ValidationError("Bara en insats med identifierad uppföljning kan slås på.")
    setup = IdentifiedSetup.objects.select_for_update().filter(intervention=intervention).first()
    problem = fu.identified_problem(controller=bool(setup and setup.controller_id),
                                    agreement=bool(setup and setup.agreement_reference),
                                    two_factor="participant.identity.read" in TWO_FACTOR_ACTIONS)
    if problem:
        raise ValidationError(problem)
    if setup.switched_on_at is not None:
        return setup
    before = _setup_snapshot(setup)
    setup.switched_on_at = timezone.now()
    setup.revision += 1
    setup.save(update_fields=["switched_on_at", "revision"])
    change_record(actor=actor, association=association, action="switch_on", object_type="identified_setup",
                  object_id=setup.pk, object_label=intervention.slug, before=before, after=_setup_snapshot(setup))
    return setup


# ---------------------------------------------------------------- goal measures


def _measure_snapshot(m: fu.Measure) -> dict:
    return {"kind": vocab.MEASURE_KINDS[m.kind], "outcomes": sorted(m.outcomes), "base": m.base,
            "min_months": m.min_months, "target": m.target, "due": m.due, "achieved_on": m.achieved_on}


@transaction.atomic
def goal_measure_save(*, actor, association: Association, plan: Plan, owner: Intervention | None,
                      goal_text: str, measure: fu.Measure, expected_revision: int | None = None) -> GoalMeasure:
    """Record how a goal of the plan is computed from follow-up."""
    authorize(actor=actor, association=association, action="plan.edit")
    if plan.association_id != association.pk or (owner is not None and owner.association_id != association.pk):
        raise ValidationError("Målet hör inte till förbundet.")
    problems = measure.problems()
    if problems:
        raise ValidationError(problems)
    key = fu.goal_key(goal_text)
    row = GoalMeasure.objects.select_for_update().filter(plan=plan, intervention=owner, goal_key=key).first()
    before = None
    if row is not None:
        if measure_from(row) == measure and row.goal_text == goal_text:
            return row
        before = _measure_snapshot(measure_from(row))
        revision_check(obj=row, expected=expected_revision, association=association, object_type="goal_measure",
                       what="Mätningen av målet", current=before)
        row.revision += 1
    else:
        row = GoalMeasure(plan=plan, intervention=owner, goal_key=key)
    row.goal_text = goal_text
    row.kind, row.outcomes, row.base = measure.kind, sorted(measure.outcomes), measure.base
    row.min_months, row.target, row.due, row.achieved_on = (measure.min_months, measure.target, measure.due,
                                                            measure.achieved_on)
    row.save()
    change_record(actor=actor, association=association, action="update" if before else "create",
                  object_type="goal_measure", object_id=row.pk, object_label=goal_text[:200],
                  before=before, after=_measure_snapshot(measure))
    return row


@transaction.atomic
def goal_measure_delete(*, actor, association: Association, measure: GoalMeasure) -> None:
    """Forget the kansli's measure: the goal is then computed from its plan indicator, if any."""
    authorize(actor=actor, association=association, action="plan.edit")
    if measure.plan.association_id != association.pk:
        raise ValidationError("Målet hör inte till förbundet.")
    before = _measure_snapshot(measure_from(measure))
    pk, label = measure.pk, measure.goal_text[:200]
    measure.delete()
    change_record(actor=actor, association=association, action="delete", object_type="goal_measure",
                  object_id=pk, object_label=label, before=before)
