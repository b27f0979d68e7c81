"""The financing scenario (FINSAM.md F3, F4): the smallest commitment sets the total.

With the fixed split, the kommuner's quarter Q cannot exceed any member's offer
divided by its share of its party, the region's quarter cannot exceed the
regions' offers likewise, and the state half 2Q cannot exceed the state's offer:

    Q_max = min(state_offer / 2, offer_i / s_i for every member with an offer)
    T_max = 4 · Q_max, rounded down to whole kronor.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from . import plan as p
from .financing import contribution_split
from .money import as_decimal, floor_kronor


@dataclass(frozen=True)
class Cap:
    member_id: str  # "state" for the state's offer
    offer: Decimal
    share: Fraction  # of its party (1 for the state's half counted as 2Q: share 2)
    cap: Fraction  # the largest Q this offer allows
    headroom: Fraction  # cap − Q_max


@dataclass(frozen=True)
class Scenario:
    year: int
    max_quarter: Fraction
    max_total: Decimal
    binding_member: str
    caps: tuple[Cap, ...]
    state_offer: Decimal | None
    adopted_total: Decimal | None
    state_used: Decimal | None  # the state half of the adopted financing
    state_unused: Decimal | None  # state_offer − state_used (F4)
    max_state_used: Decimal  # the state half at the maximum total
    max_state_unused: Decimal | None
    missing: tuple[str, ...] = ()  # members of a party with offers whose share is unknown


def _floor(value: Fraction) -> Decimal:
    return Decimal(value.numerator // value.denominator)


def financing_scenario(*, plan: p.Plan, year: int) -> Scenario | None:
    """Largest total the fixed split allows given the offers of `year`, or None without offers."""
    fy = plan.financing_for(year)
    if fy is None or (fy.state_offer is None and not fy.offers):
        return None
    financing = contribution_split(plan=plan, year=year)
    caps: list[Cap] = []
    missing: list[str] = []
    if fy.state_offer is not None:
        caps.append(Cap("state", fy.state_offer, Fraction(2), Fraction(fy.state_offer) / 2,
                        Fraction(0)))
    for member_id, offer in fy.offers.items():
        member = plan.member(member_id)
        contribution = financing.member(member_id) if financing else None
        if member is None or member.kind in (p.FK, p.AF):
            # FK and AF offer through the state's half.
            caps.append(Cap(member_id, offer, Fraction(2), Fraction(offer) / 2, Fraction(0)))
            continue
        share = contribution.share if contribution else None
        if not share:
            missing.append(member_id)
            continue
        caps.append(Cap(member_id, offer, share, Fraction(offer) / share, Fraction(0)))
    if not caps:
        return None
    binding = min(caps, key=lambda c: c.cap)
    q_max = binding.cap
    caps = [Cap(c.member_id, c.offer, c.share, c.cap, c.cap - q_max) for c in caps]
    max_total = _floor(4 * q_max)
    state_used = financing.state if financing else None
    max_state_used = _floor(2 * q_max)
    return Scenario(
        year=year, max_quarter=q_max, max_total=max_total, binding_member=binding.member_id,
        caps=tuple(caps), state_offer=fy.state_offer,
        adopted_total=financing.total if financing else None,
        state_used=state_used,
        state_unused=(fy.state_offer - state_used
                      if fy.state_offer is not None and state_used is not None else None),
        max_state_used=max_state_used,
        max_state_unused=(fy.state_offer - max_state_used if fy.state_offer is not None
                          else None),
        missing=tuple(missing))


@dataclass(frozen=True)
class MemberHeadroom:
    """One member at the consultation (F3, F4): what it offered, what it pays in the
    financing as proposed, and what it would pay at the largest total the offers allow."""

    member_id: str
    offer: Decimal | None  # None: the member gave no offer (it binds nothing)
    proposed: Decimal | None  # its amount in the financing of the year
    at_max: Decimal  # its amount at the maximum total, rounded down to whole kronor
    binding: bool

    @property
    def left_at_proposed(self) -> Decimal | None:
        """Offer − proposed amount: what the member accepted beyond the proposal."""
        if self.offer is None or self.proposed is None:
            return None
        return self.offer - self.proposed

    @property
    def left_at_max(self) -> Decimal | None:
        """Offer − amount at the maximum total (0 for the member that binds)."""
        return None if self.offer is None else self.offer - self.at_max


def member_headroom(*, plan: p.Plan, scenario: Scenario, member_id: str) -> MemberHeadroom | None:
    """A member's headroom in the scenario of its year; None for an unknown member or one
    whose share of its party is unknown. Försäkringskassan answers for the state's half
    (its offer is the state's); Arbetsförmedlingen pays nothing (F5)."""
    member = plan.member(member_id)
    financing = contribution_split(plan=plan, year=scenario.year)
    if member is None or financing is None:
        return None
    contribution = financing.member(member_id)
    if member.kind == p.AF:
        return MemberHeadroom(member_id, None, Decimal(0), Decimal(0), False)
    if member.kind == p.FK:
        offer = scenario.state_offer
        if offer is None:
            offer = next((c.offer for c in scenario.caps if c.member_id == member_id), None)
        return MemberHeadroom(member_id, offer, financing.state, scenario.max_state_used,
                              scenario.binding_member in ("state", member_id))
    share = contribution.share if contribution else None
    if share is None:
        return None
    cap = next((c for c in scenario.caps if c.member_id == member_id), None)
    return MemberHeadroom(member_id, None if cap is None else cap.offer,
                          contribution.amount,
                          floor_kronor(as_decimal(share * scenario.max_quarter)),
                          scenario.binding_member == member_id)
