"""Writes for users' roles in an association: permission checked (`users.manage`), one
transaction, one change-log row."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from samordna.audit.services import change_record
from samordna.organisation.models import Association

from .models import Membership
from .permissions import ROLES
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
