"""People and sign-in: the association's users and roles, invitations, one's own account
(password, second factor, sessions), re-authentication, e-ID and the lockout page."""

from __future__ import annotations

import time
from binascii import unhexlify

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from samordna.core.forms import refusal_to_form

from . import services
from .decorators import public, recent_auth_required, requires, signed_in
from .forms import InviteForm, LoginForm, ReauthForm, RoleForm, TokenForm
from .middleware import AUTHENTICATED_AT, second_factor_done
from .permissions import ACTIONS, ROLE_ACTIONS, ROLES
from .selectors import locked_out_among, membership_in, memberships_of, two_factor_required, with_second_factor
from .tokens import invitation_token

TOTP_KEY = "samordna_totp_key"  # the key being set up, kept in the session until confirmed


def _next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return default


# ---------------------------------------------------------------- sign in and out


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "eid": settings.SAMORDNA_OIDC_ENABLED,
                "eid_name": settings.SAMORDNA_OIDC_PROVIDER_NAME,
                "eid_failed": self.request.GET.get("eid") == "misslyckades"}


login = public(LoginView.as_view())


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once a username has had 20 wrong passwords (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "core/login.html", {
        "form": LoginForm(request), "locked": True, "lock_minutes": minutes,
        "eid": settings.SAMORDNA_OIDC_ENABLED, "eid_name": settings.SAMORDNA_OIDC_PROVIDER_NAME,
    }, status=429)


@public
def eid_start(request):
    """Send the person to the e-ID broker (mozilla-django-oidc); 404 when e-ID is off."""
    if not settings.SAMORDNA_OIDC_ENABLED:
        raise Http404("Inloggning med e-legitimation är inte påslagen")
    from mozilla_django_oidc.views import OIDCAuthenticationRequestView

    return OIDCAuthenticationRequestView.as_view()(request)


@public
def eid_callback(request):
    """The broker sends the person back here with a code; the backend matches the verified
    identity to an existing user (`accounts.oidc.EidBackend`)."""
    if not settings.SAMORDNA_OIDC_ENABLED:
        raise Http404("Inloggning med e-legitimation är inte påslagen")
    from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

    return OIDCAuthenticationCallbackView.as_view()(request)


# ---------------------------------------------------------------- one's own account


@signed_in
def account(request):
    return render(request, "accounts/account.html", {
        "has_device": user_has_device(request.user), "required": two_factor_required(request.user),
        "memberships": request.user.memberships.select_related("association").order_by("association__name"),
    })


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps this session, ends the others
        self.request.session[AUTHENTICATED_AT] = int(time.time())
        messages.success(self.request, "Ditt lösenord är bytt. Du är utloggad på andra enheter.")
        return response


password_change = signed_in(PasswordChangeView.as_view())


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


