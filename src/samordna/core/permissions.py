"""Permission helpers: outsiders get 404, read-only roles get 403 on writes."""

from django.core.exceptions import PermissionDenied

from samordna.economy.selectors import association_for_user


def association_for_view(request, slug: str, *, edit: bool = False):
    """The association and membership for a request; 404 outside, 403 for a read-only role."""
    association, membership = association_for_user(user=request.user, slug=slug)
    if edit and not membership.can_edit:
        raise PermissionDenied("Din roll får inte ändra förbundets uppgifter")
    return association, membership
