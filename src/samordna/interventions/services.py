"""Writes for interventions: one transaction each, permission checked, rules applied, logged."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from samordna.accounts.selectors import authorize
from samordna.audit.services import change_record, revision_check
from samordna.economy.models import Plan
from samordna.economy.selectors import intervention_data, plan_data
from samordna.economy.store import intervention_identity, plan_intervention_store
from samordna.finsam import interventions as rules
from samordna.finsam import plan as p
from samordna.finsam.diff import plan_diff
from samordna.organisation.models import Association

from .models import PlanIntervention


def _snapshot(iv: p.Intervention) -> dict:
    """What the change log keeps of an intervention (the full diff goes in `changes`)."""
    return {"name": iv.name, "status": iv.effective_status, "members": list(iv.members or ()),
            "level": iv.level,
            "budget": {str(y): {k: str(v) for k, v in parts.items()} for y, parts in iv.budget.items()}}


@transaction.atomic
def intervention_save(*, actor, association: Association, plan: Plan, iv: p.Intervention,
                      slug: str | None = None, expected_revision: int | None = None) -> PlanIntervention:
    """Create an intervention in a plan, or change the one with id `slug`.

    Applies every intervention rule (≥ 2 parties, locked level/follow-up/ESF, lifecycle,
    kommun keys, non-negative amounts); what the stored version already broke does not
    block other edits. Raises ValidationError (Swedish), writing nothing.
    """
    authorize(actor=actor, association=association, action="intervention.edit")
    plan = Plan.objects.select_for_update().get(pk=plan.pk, association=association)
    data = plan_data(plan)
    record = None
    old = None
    if slug is not None:
        record = (PlanIntervention.objects.select_related("intervention")
                  .filter(plan=plan, intervention__slug=slug).first())
        if record is None:
            raise ValidationError("Insatsen finns inte längre i planen.")
        old = intervention_data(record)
        revision_check(obj=record, expected=expected_revision, association=association,
                       object_type="intervention", what=f"Insatsen ”{record.name}”",
                       current=_snapshot(old))
        iv = p.Intervention(**{**iv.__dict__, "id": slug})
    else:
        if any(x.id == iv.id for x in data.interventions):
            raise ValidationError(f"Det finns redan en insats med id ”{iv.id}” i planen.")
    problem = rules.name_problem(data, iv.name, slug)
    if problem:
        raise ValidationError({"name": problem})
    problems = rules.intervention_problems(data, iv, old)
    if slug is None and association.interventions.filter(slug=iv.id).exists():
        # A new insats never takes over the identity of another plan year's insats.
        taken = set(association.interventions.values_list("slug", flat=True))
        stem, n = iv.id[:70], 2
        while f"{stem}-{n}" in taken:
            n += 1
        iv = p.Intervention(**{**iv.__dict__, "id": f"{stem}-{n}"})
    if problems:
        raise ValidationError(problems)
    if record is None:
        last = plan.interventions.order_by("-position").first()
        position = (last.position + 1) if last else 0
        identity = intervention_identity(association, iv)
    else:
        position, identity = record.position, record.intervention
    saved = plan_intervention_store(stored=plan, identity=identity, iv=iv, position=position,
                                    record=record)
    new = intervention_data(saved)
    if old is None or new != old:
        plan.revision += 1
        plan.save(update_fields=["revision", "updated_at"])
        changes = plan_diff(p.Plan(association=data.association, members=data.members,
                                   plan=data.plan, interventions=(old,) if old else ()),
                            p.Plan(association=data.association, members=data.members,
                                   plan=data.plan, interventions=(new,)))
        change_record(actor=actor, association=association,
                      action="update" if old else "create", object_type="intervention",
                      object_id=identity.pk, object_label=f"{new.name} (plan {plan.year})",
                      before=_snapshot(old) if old else None, after=_snapshot(new),
                      changes=[c.as_json() for c in changes])
    return saved
