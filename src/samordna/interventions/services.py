"""Writes for interventions: one transaction each, through the plan store."""

from django.db import transaction

from samordna.economy.models import Plan
from samordna.economy.services import intervention_store
from samordna.finsam import plan as p

from .models import Intervention


@transaction.atomic
def intervention_save(*, plan: Plan, iv: p.Intervention, instance: Intervention | None = None) -> Intervention:
    """Create or update an intervention of a plan (validated by the form's rules first)."""
    if instance is None:
        last = plan.interventions.order_by("-position").first()
        position = (last.position + 1) if last else 0
    else:
        position = instance.position
    return intervention_store(plan_model=plan, iv=iv, position=position, instance=instance)
