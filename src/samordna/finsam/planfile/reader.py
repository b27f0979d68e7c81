"""Read a plan file (`samordna/1`, see docs/plan-file.md) into a `Plan`.

`read_plan` turns YAML text into a `Plan` or raises `PlanFileError` listing every
error by its path in the file (`interventions[2].budget.2022: "12 000 kr" är inte
ett belopp`). Which keys an object has comes from `schema`; unknown keys are
warnings (`varning: interventions[0].foo: okänd nyckel, ignoreras`), not errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .. import bounds as b
from .. import plan as p
from ..money import NotAnAmount, parse_amount
from . import schema as s
from .safe_yaml import PlanFileError, load_yaml

MAX_AMOUNT = b.MAX_AMOUNT  # what the database stores: 16 digits, 2 of them öre
SLUG = re.compile(r"^[a-z0-9_-]+$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_DIGITS = re.compile(r"\d{1,15}", re.ASCII)
_SHOWN = 60  # characters of a value quoted in a message


def _show(value: Any) -> str:
    if value is None:
        return "inget värde"
    if isinstance(value, str):
        shown = value if len(value) <= _SHOWN else value[:_SHOWN] + "…"
        if b.bad_character(shown) is not None:  # quote control characters, never print them
            shown = "".join(c if b.bad_character(c) is None else f"\\u{ord(c):04x}" for c in shown)
        return f'"{shown}"'
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return '"ett mycket stort tal"'
    if isinstance(value, dict):
        return "en mappning"
    if isinstance(value, list):
        return "en lista"
    return f'"{value}"'


class _Reader:
    """Walks the raw YAML, collecting every error with its path."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.factor = Decimal(1)
        self.member_ids: set[str] = set()
        self.kommun_ids: set[str] = set()

    def err(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    # --- shapes
    def mapping(self, raw: Any, path: str, shape: s.Shape) -> dict | None:
        """`raw` as the object `shape` describes: warns on unknown keys, errs on missing ones."""
        keys, required = shape.keys, shape.required
        if not isinstance(raw, dict):
            self.err(path, f"ska vara en mappning (nyckel: värde), inte {_show(raw)}")
            return None
        for key in raw:
            if key not in keys:
                self.warnings.append(f"{path}.{key}: okänd nyckel, ignoreras")
        for key in required:
            if raw.get(key) is None:
                self.err(f"{path}.{key}", "saknas (obligatorisk)")
        return raw

    def seq(self, raw: Any, path: str) -> list:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.err(path, f"ska vara en lista, inte {_show(raw)}")
            return []
        return raw

    # --- scalars
    def text(self, raw: Any, path: str) -> str | None:
        if raw is None:
            return None
        if isinstance(raw, bool) or isinstance(raw, dict | list):
            self.err(path, f"ska vara text, inte {_show(raw)}")
            return None
        value = str(raw)
        problem = b.text_problem(value, b.text_limit(path))
        if problem:
            self.err(path, problem)
            return None
        return value

    def slug(self, raw: Any, path: str) -> str | None:
        value = self.text(raw, path)
        if value is not None and not SLUG.match(value):
            self.err(path, f'{_show(value)} är inte ett giltigt id (små bokstäver a–z, siffror, - och _)')
            return None
        if value is not None and len(value) > b.SLUG:
            self.err(path, f"ett id får vara högst {b.SLUG} tecken långt")
            return None
        return value

    def choice(self, raw: Any, path: str, options: tuple[str, ...]) -> str | None:
        if raw is None:
            return None
        if raw not in options:
            self.err(path, f"{_show(raw)} är inte tillåtet; välj en av: {', '.join(options)}")
            return None
        return raw

    def amount(self, raw: Any, path: str, *, money: bool = True) -> Decimal | None:
        if raw is None:
            return None
        try:
            value = parse_amount(raw)
        except NotAnAmount:
            self.err(path, f"{_show(raw)} är inte ett belopp")
            return None
        if not money:
            problem = b.number_problem(value)
        elif self.factor != 1 and b.number_problem(value, places=b.AMOUNT_PLACES + 3) is None:
            value = value * self.factor  # tkr: bounded first, so this cannot overflow
            problem = b.amount_problem(value)
        else:
            problem = b.amount_problem(value)
        if problem:
            self.err(path, f"{_show(raw)} {problem}")
            return None
        return value

    def share(self, raw: Any, path: str) -> Decimal | None:
        if raw is None:
            return None
        try:
            value = parse_amount(raw)
        except NotAnAmount:
            value = None
        problem = "ska vara en andel mellan 0 och 1 (t.ex. 0.85)" if value is None else \
            b.share_problem(value)
        if problem:
            self.err(path, f"{_show(raw)} {problem}")
            return None
        return value

    def integer(self, raw: Any, path: str, *, minimum: int = 0,
                maximum: int = b.MAX_INTEGER) -> int | None:
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int):
            if isinstance(raw, str) and _DIGITS.fullmatch(raw.strip()):
                raw = int(raw.strip())
            else:
                self.err(path, f"{_show(raw)} ska vara ett heltal")
                return None
        problem = b.integer_problem(raw, minimum=minimum, maximum=maximum)
        if problem:
            self.err(path, problem if raw < minimum else f"{_show(raw)} {problem}")
            return None
        return raw

    def year(self, raw: Any, path: str) -> int | None:
        value = self.integer(raw, path)
        if value is not None and b.year_problem(value):
            self.err(path, b.year_problem(value))
            return None
        return value

    def date_(self, raw: Any, path: str) -> date | None:
        if raw is None:
            return None
        if isinstance(raw, datetime):
            self.err(path, f'"{raw}" ska vara ett datum utan klockslag (ÅÅÅÅ-MM-DD)')
            return None
        value = None
        if isinstance(raw, date):
            value = raw
        elif isinstance(raw, str):
            try:
                value = date.fromisoformat(raw.strip())
            except ValueError:
                pass
        if value is None:
            self.err(path, f"{_show(raw)} ska vara ett datum (ÅÅÅÅ-MM-DD)")
            return None
        if b.date_problem(value):
            self.err(path, b.date_problem(value))
            return None
        return value

    def time(self, raw: Any, path: str) -> str | None:
        if raw is None:
            return None
        if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw < 24 * 60:
            raw = f"{raw // 60:02d}:{raw % 60:02d}"  # YAML 1.1 reads 13:00 as 780
        if not isinstance(raw, str) or not TIME.match(raw.strip()):
            self.err(path, f"{_show(raw)} ska vara ett klockslag TT:MM")
            return None
        return raw.strip()

    def boolean(self, raw: Any, path: str) -> bool | None:
        if raw is None:
            return None
        if not isinstance(raw, bool):
            self.err(path, f"{_show(raw)} ska vara true eller false")
            return None
        return raw

    def member_ref(self, raw: Any, path: str, *, kommun: bool = False) -> str | None:
        value = self.text(raw, path)
        if value is None:
            return None
        known = self.kommun_ids if kommun else self.member_ids
        if value not in known:
            what = "kommun bland medlemmarna" if kommun else "medlem"
            self.err(path, f'"{value}" är ingen känd {what}')
            return None
        return value

    def unique(self, items: list[tuple[str, str | None]], what: str) -> None:
        seen: set[str] = set()
        for path, value in items:
            if value is None:
                continue
            if value in seen:
                self.err(path, f'{what} "{value}" förekommer mer än en gång')
            seen.add(value)


