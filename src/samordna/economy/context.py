"""The page context every plan page shares: the chosen plan (?plan=YEAR) and its data."""

from __future__ import annotations

from django.http import Http404

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
