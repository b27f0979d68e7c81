"""What the signed-in person may do in the association of the page, for the templates."""

from .permissions import actions_of


def permissions(request):
    membership = getattr(request, "membership", None)
    return {"membership": membership,
            "can": actions_of(membership.role if membership else None)}