def _plain(r: _Reader, m: dict, path: str, shape: s.Shape) -> dict[str, Any]:
    """The plain keys of an object (`shape.kinds`), each read as its kind says."""
    out: dict[str, Any] = {}
    for key, kind in shape.kinds:
        raw, kpath = m.get(key), f"{path}.{key}"
        if kind == "text":
            out[key] = r.text(raw, kpath)
        elif kind == "slug":
            out[key] = r.slug(raw, kpath)
        elif kind == "member":
            out[key] = r.member_ref(raw, kpath)
        elif kind == "date":
            out[key] = r.date_(raw, kpath)
        elif kind == "time":
            out[key] = r.time(raw, kpath)
        elif kind == "bool":
            out[key] = r.boolean(raw, kpath)
        elif kind == "positive":
            out[key] = r.integer(raw, kpath, minimum=1)
        elif kind == "scale":
            value = r.integer(raw, kpath, minimum=1)
            if value is not None and value > 4:
                r.err(kpath, f"{value} ska vara 1, 2, 3 eller 4")
                value = None
            out[key] = value
    return out


def _year_amounts(r: _Reader, raw: Any, path: str, *, money: bool = True,
                  whole: bool = False, kommun_keys: bool = True) -> p.YearAmounts:
    """`{YEAR: amount}` or `{YEAR: {KOMMUN_ID: amount, common: amount}}`."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        r.err(path, f"ska vara en mappning år: belopp, inte {_show(raw)}")
        return {}
    out: p.YearAmounts = {}
    for key, value in raw.items():
        year = r.year(key, f"{path}.{key}")
        if year is None:
            continue
        parts: dict[str, Decimal] = {}
        if isinstance(value, dict):
            for sub, sub_value in value.items():
                sub_path = f"{path}.{year}.{sub}"
                if sub != p.COMMON and kommun_keys:
                    if r.member_ref(sub, sub_path, kommun=True) is None:
                        continue
                amount = _number(r, sub_value, sub_path, money=money, whole=whole)
                if amount is not None:
                    parts[str(sub)] = amount
        else:
            amount = _number(r, value, f"{path}.{year}", money=money, whole=whole)
            if amount is None:
                continue
            parts[p.COMMON] = amount
        out[year] = parts
    return out


def _number(r: _Reader, raw: Any, path: str, *, money: bool, whole: bool) -> Decimal | None:
    if raw is None:
        r.err(path, "saknar värde")
        return None
    if whole:
        value = r.integer(raw, path, maximum=b.MAX_COUNT)
        return None if value is None else Decimal(value)
    return r.amount(raw, path, money=money)


def _goal(r: _Reader, raw: Any, path: str) -> p.Goal | None:
    m = r.mapping(raw, path, s.GOAL)
    if m is None:
        return None
    indicator = r.choice(m.get("indicator"), f"{path}.indicator", p.INDICATORS)
    target_raw = m.get("target")
    if indicator == "equity_min":
        target = r.amount(target_raw, f"{path}.target")
    elif indicator == "participants":
        value = r.integer(target_raw, f"{path}.target", maximum=b.MAX_COUNT)
        target = None if value is None else Decimal(value)
    elif indicator in (None, "budget_balance"):
        target = r.amount(target_raw, f"{path}.target", money=False)
    else:
        target = r.share(target_raw, f"{path}.target")
    return p.Goal(
        text=r.text(m.get("text"), f"{path}.text") or "",
        indicator=indicator,
        target=target,
        question=r.text(m.get("question"), f"{path}.question"),
        threshold=r.amount(m.get("threshold"), f"{path}.threshold", money=False),
        note=r.text(m.get("note"), f"{path}.note"),
        stated_amount=r.amount(m.get("stated_amount"), f"{path}.stated_amount"),
        **_plain(r, m, path, s.GOAL),
    )


def _goals(r: _Reader, raw: Any, path: str) -> tuple[p.Goal, ...]:
    goals = [_goal(r, g, f"{path}[{i}]") for i, g in enumerate(r.seq(raw, path))]
    r.unique([(f"{path}[{i}].id", g.id) for i, g in enumerate(goals) if g is not None], "id")
    return tuple(g for g in goals if g is not None)


def _texts(r: _Reader, raw: Any, path: str) -> tuple[str, ...]:
    items = [r.text(t, f"{path}[{i}]") for i, t in enumerate(r.seq(raw, path))]
    return tuple(t for t in items if t is not None)


def _association(r: _Reader, raw: Any) -> p.Association | None:
    path = "association"
    m = r.mapping(raw, path, s.ASSOCIATION)
    if m is None:
        return None
    org = r.text(m.get("org_number"), f"{path}.org_number")
    if org is not None and not re.match(r"^\d{6}-\d{4}$", org):
        r.err(f"{path}.org_number", f'"{org}" ska skrivas NNNNNN-NNNN')
    return p.Association(
        id=r.slug(m.get("id"), f"{path}.id") or "",
        name=r.text(m.get("name"), f"{path}.name") or "",
        org_number=org,
        county=r.text(m.get("county"), f"{path}.county"),
        website=r.text(m.get("website"), f"{path}.website"),
        address=r.text(m.get("address"), f"{path}.address"),
        vision=r.text(m.get("vision"), f"{path}.vision"),
        mission=r.text(m.get("mission"), f"{path}.mission"),
        values=r.text(m.get("values"), f"{path}.values"),
        note=r.text(m.get("note"), f"{path}.note"),
        state_display=r.choice(m.get("state_display"), f"{path}.state_display", ("fk", "fk_af")),
        expected_underspend=r.share(m.get("expected_underspend"),
                                    f"{path}.expected_underspend"),
    )


def _split_key(r: _Reader, raw: Any) -> dict[str, Decimal] | None:
    """`association.split_key`: `{kommun_id: weight}`, weights positive in any unit (not money:
    `unit` does not apply). Read after the members, since every id must be a kommun."""
    path = "association.split_key"
    if raw is None:
        return None
    if not isinstance(raw, dict):
        r.err(path, f"ska vara en mappning kommun: vikt (t.ex. {{ale: 27, kungalv: 41}}), "
                    f"inte {_show(raw)}")
        return None
    if not raw:
        r.err(path, "ska ange en vikt för minst en kommun")
        return None
    out: dict[str, Decimal] = {}
    for key, value in raw.items():
        kpath = f"{path}.{key}"
        member_id = r.member_ref(key, kpath, kommun=True)
        weight = None if value is None else r.amount(value, kpath, money=False)
        if value is None:
            r.err(kpath, "saknar vikt")
        elif weight is not None and weight <= 0:
            r.err(kpath, f"{_show(value)} ska vara en positiv vikt (t.ex. 27)")
            weight = None
        if member_id is not None and weight is not None:
            out[member_id] = weight
    return out


def _members(r: _Reader, raw: Any) -> tuple[p.Member, ...]:
    members: list[p.Member] = []
    ids: list[tuple[str, str | None]] = []
    if raw is None:
        r.err("members", "saknas (obligatorisk)")
    for i, item in enumerate(r.seq(raw, "members")):
        path = f"members[{i}]"
        m = r.mapping(item, path, s.MEMBER)
        if m is None:
            continue
        member_id = r.slug(m.get("id"), f"{path}.id")
        kind = r.choice(m.get("kind"), f"{path}.kind", p.MEMBER_KINDS)
        ids.append((f"{path}.id", member_id))
        population: list[p.PopulationCount] = []
        pop_raw = m.get("population")
        if pop_raw is not None and kind in (p.FK, p.AF):
            r.err(f"{path}.population", "befolkning anges bara för kommuner och regioner")
        for j, pop in enumerate(r.seq(pop_raw, f"{path}.population")):
            ppath = f"{path}.population[{j}]"
            pm = r.mapping(pop, ppath, s.POPULATION)
            if pm is None:
                continue
            when = r.date_(pm.get("date"), f"{ppath}.date")
            count = r.integer(pm.get("count"), f"{ppath}.count", minimum=1,
                              maximum=b.MAX_POPULATION)
            if when is not None and count is not None:
                population.append(p.PopulationCount(when, count, r.text(pm.get("note"),
                                                                        f"{ppath}.note")))
        r.unique([(f"{path}.population", str(c.date)) for c in population], "datumet")
        name = r.text(m.get("name"), f"{path}.name") or ""
        note = r.text(m.get("note"), f"{path}.note")
        plain = _plain(r, m, path, s.MEMBER)
        if member_id is None or kind is None:
            continue
        members.append(p.Member(
            id=member_id, name=name, kind=kind, population=tuple(population), note=note,
            **plain,
        ))
    r.unique(ids, "id")
    if members and len(members) == len([x for x in ids if x[1]]):
        # Members that have left (ended_on) are kept for history and not counted here.
        counts = {kind: sum(1 for m in members if m.kind == kind and m.ended_on is None)
                  for kind in p.MEMBER_KINDS}
        if counts[p.FK] != 1:
            r.err("members", f"ska ha exakt en medlem av slaget forsakringskassan (har {counts[p.FK]})")
        if counts[p.AF] != 1:
            r.err("members", f"ska ha exakt en medlem av slaget arbetsformedlingen (har {counts[p.AF]})")
        if counts[p.REGION] < 1:
            r.err("members", "ska ha minst en region")
        if counts[p.KOMMUN] < 1:
            r.err("members", "ska ha minst en kommun")
    r.member_ids = {m.id for m in members}
    r.kommun_ids = {m.id for m in members if m.kind == p.KOMMUN}
    return tuple(members)


def _plan_info(r: _Reader, raw: Any) -> p.PlanInfo | None:
    path = "plan"
    m = r.mapping(raw, path, s.PLAN)
    if m is None:
        return None
    year = r.year(m.get("year"), f"{path}.year")
    plan_years = []
    for i, y in enumerate(r.seq(m.get("plan_years"), f"{path}.plan_years")):
        value = r.year(y, f"{path}.plan_years[{i}]")
        if value is not None:
            if year is not None and value <= year:
                r.err(f"{path}.plan_years[{i}]", f"planåret {value} ska komma efter budgetåret {year}")
            plan_years.append(value)
    sections = []
    placed: dict[str, str] = {}  # part → the path of the section that holds it
    for i, section in enumerate(r.seq(m.get("sections"), f"{path}.sections")):
        spath = f"{path}.sections[{i}]"
        sm = r.mapping(section, spath, s.SECTION)
        if sm is not None:
            sections.append(p.Section(r.text(sm.get("title"), f"{spath}.title") or "",
                                      r.text(sm.get("text"), f"{spath}.text") or "",
                                      r.text(sm.get("note"), f"{spath}.note"),
                                      _parts(r, sm.get("parts"), f"{spath}.parts", placed)))
    groups = []
    for i, g in enumerate(r.seq(m.get("target_groups"), f"{path}.target_groups")):
        gpath = f"{path}.target_groups[{i}]"
        gm = r.mapping(g, gpath, s.TARGET_GROUP)
        if gm is not None:
            groups.append(p.TargetGroup(
                name=r.text(gm.get("name"), f"{gpath}.name") or "",
                description=r.text(gm.get("description"), f"{gpath}.description"),
                priority=bool(r.boolean(gm.get("priority"), f"{gpath}.priority")),
                note=r.text(gm.get("note"), f"{gpath}.note"),
                **_plain(r, gm, gpath, s.TARGET_GROUP),
            ))
    r.unique([(f"{path}.target_groups[{i}].id", g.id) for i, g in enumerate(groups)], "id")
    info = dict(
        plan_years=tuple(plan_years),
        adopted_on=r.date_(m.get("adopted_on"), f"{path}.adopted_on"),
        adopted_by=r.text(m.get("adopted_by"), f"{path}.adopted_by"),
        reference=r.text(m.get("reference"), f"{path}.reference"),
        sections=tuple(sections), target_groups=tuple(groups),
        goals=_goals(r, m.get("goals"), f"{path}.goals"),
        note=r.text(m.get("note"), f"{path}.note"),
        title_page=r.text(m.get("title_page"), f"{path}.title_page"),
        budget_title=r.text(m.get("budget_title"), f"{path}.budget_title"),
        decisions=_texts(r, m.get("decisions"), f"{path}.decisions"),
        glossary=_glossary(r, m.get("glossary"), f"{path}.glossary"),
    )
    if year is None:
        return None
    return p.PlanInfo(year=year, **info)


def _parts(r: _Reader, raw: Any, path: str, placed: dict[str, str]) -> tuple[str, ...]:
    """A section's generated parts: known, each held by one section only."""
    parts = []
    for i, item in enumerate(r.seq(raw, path)):
        part = r.choice(item, f"{path}[{i}]", p.DOCUMENT_PARTS)
        if part is None:
            continue
        if part in placed:
            r.err(f"{path}[{i}]", f'delen "{part}" ligger redan i {placed[part]}')
            continue
        placed[part] = path.removesuffix(".parts")
        parts.append(part)
    return tuple(parts)


