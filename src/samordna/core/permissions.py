"""Transitional: the documents pages still call this; tenancy lives in accounts.selectors."""

from django.core.exceptions import PermissionDenied

from samordna.accounts.permissions import role_may
from samordna.accounts.selectors import association_for_user


def association_for_view(request, slug: str, *, edit: bool = False, action: str | None = None):
    association, membership = association_for_user(user=request.user, slug=slug)
    request.association, request.membership = association, membership
    action = action or ("plan.edit" if edit else "document.read")
    if not role_may(membership.role, action):
        raise PermissionDenied("Din roll får inte ändra förbundets uppgifter")
    return association, membership
