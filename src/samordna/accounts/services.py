"""Writes for users' roles in an association: permission checked (`users.manage`), one
transaction, one change-log row."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from samordna.audit.services import change_record
from samordna.interventions.models import Intervention
from samordna.organisation.models import Association

from .models import InterventionAssignment, Membership
from .permissions import INTERVENTION_SCOPED, ROLES
from .selectors import authorize


@transaction.atomic
def membership_grant(*, actor, association: Association, user, role: str) -> Membership:
    """Give `user` the role `role` in the association (replacing a role they had there)."""
    authorize(actor=actor, association=association, action="users.manage")
    if role not in ROLES:
        raise ValidationError("Okänd roll.")
    membership = Membership.objects.select_for_update().filter(user=user, association=association).first()
    before = {"role": membership.role} if membership else None
    if membership is None:
        membership = Membership.objects.create(user=user, association=association, role=role)
    elif membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    else:
        return membership
    change_record(actor=actor, association=association, action="update" if before else "create",
                  object_type="membership", object_id=membership.pk,
                  object_label=f"{user.get_full_name() or user.username}: {ROLES[role]}",
                  before=before, after={"role": role})
    return membership


@transaction.atomic
def assignment_set(*, actor, association: Association, user, interventions: list[Intervention]
                   ) -> set[int]:
    """Assign `user` to exactly these interventions of the association (their follow-up)."""
    authorize(actor=actor, association=association, action="users.manage")
    membership = Membership.objects.filter(user=user, association=association).first()
    if membership is None or membership.role not in INTERVENTION_SCOPED:
        raise ValidationError("Bara insatsansvariga, deltagarhandläggare och rapportörer hos utförare "
                              "tilldelas insatser.")
    if any(iv.association_id != association.pk for iv in interventions):
        raise ValidationError("Insatsen hör inte till förbundet.")
    current = InterventionAssignment.objects.filter(user=user, intervention__association=association)
    before = set(current.values_list("intervention__slug", flat=True))
    wanted = {iv.pk: iv for iv in interventions}
    after = {iv.slug for iv in interventions}
    if before == after:
        return set(wanted)
    current.exclude(intervention_id__in=wanted).delete()
    have = set(current.values_list("intervention_id", flat=True))
    InterventionAssignment.objects.bulk_create(
        [InterventionAssignment(user=user, intervention=iv) for pk, iv in wanted.items() if pk not in have])
    change_record(actor=actor, association=association, action="update", object_type="assignment",
                  object_id=user.pk, object_label=user.get_full_name() or user.username,
                  before={"interventions": sorted(before)}, after={"interventions": sorted(after)})
    return set(wanted)