password_reset = public(PasswordResetView.as_view())
password_reset_done = public(auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"))


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Choosing a password from a signed link: a reset, or an invitation."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("login")
    heading = "Välj ett nytt lösenord"
    done = "Ditt nya lösenord är sparat. Logga in med det."

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": self.heading}

    def form_valid(self, form):
        from axes.utils import reset

        response = super().form_valid(form)
        reset(username=form.user.get_username())  # the e-mail proved who it is: lift a lockout
        messages.success(self.request, self.done)
        return response


class InvitationAcceptView(SetPasswordView):
    token_generator = invitation_token
    heading = "Välkommen till Samordna – välj ett lösenord"
    done = "Ditt lösenord är sparat. Logga in med din e-postadress och lösenordet."


password_reset_confirm = public(SetPasswordView.as_view())
invitation_accept = public(InvitationAcceptView.as_view())


@signed_in
def reauthenticate(request):
    """Enter the password again before a sensitive action (`recent_auth_required`)."""
    form = ReauthForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        request.session[AUTHENTICATED_AT] = int(time.time())
        return redirect(_next(request, reverse("account")))
    return render(request, "accounts/reauthenticate.html", {
        "form": form, "next": _next(request, ""), "minutes": settings.SAMORDNA_REAUTH_MINUTES,
        "eid": settings.SAMORDNA_OIDC_ENABLED, "eid_name": settings.SAMORDNA_OIDC_PROVIDER_NAME})


@signed_in
@require_POST
def sessions_end_all(request):
    """Log out everywhere: every session of this person, this one included."""
    services.sessions_end(user=request.user)
    logout(request)
    messages.success(request, "Du är utloggad på alla enheter.")
    return redirect("login")


# ---------------------------------------------------------------- second factor


def _otpauth(request, key: str) -> tuple[str, str]:
    """The otpauth:// address of a key and its QR code as an SVG data URI (img-src data:)."""
    from base64 import b32encode

    import segno

    device = TOTPDevice(user=request.user, name="Autentiseringsapp", key=key)
    uri = device.config_url
    return uri, segno.make(uri, error="m").svg_data_uri(scale=4, dark="#1b1f24"), b32encode(unhexlify(key)).decode()


@signed_in
def two_factor(request):
    """Set up an authenticator app (a key shown as QR code, confirmed with a code), or,
    when one is set up, see the state and renew the recovery codes."""
    user = request.user
    if user_has_device(user):
        if not second_factor_done(request):
            return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': _next(request, '')})}")
        return render(request, "accounts/two_factor.html", {"required": two_factor_required(user)})
    form = TokenForm(request.POST or None)
    key = request.session.get(TOTP_KEY)  # the same key until confirmed: a reload keeps the QR code
    if key is None:
        key = random_hex(20)
        request.session[TOTP_KEY] = key
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.totp_enrol(user=user, key=key, token=form.cleaned_data["token"])
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            del request.session[TOTP_KEY]
            otp_login(request, device)
            return render(request, "accounts/recovery_codes.html",
                          {"codes": codes, "next": _next(request, reverse("association_list")), "new": True})
    uri, qr, secret = _otpauth(request, key)
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "uri": uri, "qr": qr, "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "required": two_factor_required(user), "next": _next(request, "")})


@signed_in
def two_factor_verify(request):
    """The second step of signing in: a code from the app, or a recovery code."""
    if not user_has_device(request.user):
        return render(request, "accounts/two_factor_verify.html", {"no_device": True})
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].replace(" ", "").lower()
        device = match_token(request.user, token)
        if device is None:
            form.add_error("token", "Koden stämmer inte eller har redan använts. Vänta på nästa kod och försök igen.")
        else:
            otp_login(request, device)
            if device.__class__.__name__ == "StaticDevice":
                left = device.token_set.count()
                messages.warning(request, f"Du loggade in med en reservkod. {left} reservkoder återstår.")
            return redirect(_next(request, reverse("association_list")))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request, "")})


@signed_in
@require_POST
def recovery_codes(request):
    """New recovery codes, shown once (the old ones stop working)."""
    if not user_has_device(request.user):
        return redirect("two_factor")
    codes = services.recovery_codes_renew(user=request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("account")})


@signed_in
@recent_auth_required
def two_factor_disable(request):
    """Turn the second factor off (not for a role that requires it). GET asks, POST does."""
    if request.method == "POST":
        try:
            services.two_factor_remove(user=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "Tvåstegsverifieringen är avstängd.")
        return redirect("account")
    return render(request, "accounts/two_factor_disable.html", {"required": two_factor_required(request.user)})


# ---------------------------------------------------------------- the association's users


def _roles_table():
    return [(code, label, [ACTIONS[a] for a in ACTIONS if a in ROLE_ACTIONS[code]]) for code, label in ROLES.items()]


