"""Tenancy in one place: which associations a user may see, and the user's role there.

Every page, command and service that acts for a person goes through these functions, so
follow-up and the API scope their queries the same way. Outsiders get 404 (the
association does not exist for them); a visible association without the right gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django_otp import device_classes

from samordna.interventions.models import Intervention
from samordna.organisation.models import Association

from .models import InterventionAssignment, Membership
from .permissions import ACTIONS, INTERVENTION_SCOPED, ROLES, role_may


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


# ---------------------------------------------------------------- follow-up: per intervention


@dataclass(frozen=True)
class FollowUpScope:
    """The interventions whose follow-up records an actor reaches for an action: every one
    (the command line), or those the person is assigned to (roles in INTERVENTION_SCOPED)."""

    everything: bool
    intervention_ids: frozenset[int] = frozenset()

    def covers(self, intervention_id: int) -> bool:
        return self.everything or intervention_id in self.intervention_ids

    def covers_all(self, intervention_ids) -> bool:
        return self.everything or set(intervention_ids) <= self.intervention_ids


def followup_scope(*, actor, association: Association, action: str = "followup.read") -> FollowUpScope:
    role = role_of(actor=actor, association=association)
    if role == "system":
        return FollowUpScope(True)
    if role is None or not role_may(role, action) or role not in INTERVENTION_SCOPED:
        return FollowUpScope(False)
    ids = (InterventionAssignment.objects.filter(user=actor, intervention__association=association)
           .values_list("intervention_id", flat=True))
    return FollowUpScope(False, frozenset(ids))


def intervention_authorize(*, actor, association: Association, intervention: Intervention,
                           action: str) -> None:
    """Raise PermissionDenied (Swedish) unless the actor may do `action` on this
    intervention's follow-up: the role holds it and the person is assigned to it."""
    authorize(actor=actor, association=association, action=action)
    if intervention.association_id != association.pk:
        raise PermissionDenied("Insatsen hör inte till förbundet.")
    if not followup_scope(actor=actor, association=association, action=action).covers(intervention.pk):
        raise PermissionDenied("Du är inte tilldelad den här insatsen; be kansliet om tilldelning.")


def intervention_for_followup(*, user, association: Association, slug: str, action: str) -> Intervention:
    """The intervention of a follow-up page for `action`; 404 when it is not one of the
    person's (an intervention the person is not assigned to does not exist for them)."""
    intervention = Intervention.objects.filter(association=association, slug=slug).first()
    if intervention is None or not followup_scope(actor=user, association=association,
                                                  action=action).covers(intervention.pk):
        raise Http404("Insatsen finns inte")
    return intervention


def scoped_memberships(*, association: Association) -> list[Membership]:
    """The people whose follow-up is scoped to assigned interventions, by name."""
    rows = (Membership.objects.filter(association=association, role__in=INTERVENTION_SCOPED)
            .select_related("user"))
    return sorted(rows, key=lambda m: (m.user.get_full_name() or m.user.username).casefold())


def assignments_in(*, association: Association) -> dict[int, set[int]]:
    """user id → the ids of the interventions assigned to them in the association."""
    out: dict[int, set[int]] = {}
    for user_id, iv_id in InterventionAssignment.objects.filter(
            intervention__association=association).values_list("user_id", "intervention_id"):
        out.setdefault(user_id, set()).add(iv_id)
    return out


# Actions whose holders must sign in with a second factor (issue 10): personal data of
# participants, and the power to give anyone any role.
TWO_FACTOR_ACTIONS = ("participant.identity.read", "users.manage")


def two_factor_required(user) -> bool:
    """Whether the user holds, in any association, a role that requires a second factor."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_system", False):
        return False
    return Membership.objects.filter(user=user, role__in=roles_requiring_two_factor()).exists()


@lru_cache(maxsize=1)
def roles_requiring_two_factor() -> tuple[str, ...]:
    """The roles that hold an action of TWO_FACTOR_ACTIONS (permissions are data in code)."""
    return tuple(role for role in ROLES if any(role_may(role, action) for action in TWO_FACTOR_ACTIONS))


@lru_cache(maxsize=4)
def _second_factor_sql(vendor: str) -> tuple[str, int]:
    """EXISTS over the roles that need a second factor and each installed device kind's
    confirmed devices, one row of booleans, built once from the models' own names; and the
    number of device kinds."""
    def exists(model, condition: str) -> str:
        user = connection.ops.quote_name(model._meta.get_field("user").column)
        return f"EXISTS(SELECT 1 FROM {connection.ops.quote_name(model._meta.db_table)} " \
               f"WHERE {user} = %s AND {condition})"

    role = connection.ops.quote_name(Membership._meta.get_field("role").column)
    roles = ", ".join(["%s"] * len(roles_requiring_two_factor())) or "NULL"
    checks = [exists(Membership, f"{role} IN ({roles})")]
    devices = list(device_classes())
    for model in devices:
        checks.append(exists(model, f"{connection.ops.quote_name(model._meta.get_field('confirmed').column)} = %s"))
    return "SELECT " + ", ".join(checks), len(devices)


def second_factor_needed(user) -> bool:
    """Whether the user must pass a second factor: a role of theirs requires it
    (`two_factor_required`), or they set up a confirmed device of any installed kind
    (`django_otp.user_has_device`). Asked on every signed-in request, so it is one
    statement written once (the ORM spent ~0.5 ms building the three queries it replaces)."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_system", False):
        return False
    sql, devices = _second_factor_sql(connection.vendor)
    params = [user.pk, *roles_requiring_two_factor()] + [user.pk, True] * devices
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return any(cursor.fetchone())


def memberships_of(*, association: Association) -> list[Membership]:
    """Everyone with a role in the association, by name (the Användare page)."""
    return list(Membership.objects.filter(association=association).select_related("user")
                .order_by("user__last_name", "user__first_name", "user__username"))


def membership_in(*, association: Association, user_id: int) -> Membership:
    """One person's role in the association; 404 for a person without one there (a user of
    another association does not exist for this association's administrator)."""
    membership = (Membership.objects.filter(association=association, user_id=user_id)
                  .select_related("user").first())
    if membership is None:
        raise Http404("Användaren finns inte")
    return membership


def admins_of(*, association: Association) -> int:
    """How many people may manage users in the association."""
    roles = [r for r in ROLES if role_may(r, "users.manage")]
    return Membership.objects.filter(association=association, role__in=roles).count()


def locked_out_among(*, usernames: list[str]) -> set[str]:
    """Which of these usernames django-axes has locked (too many wrong passwords)."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    attempts = AccessAttempt.objects.filter(username__in=usernames,
                                            failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return set(attempts.values_list("username", flat=True))


def with_second_factor(*, user_ids: list[int]) -> set[int]:
    """Which of these users have set up an authenticator app."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return set(TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True).values_list("user_id", flat=True))
