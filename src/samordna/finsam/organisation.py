"""The organisation and the plan's own lists: the rules the services and the review apply.

- members: exactly one Försäkringskassan and one Arbetsförmedlingen, at least one region and
  one kommun among the members that have not left (plan-file format, FINSAM.md §1);
  population only for kommuner and regions;
- the board: each member appoints at least one ledamot and one ersättare, equally many
  (FINSAM.md §1), counted from the named seats when there are any, else from the seat counts;
  one chair and one or two vice chairs among the ledamöter, deputies called in a set order;
- the risk analysis: likelihood 1–4 × consequence 1–4 gives the score and its level (§8);
- goals, target groups and calendar entries: what a valid entry is.

Each `*_problems` function returns Swedish messages (empty when all is well), keyed by the
field they concern where a form can show them next to it. Pure Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from . import plan as p
from . import vocabulary as vocab

SLUG = re.compile(r"^[a-z0-9_-]+$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_AMOUNT = Decimal(10) ** 13
NAME_MAX = 200
TEXT_MAX = 10_000
USUAL_TERM_YEARS = 4
MAX_VICE_CHAIRS = 2

# ---------------------------------------------------------------- members

KIND_NAMES = {p.FK: "Försäkringskassan", p.AF: "Arbetsförmedlingen", p.REGION: "region",
              p.KOMMUN: "kommun"}


def active_members(members: Iterable[p.Member]) -> tuple[p.Member, ...]:
    """The members that have not left (no end date)."""
    return tuple(m for m in members if m.ended_on is None)


def member_problems(members: Iterable[p.Member]) -> list[str]:
    """The association's composition: exactly one FK and one AF, at least one region and one
    kommun among the members that have not left; ids unique; population only where it is
    counted."""
    members = tuple(members)
    problems = []
    ids = [m.id for m in members]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        problems.append(f"Id:t {', '.join(twice)} används av fler än en medlem.")
    active = active_members(members)
    counts = {kind: sum(1 for m in active if m.kind == kind) for kind in p.MEMBER_KINDS}
    for kind in (p.FK, p.AF):
        if counts[kind] != 1:
            problems.append(f"Förbundet ska ha exakt en medlem som är {KIND_NAMES[kind]} "
                            f"(har {counts[kind]}).")
    for kind in (p.REGION, p.KOMMUN):
        if counts[kind] < 1:
            problems.append(f"Förbundet ska ha minst en {KIND_NAMES[kind]} som medlem.")
    for m in members:
        if m.population and m.kind not in (p.KOMMUN, p.REGION):
            problems.append(f"{m.name}: befolkning anges bara för kommuner och regioner.")
        if m.kind not in p.MEMBER_KINDS:
            problems.append(f"{m.name}: okänt slag av medlem.")
        if not m.name.strip():
            problems.append("Varje medlem ska ha ett namn.")
    return problems


# ---------------------------------------------------------------- the board


def board_counts(plan: p.Plan, year: int | None = None) -> dict[str, tuple[int, int]]:
    """Ledamöter and ersättare each member appoints on its own: {member_id: (regular, deputy)}.

    From the named seats when the plan has any (with `year`, the seats whose term covers
    some day of it), else from the seat counts (`board`); a seat shared by several members
    (a rotating seat) is no member's own."""
    counts: dict[str, list[int]] = {}
    if plan.seats:
        for seat in plan.seats:
            if year is not None and not seat.sits_in(year):
                continue
            row = counts.setdefault(seat.member, [0, 0])
            row[0 if seat.role == "regular" else 1] += 1
    else:
        for seats in plan.board:
            if len(seats.members) == 1:
                row = counts.setdefault(seats.members[0], [0, 0])
                row[0] += seats.regular
                row[1] += seats.deputy
    return {k: (v[0], v[1]) for k, v in counts.items()}


def board_lacking(plan: p.Plan, year: int | None = None) -> tuple[p.Member, ...]:
    """Members that do not appoint at least one ledamot and one ersättare, equally many
    (FINSAM.md §1). Members that left before `year` are not asked to."""
    counts = board_counts(plan, year)
    members = plan.members if year is None else plan.members_in(year)
    out = []
    for m in members:
        regular, deputy = counts.get(m.id, (0, 0))
        if regular < 1 or deputy < 1 or regular != deputy:
            out.append(m)
    return tuple(out)


