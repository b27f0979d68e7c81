"""Views declare the action they need; the decorator enforces it before the view runs.

`@requires("budget.edit")` on a view whose first URL argument is the association's slug:
anonymous → the login page; no role in that association → 404 (it does not exist for
them); a role without the action → 403. The view finds `request.association` and
`request.membership`. `@public` marks the few pages without login. The URL × role test
reads `view.required_action`, so every URL must carry one of the two.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .permissions import ACTIONS, role_may
from .selectors import association_for_user

PUBLIC = "public"


def requires(action: str):
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}")

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapped(request, slug, *args, **kwargs):
            association, membership = association_for_user(user=request.user, slug=slug)
            request.association, request.membership = association, membership
            if not role_may(membership.role, action):
                raise PermissionDenied(f"Din roll får inte {ACTIONS[action]}.")
            return view(request, slug, *args, **kwargs)

        wrapped.required_action = action
        return wrapped

    return decorate


def signed_in(view):
    """A page for any signed-in user that is not about one association (the start page)."""
    wrapped = login_required(view)
    wrapped.required_action = "signed_in"
    return wrapped


def public(view):
    view.required_action = PUBLIC
    return view


def recently_authenticated(request, minutes: int | None = None) -> bool:
    """Whether the person entered their password (or signed in with e-ID) within the last
    `minutes` (SAMORDNA_REAUTH_MINUTES by default)."""
    import time

    from django.conf import settings

    from .middleware import AUTHENTICATED_AT

    limit = (settings.SAMORDNA_REAUTH_MINUTES if minutes is None else minutes) * 60
    return time.time() - request.session.get(AUTHENTICATED_AT, 0) <= limit


def recent_auth_required(view=None, *, minutes: int | None = None):
    """Sudo mode for sensitive actions (changing roles, exporting personal data): a person
    who has not entered their password within the last `minutes` is sent to confirm it and
    comes back to the same page. A POST is not replayed; the form is shown again.

    Put it under `@requires(...)`, so outsiders still get 404 and other roles 403:

        @requires("participant.identity.read")
        @recent_auth_required
        def participant_export(request, slug): ...
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            from django.shortcuts import redirect
            from django.urls import reverse
            from django.utils.http import urlencode

            if not recently_authenticated(request, minutes):
                return redirect(f"{reverse('reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
            return view(request, *args, **kwargs)

        wrapped.recent_auth = True
        return wrapped

    return decorate(view) if view is not None else decorate
