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
