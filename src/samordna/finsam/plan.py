"""The plan as data: one association's activity plan with budget (a plan file).

These frozen dataclasses are what the plan-file reader produces, what the
database layer converts to and from, and what every rule in the rulebook reads.
Amounts are Decimal kronor (a file in tkr is converted on reading).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from . import vocabulary as vocab

# The code tuples the rulebook reads, in the vocabulary's order (labels: vocabulary.py).
FK = "forsakringskassan"
AF = "arbetsformedlingen"
REGION = "region"
KOMMUN = "kommun"
MEMBER_KINDS = tuple(vocab.MEMBER_KINDS)

LEVELS = tuple(vocab.LEVELS)
CATEGORIES = {
    "individual": ("kartlaggning", "forberedande", "rehabilitering", "forebyggande"),
    "structural": ("kartlaggning", "utbildning", "dialog"),
}
FOLLOW_UP = tuple(vocab.FOLLOW_UP)
MARKINGS = tuple(vocab.MARKINGS)
STATUSES = tuple(vocab.STATUSES)
FUNDING_SOURCES = tuple(vocab.FUNDING_SOURCES)
FINANCING_STATUSES = tuple(vocab.FINANCING_STATUSES)
COLUMNS = tuple(vocab.COLUMNS)
REVENUE_KINDS = tuple(vocab.REVENUE_KINDS)
COST_KINDS = tuple(vocab.COST_KINDS)
# Cost kinds counted as administration unless a line says otherwise (B9, configurable per line).
ADMIN_KINDS = ("board", "office", "audit", "economy", "information")
INDICATORS = tuple(vocab.INDICATORS)
SEAT_ROLES = tuple(vocab.SEAT_ROLES)
BOARD_OFFICES = tuple(vocab.BOARD_OFFICES)
BODY_KINDS = tuple(vocab.BODY_KINDS)
SWOT = tuple(vocab.SWOT)
STATED_KEYS = tuple(vocab.STATED_KEYS)
DOCUMENT_PARTS = tuple(vocab.DOCUMENT_PARTS)
# Tertials: T1 = January–April, T2 = January–August, T3 = the whole year (months gone).
PERIODS = tuple(vocab.PERIODS)
PERIOD_MONTHS = {"T1": 4, "T2": 8, "T3": 12}
COMMON = "common"

# Amounts per year: {year: {member_id or "common": amount}}; a plain amount is {"common": x}.
YearAmounts = dict[int, dict[str, Decimal]]


@dataclass(frozen=True)
class PopulationCount:
    date: date
    count: int
    note: str | None = None


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    kind: str
    population: tuple[PopulationCount, ...] = ()
    note: str | None = None
    # Extension: the day the member left the association. It is kept for history (other
    # plans, the change log and follow-up refer to it) and leaves the financing of every
    # year that begins after that day.
    ended_on: date | None = None

    def takes_part_in(self, year: int) -> bool:
        """Whether the member is in the financing of `year` (it had not left before 1 Jan)."""
        return self.ended_on is None or self.ended_on >= date(year, 1, 1)

    def population_on(self, when: date) -> PopulationCount | None:
        """The latest count on or before `when`."""
        found = [p for p in self.population if p.date <= when]
        return max(found, key=lambda p: p.date) if found else None


@dataclass(frozen=True)
class Association:
    id: str
    name: str
    org_number: str | None = None
    county: str | None = None
    website: str | None = None
    address: str | None = None
    vision: str | None = None
    mission: str | None = None
    values: str | None = None
    note: str | None = None
    # Extensions (docs/plan-file.md): how the state half is shown, expected underspend.
    state_display: str | None = None
    expected_underspend: Decimal | None = None
    # The kommuner's fixed split key from the charter or an agreement, {kommun_id: weight}
    # (weights positive, any unit). When given it replaces population for the kommun split.
    split_key: dict[str, Decimal] | None = None


@dataclass(frozen=True)
class Goal:
    text: str
    indicator: str | None = None
    target: Decimal | None = None
    question: str | None = None
    threshold: Decimal | None = None
    note: str | None = None
    stated_amount: Decimal | None = None  # extension: an amount the document states for the target
    id: str | None = None  # extension: a stable id, so the app and a load address the goal


@dataclass(frozen=True)
class Section:
    title: str
    text: str
    note: str | None = None
    # Extension: the generated parts (DOCUMENT_PARTS) the documents place in this chapter.
    parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class GlossaryEntry:
    """Extension: one term of the plan's own glossary (seed 002, Bilaga 1)."""

    term: str
    definition: str
    note: str | None = None


@dataclass(frozen=True)
class TargetGroup:
    name: str
    description: str | None = None
    priority: bool = False
    note: str | None = None
    id: str | None = None  # extension: a stable id