def seat_problems(seat: p.BoardSeat, *, members: Iterable[p.Member],
                  others: Iterable[p.BoardSeat] = ()) -> dict[str, str]:
    """What is wrong with one named seat, given the members and the board's other seats.

    Keys are the seat's fields (a form shows each message next to its field)."""
    members = {m.id: m for m in members}
    others = [o for o in others if o.id != seat.id]
    errors: dict[str, str] = {}
    name = seat.name.strip()
    if not name:
        errors["name"] = "Ange personens namn."
    elif len(name) > NAME_MAX:
        errors["name"] = f"Namnet får vara högst {NAME_MAX} tecken."
    member = members.get(seat.member)
    if member is None:
        errors["member"] = "Välj den medlem som personen representerar."
    elif member.ended_on is not None and (seat.term_start is None
                                          or seat.term_start > member.ended_on):
        errors["member"] = f"{member.name} har lämnat förbundet {member.ended_on}."
    if seat.role not in p.SEAT_ROLES:
        errors["role"] = "Välj ledamot eller ersättare."
    if seat.term_start and seat.term_end and seat.term_end < seat.term_start:
        errors["term_end"] = "Mandatperioden kan inte sluta innan den börjar."
    if seat.office is not None:
        if seat.office not in p.BOARD_OFFICES:
            errors["office"] = "Okänt uppdrag."
        elif seat.role != "regular":
            errors["office"] = "Ordförande och vice ordförande väljs bland ledamöterna."
        else:
            same = [o for o in others if o.office == seat.office and _overlap(o, seat)]
            if seat.office == "chair" and same:
                errors["office"] = f"Styrelsen har redan en ordförande: {same[0].name}."
            if seat.office == "vice_chair" and len(same) >= MAX_VICE_CHAIRS:
                errors["office"] = (f"Styrelsen har redan {MAX_VICE_CHAIRS} vice ordförande: "
                                    f"{', '.join(o.name for o in same)}.")
    if seat.deputy_order is not None:
        if seat.role != "deputy":
            errors["deputy_order"] = "Bara ersättare har en inkallelseordning."
        elif seat.deputy_order < 1:
            errors["deputy_order"] = "Inkallelseordningen börjar på 1."
        else:
            taken = [o for o in others if o.role == "deputy" and o.member == seat.member
                     and o.deputy_order == seat.deputy_order and _overlap(o, seat)]
            if taken:
                errors["deputy_order"] = (f"{taken[0].name} kallas redan in som nummer "
                                          f"{seat.deputy_order} för samma medlem.")
    if seat.email:
        if len(seat.email) > 254 or not EMAIL.match(seat.email):
            errors["email"] = "Skriv en e-postadress i formen namn@exempel.se."
    return errors


def _overlap(a: p.BoardSeat, b: p.BoardSeat) -> bool:
    """Whether two terms share a day (an open end overlaps everything after it)."""
    a_start, b_start = a.term_start or date.min, b.term_start or date.min
    a_end, b_end = a.term_end or date.max, b.term_end or date.max
    return a_start <= b_end and b_start <= a_end


def term_years(seat: p.BoardSeat) -> Decimal | None:
    """The length of the term in years (one decimal), when both dates are given."""
    if seat.term_start is None or seat.term_end is None:
        return None
    days = (seat.term_end - seat.term_start).days + 1
    return (Decimal(days) / Decimal("365.25")).quantize(Decimal("0.1"))


def seats_in_order(seats: Iterable[p.BoardSeat],
                   members: Iterable[p.Member]) -> tuple[p.BoardSeat, ...]:
    """Seats by member (in the plan's order), ledamöter first, then ersättare in the order
    they are called."""
    order = {m.id: i for i, m in enumerate(members)}
    return tuple(sorted(seats, key=lambda s: (
        order.get(s.member, len(order)), 0 if s.role == "regular" else 1,
        s.deputy_order if s.deputy_order is not None else 10**6)))


def body_problems(body: p.Body, *, others: Iterable[p.Body] = ()) -> dict[str, str]:
    """`others`: the association's other bodies (not this one)."""
    errors: dict[str, str] = {}
    name = body.name.strip()
    if not name:
        errors["name"] = "Ange organets namn."
    elif len(name) > NAME_MAX:
        errors["name"] = f"Namnet får vara högst {NAME_MAX} tecken."
    elif any(o.name.strip().casefold() == name.casefold() for o in others):
        errors["name"] = f"Det finns redan ett organ som heter ”{name}”."
    if body.kind not in p.BODY_KINDS:
        errors["kind"] = "Välj vilket slags organ det är."
    return errors


