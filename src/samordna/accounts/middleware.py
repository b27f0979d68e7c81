"""Sign-in rules that hold on every request: session expiry, the required second factor,
and no caching of signed-in pages."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django_otp import user_has_device

from .selectors import second_factor_needed

SIGNED_IN_AT = "samordna_signed_in_at"
LAST_SEEN = "samordna_last_seen"
AUTHENTICATED_AT = "samordna_authenticated_at"  # password (or e-ID) last entered: re-authentication
EID = "samordna_eid"  # signed in through the e-ID broker


def session_start(request, *, eid: bool = False) -> None:
    """Stamp a fresh sign-in (called on `user_logged_in`)."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = request.session[LAST_SEEN] = request.session[AUTHENTICATED_AT] = now
    request.session[EID] = eid


class SessionExpiryMiddleware:
    """Signs a person out after SAMORDNA_SESSION_IDLE_MINUTES without a request, and
    SAMORDNA_SESSION_MAX_HOURS after signing in, whatever happens in between."""

    REFRESH = 60  # seconds: the last-seen stamp is written at most once a minute

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            signed_in = request.session.get(SIGNED_IN_AT, 0)
            last_seen = request.session.get(LAST_SEEN, 0)
            idle = now - last_seen > settings.SAMORDNA_SESSION_IDLE_MINUTES * 60
            too_old = now - signed_in > settings.SAMORDNA_SESSION_MAX_HOURS * 3600
            if idle or too_old:
                logout(request)
                messages.info(request, "Du har loggats ut eftersom du varit inaktiv en stund. Logga in igen."
                              if idle and not too_old else "Din inloggning har gått ut. Logga in igen.")
                return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
            if now - last_seen >= self.REFRESH:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


def second_factor_done(request) -> bool:
    """Whether this session has passed the second factor (an authenticator code or a
    recovery code, or an e-ID sign-in when SAMORDNA_OIDC_SATISFIES_2FA)."""
    user = request.user
    if getattr(user, "is_verified", None) and user.is_verified():
        return True
    return bool(request.session.get(EID)) and settings.SAMORDNA_OIDC_SATISFIES_2FA


class TwoFactorRequiredMiddleware:
    """A signed-in person who needs a second factor and has not given one this session
    reaches only the pages that set it up or check it (and signing out)."""

    ALLOWED = ("two_factor", "two_factor_verify", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not second_factor_done(request) and second_factor_needed(user):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in self.ALLOWED:
                target = "two_factor_verify" if user_has_device(user) else "two_factor"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in person are never kept by the browser or a proxy
    (Cache-Control: no-store), so the back button on a shared computer shows nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
