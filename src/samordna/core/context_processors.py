"""Which optional sections the navigation shows (an app's URLs exist once it is installed)."""

from django.urls import NoReverseMatch, reverse


def _has(name: str) -> bool:
    try:
        reverse(name, args=["x"])
    except NoReverseMatch:
        return False
    return True


def navigation(request):
    return {"has_interventions": _has("intervention_list"), "has_documents": _has("documents"),
            "has_followup": _has("followup_overview")}
