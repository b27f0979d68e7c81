"""The page context every plan page shares: the chosen plan (?plan=YEAR) and its data."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from samordna.finsam import plan as p
from samordna.finsam.memo import memoised

from .selectors import plan_data_cached, plans_of


def plan_context(request, association, membership, *, data: bool = True) -> dict:
    """The plan chosen with ?plan=YEAR (default the latest) and its rulebook data."""
    plans = plans_of(association)
    chosen = None
    if request.GET.get("plan"):
        try:
            year = int(request.GET["plan"])
        except ValueError:
            raise Http404("Ogiltigt år") from None
        chosen = next((x for x in plans if x.year == year), None)
        if chosen is None:
            raise Http404("Planen finns inte")
    elif plans:
        chosen = plans[0]
    return {"association": association, "membership": membership, "plans": plans,
            "plan": chosen, "data": plan_data_cached(chosen) if chosen and data else None,
            "plan_query": f"?plan={chosen.year}" if chosen else ""}


def plan_fragment(data: p.Plan, template: str, key: tuple, context: Callable[[], dict]) -> SafeString:
    """`template` rendered with exactly `context()` (no request, no context processors: it
    sees nothing else, so no user, CSRF token or message can get in), once per plan version
    and `key`, then kept with that version's plan object (`finsam.memo`, per process).

    Correct only if the fragment depends on nothing but the plan's data and `key`: every
    write bumps the plan's revision and so gets a new plan object (`plan_data_cached`), and
    `key` must name everything else the context holds (the association's slug, the plan
    query, each permission the template asks about)."""
    return memoised(data, ("page-fragment", template, *key),
                    lambda: mark_safe(render_to_string(template, context())))