def _glossary(r: _Reader, raw: Any, path: str) -> tuple[p.GlossaryEntry, ...]:
    entries = []
    seen: dict[str, int] = {}
    for i, item in enumerate(r.seq(raw, path)):
        gpath = f"{path}[{i}]"
        gm = r.mapping(item, gpath, s.GLOSSARY)
        if gm is None:
            continue
        term = (r.text(gm.get("term"), f"{gpath}.term") or "").strip()
        definition = (r.text(gm.get("definition"), f"{gpath}.definition") or "").strip()
        if gm.get("term") is not None and not term:
            r.err(f"{gpath}.term", "får inte vara tom")
        if gm.get("definition") is not None and not definition:
            r.err(f"{gpath}.definition", "får inte vara tom")
        key = term.casefold()
        if term and key in seen:
            r.err(f"{gpath}.term", f'"{term}" finns redan i {path}[{seen[key]}]')
        seen.setdefault(key, i)
        entries.append(p.GlossaryEntry(term, definition, r.text(gm.get("note"), f"{gpath}.note")))
    return tuple(entries)


def _member_amounts(r: _Reader, raw: Any, path: str,
                    reader: Callable[[Any, str], Decimal | None]) -> dict[str, Decimal]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        r.err(path, f"ska vara en mappning medlem: belopp, inte {_show(raw)}")
        return {}
    out: dict[str, Decimal] = {}
    for key, value in raw.items():
        member_id = r.member_ref(key, f"{path}.{key}")
        amount = reader(value, f"{path}.{key}")
        if member_id is not None and amount is not None:
            out[member_id] = amount
    return out


