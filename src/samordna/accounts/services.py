"""Writes for people and their roles: permission checked (`users.manage`), one transaction,
one change-log row per call; and a person's own sign-in settings (second factor, sessions).

A user row is never deleted: the change log refers to it. Ending someone's access removes
their role in the association (the change log keeps who had it and who ended it).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from samordna.audit.services import change_record
from samordna.interventions.models import Intervention
from samordna.organisation.models import Association

from .models import InterventionAssignment, Membership
from .permissions import INTERVENTION_SCOPED, ROLES, role_may
from .selectors import admins_of, authorize
from .tokens import invitation_token

MAX_EMAIL = 150  # the e-mail address is the username, which Django stores in 150 characters
MAX_NAME = 150
RECOVERY_CODES = 10


def _person(user) -> str:
    return user.get_full_name() or user.username


def _keeps_an_admin(*, association: Association, membership: Membership, new_role: str | None) -> None:
    """Refuse to take the last administrator's right to manage users: nobody could undo it."""
    if role_may(membership.role, "users.manage") and not (new_role and role_may(new_role, "users.manage")):
        if admins_of(association=association) <= 1:
            raise ValidationError("Förbundet måste ha minst en förbundsadministratör. "
                                  "Ge någon annan den rollen först.")


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
        _keeps_an_admin(association=association, membership=membership, new_role=role)
        membership.role = role
        membership.save(update_fields=["role"])
    else:
        return membership
    change_record(actor=actor, association=association, action="update" if before else "create",
                  object_type="membership", object_id=membership.pk,
                  object_label=f"{_person(user)}: {ROLES[role]}",
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


@transaction.atomic
def membership_end(*, actor, association: Association, user) -> None:
    """End the user's access to the association: their role there is removed (the user row
    stays, so the change log's references hold; their other associations are untouched)."""
    authorize(actor=actor, association=association, action="users.manage")
    membership = Membership.objects.select_for_update().filter(user=user, association=association).first()
    if membership is None:
        raise ValidationError("Personen har ingen roll i förbundet.")
    _keeps_an_admin(association=association, membership=membership, new_role=None)
    change_record(actor=actor, association=association, action="end", object_type="membership",
                  object_id=membership.pk, object_label=f"{_person(user)}: {ROLES[membership.role]}",
                  before={"role": membership.role}, after=None)
    # Follow-up assignments go with the role: a person given a role again starts unassigned.
    InterventionAssignment.objects.filter(user=user, intervention__association=association).delete()
    membership.delete()


@transaction.atomic
def lockout_lift(*, actor, association: Association, user) -> None:
    """Let a person who was locked out after too many wrong passwords try again."""
    from axes.utils import reset

    authorize(actor=actor, association=association, action="users.manage")
    if not Membership.objects.filter(user=user, association=association).exists():
        raise ValidationError("Personen har ingen roll i förbundet.")
    if reset(username=user.get_username()):
        change_record(actor=actor, association=association, action="unlock", object_type="user",
                      object_id=user.pk, object_label=_person(user))


@transaction.atomic
def two_factor_reset(*, actor, association: Association, user) -> None:
    """For a person who lost their phone and recovery codes: remove their authenticator and
    codes and end their sessions; at the next sign-in they set up a new app. Only an
    administrator of every association where the person has a role may do it."""
    from django_otp import devices_for_user

    authorize(actor=actor, association=association, action="users.manage")
    elsewhere = Membership.objects.filter(user=user).exclude(association=association).select_related("association")
    for membership in elsewhere:
        authorize(actor=actor, association=membership.association, action="users.manage")
    if not Membership.objects.filter(user=user, association=association).exists():
        raise ValidationError("Personen har ingen roll i förbundet.")
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
    sessions_end(user=user)
    change_record(actor=actor, association=association, action="two_factor_reset", object_type="user",
                  object_id=user.pk, object_label=_person(user))


@dataclass(frozen=True)
class Invitation:
    user: object
    created: bool  # a new person (True) or someone who already signs in elsewhere (False)


def _clean_invitation(email: str, first_name: str, last_name: str, role: str) -> tuple[str, str, str]:
    email = (email or "").strip().lower()
    errors = []
    try:
        validate_email(email)
    except ValidationError:
        errors.append("Ange en giltig e-postadress.")
    if len(email) > MAX_EMAIL:
        errors.append(f"E-postadressen får vara högst {MAX_EMAIL} tecken.")
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    if not first_name or not last_name:
        errors.append("Ange för- och efternamn.")
    if len(first_name) > MAX_NAME or len(last_name) > MAX_NAME:
        errors.append(f"Ett namn får vara högst {MAX_NAME} tecken.")
    if role not in ROLES:
        errors.append("Välj en roll.")
    if errors:
        raise ValidationError(errors)
    return email, first_name, last_name


def invitation_link(*, user, site_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return site_url.rstrip("/") + reverse("invitation_accept", args=[uid, invitation_token.make_token(user)])


@transaction.atomic
def user_invite(*, actor, association: Association, email: str, first_name: str, last_name: str,
                role: str, site_url: str) -> Invitation:
    """Invite a person by e-mail to a role in the association.

    A new address becomes a user (username = the address) without a password and gets a
    signed link, valid SAMORDNA_INVITATION_DAYS, to choose one. Someone who already has an
    account gets the role and a notice; nobody is given a second role in one association."""
    authorize(actor=actor, association=association, action="users.manage")
    email, first_name, last_name = _clean_invitation(email, first_name, last_name, role)
    User = get_user_model()
    user = User.objects.filter(username__iexact=email).first() or User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    elif Membership.objects.filter(user=user, association=association).exists():
        raise ValidationError("Personen har redan en roll i förbundet. Ändra rollen i stället.")
    membership = Membership.objects.create(user=user, association=association, role=role)
    change_record(actor=actor, association=association, action="invite", object_type="membership",
                  object_id=membership.pk, object_label=f"{_person(user)}: {ROLES[role]}",
                  before=None, after={"role": role, "email": user.email})
    _send_invitation(actor=actor, association=association, user=user, role=role, site_url=site_url)
    return Invitation(user=user, created=created)


def _send_invitation(*, actor, association: Association, user, role: str, site_url: str) -> None:
    """The invitation e-mail, sent once the transaction has committed: a link to choose a
    password for a person without one, else a notice of the new role."""
    context = {"user": user, "association": association, "role": ROLES[role], "invited_by": _person(actor),
               "link": invitation_link(user=user, site_url=site_url) if not user.has_usable_password() else None,
               "days": settings.SAMORDNA_INVITATION_DAYS,
               "login": site_url.rstrip("/") + reverse("login")}
    subject = f"Inbjudan till {association.name} i Samordna"
    body = render_to_string("accounts/email/invitation.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))


@transaction.atomic
def invitation_resend(*, actor, association: Association, user, site_url: str) -> None:
    """Send a new invitation link to a person of the association who has not chosen a
    password yet (the first link may have expired). Nothing is stored."""
    authorize(actor=actor, association=association, action="users.manage")
    membership = Membership.objects.filter(user=user, association=association).first()
    if membership is None:
        raise ValidationError("Personen har ingen roll i förbundet.")
    if user.has_usable_password() or not user.email:
        raise ValidationError("Personen har redan ett lösenord. Hen kan själv välja ett nytt via ”Glömt lösenordet?”.")
    _send_invitation(actor=actor, association=association, user=user, role=membership.role, site_url=site_url)


# ---------------------------------------------------------------- a person's own sign-in


def totp_enrol(*, user, key: str, token: str):
    """Confirm an authenticator app: the code must match the key shown to the person.
    Returns the new recovery codes (shown once). Raises a Swedish ValidationError."""
    from binascii import unhexlify

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    token = (token or "").replace(" ", "")
    if not (token.isdigit() and len(token) == 6):
        raise ValidationError("Ange de sex siffrorna som appen visar.")
    totp = TOTP(unhexlify(key.encode()), step=30, t0=0, digits=6)
    if not totp.verify(int(token), tolerance=1):
        raise ValidationError("Koden stämmer inte. Kontrollera att telefonens klocka går rätt och "
                              "försök med nästa kod.")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="Autentiseringsapp", key=key, confirmed=True,
                                           last_t=totp.t())
        codes = recovery_codes_renew(user=user)
    return device, codes


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """New one-time recovery codes (the old ones stop working)."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device, _ = StaticDevice.objects.get_or_create(user=user, name="Reservkoder", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_remove(*, user) -> None:
    """Turn off the second factor (refused for a role that requires one)."""
    from django_otp import devices_for_user

    from .selectors import two_factor_required

    if two_factor_required(user):
        raise ValidationError("Din roll kräver tvåstegsverifiering; den kan inte stängas av.")
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()


def sessions_end(*, user, keep: str | None = None) -> int:
    """Sign the user out everywhere: delete every stored session of theirs (except `keep`,
    the current one, when given). Returns how many were ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key != keep and session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def demo_second_factor(*, user) -> tuple[str, str, list[str]]:
    """For `samordna demo` only: an authenticator key for the demo administrator (kept
    across runs, so an app set up once keeps working) and fresh recovery codes.
    Returns the key in base32, its otpauth:// address and the codes."""
    from base64 import b32encode
    from binascii import unhexlify

    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Autentiseringsapp", confirmed=True)
    codes = recovery_codes_renew(user=user)
    return b32encode(unhexlify(device.key)).decode(), device.config_url, codes
