"""The figures a förbund administrator types into Uppföljning Finsam (FINSAM.md §6).

Försäkringskassan's Uppföljning Finsam (UF) takes, per förbund, the allocated funds per
financier, the equity and the administrative costs (budget and outcome); per intervention,
its name, level, preciserad inriktning, target group, follow-up method, ESF flag, budget,
outcome, budgeted participants and participants: women and men for individual
interventions, a head count for structural ones. `national_figures` gives them in UF's
entry order, each with its source in the plan or the follow-up, so the administrator can
check a figure before typing it in.

UF's codes are not confirmed: what UF calls our levels, categories, follow-up methods, ESF
flags and financiers is data (`NationalCodes`, overridden by the installation's settings).
The figures are exact: UF needs the real numbers, so nothing is suppressed here; only a
role that reports to UF reaches them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from . import followup as fu
from . import plan as p
from . import vocabulary as vocab
from .budget import budget_figures
from .financing import contribution_split
from .interventions import esf_flag
from .money import ZERO, format_sek, round_kronor

MONEY, COUNT, TEXT = "money", "count", "text"


@dataclass(frozen=True)
class NationalCodes:
    """What UF calls our codes (its drop-down values). Every code of ours needs one."""

    levels: Mapping[str, str] = field(default_factory=lambda: {
        "individual": "Individinriktad insats", "structural": "Strukturövergripande insats"})
    categories: Mapping[str, str] = field(default_factory=lambda: dict(vocab.CATEGORIES))
    follow_up: Mapping[str, str] = field(default_factory=lambda: {
        "individual": "Individuppföljning", "count": "Antal deltagare"})
    esf: Mapping[str, str] = field(default_factory=lambda: {
        "none": "Nej", "esf_owner": "Ja, ESF-projekt som förbundet äger", "esf_cofinancer": "Ja, medfinansiering"})
    financiers: Mapping[str, str] = field(default_factory=lambda: {
        "state": "Staten (Försäkringskassan och Arbetsförmedlingen)", "region": "Region",
        "municipalities": "Kommuner"})

    def problems(self) -> list[str]:
        out = []
        for name, given, ours in (("levels", self.levels, vocab.LEVELS),
                                  ("categories", self.categories, vocab.CATEGORIES),
                                  ("follow_up", self.follow_up, {"individual": "", "count": ""}),
                                  ("esf", self.esf, vocab.ESF_FLAGS),
                                  ("financiers", self.financiers, vocab.PARTIES)):
            out += [f"{name}: {code!r} saknar värde i Uppföljning Finsam" for code in ours
                    if not str(given.get(code) or "").strip()]
            out += [f"{name}: {code!r} är ingen kod i Samordna" for code in given if code not in ours]
        return out


DEFAULT_CODES = NationalCodes()


def codes_with(overrides: Mapping[str, Mapping[str, str]] | None) -> NationalCodes:
    """The default codes with an installation's overrides merged in, per list."""
    unknown = set(overrides or {}) - set(NationalCodes.__dataclass_fields__)
    if unknown:
        raise ValueError(f"okända listor: {', '.join(sorted(unknown))}")
    merged = {name: {**getattr(DEFAULT_CODES, name), **dict(values)}
              for name, values in (overrides or {}).items()}
    return replace(DEFAULT_CODES, **merged)