def _financing(r: _Reader, raw: Any) -> tuple[p.FinancingYear, ...]:
    out = []
    for i, item in enumerate(r.seq(raw, "financing")):
        path = f"financing[{i}]"
        m = r.mapping(item, path, s.FINANCING)
        if m is None:
            continue
        year = r.year(m.get("year"), f"{path}.year")
        entry = p.FinancingYear(
            year=year or 0,
            state=r.amount(m.get("state"), f"{path}.state"),
            contributions=_member_amounts(r, m.get("contributions"), f"{path}.contributions",
                                          r.amount),
            population_date=r.date_(m.get("population_date"), f"{path}.population_date"),
            total=r.amount(m.get("total"), f"{path}.total"),
            status=r.choice(m.get("status"), f"{path}.status", p.FINANCING_STATUSES),
            state_offer=r.amount(m.get("state_offer"), f"{path}.state_offer"),
            offers=_member_amounts(r, m.get("offers"), f"{path}.offers", r.amount),
            note=r.text(m.get("note"), f"{path}.note"),
            label=r.text(m.get("label"), f"{path}.label"),
            shown_shares=_member_amounts(r, m.get("shown_shares"), f"{path}.shown_shares",
                                         r.share),
        )
        if year is not None:
            out.append((f"{path}.year", entry))
    r.unique([(path, str(e.year)) for path, e in out], "året")
    return tuple(e for _, e in out)


