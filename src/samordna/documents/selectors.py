"""Reads for the documents pages: the member letters recorded as sent."""

from __future__ import annotations

from samordna.economy.models import Plan
from samordna.economy.selectors import plan_data_cached

from .models import LetterDispatch


def letter_dispatches(plan: Plan) -> list[LetterDispatch]:
    """The plan's letters recorded as sent, the latest first."""
    return list(LetterDispatch.objects.filter(plan=plan).select_related("member")
                .order_by("-sent_on", "-id"))


def previous_plan_data(plan: Plan):
    """The rulebook data of the association's plan for the year before, if it is stored (the
    data of each plan version is computed once, `plan_data_cached`)."""
    previous = Plan.objects.filter(association_id=plan.association_id, year=plan.year - 1).first()
    return plan_data_cached(previous) if previous is not None else None
