"""Stamping each sign-in, for session expiry and re-authentication."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import session_start


@receiver(user_logged_in)
def _stamp_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_start(request, eid=getattr(user, "backend", "") == "samordna.accounts.oidc.EidBackend")