def _intervention(r: _Reader, raw: Any, path: str) -> p.Intervention | None:
    m = r.mapping(raw, path, s.INTERVENTION)
    if m is None:
        return None
    level = r.choice(m.get("level"), f"{path}.level", p.LEVELS)
    category = None
    if m.get("category") is not None and level is not None:
        category = r.choice(m.get("category"), f"{path}.category", p.CATEGORIES[level])
    markings = []
    for j, mark in enumerate(r.seq(m.get("markings"), f"{path}.markings")):
        value = r.choice(mark, f"{path}.markings[{j}]", p.MARKINGS)
        if value is not None:
            markings.append(value)
    members = None
    if m.get("members") is not None:
        refs = [r.member_ref(x, f"{path}.members[{j}]")
                for j, x in enumerate(r.seq(m.get("members"), f"{path}.members"))]
        members = tuple(x for x in refs if x is not None)
    municipalities = None
    if m.get("municipalities") is not None:
        refs = [r.member_ref(x, f"{path}.municipalities[{j}]", kommun=True)
                for j, x in enumerate(r.seq(m.get("municipalities"), f"{path}.municipalities"))]
        municipalities = tuple(x for x in refs if x is not None)
    start = end = None
    if m.get("period") is not None:
        pm = r.mapping(m.get("period"), f"{path}.period", s.PERIOD)
        if pm is not None:
            start = r.date_(pm.get("start"), f"{path}.period.start")
            end = r.date_(pm.get("end"), f"{path}.period.end")
            if start and end and end < start:
                r.err(f"{path}.period", f"slutdatum {end} ligger före startdatum {start}")
    duration = None
    if m.get("duration_weeks") is not None:
        dw = r.seq(m.get("duration_weeks"), f"{path}.duration_weeks")
        if len(dw) != 2:
            r.err(f"{path}.duration_weeks", "ska vara [min, max] (null för okänt)")
        else:
            duration = (r.integer(dw[0], f"{path}.duration_weeks[0]", maximum=b.MAX_WEEKS),
                        r.integer(dw[1], f"{path}.duration_weeks[1]", maximum=b.MAX_WEEKS))
            if None not in duration and duration[0] > duration[1]:
                r.err(f"{path}.duration_weeks", "min är större än max")
    funding = []
    for j, f in enumerate(r.seq(m.get("external_funding"), f"{path}.external_funding")):
        fpath = f"{path}.external_funding[{j}]"
        fm = r.mapping(f, fpath, s.EXTERNAL_FUNDING)
        if fm is None:
            continue
        amounts = _year_amounts(r, fm.get("amount"), f"{fpath}.amount", kommun_keys=False)
        funding.append(p.ExternalFunding(
            source=r.choice(fm.get("source"), f"{fpath}.source", p.FUNDING_SOURCES) or "other",
            reference=r.text(fm.get("reference"), f"{fpath}.reference"),
            amount={y: sum(v.values(), Decimal(0)) for y, v in amounts.items()},
            note=r.text(fm.get("note"), f"{fpath}.note"),
        ))
    granted = _year_amounts(r, m.get("granted"), f"{path}.granted")
    decision_date = decision_reference = None
    if m.get("decision") is not None:
        dm = r.mapping(m.get("decision"), f"{path}.decision", s.DECISION)
        if dm is not None:
            decision_date = r.date_(dm.get("date"), f"{path}.decision.date")
            decision_reference = r.text(dm.get("reference"), f"{path}.decision.reference")
    fields = dict(
        id=r.slug(m.get("id"), f"{path}.id") or "",
        name=r.text(m.get("name"), f"{path}.name") or "",
        level=level, category=category,
        description=r.text(m.get("description"), f"{path}.description"),
        target_group=r.text(m.get("target_group"), f"{path}.target_group"),
        eligibility=r.text(m.get("eligibility"), f"{path}.eligibility"),
        method=r.text(m.get("method"), f"{path}.method"),
        follow_up=r.choice(m.get("follow_up"), f"{path}.follow_up", p.FOLLOW_UP),
        markings=tuple(markings), members=members,
        provider=r.text(m.get("provider"), f"{path}.provider"),
        municipalities=municipalities, period_start=start, period_end=end,
        status=r.choice(m.get("status"), f"{path}.status", p.STATUSES),
        duration_weeks=duration,
        capacity=r.integer(m.get("capacity"), f"{path}.capacity", maximum=b.MAX_COUNT),
        planned_participants=_year_amounts(r, m.get("planned_participants"),
                                           f"{path}.planned_participants", whole=True),
        granted=granted,
        budget=_year_amounts(r, m.get("budget"), f"{path}.budget"),
        forecast=_year_amounts(r, m.get("forecast"), f"{path}.forecast"),
        outcome=_year_amounts(r, m.get("outcome"), f"{path}.outcome"),
        external_funding=tuple(funding),
        goals=_goals(r, m.get("goals"), f"{path}.goals"),
        note=r.text(m.get("note"), f"{path}.note"),
        decision_date=decision_date, decision_reference=decision_reference,
        successor_of=r.slug(m.get("successor_of"), f"{path}.successor_of"),
        implementation=r.text(m.get("implementation"), f"{path}.implementation"),
        how_to_apply=r.text(m.get("how_to_apply"), f"{path}.how_to_apply"),
    )
    if level is None:
        return None
    return p.Intervention(**fields)


