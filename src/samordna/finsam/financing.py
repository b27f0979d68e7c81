"""Member contributions by the Finsam split (FINSAM.md F1–F5).

State 50 % (paid by Försäkringskassan for itself and Arbetsförmedlingen), regions
25 % and kommuner 25 % as one party each. A party's share is divided among its
members by population at a reference date, rounded to whole kronor by largest
remainder so the parts always sum exactly. Explicit adopted amounts always win.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from . import plan as p
from .money import ZERO


@dataclass(frozen=True)
class Weighted:
    key: str
    weight: int  # population (or any positive weight); ties go to the larger weight


def largest_remainder(total: Decimal, items: list[Weighted]) -> dict[str, Decimal]:
    """Split `total` kronor by weight into whole kronor that sum exactly to `total`.

    Each part is floored; the kronor left over go one each to the largest
    fractions; ties go to the larger weight, then to the earlier item. Never
    uses rounded percentages. `total` must be whole kronor.
    """
    if total != total.to_integral_value():
        raise ValueError("Beloppet att fördela ska vara hela kronor")
    if not items:
        return {}
    weights = sum(item.weight for item in items)
    if weights <= 0:
        raise ValueError("Vikterna ska vara positiva")
    whole = int(total)
    exact = [(item, Fraction(whole * item.weight, weights)) for item in items]
    floors = {item.key: (value.numerator // value.denominator) for item, value in exact}
    left = whole - sum(floors.values())
    ranked = sorted(range(len(exact)),
                    key=lambda i: (-(exact[i][1] - (exact[i][1].numerator // exact[i][1].denominator)),
                                   -exact[i][0].weight, i))
    for i in ranked[:left]:
        floors[exact[i][0].key] += 1
    return {key: Decimal(value) for key, value in floors.items()}


@dataclass(frozen=True)
class MemberContribution:
    id: str
    name: str
    kind: str
    amount: Decimal | None
    explicit: bool
    population: int | None = None
    population_date: date | None = None
    share: Fraction | None = None  # of its party (population share or amount share)
    computed: Decimal | None = None  # what the population split would give (when computable)


@dataclass(frozen=True)
class Financing:
    year: int
    status: str
    members: tuple[MemberContribution, ...]
    state: Decimal | None
    region: Decimal | None
    municipalities: Decimal | None
    population_date: date
    undivided: tuple[str, ...] = ()  # party kinds whose part could not be divided
    missing_population: tuple[str, ...] = ()  # member ids lacking population

    @property
    def total(self) -> Decimal | None:
        parts = (self.state, self.region, self.municipalities)
        return None if any(x is None for x in parts) else sum(parts, ZERO)

    def member(self, member_id: str) -> MemberContribution | None:
        return next((m for m in self.members if m.id == member_id), None)


def _party_split(owed: Decimal | None, members: tuple[p.Member, ...], fy: p.FinancingYear,
                 when: date) -> tuple[dict[str, MemberContribution], bool, list[str]]:
    """Divide what one party (regions or kommuner) owes among its members."""
    out: dict[str, MemberContribution] = {}
    explicit = {m.id: fy.contributions[m.id] for m in members if m.id in fy.contributions}
    rest = [m for m in members if m.id not in explicit]
    pops = {m.id: m.population_on(when) for m in members}
    missing = [m.id for m in members if pops[m.id] is None]

    # What a pure population split of the whole party amount would give (for the review).
    computed: dict[str, Decimal] = {}
    if owed is not None and not missing and owed == owed.to_integral_value():
        computed = largest_remainder(owed, [Weighted(m.id, pops[m.id].count) for m in members])

    remaining = None if owed is None else owed - sum(explicit.values(), ZERO)
    shares: dict[str, Decimal | None] = {}
    undivided = False
    if rest:
        if remaining is None:
            shares = {m.id: None for m in rest}
            undivided = True
        elif len(rest) == 1:
            shares = {rest[0].id: remaining}
        elif all(pops[m.id] is not None for m in rest) and remaining == remaining.to_integral_value():
            shares = largest_remainder(remaining, [Weighted(m.id, pops[m.id].count) for m in rest])
        else:
            shares = {m.id: None for m in rest}
            undivided = True

    total_pop = sum(c.count for c in pops.values() if c) if not missing else None
    party_total = sum(explicit.values(), ZERO) + sum((v for v in shares.values() if v), ZERO)
    for m in members:
        amount = explicit.get(m.id, shares.get(m.id))
        if total_pop:
            share = Fraction(pops[m.id].count, total_pop)
        elif amount is not None and party_total and not undivided:
            share = Fraction(int(amount * 100), int(party_total * 100))
        else:
            share = None
        pop = pops[m.id]
        out[m.id] = MemberContribution(
            id=m.id, name=m.name, kind=m.kind, amount=amount, explicit=m.id in explicit,
            population=pop.count if pop else None, population_date=pop.date if pop else None,
            share=share, computed=computed.get(m.id))
    return out, undivided, missing


def contribution_split(*, plan: p.Plan, year: int) -> Financing | None:
    """The contributions of one year, by the rules of docs/plan-file.md (financing)."""
    fy = plan.financing_for(year)
    if fy is None:
        return None
    when = fy.effective_population_date
    fk = plan.members_of(p.FK)
    af = plan.members_of(p.AF)
    regions = plan.members_of(p.REGION)
    kommuner = plan.members_of(p.KOMMUN)
    state_explicit = [m for m in (*fk, *af) if m.id in fy.contributions]

    results: dict[str, MemberContribution] = {}
    if state_explicit:
        for m in (*fk, *af):
            results[m.id] = MemberContribution(m.id, m.name, m.kind,
                                               fy.contributions.get(m.id, ZERO), m.id in
                                               fy.contributions)
        state_total = sum((fy.contributions.get(m.id, ZERO) for m in (*fk, *af)), ZERO)
    else:
        state_total = fy.state
        for m in fk:
            results[m.id] = MemberContribution(m.id, m.name, m.kind, fy.state, False)
        for m in af:
            results[m.id] = MemberContribution(m.id, m.name, m.kind,
                                               ZERO if fy.state is not None else None, False)

    # Each of the other two parties owes half the state's part; without a state part,
    # the legal split still makes the regions and kommuner equal.
    def explicit_sum(members: tuple[p.Member, ...]) -> Decimal | None:
        if members and all(m.id in fy.contributions for m in members):
            return sum((fy.contributions[m.id] for m in members), ZERO)
        return None

    if state_total is not None:
        quarter: Decimal | None = state_total / 2
    else:
        quarter = explicit_sum(regions)
        if quarter is None:
            quarter = explicit_sum(kommuner)
    undivided: list[str] = []
    missing: list[str] = []
    for kind, members in ((p.REGION, regions), (p.KOMMUN, kommuner)):
        split, party_undivided, party_missing = _party_split(quarter, members, fy, when)
        results.update(split)
        missing.extend(party_missing)
        if party_undivided:
            undivided.append(kind)

    def party(members: tuple[p.Member, ...], kind: str) -> Decimal | None:
        if kind in undivided:
            return quarter
        values = [results[m.id].amount for m in members]
        return None if any(v is None for v in values) else sum(values, ZERO)

    state_party = None
    state_values = [results[m.id].amount for m in (*fk, *af)]
    if all(v is not None for v in state_values):
        state_party = sum(state_values, ZERO)
    return Financing(
        year=year, status=fy.effective_status,
        members=tuple(results[m.id] for m in plan.members),
        state=state_party, region=party(regions, p.REGION),
        municipalities=party(kommuner, p.KOMMUN),
        population_date=when, undivided=tuple(undivided), missing_population=tuple(missing))


def financing_years(plan: p.Plan) -> tuple[int, ...]:
    return tuple(sorted(f.year for f in plan.financing))


def contributions_total(plan: p.Plan, year: int) -> Decimal | None:
    f = contribution_split(plan=plan, year=year)
    return None if f is None else f.total
