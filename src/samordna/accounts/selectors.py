"""Tenancy in one place: which associations a user may see, and the user's role there.

Every page, command and service that acts for a person goes through these functions, so
follow-up and the API scope their queries the same way. Outsiders get 404 (the
association does not exist for them); a visible association without the right gets 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from samordna.organisation.models import Association

from .models import Membership
from .permissions import ACTIONS, role_may


def associations_visible_to(user) -> list[tuple[Association, Membership]]:
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_system", False):
        return []
    memberships = Membership.objects.filter(user=user).select_related("association")
    return sorted(((m.association, m) for m in memberships), key=lambda am: am[0].name)


def association_for_user(*, user, slug: str) -> tuple[Association, Membership]:
    """The association and the user's role in it; 404 when the user has no role there."""
    membership = None
    if getattr(user, "is_authenticated", False) and not getattr(user, "is_system", False):
        membership = (Membership.objects.filter(user=user, association__slug=slug)
                      .select_related("association").first())
    if membership is None:
        raise Http404("Förbundet finns inte")
    return membership.association, membership


def role_of(*, actor, association: Association) -> str | None:
    """The actor's role in the association (None: no role there)."""
    if getattr(actor, "is_system", False):
        return "system"
    if not getattr(actor, "is_authenticated", False):
        return None
    return (Membership.objects.filter(user=actor, association=association)
            .values_list("role", flat=True).first())


def authorize(*, actor, association: Association, action: str) -> None:
    """Raise PermissionDenied (Swedish) unless the actor may do `action` in the association."""
    role = role_of(actor=actor, association=association)
    if role == "system":
        return
    if role is None:
        raise PermissionDenied("Du har ingen roll i det här förbundet.")
    if not role_may(role, action):
        raise PermissionDenied(f"Din roll får inte {ACTIONS[action]}.")