@requires("users.manage")
def users(request, slug):
    rows = memberships_of(association=request.association)
    locked = locked_out_among(usernames=[m.user.username for m in rows])
    devices = with_second_factor(user_ids=[m.user_id for m in rows])
    return render(request, "accounts/users.html", {
        "association": request.association,
        "rows": [(m, m.user.username in locked, m.user_id in devices) for m in rows]})


@requires("users.manage")
def roles(request, slug):
    return render(request, "accounts/roles.html", {"association": request.association, "roles": _roles_table()})


@requires("users.manage")
@recent_auth_required
def user_invite(request, slug):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.user_invite(actor=request.user, association=request.association,
                                              site_url=request.build_absolute_uri("/"), **form.cleaned_data)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            who = invitation.user.get_full_name()
            messages.success(request, f"{who} är inbjuden. En inbjudan har skickats till {invitation.user.email}."
                             if invitation.created else f"{who} har fått rollen och ett meddelande om den.")
            return redirect("users", slug)
    return render(request, "accounts/user_invite.html", {
        "association": request.association, "form": form, "days": settings.SAMORDNA_INVITATION_DAYS})


@requires("users.manage")
@recent_auth_required
def user_edit(request, slug, user_id):
    membership = membership_in(association=request.association, user_id=user_id)
    form = RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_grant(actor=request.user, association=request.association,
                                      user=membership.user, role=form.cleaned_data["role"])
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, f"Rollen för {membership.user.get_full_name() or membership.user.username} "
                                      f"är sparad.")
            return redirect("users", slug)
    locked = bool(locked_out_among(usernames=[membership.user.username]))
    has_device = bool(with_second_factor(user_ids=[membership.user_id]))
    return render(request, "accounts/user_edit.html", {
        "association": request.association, "form": form, "person": membership.user, "m": membership,
        "locked": locked, "has_device": has_device})


@requires("users.manage")
@recent_auth_required
def user_end(request, slug, user_id):
    """End a person's access to the association: GET asks, POST ends (logged)."""
    membership = membership_in(association=request.association, user_id=user_id)
    person = membership.user
    if request.method == "POST":
        try:
            services.membership_end(actor=request.user, association=request.association, user=person)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("user_edit", slug, user_id)
        messages.success(request, f"{person.get_full_name() or person.username} har inte längre någon roll i "
                                  f"{request.association.name}.")
        return redirect("users", slug)
    return TemplateResponse(request, "accounts/user_end.html", {"association": request.association, "person": person,
                                                                 "m": membership})


@requires("users.manage")
@require_POST
def user_unlock(request, slug, user_id):
    """Lift a lockout after too many wrong passwords (logged)."""
    membership = membership_in(association=request.association, user_id=user_id)
    services.lockout_lift(actor=request.user, association=request.association, user=membership.user)
    messages.success(request, f"Kontot för {membership.user.get_full_name() or membership.user.username} är upplåst.")
    return redirect("user_edit", slug, user_id)


@requires("users.manage")
@recent_auth_required
@require_POST
def user_two_factor_reset(request, slug, user_id):
    """Remove a person's authenticator app (lost phone); they set up a new one at sign-in."""
    membership = membership_in(association=request.association, user_id=user_id)
    try:
        services.two_factor_reset(actor=request.user, association=request.association, user=membership.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
    else:
        who = membership.user.get_full_name() or membership.user.username
        messages.success(request, f"Tvåstegsverifieringen för {who} är återställd. Personen ställer in en ny app "
                                  f"vid nästa inloggning.")
    return redirect("user_edit", slug, user_id)


@requires("users.manage")
@require_POST
def user_invitation_resend(request, slug, user_id):
    """A new invitation link for a person who has not chosen a password yet (the old link
    may have expired)."""
    membership = membership_in(association=request.association, user_id=user_id)
    try:
        services.invitation_resend(actor=request.user, association=request.association, user=membership.user,
                                   site_url=request.build_absolute_uri("/"))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"En ny inbjudan har skickats till {membership.user.email}.")
    return redirect("user_edit", slug, user_id)