def body_member_problems(person: p.BodyMember, *, members: Iterable[p.Member]) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = person.name.strip()
    if not name:
        errors["name"] = "Ange personens namn."
    elif len(name) > NAME_MAX:
        errors["name"] = f"Namnet får vara högst {NAME_MAX} tecken."
    if person.member is not None and person.member not in {m.id for m in members}:
        errors["member"] = "Välj en av förbundets medlemmar."
    if person.member is None and not (person.organisation or "").strip():
        errors["organisation"] = "Ange vilken medlem eller organisation personen kommer från."
    for key in ("organisation", "role"):
        if len(getattr(person, key) or "") > NAME_MAX:
            errors[key] = f"Högst {NAME_MAX} tecken."
    return errors


# ---------------------------------------------------------------- risks

SCALE = (1, 2, 3, 4)
# The highest score of each level: 1–3 low, 4–6 medium, 8–9 high, 12–16 very high.
RISK_LEVEL_LIMITS = (("low", 3), ("medium", 6), ("high", 9), ("very_high", 16))


def risk_score(likelihood: int, consequence: int) -> int:
    """Likelihood × consequence, each 1–4 (FINSAM.md §8): 1–16."""
    if likelihood not in SCALE or consequence not in SCALE:
        raise ValueError("likelihood and consequence are 1–4")
    return likelihood * consequence


def risk_level(score: int) -> str:
    """The level of a score: low (1–3), medium (4–6), high (8–9), very high (12–16)."""
    for level, limit in RISK_LEVEL_LIMITS:
        if 1 <= score <= limit:
            return level
    raise ValueError("a score is 1–16")


def risk_problems(control: p.RiskControl) -> dict[str, str]:
    errors: dict[str, str] = {}
    risk = control.risk.strip()
    if not risk:
        errors["risk"] = "Beskriv risken."
    elif len(risk) > TEXT_MAX:
        errors["risk"] = f"Högst {TEXT_MAX} tecken."
    if control.likelihood not in SCALE:
        errors["likelihood"] = "Sannolikheten är 1–4."
    if control.consequence not in SCALE:
        errors["consequence"] = "Konsekvensen är 1–4."
    for key in ("control", "owner", "frequency", "result", "action", "note"):
        if len(getattr(control, key) or "") > TEXT_MAX:
            errors[key] = f"Högst {TEXT_MAX} tecken."
    return errors


def risks_by_score(controls: Iterable[p.RiskControl]) -> tuple[p.RiskControl, ...]:
    """Highest score first; equal scores keep their order."""
    return tuple(sorted(controls, key=lambda c: -risk_score(c.likelihood, c.consequence)))


def text_problems(text: str, *, what: str = "texten", limit: int = TEXT_MAX) -> dict[str, str]:
    """A single line of the SWOT or a decision point: not empty, not too long."""
    text = (text or "").strip()
    if not text:
        return {"text": f"Skriv {what}."}
    if len(text) > limit:
        return {"text": f"Högst {limit} tecken."}
    return {}


# ---------------------------------------------------------------- goals and target groups

SHARE_INDICATORS = ("ended_to_work_or_studies", "ended_to_work", "survey_share",
                    "registration_completeness", "equity_max_share")


def target_kind(indicator: str | None) -> str | None:
    """What a goal's target is: a share (0–1), a count, an amount, a free number or nothing."""
    if indicator in SHARE_INDICATORS:
        return "share"
    if indicator == "participants":
        return "count"
    if indicator == "equity_min":
        return "amount"
    if indicator == "budget_balance":
        return None
    return "number"


def goal_problems(goal: p.Goal) -> dict[str, str]:
    """A goal as the plan-file format allows it (`plan.goals`, docs/plan-file.md)."""
    errors: dict[str, str] = {}
    text = goal.text.strip()
    if not text:
        errors["text"] = "Skriv målet."
    elif len(text) > TEXT_MAX:
        errors["text"] = f"Högst {TEXT_MAX} tecken."
    if goal.indicator is not None and goal.indicator not in p.INDICATORS:
        errors["indicator"] = "Okänd indikator."
    kind = target_kind(goal.indicator)
    t = goal.target
    if t is not None:
        if kind is None:
            errors["target"] = "Budget i balans har inget målvärde."
        elif kind == "share" and not (0 <= t <= 1):
            errors["target"] = "Andelen ska vara mellan 0 och 100 procent."
        elif kind == "count" and (t < 0 or t != t.to_integral_value() or t >= 10**9):
            errors["target"] = "Antalet deltagare ska vara ett heltal, noll eller mer."
        elif kind == "amount" and (abs(t) >= MAX_AMOUNT or t != t.quantize(Decimal("0.01"))):
            errors["target"] = "Beloppet är orimligt (högst 13 siffror, öre som mest)."
        elif kind == "number" and abs(t) >= MAX_AMOUNT:
            errors["target"] = "Talet är orimligt stort."
    if goal.indicator != "survey_share":
        if goal.question:
            errors["question"] = "En fråga hör bara till indikatorn enkätandel."
        if goal.threshold is not None:
            errors["threshold"] = "Ett tröskelvärde hör bara till indikatorn enkätandel."
    elif goal.threshold is not None and abs(goal.threshold) >= 1000:
        errors["threshold"] = "Tröskelvärdet är orimligt stort."
    return errors