@dataclass(frozen=True)
class Entry:
    """One field of UF's form: its value (None: Samordna lacks it), the kind of value and
    where it comes from. `required`: UF needs it, so a missing value is listed to fix."""

    key: str
    label: str
    value: Decimal | int | str | None
    kind: str
    source: str
    required: bool = True

    @property
    def missing(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Group:
    """The förbund's form or one intervention's, its entries in UF's order."""

    key: str
    title: str
    entries: tuple[Entry, ...]
    notes: tuple[str, ...] = ()

    def entry(self, key: str) -> Entry | None:
        return next((e for e in self.entries if e.key == key), None)


@dataclass(frozen=True)
class NationalFigures:
    association: str
    year: int
    forbund: Group
    interventions: tuple[Group, ...]

    @property
    def missing(self) -> list[tuple[Group, Entry]]:
        return [(g, e) for g in (self.forbund, *self.interventions) for e in g.entries
                if e.required and e.missing]


def _kr(value: Decimal) -> str:
    return format_sek(value)


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_kronor(value)


def _listing(parts: Iterable[tuple[str, Decimal]], fmt=_kr) -> str:
    return ", ".join(f"{name} {fmt(v)}" for name, v in parts)


# ---------------------------------------------------------------- the förbund


def _funds(plan: p.Plan, year: int, codes: NationalCodes) -> list[Entry]:
    financing = contribution_split(plan=plan, year=year)
    t3 = plan.tertial(year, "T3")
    paid = t3.outcome.contributions if t3 else {}
    kinds = {"state": (p.FK, p.AF), "region": (p.REGION,), "municipalities": (p.KOMMUN,)}
    out = []
    for party in vocab.PARTIES:
        label = f"Tilldelade medel, {codes.financiers[party]}"
        members = [m for m in plan.members_in(year) if m.kind in kinds[party]]
        if financing is None:
            out.append(Entry(f"funds.{party}.budget", f"{label}, budget", None, MONEY,
                             f"Planen har ingen finansiering för {year}."))
        else:
            total = {"state": financing.state, "region": financing.region,
                     "municipalities": financing.municipalities}[party]
            parts = [(c.name, c.amount) for c in financing.members
                     if c.amount is not None and c.kind in kinds[party]]
            status = vocab.FINANCING_STATUSES.get(financing.status, financing.status).lower()
            source = f"Finansieringen {year} ({status}): {_listing(parts)}." if parts else \
                f"Finansieringen {year} ({status})."
            if total is None:
                source = f"Finansieringen {year} kan inte fördelas på {vocab.PARTIES[party].lower()}."
            out.append(Entry(f"funds.{party}.budget", f"{label}, budget", _money(total), MONEY, source))
        got = [(m.name, paid[m.id]) for m in members if m.id in paid]
        if got:
            out.append(Entry(f"funds.{party}.outcome", f"{label}, utfall",
                             _money(sum((v for _, v in got), ZERO)), MONEY,
                             f"Tertialrapport 3 {year} (helår), utfall: {_listing(got)}."))
        else:
            out.append(Entry(f"funds.{party}.outcome", f"{label}, utfall", None, MONEY,
                             f"Inget utfall för {year} ännu (tertialrapport 3 saknar medlemsbidragen)."))
    return out


def _outcome_figures(plan: p.Plan, year: int):
    if plan.entry(year, "outcome") is None:
        return None
    figures = budget_figures(plan=plan, year=year, column="outcome")
    return figures if figures.has_budget else None


def _equity(plan: p.Plan, year: int) -> list[Entry]:
    column = plan.default_column(year)
    budget = budget_figures(plan=plan, year=year, column=column)
    what = vocab.COLUMNS[column].lower()
    if budget.closing_equity is None:
        entry = Entry("equity.budget", "Eget kapital vid årets slut, budget", None, MONEY,
                      f"Planens {what} {year} ger inget eget kapital (ingående eget kapital eller resultat saknas).")
    else:
        entry = Entry("equity.budget", "Eget kapital vid årets slut, budget", _money(budget.closing_equity), MONEY,
                      f"Planens {what} {year}: ingående eget kapital {_kr(budget.opening_equity)} "
                      f"+ resultat {_kr(budget.result)}.")
    outcome = _outcome_figures(plan, year)
    if outcome is None or outcome.closing_equity is None:
        out = Entry("equity.outcome", "Eget kapital vid årets slut, utfall", None, MONEY,
                    f"Inget utfall för {year} i planens budget ännu.")
    else:
        out = Entry("equity.outcome", "Eget kapital vid årets slut, utfall", _money(outcome.closing_equity), MONEY,
                    f"Utfall {year}: ingående eget kapital {_kr(outcome.opening_equity)} "
                    f"+ resultat {_kr(outcome.result)}.")
    return [entry, out]


def _admin(plan: p.Plan, year: int) -> list[Entry]:
    column = plan.default_column(year)
    budget = budget_figures(plan=plan, year=year, column=column)
    admin_lines = [line for line in budget.cost_lines if line.is_admin and line.amount is not None]
    what = vocab.COLUMNS[column].lower()
    if budget.admin_costs is None:
        entry = Entry("admin.budget", "Administrativa kostnader, budget", None, MONEY,
                      f"Planens {what} {year} har inga kostnadsrader.")
    else:
        lines = _listing((line.label, line.amount) for line in admin_lines) or "inga administrativa rader"
        entry = Entry("admin.budget", "Administrativa kostnader, budget", _money(budget.admin_costs), MONEY,
                      f"Planens {what} {year}, kostnadsrader för administration: {lines}.")
    outcome = _outcome_figures(plan, year)
    t3 = plan.tertial(year, "T3")
    if outcome is not None:
        lines = _listing((line.label, line.amount) for line in outcome.cost_lines
                         if line.is_admin and line.amount is not None) or "inga administrativa rader"
        out = Entry("admin.outcome", "Administrativa kostnader, utfall", _money(outcome.admin_costs), MONEY,
                    f"Utfall {year}, kostnadsrader för administration: {lines}.")
    elif t3 is not None and any(line.id in t3.outcome.lines for line in admin_lines):
        got = [(line.label, t3.outcome.lines[line.id]) for line in admin_lines if line.id in t3.outcome.lines]
        out = Entry("admin.outcome", "Administrativa kostnader, utfall", _money(sum((v for _, v in got), ZERO)),
                    MONEY, f"Tertialrapport 3 {year} (helår), utfall: {_listing(got)}.")
    else:
        out = Entry("admin.outcome", "Administrativa kostnader, utfall", None, MONEY,
                    f"Inget utfall för {year} ännu (varken utfall i budgeten eller tertialrapport 3).")
    return [entry, out]


# ---------------------------------------------------------------- the interventions


def _count(value: Decimal | None) -> int | None:
    return None if value is None else int(value)


def _planned(plan: p.Plan, iv: p.Intervention, year: int) -> Entry:
    parts = iv.planned_participants.get(year)
    if parts is None:
        return Entry("participants.budgeted", "Budgeterade deltagare", None, COUNT,
                     f"Planen anger inga planerade deltagare för {year}: ange dem på insatsen.")
    names = {m.id: m.name for m in plan.members}
    split = [(names.get(k, "gemensamt" if k == p.COMMON else k), v) for k, v in parts.items()]
    detail = f" ({_listing(split, lambda v: str(int(v)))})" if len(split) > 1 else ""
    return Entry("participants.budgeted", "Budgeterade deltagare", _count(sum(parts.values(), ZERO)), COUNT,
                 f"Verksamhetsplanen {plan.plan.year}: planerade deltagare {year}{detail}.")


def _participants(iv: p.Intervention, data: fu.FollowUpData, year: int) -> tuple[list[Entry], list[str]]:
    period = fu.Period.year(year)
    mode = data.modes.get(iv.id, fu.mode_for(iv.follow_up, iv.level))
    mine = data.for_interventions([iv.id])
    notes = []
    if mode == "count":
        entries = [c for c in mine.counts if period.first <= c.span.first and c.span.last <= period.last]
        counts = fu.counted(entries, period)
        periods = ", ".join(f"{vocab.PERIOD_KINDS[c.kind].lower()} {c.period}" for c in
                            sorted(entries, key=lambda c: (c.span.first, c.kind)))
        source = f"Antal per period {year} ({periods})." if entries else None
        if not entries and iv.effective_status == "applied":
            source, counts = f"Insatsen är ansökt och inte startad: inga deltagare {year}.", fu.GenderCounts()
        elif not entries:
            counts = None
            source = f"Inga antal för {year} är registrerade: registrera dem under Uppföljning."
    else:
        live = fu.in_period(mine.records, period)
        counts = fu.by_gender(live)
        source = (f"Deltagaruppföljningen: {len(live)} avidentifierade poster pågående någon månad {year} "
                  "(felregistrerade räknas inte; en person med två inskrivningar räknas två gånger).")
    if iv.level == "structural":
        total = None if counts is None else counts.total
        return [Entry("participants.count", "Antal deltagare", total, COUNT, source)], notes
    women = None if counts is None else counts.kvinna
    men = None if counts is None else counts.man
    if counts is not None and counts.annat:
        notes.append(f"{counts.annat} deltagare med annat kön ingår inte bland kvinnor och män: Uppföljning "
                     "Finsam tar bara emot kvinnor och män.")
    if counts is not None and counts.unspecified:
        notes.append(f"{counts.unspecified} deltagare är räknade utan kön och ingår inte bland kvinnor och män.")
    return [Entry("participants.women", "Deltagare, kvinnor", women, COUNT, source),
            Entry("participants.men", "Deltagare, män", men, COUNT, source)], notes


def _money_of(plan: p.Plan, iv: p.Intervention, year: int) -> list[Entry]:
    budget = iv.amount("budget", year)
    parts = iv.budget.get(year) or {}
    names = {m.id: m.name for m in plan.members}
    detail = (f" ({_listing((names.get(k, 'gemensamt' if k == p.COMMON else k), v) for k, v in parts.items())})"
              if len(parts) > 1 else "")
    funded = [f for f in iv.external_funding if year in f.amount]
    if funded:
        detail += "; extern finansiering utanför budgeten: " + _listing(
            (vocab.FUNDING_SOURCES_SHORT.get(f.source, f.source), f.amount[year]) for f in funded)
    out = [Entry("budget", "Budget", _money(budget), MONEY,
                 f"Verksamhetsplanen {plan.plan.year}: insatsens budget {year}{detail}." if budget is not None
                 else f"Planen har ingen budget för insatsen {year}.")]
    outcome = iv.amount("outcome", year)
    t3 = plan.tertial(year, "T3")
    if outcome is not None:
        out.append(Entry("outcome", "Utfall", _money(outcome), MONEY, f"Insatsens utfall {year} i planen."))
    elif t3 is not None and iv.id in t3.outcome.interventions:
        out.append(Entry("outcome", "Utfall", _money(t3.outcome.interventions[iv.id]), MONEY,
                         f"Tertialrapport 3 {year} (helår), insatsens utfall."))
    else:
        out.append(Entry("outcome", "Utfall", None, MONEY,
                         f"Inget utfall för {year} ännu (varken i planen eller i tertialrapport 3)."))
    return out


def _intervention(plan: p.Plan, iv: p.Intervention, data: fu.FollowUpData, year: int,
                  codes: NationalCodes) -> Group:
    mode = data.modes.get(iv.id, fu.mode_for(iv.follow_up, iv.level))
    method = "count" if mode == "count" else "individual"
    esf = esf_flag(iv.markings)
    entries = [
        Entry("name", "Insatsens namn", iv.name, TEXT, "Insatsens namn i planen."),
        Entry("level", "Nivå", codes.levels[iv.level], TEXT, f"Insatsens nivå: {vocab.LEVELS[iv.level].lower()}."),
        Entry("category", "Preciserad inriktning", codes.categories.get(iv.category or ""), TEXT,
              f"Insatsens kategori: {vocab.CATEGORIES[iv.category].lower()}." if iv.category
              else "Planen anger ingen kategori för insatsen: ange den på insatsen."),
        Entry("target_group", "Målgrupp", iv.target_group, TEXT,
              "Insatsens målgrupp i planen." if iv.target_group else "Planen anger ingen målgrupp för insatsen.",
              required=False),
        Entry("follow_up", "Uppföljningsmetod", codes.follow_up[method], TEXT,
              f"Insatsens uppföljning i Samordna: {vocab.FOLLOW_UP_MODES[mode].lower()}."),
        Entry("esf", "ESF", codes.esf[esf], TEXT, f"Insatsens markering: {vocab.ESF_FLAGS[esf]}."
              if esf != "none" else "Insatsen har ingen ESF-markering."),
        *_money_of(plan, iv, year),
        _planned(plan, iv, year),
    ]
    people, notes = _participants(iv, data, year)
    if iv.effective_status == "applied":
        notes.insert(0, "Insatsen är ansökt men inte beviljad; den förs in i Uppföljning Finsam när den beviljats.")
    return Group(iv.id, iv.name, (*entries, *people), tuple(notes))


def _in_year(iv: p.Intervention, year: int) -> bool:
    return any(year in amounts for amounts in (iv.budget, iv.outcome, iv.planned_participants, iv.forecast))


def national_figures(plan: p.Plan, data: fu.FollowUpData, year: int,
                     codes: NationalCodes = DEFAULT_CODES) -> NationalFigures:
    """Every figure UF asks for `year`, in its entry order: the förbund, then each
    intervention of the plan with money or planned participants in the year."""
    forbund = Group("forbund", plan.association.name,
                    (*_funds(plan, year, codes), *_equity(plan, year), *_admin(plan, year)))
    interventions = tuple(_intervention(plan, iv, data, year, codes) for iv in plan.interventions
                          if _in_year(iv, year))
    return NationalFigures(plan.association.id, year, forbund, interventions)


def value_text(entry: Entry) -> str:
    """An entry's value as the page and the CSV show it ("1 208 800 kr", "57", text)."""
    if entry.value is None:
        return "saknas"
    if entry.kind == MONEY:
        return format_sek(entry.value)
    return str(entry.value)


def rows(figures: NationalFigures) -> list[list[object]]:
    """One row per entry for CSV and Excel: section, intervention id, field, value, unit, source.
    Values stay numbers (Decimal kronor, int counts); a missing value is None."""
    out: list[list[object]] = []
    for group in (figures.forbund, *figures.interventions):
        section = "Förbundet" if group is figures.forbund else "Insats"
        ident = "" if group is figures.forbund else group.key
        for e in group.entries:
            unit = {"money": "kr", "count": "personer", "text": ""}[e.kind]
            out.append([section, ident, e.label, e.value, unit, e.source])
    return out