def _lines(r: _Reader, raw: Any, path: str, kinds: tuple[str, ...]) -> tuple[p.Line, ...]:
    out = []
    for i, item in enumerate(r.seq(raw, path)):
        lpath = f"{path}[{i}]"
        m = r.mapping(item, lpath, s.LINE)
        if m is None:
            continue
        line_id = r.slug(m.get("id"), f"{lpath}.id")
        kind = r.choice(m.get("kind"), f"{lpath}.kind", kinds)
        amount = r.amount(m.get("amount"), f"{lpath}.amount")
        label = r.text(m.get("label"), f"{lpath}.label") or ""
        note = r.text(m.get("note"), f"{lpath}.note")
        admin = r.boolean(m.get("admin"), f"{lpath}.admin")
        if line_id is None or kind is None:
            continue
        out.append(p.Line(id=line_id, label=label, kind=kind, amount=amount, note=note,
                          admin=admin))
    r.unique([(f"{path}[{i}].id", line.id) for i, line in enumerate(out)], "id")
    return tuple(out)


def _budget(r: _Reader, raw: Any, plan_info: p.PlanInfo | None) -> tuple[p.BudgetEntry, ...]:
    out = []
    for i, item in enumerate(r.seq(raw, "budget")):
        path = f"budget[{i}]"
        m = r.mapping(item, path, s.BUDGET_ENTRY)
        if m is None:
            continue
        year = r.year(m.get("year"), f"{path}.year")
        column = r.choice(m.get("column"), f"{path}.column", p.COLUMNS)
        if column is None and m.get("column") is None and plan_info is not None and year:
            column = "plan" if year in plan_info.plan_years else "budget"
        stated: dict[str, Decimal] = {}
        if m.get("stated") is not None:
            sm = r.mapping(m.get("stated"), f"{path}.stated", s.STATED)
            for key in p.STATED_KEYS:
                value = r.amount((sm or {}).get(key), f"{path}.stated.{key}")
                if value is not None:
                    stated[key] = value
        entry = p.BudgetEntry(
            year=year or 0, column=column or "budget",
            opening_equity=r.amount(m.get("opening_equity"), f"{path}.opening_equity"),
            revenue=_lines(r, m.get("revenue"), f"{path}.revenue", p.REVENUE_KINDS),
            costs=_lines(r, m.get("costs"), f"{path}.costs", p.COST_KINDS),
            stated=stated,
            deficit_justification=r.text(m.get("deficit_justification"),
                                         f"{path}.deficit_justification"),
            note=r.text(m.get("note"), f"{path}.note"),
            label=r.text(m.get("label"), f"{path}.label"),
        )
        if year is not None and column is not None:
            out.append((path, entry))
    r.unique([(path, f"{e.year} {e.column}") for path, e in out], "år och kolumn")
    return tuple(e for _, e in out)


def _tertial_amounts(r: _Reader, raw: Any, path: str, known: set[str], what: str) -> dict[str, Decimal]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        r.err(path, f"ska vara en mappning id: belopp, inte {_show(raw)}")
        return {}
    out: dict[str, Decimal] = {}
    for key, value in raw.items():
        kpath = f"{path}.{key}"
        item_id = r.text(key, kpath)
        if item_id is not None and item_id not in known:
            r.err(kpath, f'"{item_id}" är {what}')
            item_id = None
        amount = r.amount(value, kpath) if value is not None else None
        if value is None:
            r.err(kpath, "saknar värde")
        if item_id is not None and amount is not None:
            out[item_id] = amount
    return out


