"""Member contributions by the Finsam split (FINSAM.md F1–F5).

State 50 % (paid by Försäkringskassan for itself and Arbetsförmedlingen), regions
25 % and kommuner 25 % as one party each. A party's share is divided among its
members by population at a reference date (the kommuner by the association's
`split_key` when it has one), rounded to whole kronor by largest remainder so
the parts always sum exactly. Explicit adopted amounts always win.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from . import plan as p
from .memo import memoised
from .money import ZERO


@dataclass(frozen=True)
class Weighted:
    key: str
    weight: int | Decimal | Fraction  # population or a split-key weight, positive
    population: int | None = None  # second tie-break when the weight is not the population


def largest_remainder(total: Decimal, items: list[Weighted]) -> dict[str, Decimal]:
    """Split `total` kronor by weight into whole kronor that sum exactly to `total`.

    Each part is floored; the kronor left over go one each to the largest
    fractions; ties go to the larger weight, then to the larger population
    (when given), then to the earlier item. Exact arithmetic (weights may be
    Decimal, e.g. a split key 27.5 : 41); never uses rounded percentages.
    `total` must be whole kronor.
    """
    if total != total.to_integral_value():
        raise ValueError("Beloppet att fördela ska vara hela kronor")
    if not items:
        return {}
    exact_weights = [Fraction(item.weight) for item in items]
    weights = sum(exact_weights)
    if weights <= 0:
        raise ValueError("Vikterna ska vara positiva")
    whole = int(total)
    exact = [(item, whole * w / weights) for item, w in zip(items, exact_weights, strict=True)]
    floors = {item.key: (value.numerator // value.denominator) for item, value in exact}
    left = whole - sum(floors.values())
    ranked = sorted(range(len(exact)),
                    key=lambda i: (-(exact[i][1] - (exact[i][1].numerator // exact[i][1].denominator)),
                                   -exact_weights[i], -(exact[i][0].population or 0), i))
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
    share: Fraction | None = None  # of its party (split-key, population or amount share)
    computed: Decimal | None = None  # what the split-key or population split would give


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
    missing_population: tuple[str, ...] = ()  # member ids lacking population (when it governs)
    split_key: bool = False  # the kommuner were split by the association's split_key
    missing_split_key: tuple[str, ...] = ()  # kommun ids absent from that key

    @property
    def total(self) -> Decimal | None:
        parts = (self.state, self.region, self.municipalities)
        return None if any(x is None for x in parts) else sum(parts, ZERO)

    def member(self, member_id: str) -> MemberContribution | None:
        return next((m for m in self.members if m.id == member_id), None)


def _weights(members: tuple[p.Member, ...], when: date,
             split_key: dict[str, Decimal] | None) -> dict[str, Weighted | None]:
    """Each member's weight in its party's split: its split-key weight when the party has a
    key (population then only breaks ties), else its population on `when`; None if absent."""
    out: dict[str, Weighted | None] = {}
    for m in members:
        pop = m.population_on(when)
        count = pop.count if pop else None
        if split_key is not None:
            weight = split_key.get(m.id)
            out[m.id] = None if weight is None else Weighted(m.id, weight, count)
        else:
            out[m.id] = None if count is None else Weighted(m.id, count)
    return out


def _party_split(owed: Decimal | None, members: tuple[p.Member, ...], fy: p.FinancingYear,
                 when: date, split_key: dict[str, Decimal] | None = None,
                 ) -> tuple[dict[str, MemberContribution], bool, list[str]]:
    """Divide what one party (regions or kommuner) owes among its members: by `split_key`
    when given, else by population. Returns the members, whether the part stayed
    undivided, and the ids lacking a weight (population, or a place in the key)."""
    out: dict[str, MemberContribution] = {}
    explicit = {m.id: fy.contributions[m.id] for m in members if m.id in fy.contributions}
    rest = [m for m in members if m.id not in explicit]
    pops = {m.id: m.population_on(when) for m in members}
    weights = _weights(members, when, split_key)
    missing = [m.id for m in members if weights[m.id] is None]

    # What a pure split of the whole party amount by the weights would give (for the review).
    computed: dict[str, Decimal] = {}
    if owed is not None and not missing and owed == owed.to_integral_value():
        computed = largest_remainder(owed, [weights[m.id] for m in members])

    remaining = None if owed is None else owed - sum(explicit.values(), ZERO)
    shares: dict[str, Decimal | None] = {}
    undivided = False
    if rest:
        if remaining is None:
            shares = {m.id: None for m in rest}
            undivided = True
        elif len(rest) == 1:
            shares = {rest[0].id: remaining}
        elif all(weights[m.id] is not None for m in rest) and remaining == remaining.to_integral_value():
            shares = largest_remainder(remaining, [weights[m.id] for m in rest])
        else:
            shares = {m.id: None for m in rest}
            undivided = True

    total_weight = sum(Fraction(w.weight) for w in weights.values() if w) if not missing else None
    party_total = sum(explicit.values(), ZERO) + sum((v for v in shares.values() if v), ZERO)
    for m in members:
        amount = explicit.get(m.id, shares.get(m.id))
        if total_weight:
            share = Fraction(weights[m.id].weight) / total_weight
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
    """The contributions of one year, by the rules of docs/plan-file.md (financing); memoised
    per plan object and year (`finsam.memo`)."""
    return memoised(plan, ("contribution_split", year), lambda: _contribution_split(plan=plan, year=year))


def _contribution_split(*, plan: p.Plan, year: int) -> Financing | None:
    fy = plan.financing_for(year)
    if fy is None:
        return None
    when = fy.effective_population_date
    # A member that left before the year is not in its financing (it is kept for history).
    fk = plan.members_of(p.FK, year=year)
    af = plan.members_of(p.AF, year=year)
    regions = plan.members_of(p.REGION, year=year)
    kommuner = plan.members_of(p.KOMMUN, year=year)
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
    split_key = plan.association.split_key
    missing_key: list[str] = []
    for kind, members in ((p.REGION, regions), (p.KOMMUN, kommuner)):
        key = split_key if kind == p.KOMMUN else None
        split, party_undivided, party_missing = _party_split(quarter, members, fy, when, key)
        results.update(split)
        (missing_key if key is not None else missing).extend(party_missing)
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
        members=tuple(results[m.id] for m in plan.members_in(year)),
        state=state_party, region=party(regions, p.REGION),
        municipalities=party(kommuner, p.KOMMUN),
        population_date=when, undivided=tuple(undivided), missing_population=tuple(missing),
        split_key=split_key is not None, missing_split_key=tuple(missing_key))


def financing_years(plan: p.Plan) -> tuple[int, ...]:
    return tuple(sorted(f.year for f in plan.financing))


def contributions_total(plan: p.Plan, year: int) -> Decimal | None:
    f = contribution_split(plan=plan, year=year)
    return None if f is None else f.total


def invoice_amount(f: Financing, member_id: str) -> Decimal | None:
    """What a member is invoiced for the year (F5): Försäkringskassan the whole state half,
    for itself and Arbetsförmedlingen; Arbetsförmedlingen never anything; the others their
    own amount."""
    m = f.member(member_id)
    if m is None:
        return None
    if m.kind == p.AF:
        return ZERO
    if m.kind == p.FK:
        return f.state
    return m.amount


def party_total(f: Financing, kind: str) -> Decimal | None:
    """The total of the party a member kind belongs to: the state, the regions, the kommuner."""
    if kind in (p.FK, p.AF):
        return f.state
    return f.region if kind == p.REGION else f.municipalities


@dataclass(frozen=True)
class ContributionChange:
    """A member's invoiced contribution against the year before, and why it moved (F2):
    its party's total changes, and a kommun's or region's share of its party moves with the
    population (or with the amounts, where the amounts are adopted)."""

    member_id: str
    year: int
    amount: Decimal | None
    previous_year: int
    previous_amount: Decimal | None  # None: the year before is not known
    party_total: Decimal | None
    previous_party_total: Decimal | None
    share: Fraction | None  # of its party; None for the state, which pays its half whole
    previous_share: Fraction | None

    @property
    def change(self) -> Decimal | None:
        if self.amount is None or self.previous_amount is None:
            return None
        return self.amount - self.previous_amount

    @property
    def change_share(self) -> Decimal | None:
        """The change as a share of last year's amount (exact; rounded where it is shown)."""
        change = self.change
        if change is None or not self.previous_amount:
            return None
        return change / self.previous_amount

    @property
    def party_change_share(self) -> Decimal | None:
        if self.party_total is None or not self.previous_party_total:
            return None
        return (self.party_total - self.previous_party_total) / self.previous_party_total


def contribution_change(*, current: Financing, previous: Financing | None,
                        member_id: str) -> ContributionChange | None:
    """The change of a member's invoiced contribution from `previous` to `current`."""
    m = current.member(member_id)
    if m is None:
        return None
    before = previous.member(member_id) if previous is not None else None
    state = m.kind in (p.FK, p.AF)
    return ContributionChange(
        member_id=member_id, year=current.year, amount=invoice_amount(current, member_id),
        previous_year=current.year - 1 if previous is None else previous.year,
        previous_amount=None if before is None else invoice_amount(previous, member_id),
        party_total=party_total(current, m.kind),
        previous_party_total=None if previous is None else party_total(previous, m.kind),
        share=None if state else m.share,
        previous_share=None if state or before is None else before.share)
