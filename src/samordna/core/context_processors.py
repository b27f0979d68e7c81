"""Which optional sections the navigation shows (an app's URLs exist once it is installed)."""

from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_urlconf, reverse


@lru_cache(maxsize=64)
def _has(name: str, urlconf: str) -> bool:
    try:
        reverse(name, urlconf=urlconf, args=["x"])
    except NoReverseMatch:
        return False
    return True


def navigation(request):
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return {"has_interventions": _has("intervention_list", urlconf), "has_documents": _has("documents", urlconf),
            "has_followup": _has("followup_overview", urlconf)}