def _tertial_figures(r: _Reader, raw: Any, path: str, year: int | None,
                     line_ids: dict[int, set[str]], intervention_ids: set[str]) -> p.TertialFigures:
    if raw is None:
        return p.TertialFigures()
    m = r.mapping(raw, path, s.TERTIAL_FIGURES)
    if m is None:
        return p.TertialFigures()
    lines = line_ids.get(year, set()) if year is not None else set()
    return p.TertialFigures(
        lines=_tertial_amounts(r, m.get("lines"), f"{path}.lines", lines,
                               f"ingen kostnads- eller intäktsrad i budgeten för {year}"),
        interventions=_tertial_amounts(r, m.get("interventions"), f"{path}.interventions",
                                       intervention_ids, "ingen känd insats"),
        contributions=_tertial_amounts(r, m.get("contributions"), f"{path}.contributions",
                                       r.member_ids, "ingen känd medlem"),
    )


def _tertials(r: _Reader, raw: Any, budget: tuple[p.BudgetEntry, ...],
              interventions: tuple[p.Intervention, ...]) -> tuple[p.Tertial, ...]:
    line_ids: dict[int, set[str]] = {}
    for entry in budget:
        line_ids.setdefault(entry.year, set()).update(x.id for x in (*entry.revenue, *entry.costs))
    intervention_ids = {iv.id for iv in interventions}
    out = []
    for i, item in enumerate(r.seq(raw, "tertials")):
        path = f"tertials[{i}]"
        m = r.mapping(item, path, s.TERTIAL)
        if m is None:
            continue
        year = r.year(m.get("year"), f"{path}.year")
        period = r.choice(m.get("period"), f"{path}.period", p.PERIODS)
        outcome = _tertial_figures(r, m.get("outcome"), f"{path}.outcome", year, line_ids,
                                   intervention_ids)
        forecast = _tertial_figures(r, m.get("forecast"), f"{path}.forecast", year, line_ids,
                                    intervention_ids)
        comments: dict[str, str] = {}
        raw_comments = m.get("comments")
        if raw_comments is not None and not isinstance(raw_comments, dict):
            r.err(f"{path}.comments", f"ska vara en mappning id: text, inte {_show(raw_comments)}")
        elif raw_comments:
            known = line_ids.get(year, set()) | intervention_ids | r.member_ids
            for key, value in raw_comments.items():
                cpath = f"{path}.comments.{key}"
                item_id = r.text(key, cpath)
                if item_id is not None and item_id not in known:
                    r.err(cpath, f'"{item_id}" är ingen rad i budgeten för {year}, insats eller medlem')
                    item_id = None
                text = r.text(value, cpath)
                if text is None and value is None:
                    r.err(cpath, "saknar text")
                if item_id is not None and text is not None:
                    comments[item_id] = text
        reported_on = r.date_(m.get("reported_on"), f"{path}.reported_on")
        note = r.text(m.get("note"), f"{path}.note")
        if year is None or period is None:
            continue
        out.append((path, p.Tertial(year=year, period=period, outcome=outcome, forecast=forecast,
                                    comments=comments, reported_on=reported_on, note=note)))
    r.unique([(path, f"{t.year} {t.period}") for path, t in out], "år och period")
    return tuple(t for _, t in out)


def _calendar(r: _Reader, raw: Any) -> tuple[p.CalendarItem, ...]:
    out = []
    for i, item in enumerate(r.seq(raw, "calendar")):
        path = f"calendar[{i}]"
        m = r.mapping(item, path, s.CALENDAR)
        if m is None:
            continue
        fields = _plain(r, m, path, s.CALENDAR)
        start, end = fields["start"], fields["end"]
        if start and end and end < start:
            r.err(f"{path}.end", f"sluttiden {end} ligger före starttiden {start}")
        if fields["date"] is None:
            continue
        out.append(p.CalendarItem(**fields))
    r.unique([(f"calendar[{i}].id", c.id) for i, c in enumerate(out)], "id")
    return tuple(out)


def _risks(r: _Reader, raw: Any) -> p.Risks | None:
    if raw is None:
        return None
    m = r.mapping(raw, "risks", s.RISKS)
    if m is None:
        return None
    controls = []
    for i, item in enumerate(r.seq(m.get("controls"), "risks.controls")):
        path = f"risks.controls[{i}]"
        cm = r.mapping(item, path, s.RISK_CONTROL)
        if cm is None:
            continue
        fields = _plain(r, cm, path, s.RISK_CONTROL)
        if None in (fields["id"], fields["likelihood"], fields["consequence"]):
            continue
        controls.append(p.RiskControl(**{**fields, "risk": fields["risk"] or ""}))
    r.unique([(f"risks.controls[{i}].id", c.id) for i, c in enumerate(controls)], "id")
    return p.Risks(*(_texts(r, m.get(k), f"risks.{k}")
                     for k in ("strengths", "weaknesses", "opportunities", "threats")),
                   note=r.text(m.get("note"), "risks.note"), controls=tuple(controls))


