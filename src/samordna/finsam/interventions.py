"""Intervention rules (FINSAM.md §5): parties, locked fields, lifecycle, granted vs budgeted.

Pure functions returning Swedish messages; the web forms refuse a save that breaks
one, and the review reports plan files that do.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from . import bounds as b
from . import plan as p
from . import vocabulary as vocab
from .money import format_number, format_percent, format_sek

# Labels as written inside a sentence (vocabulary.py has them once).
PARTY_NAMES = vocab.INTERVENTION_PARTIES
LEVEL_NAMES = vocab.lower(vocab.LEVELS)
FOLLOW_UP_NAMES = vocab.lower(vocab.FOLLOW_UP)
ESF_MARKINGS = ("esf_owner", "esf_cofinancer")
STATUS_NAMES = vocab.lower(vocab.STATUSES)
# The lifecycle moves forward one step at a time, or stays.
NEXT_STATUS = {"applied": ("granted",), "granted": ("ongoing",), "ongoing": ("ended",),
               "ended": ("implemented",), "implemented": ()}


def parties(plan: p.Plan, member_ids: tuple[str, ...] | list[str] | None) -> set[str]:
    """The parties behind some members: FK, AF, the regions as one, the kommuner as one."""
    kinds = set()
    for member_id in member_ids or ():
        member = plan.member(member_id)
        if member is not None:
            kinds.add(member.kind)
    return kinds


def parties_problem(plan: p.Plan, member_ids) -> str | None:
    found = parties(plan, member_ids)
    if len(found) >= 2:
        return None
    named = ", ".join(PARTY_NAMES[k] for k in sorted(found)) or "ingen part"
    return (f"En insats kräver minst två parter (Försäkringskassan, Arbetsförmedlingen, regionen, "
            f"kommunerna); nu deltar bara {named}. Flera kommuner räknas som en part.")


def name_problem(plan: p.Plan, name: str | None, own_id: str | None = None) -> str | None:
    """Each insats of a plan has a name of its own (case and surrounding spaces ignored)."""
    wanted = (name or "").strip().casefold()
    if not wanted:
        return "Ange insatsens namn."
    for iv in plan.interventions:
        if iv.id != own_id and iv.name.strip().casefold() == wanted:
            return f"Det finns redan en insats som heter ”{iv.name.strip()}” i planen."
    return None


def esf_flag(markings) -> str:
    return next((m for m in ESF_MARKINGS if m in (markings or ())), "none")


def locked_changes(old: p.Intervention, new: p.Intervention) -> list[str]:
    """Level, follow-up method and ESF flag lock at creation, as in Uppföljning Finsam."""
    advice = ("Avsluta insatsen och skapa en ny insats (en efterföljare) med det nya värdet.")
    out = []
    if old.level != new.level:
        out.append(f"Nivån kan inte ändras efter att insatsen skapats ({LEVEL_NAMES[old.level]}). "
                   + advice)
    if old.effective_follow_up != new.effective_follow_up:
        out.append(f"Uppföljningssättet kan inte ändras efter att insatsen skapats "
                   f"({FOLLOW_UP_NAMES[old.effective_follow_up]}). " + advice)
    if esf_flag(old.markings) != esf_flag(new.markings):
        out.append("ESF-markeringen (ägare/medfinansiär) kan inte ändras efter att insatsen skapats. "
                   + advice)
    return out


def parts_problem(parts: dict[str, Decimal], stated_total: Decimal | None, what: str) -> str | None:
    """Per-kommun parts (and `common`) must sum to a stated total."""
    if stated_total is None or not parts:
        return None
    total = sum(parts.values(), Decimal(0))
    if total != stated_total:
        return (f"{what}: delarna per kommun summerar till {total:,.0f} men totalen är angiven till "
                f"{stated_total:,.0f}.".replace(",", " "))
    return None


def kommun_problem(plan: p.Plan, keys) -> str | None:
    """A kommun that gets money or participants must be a member kommun."""
    kommuner = {m.id for m in plan.members_of(p.KOMMUN)}
    strangers = [k for k in keys if k != p.COMMON and k not in kommuner]
    if strangers:
        return f"{', '.join(strangers)} är inte medlemskommuner i förbundet."
    return None


def status_problem(iv: p.Intervention, *, old_status: str | None = None,
                   decision_date=None, decision_reference: str | None = None,
                   implementation: str | None = None) -> str | None:
    """Lifecycle: forward one step at a time; granted needs a board decision; ended needs an
    end date; implemented needs a note on where the method lives now."""
    new = iv.effective_status
    if old_status is not None and new != old_status and new not in NEXT_STATUS[old_status]:
        allowed = ", ".join(STATUS_NAMES[s] for s in NEXT_STATUS[old_status]) or "ingen"
        return (f"Status kan inte gå från {STATUS_NAMES[old_status]} till {STATUS_NAMES[new]}; "
                f"nästa steg är: {allowed}.")
    if new in ("granted", "ongoing", "ended", "implemented") and old_status in (None, "applied") \
            and new != "applied" and not (decision_date and decision_reference):
        return "En beviljad insats kräver styrelsens beslut: ange beslutsdatum och diarienummer."
    if new in ("ended", "implemented") and iv.period_end is None:
        return "En avslutad insats kräver ett slutdatum."
    if new == "implemented" and not (implementation or "").strip():
        return "En implementerad insats kräver en beskrivning av var metoden lever vidare."
    return None


def suggested_budget(granted: Decimal, underspend: Decimal | None) -> Decimal:
    """B7: budgeted = granted · (1 − d), rounded to whole hundreds of kronor like the seeds."""
    if not underspend:
        return granted
    value = granted * (1 - underspend)
    return (value / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 100


@dataclass(frozen=True)
class UnderspendHistory:
    granted: Decimal
    used: Decimal
    years: tuple[int, ...]

    @property
    def suggested(self) -> Decimal | None:
        if not self.granted:
            return None
        return (1 - self.used / self.granted).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def underspend_history(plan: p.Plan, *, before_year: int) -> UnderspendHistory:
    """What earlier years used of what was granted (outcome, else forecast): suggests d."""
    granted = used = Decimal(0)
    years = set()
    for iv in plan.interventions:
        for year, parts in iv.granted.items():
            if year >= before_year:
                continue
            spent = iv.outcome.get(year) or iv.forecast.get(year)
            if spent is None:
                continue
            granted += sum(parts.values(), Decimal(0))
            used += sum(spent.values(), Decimal(0))
            years.add(year)
    return UnderspendHistory(granted, used, tuple(sorted(years)))


COMPUTABLE = {
    "ended_to_work_or_studies": "deltagaruppföljning",
    "ended_to_work": "deltagaruppföljning",
    "survey_share": "enkätsvar (NNS)",
    "participants": "deltagaruppföljning",
    "registration_completeness": "deltagaruppföljning",
    "equity_min": "budgeten",
    "equity_max_share": "budgeten",
    "budget_balance": "budgeten",
}


# Indicators whose target is a share 0–1 (shown in percent); others are counts or amounts.
SHARE_INDICATORS = ("ended_to_work_or_studies", "ended_to_work", "survey_share",
                    "registration_completeness", "equity_max_share")


def goal_target_text(goal: p.Goal) -> str:
    """A goal's target as pages and documents show it: a share in percent only when its
    indicator measures a share; a target without an indicator is shown as written (40 → "40")."""
    target, indicator = goal.target, goal.indicator
    if target is None:
        return "Intäkter ≥ kostnader" if indicator == "budget_balance" else "–"
    if indicator == "equity_min":
        return format_sek(target)
    if indicator == "participants":
        return format_sek(target, unit="") + " personer"
    if indicator in SHARE_INDICATORS:
        whole = (target * 100) == (target * 100).to_integral_value()
        return format_percent(target, 0 if whole else 1)
    return format_number(target)


def goal_follow_up(goal: p.Goal) -> str:
    """How a goal is followed up: computed from which data, or by a written assessment."""
    if goal.indicator is None:
        return "Skriftlig bedömning"
    return f"Beräknas ur {COMPUTABLE[goal.indicator]}"


def goal_status(goal: p.Goal, figures) -> str | None:
    """The status of a goal computable from the budget year's figures; None when the data
    it needs (follow-up, surveys) is not in the plan."""
    if goal.indicator == "budget_balance" and figures.result is not None:
        return "Uppfyllt" if figures.result >= 0 else "Ej uppfyllt (underskott)"
    if goal.indicator == "equity_min" and goal.target is not None:
        if figures.closing_equity is None:
            return "Kan inte bedömas: eget kapital saknas"
        return "Uppfyllt" if figures.closing_equity >= goal.target else "Ej uppfyllt"
    if goal.indicator == "equity_max_share" and goal.target is not None:
        if figures.closing_equity is None or not figures.contributions:
            return "Kan inte bedömas: eget kapital saknas"
        return ("Uppfyllt" if figures.closing_equity <= figures.contributions * goal.target
                else "Ej uppfyllt (över taket)")
    return None


def bounds_problems(iv: p.Intervention) -> list[str]:
    """Numbers and names beyond what is stored (finsam.bounds), as Swedish messages."""
    out = []
    for measure, what in ((iv.budget, "Budget"), (iv.granted, "Beviljat"),
                          (iv.forecast, "Prognos"), (iv.outcome, "Utfall")):
        for year, parts in measure.items():
            for value in parts.values():
                problem = b.amount_problem(value)
                if problem:
                    out.append(f"{what} {year}: beloppet {problem}.")
    for year, parts in iv.planned_participants.items():
        for value in parts.values():
            if value != value.to_integral_value() or not (0 <= value <= b.MAX_COUNT):
                out.append(f"Planerade deltagare {year}: ange ett heltal från 0 till "
                           f"{b.MAX_COUNT:,}.".replace(",", " "))
    if iv.capacity is not None and not (0 <= iv.capacity <= b.MAX_COUNT):
        out.append(f"Platser: ange ett heltal från 0 till {b.MAX_COUNT:,}.".replace(",", " "))
    for weeks in iv.duration_weeks or ():
        if weeks is not None and not (0 <= weeks <= b.MAX_WEEKS):
            out.append(f"Längd i veckor: ange ett heltal från 0 till {b.MAX_WEEKS}.")
    for text, what, limit in ((iv.name, "Namnet", b.LONG_NAME), (iv.provider, "Utföraren", b.LONG_NAME),
                              (iv.decision_reference, "Diarienumret", b.REFERENCE)):
        problem = b.text_problem(text, limit) if text else None
        if problem:
            out.append(f"{what} {problem}.")
    return out


def intervention_problems(plan: p.Plan, new: p.Intervention,
                          old: p.Intervention | None = None) -> list[str]:
    """Every rule an intervention breaks, as Swedish messages (empty: it may be saved).

    Checked by the service for every write, whoever calls it. A rule that `old` already
    broke in the same way does not block other edits (the review reports it instead).
    """
    def broken(iv: p.Intervention, before: p.Intervention | None) -> list[str]:
        out = []
        if iv.level not in p.LEVELS:
            out.append("Okänd nivå.")
        elif iv.category and iv.category not in p.CATEGORIES[iv.level]:
            out.append("Den preciserade inriktningen hör inte till vald nivå.")
        if not (iv.name or "").strip():
            out.append("Ange insatsens namn.")
        problem = parties_problem(plan, iv.members)
        if problem:
            out.append(problem)
        if iv.period_start and iv.period_end and iv.period_end < iv.period_start:
            out.append("Slutdatum ligger före startdatum.")
        keys = {k for measure in (iv.budget, iv.planned_participants) for parts in measure.values()
                for k in parts}
        problem = kommun_problem(plan, keys)
        if problem:
            out.append(problem)
        for measure, what in ((iv.budget, "Budget"), (iv.granted, "Beviljat"),
                              (iv.planned_participants, "Planerade deltagare")):
            for year, parts in measure.items():
                if any(v < 0 for v in parts.values()):
                    out.append(f"{what} {year}: belopp kan inte vara negativa.")
        out += bounds_problems(iv)
        if before is not None:
            out += locked_changes(before, iv)
        problem = status_problem(iv, old_status=before.effective_status if before else None,
                                 decision_date=iv.decision_date,
                                 decision_reference=iv.decision_reference,
                                 implementation=iv.implementation)
        if problem:
            out.append(problem)
        return out

    found = broken(new, old)
    if old is None:
        return found
    already = set(broken(old, old))
    return [m for m in found if m not in already]