@dataclass(frozen=True)
class PlanInfo:
    year: int
    plan_years: tuple[int, ...] = ()
    adopted_on: date | None = None
    adopted_by: str | None = None
    reference: str | None = None
    sections: tuple[Section, ...] = ()
    target_groups: tuple[TargetGroup, ...] = ()
    goals: tuple[Goal, ...] = ()
    note: str | None = None
    # Extensions: texts as the document prints them, checked against the data.
    title_page: str | None = None
    budget_title: str | None = None
    decisions: tuple[str, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()  # extension: the plan's own glossary

    @property
    def years(self) -> tuple[int, ...]:
        return (self.year, *self.plan_years)


@dataclass(frozen=True)
class FinancingYear:
    year: int
    state: Decimal | None = None
    contributions: dict[str, Decimal] = field(default_factory=dict)
    population_date: date | None = None
    total: Decimal | None = None
    status: str | None = None
    state_offer: Decimal | None = None
    offers: dict[str, Decimal] = field(default_factory=dict)
    note: str | None = None
    label: str | None = None  # extension: the heading as printed
    shown_shares: dict[str, Decimal] = field(default_factory=dict)  # extension: shares as printed

    @property
    def effective_status(self) -> str:
        return self.status or "adopted"

    @property
    def effective_population_date(self) -> date:
        return self.population_date or date(self.year - 1, 6, 30)


@dataclass(frozen=True)
class ExternalFunding:
    source: str
    reference: str | None = None
    amount: dict[int, Decimal] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class Intervention:
    id: str
    name: str
    level: str
    category: str | None = None
    description: str | None = None
    target_group: str | None = None
    eligibility: str | None = None
    method: str | None = None
    follow_up: str | None = None
    markings: tuple[str, ...] = ()
    members: tuple[str, ...] | None = None
    provider: str | None = None
    municipalities: tuple[str, ...] | None = None
    period_start: date | None = None
    period_end: date | None = None
    status: str | None = None
    duration_weeks: tuple[int | None, int | None] | None = None
    capacity: int | None = None
    planned_participants: YearAmounts = field(default_factory=dict)
    granted: YearAmounts = field(default_factory=dict)
    budget: YearAmounts = field(default_factory=dict)
    forecast: YearAmounts = field(default_factory=dict)
    outcome: YearAmounts = field(default_factory=dict)
    external_funding: tuple[ExternalFunding, ...] = ()
    goals: tuple[Goal, ...] = ()
    note: str | None = None
    # Extensions (docs/plan-file.md): lifecycle and the public catalogue.
    decision_date: date | None = None
    decision_reference: str | None = None
    successor_of: str | None = None
    implementation: str | None = None
    how_to_apply: str | None = None

    @property
    def effective_follow_up(self) -> str:
        return self.follow_up or ("individual" if self.level == "individual" else "count")

    @property
    def effective_status(self) -> str:
        return self.status or "ongoing"

    def amounts(self, column: str) -> YearAmounts:
        """The amounts that feed a budget column: budget and plan both read `budget`."""
        return {"budget": self.budget, "plan": self.budget, "forecast": self.forecast,
                "outcome": self.outcome}[column]

    def amount(self, column: str, year: int) -> Decimal | None:
        parts = self.amounts(column).get(year)
        return None if parts is None else sum(parts.values(), Decimal(0))

    def participants(self, year: int) -> Decimal | None:
        parts = self.planned_participants.get(year)
        return None if parts is None else sum(parts.values(), Decimal(0))


@dataclass(frozen=True)
class Line:
    id: str
    label: str
    kind: str
    amount: Decimal | None = None
    note: str | None = None
    admin: bool | None = None  # extension: counts as administration (default from kind)

    @property
    def is_admin(self) -> bool:
        return self.admin if self.admin is not None else self.kind in ADMIN_KINDS


@dataclass(frozen=True)
class BudgetEntry:
    year: int
    column: str
    opening_equity: Decimal | None = None
    revenue: tuple[Line, ...] = ()
    costs: tuple[Line, ...] = ()
    stated: dict[str, Decimal] = field(default_factory=dict)
    deficit_justification: str | None = None
    note: str | None = None
    label: str | None = None  # extension: the column heading as printed


@dataclass(frozen=True)
class CalendarItem:
    date: date
    start: str | None = None
    end: str | None = None
    body: str | None = None
    title: str | None = None
    place: str | None = None
    tentative: bool | None = None
    note: str | None = None
    id: str | None = None  # extension: a stable id (the app edits entries by it)


@dataclass(frozen=True)
class RiskControl:
    """Extension: one row of the risk analysis and internal-control plan (FINSAM.md §8).

    Likelihood and consequence are 1–4; their product is the score (`organisation.risk_score`)
    and the score gives the level (`organisation.risk_level`)."""

    id: str
    risk: str
    likelihood: int
    consequence: int
    control: str | None = None
    owner: str | None = None
    frequency: str | None = None
    result: str | None = None
    action: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Risks:
    strengths: tuple[str, ...] = ()
    weaknesses: tuple[str, ...] = ()
    opportunities: tuple[str, ...] = ()
    threats: tuple[str, ...] = ()
    note: str | None = None
    controls: tuple[RiskControl, ...] = ()  # extension: risk × consequence, internal control

    def __bool__(self) -> bool:
        return bool(self.strengths or self.weaknesses or self.opportunities or self.threats
                    or self.controls or self.note)


@dataclass(frozen=True)
class BoardSeats:
    """Extension: board seats held by one member, or shared by several (e.g. a rotating seat)."""

    members: tuple[str, ...]
    regular: int
    deputy: int
    note: str | None = None


@dataclass(frozen=True)
class BoardSeat:
    """Extension: one named seat on the board. Board members are public officials in their
    public role: name and role only (no personnummer, no contact details beyond an
    optional work e-mail)."""

    id: str
    name: str  # the person
    member: str  # the member (id) the person represents
    role: str  # one of SEAT_ROLES: regular (ledamot) or deputy (ersättare)
    term_start: date | None = None
    term_end: date | None = None
    office: str | None = None  # one of BOARD_OFFICES: chair or vice_chair (ledamöter only)
    deputy_order: int | None = None  # the order in which the member's deputies are called
    email: str | None = None  # work e-mail, optional
    note: str | None = None

    def sits_in(self, year: int) -> bool:
        """Whether the term covers some day of `year` (no dates: always)."""
        return ((self.term_start is None or self.term_start <= date(year, 12, 31))
                and (self.term_end is None or self.term_end >= date(year, 1, 1)))


@dataclass(frozen=True)
class BodyMember:
    """A person in a body: the member organisation they come from, or another organisation."""

    name: str
    member: str | None = None
    organisation: str | None = None
    role: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Body:
    """Extension: a body of the association other than the board (arbetsutskott,
    beredningsgrupp …) and the people in it."""

    id: str
    kind: str  # one of BODY_KINDS
    name: str
    members: tuple[BodyMember, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class TertialFigures:
    """Amounts of one tertial by item: cost or revenue line ids, intervention ids, member ids."""

    lines: dict[str, Decimal] = field(default_factory=dict)
    interventions: dict[str, Decimal] = field(default_factory=dict)
    contributions: dict[str, Decimal] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.lines or self.interventions or self.contributions)


@dataclass(frozen=True)
class Tertial:
    """Outcome from 1 January to the end of `period` and the whole-year forecast made then."""

    year: int
    period: str  # one of PERIODS
    outcome: TertialFigures = field(default_factory=TertialFigures)
    forecast: TertialFigures = field(default_factory=TertialFigures)
    comments: dict[str, str] = field(default_factory=dict)  # {line, intervention or member id: text}
    reported_on: date | None = None
    note: str | None = None


@dataclass(frozen=True)
class Plan:
    association: Association
    members: tuple[Member, ...]
    plan: PlanInfo
    financing: tuple[FinancingYear, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    budget: tuple[BudgetEntry, ...] = ()
    calendar: tuple[CalendarItem, ...] = ()
    risks: Risks | None = None
    board: tuple[BoardSeats, ...] = ()
    tertials: tuple[Tertial, ...] = ()
    seats: tuple[BoardSeat, ...] = ()  # extension: the named board
    bodies: tuple[Body, ...] = ()  # extension: arbetsutskott, beredningsgrupp …

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    def members_of(self, *kinds: str, year: int | None = None) -> tuple[Member, ...]:
        """Members of these kinds; with `year`, only those in that year's financing."""
        return tuple(m for m in self.members if m.kind in kinds
                     and (year is None or m.takes_part_in(year)))

    def members_in(self, year: int) -> tuple[Member, ...]:
        """The members in the financing of `year` (those that had not left before it)."""
        return tuple(m for m in self.members if m.takes_part_in(year))

    def financing_for(self, year: int) -> FinancingYear | None:
        return next((f for f in self.financing if f.year == year), None)

    def default_column(self, year: int) -> str:
        return "plan" if year in self.plan.plan_years else "budget"

    def entry(self, year: int, column: str) -> BudgetEntry | None:
        return next((e for e in self.budget if e.year == year and e.column == column), None)

    def tertial(self, year: int, period: str) -> Tertial | None:
        return next((t for t in self.tertials if t.year == year and t.period == period), None)