def _board_seats(r: _Reader, raw: Any) -> tuple[p.BoardSeat, ...]:
    """Extension `board_seats`: the named board (docs/plan-file.md)."""
    out = []
    for i, item in enumerate(r.seq(raw, "board_seats")):
        path = f"board_seats[{i}]"
        m = r.mapping(item, path, s.BOARD_SEAT)
        if m is None:
            continue
        fields = _plain(r, m, path, s.BOARD_SEAT)
        role = r.choice(m.get("role"), f"{path}.role", p.SEAT_ROLES)
        office = r.choice(m.get("office"), f"{path}.office", p.BOARD_OFFICES)
        if fields["term_start"] and fields["term_end"] and fields["term_end"] < fields["term_start"]:
            r.err(f"{path}.term_end", f"mandatperioden slutar {fields['term_end']}, före "
                                      f"starten {fields['term_start']}")
        if office is not None and role == "deputy":
            r.err(f"{path}.office", "ordförande och vice ordförande är ledamöter, inte ersättare")
        if fields["deputy_order"] is not None and role == "regular":
            r.err(f"{path}.deputy_order", "bara ersättare har en inkallelseordning")
        if None in (fields["id"], fields["member"], role):
            continue
        out.append(p.BoardSeat(**{**fields, "name": fields["name"] or ""}, role=role,
                               office=office))
    r.unique([(f"board_seats[{i}].id", x.id) for i, x in enumerate(out)], "id")
    return tuple(out)


def _bodies(r: _Reader, raw: Any) -> tuple[p.Body, ...]:
    """Extension `bodies`: arbetsutskott, beredningsgrupp and other bodies with their people."""
    out = []
    for i, item in enumerate(r.seq(raw, "bodies")):
        path = f"bodies[{i}]"
        m = r.mapping(item, path, s.BODY)
        if m is None:
            continue
        fields = _plain(r, m, path, s.BODY)
        kind = r.choice(m.get("kind"), f"{path}.kind", p.BODY_KINDS)
        people = []
        for j, person in enumerate(r.seq(m.get("members"), f"{path}.members")):
            ppath = f"{path}.members[{j}]"
            pm = r.mapping(person, ppath, s.BODY_MEMBER)
            if pm is not None:
                pf = _plain(r, pm, ppath, s.BODY_MEMBER)
                people.append(p.BodyMember(**{**pf, "name": pf["name"] or ""}))
        if fields["id"] is None or kind is None:
            continue
        out.append(p.Body(**{**fields, "name": fields["name"] or ""}, kind=kind,
                          members=tuple(people)))
    r.unique([(f"bodies[{i}].id", x.id) for i, x in enumerate(out)], "id")
    return tuple(out)


def _board(r: _Reader, raw: Any) -> tuple[p.BoardSeats, ...]:
    out = []
    for i, item in enumerate(r.seq(raw, "board")):
        path = f"board[{i}]"
        m = r.mapping(item, path, s.BOARD)
        if m is None:
            continue
        refs = [r.member_ref(x, f"{path}.members[{j}]")
                for j, x in enumerate(r.seq(m.get("members"), f"{path}.members"))]
        out.append(p.BoardSeats(tuple(x for x in refs if x),
                                r.integer(m.get("regular", 0), f"{path}.regular",
                                          maximum=b.MAX_SEATS) or 0,
                                r.integer(m.get("deputy", 0), f"{path}.deputy",
                                          maximum=b.MAX_SEATS) or 0,
                                r.text(m.get("note"), f"{path}.note")))
    return tuple(out)


def read_plan(data: bytes | str) -> tuple[p.Plan, list[str]]:
    """Parse and validate a plan file. Returns the plan and warnings (ignored keys)."""
    doc = load_yaml(data)
    r = _Reader()
    if not isinstance(doc, dict):
        raise PlanFileError([f"filen: ska vara en mappning med nycklarna format, association, "
                             f"members, plan …, inte {_show(doc)}"])
    r.mapping(doc, "filen", s.TOP)
    if doc.get("format") != s.FORMAT:
        r.err("format", f'ska vara "{s.FORMAT}", inte {_show(doc.get("format"))}')
    unit = doc.get("unit", "kr")
    if unit not in ("kr", "tkr"):
        r.err("unit", f"{_show(unit)} är inte tillåtet; välj kr eller tkr")
    r.factor = Decimal(1000) if unit == "tkr" else Decimal(1)
    for key in ("association", "members", "plan"):
        if doc.get(key) is None and key != "members":
            r.err(key, "saknas (obligatorisk)")
    association = _association(r, doc.get("association")) if "association" in doc else None
    members = _members(r, doc.get("members"))
    if association is not None and isinstance(doc.get("association"), dict):
        association = replace(association,
                              split_key=_split_key(r, doc["association"].get("split_key")))
    plan_info = _plan_info(r, doc.get("plan")) if doc.get("plan") is not None else None
    financing = _financing(r, doc.get("financing"))
    interventions = []
    for i, item in enumerate(r.seq(doc.get("interventions"), "interventions")):
        value = _intervention(r, item, f"interventions[{i}]")
        if value is not None:
            interventions.append((f"interventions[{i}].id", value))
    r.unique([(path, iv.id) for path, iv in interventions], "id")
    budget = _budget(r, doc.get("budget"), plan_info)
    tertials = _tertials(r, doc.get("tertials"), budget, tuple(iv for _, iv in interventions))
    calendar = _calendar(r, doc.get("calendar"))
    risks = _risks(r, doc.get("risks"))
    board = _board(r, doc.get("board"))
    seats = _board_seats(r, doc.get("board_seats"))
    bodies = _bodies(r, doc.get("bodies"))
    if r.errors or association is None or plan_info is None:
        raise PlanFileError(r.errors or ["filen: kunde inte läsas"])
    return p.Plan(association=association, members=members, plan=plan_info,
                  financing=financing, interventions=tuple(iv for _, iv in interventions),
                  budget=budget, calendar=calendar, risks=risks, board=board,
                  tertials=tertials, seats=seats, bodies=bodies), r.warnings