def target_group_problems(group: p.TargetGroup, *,
                          others: Iterable[p.TargetGroup] = ()) -> dict[str, str]:
    """`others`: the plan's other target groups (not this one)."""
    errors: dict[str, str] = {}
    name = group.name.strip()
    if not name:
        errors["name"] = "Ange målgruppens namn."
    elif len(name) > NAME_MAX:
        errors["name"] = f"Namnet får vara högst {NAME_MAX} tecken."
    elif any(o.name.strip().casefold() == name.casefold() for o in others):
        errors["name"] = f"Målgruppen ”{name}” finns redan."
    if len(group.description or "") > TEXT_MAX:
        errors["description"] = f"Högst {TEXT_MAX} tecken."
    return errors


# ---------------------------------------------------------------- calendar


def calendar_problems(item: p.CalendarItem) -> dict[str, str]:
    """A calendar entry as the format allows it: times HH:MM, the end not before the start,
    the body a slug."""
    errors: dict[str, str] = {}
    for key in ("start", "end"):
        value = getattr(item, key)
        if value is not None and not TIME.match(value):
            errors[key] = "Skriv klockslaget som TT:MM, t.ex. 09:00."
    if not errors and item.start and item.end and item.end < item.start:
        errors["end"] = f"Sluttiden {item.end} ligger före starttiden {item.start}."
    if item.end and not item.start and "end" not in errors:
        errors["start"] = "Ange starttiden när en sluttid anges."
    if item.body is not None and not SLUG.match(item.body):
        errors["body"] = "Välj ett organ ur listan."
    if not (item.title or "").strip() and item.body is None:
        errors["title"] = "Ange en rubrik eller välj ett organ."
    for key in ("title", "place"):
        if len(getattr(item, key) or "") > NAME_MAX:
            errors[key] = f"Högst {NAME_MAX} tecken."
    if not (date(1990, 1, 1) <= item.date <= date(2200, 12, 31)):
        errors["date"] = "Datumet är inte rimligt."
    return errors


def calendar_in_order(items: Iterable[p.CalendarItem]) -> tuple[p.CalendarItem, ...]:
    """By date and start time (entries without a time first on their day)."""
    return tuple(sorted(items, key=lambda c: (c.date, c.start or "")))


def body_label(code: str | None, bodies: Iterable[p.Body] = ()) -> str:
    """The name of a calendar entry's body: the association's own body, else the known list."""
    if code is None:
        return vocab.EMPTY
    own = next((b.name for b in bodies if b.id == code), None)
    return own or vocab.CALENDAR_BODIES.get(code) or vocab.UNKNOWN


# ---------------------------------------------------------------- ids


def slug_of(text: str, taken: Iterable[str], *, fallback: str = "post", limit: int = 60) -> str:
    """A readable id from a text (å, ä → a, ö → o), unique among `taken` (-2, -3 …)."""
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
    base = re.sub(r"[^a-z0-9]+", "-", text.lower().translate(table)).strip("-")[:limit] or fallback
    taken = set(taken)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base[:limit - 4]}-{n}", n + 1
    return slug


def association_kept(plan: p.Plan, *, ended_on: dict[str, date] | None = None,
                     seats: tuple[p.BoardSeat, ...] = (),
                     bodies: tuple[p.Body, ...] = ()) -> p.Plan:
    """The plan with what belongs to the association rather than to one plan kept when a
    file leaves it out: a member's end date (`ended_on`, by member id), the named board
    (`seats`) and the bodies (`bodies`). A file that gives them sets them, so loading an
    older year's plan file does not undo a member's end or empty the board."""
    import dataclasses

    ended_on = ended_on or {}
    members = tuple(m if m.ended_on is not None or m.id not in ended_on
                    else dataclasses.replace(m, ended_on=ended_on[m.id]) for m in plan.members)
    return dataclasses.replace(plan, members=members, seats=plan.seats or seats,
                               bodies=plan.bodies or bodies)
