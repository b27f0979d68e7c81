"""Review: every finding a plan's figures and texts give (docs/plan-file.md, review).

Each check is a function `plan → findings`. Findings carry a code, a severity
(`error`, `warning`, `info`), a year (or None) and a Swedish message. The review
reports deviations; it never refuses them (a förbund may adopt a deviation).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from . import interventions as rules
from . import plan as p
from . import vocabulary as vocab
from .budget import BudgetFigures, all_figures, budget_figures
from .equity import DEFAULT_BANDS, EquityBand, ceiling_of
from .financing import Financing, Weighted, contribution_split, largest_remainder
from .money import ZERO, as_decimal, format_percent, format_sek, round_places
from .organisation import board_lacking

SEVERITIES = tuple(vocab.SEVERITIES)
COLUMN_NAMES = vocab.lower(vocab.COLUMNS)


@dataclass(frozen=True)
class Finding:
    """One deviation. `subject` names what it is about within its code and year (a member,
    a budget column and stated key, an intervention …), so `key` identifies the finding
    across recomputations: a person can mark it as handled and the mark stays with it."""

    code: str
    severity: str
    year: int | None
    message: str
    subject: str = ""

    @property
    def key(self) -> str:
        return f"{self.code}:{'' if self.year is None else self.year}:{self.subject}"

    def as_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "year": self.year,
                "message": self.message, "key": self.key}


def kr(value: Decimal | None) -> str:
    return format_sek(value).replace("\u00a0", " ")


def pct(value: Fraction | Decimal | None, decimals: int = 1) -> str:
    if value is None:
        return "–"
    return format_percent(as_decimal(value), decimals).replace("\u00a0", " ")


def _names(plan: p.Plan, ids: Iterable[str]) -> str:
    return ", ".join((plan.member(i).name if plan.member(i) else i) for i in ids)


def _col(figures: BudgetFigures) -> str:
    return f"{COLUMN_NAMES[figures.column]} {figures.year}"


# ---------------------------------------------------------------- financing


def _financings(plan: p.Plan) -> list[Financing]:
    out = []
    for fy in plan.financing:
        f = contribution_split(plan=plan, year=fy.year)
        if f is not None:
            out.append(f)
    return out


def check_split(plan: p.Plan) -> list[Finding]:
    out = []
    for f in _financings(plan):
        if None in (f.state, f.region, f.municipalities):
            continue
        if f.state == 2 * f.region == 2 * f.municipalities:
            continue
        total = f.total
        out.append(Finding("split", "warning", f.year, (
            f"{f.year}: staten betalar {kr(f.state)} ({pct(f.state / total)}), regionen "
            f"{kr(f.region)} ({pct(f.region / total)}) och kommunerna {kr(f.municipalities)} "
            f"({pct(f.municipalities / total)}). Lagen (2003:1210) fördelar 50/25/25: staten "
            f"ska betala dubbelt så mycket som regionen och som kommunerna tillsammans.")))
    return out


def check_population_share(plan: p.Plan) -> list[Finding]:
    out = []
    for f in _financings(plan):
        for kind, label in ((p.REGION, "regionernas"), (p.KOMMUN, "kommunernas")):
            if kind == p.KOMMUN and f.split_key:
                continue  # the key governs, not population: check_split_key compares
            members = [m for m in f.members if m.kind == kind]
            if any(m.amount is None or m.population is None for m in members):
                continue
            if not any(m.explicit for m in members) or len(members) < 2:
                continue
            party = sum((m.amount for m in members), ZERO)
            if party != party.to_integral_value():
                continue
            expected = largest_remainder(party, [Weighted(m.id, m.population) for m in members])
            for m in members:
                if m.explicit and abs(m.amount - expected[m.id]) > 1:
                    out.append(Finding("population_share", "warning", f.year, (
                        f"{f.year}: {m.name} betalar {kr(m.amount)}, men befolkningsandelen "
                        f"({m.population} invånare per {m.population_date}) av {label} "
                        f"{kr(party)} ger {kr(expected[m.id])}."), m.id))
    return out


def check_population(plan: p.Plan) -> list[Finding]:
    out = []
    for f in _financings(plan):
        if not f.missing_population:
            continue
        for kind, label in ((p.REGION, "Regionernas"), (p.KOMMUN, "Kommunernas")):
            ids = [i for i in f.missing_population if plan.member(i).kind == kind]
            members = [m for m in f.members if m.kind == kind]
            if not ids or len(members) < 2:
                continue
            if kind in f.undivided:
                out.append(Finding("population", "warning", f.year, (
                    f"{f.year}: {label.lower()} del kunde inte fördelas per medlem: "
                    f"befolkning per {f.population_date} saknas för {_names(plan, ids)}."), kind))
            else:
                out.append(Finding("population", "info", f.year, (
                    f"{f.year}: {label} belopp är beslutade, men befolkning per "
                    f"{f.population_date} saknas för {_names(plan, ids)}, så andelarna kan "
                    f"inte kontrolleras mot befolkningen."), kind))
    return out


def check_split_key(plan: p.Plan) -> list[Finding]:
    """With a split key, the kommuner's amounts are compared with their key shares, and a
    kommun missing from the key is reported (its part stays undivided, like missing population)."""
    key = plan.association.split_key
    if key is None:
        return []
    out = []
    for f in _financings(plan):
        members = [m for m in f.members if m.kind == p.KOMMUN]
        if f.missing_split_key:
            names = _names(plan, f.missing_split_key)
            if p.KOMMUN in f.undivided:
                out.append(Finding("split_key", "warning", f.year, (
                    f"{f.year}: kommunernas del kunde inte fördelas per kommun: "
                    f"fördelningsnyckeln (association.split_key) saknar {names}."), "missing"))
            elif len(members) >= 2:
                out.append(Finding("split_key", "info", f.year, (
                    f"{f.year}: kommunernas belopp är beslutade, men fördelningsnyckeln saknar "
                    f"{names}, så andelarna kan inte kontrolleras mot nyckeln."), "missing"))
            continue
        if len(members) < 2 or any(m.amount is None for m in members):
            continue
        if not any(m.explicit for m in members):
            continue
        party = sum((m.amount for m in members), ZERO)
        if party != party.to_integral_value():
            continue
        weights = [Weighted(m.id, key[m.id], m.population) for m in members]
        expected = largest_remainder(party, weights)
        total_weight = sum((key[m.id] for m in members), ZERO)
        for m in members:
            if m.explicit and abs(m.amount - expected[m.id]) > 1:
                out.append(Finding("split_key", "warning", f.year, (
                    f"{f.year}: {m.name} betalar {kr(m.amount)}, men fördelningsnyckeln "
                    f"({_weight(key[m.id])} av {_weight(total_weight)}) av kommunernas "
                    f"{kr(party)} ger {kr(expected[m.id])}."), m.id))
    return out


def _weight(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
    return text.replace(".", ",")


def check_shown_share(plan: p.Plan) -> list[Finding]:
    """A printed share must follow from the amounts: of the member's party (a kommun's share of
    the kommuner's total) or of the whole total (seed 000 prints Borås as 0,12 of all
    contributions); either is accepted when it matches at the printed number of decimals."""
    out = []
    for fy in plan.financing:
        if not fy.shown_shares:
            continue
        f = contribution_split(plan=plan, year=fy.year)
        for member_id, shown in fy.shown_shares.items():
            m = f.member(member_id) if f else None
            if m is None or m.amount is None:
                continue
            party = {p.REGION: f.region, p.KOMMUN: f.municipalities}.get(m.kind, f.total)
            places = max(-shown.as_tuple().exponent, 0)
            bases = [b for b in dict.fromkeys((party, f.total)) if b]
            if not bases:
                continue
            if any(round_places(m.amount / b, places) == shown for b in bases):
                continue
            exact = m.amount / bases[0]
            rounded = round_places(exact, places)
            message = (f"{fy.year}: {m.name} visas med andelen {_comma(shown)}, men "
                       f"{kr(m.amount)} av {kr(bases[0])} är {_comma(round_places(exact, 3))}"
                       f" → {_comma(rounded)}")
            if len(bases) > 1:
                whole = m.amount / bases[1]
                message += (f", och av hela summan {kr(bases[1])} "
                            f"{_comma(round_places(whole, 3))} → "
                            f"{_comma(round_places(whole, places))}")
            out.append(Finding("shown_share", "warning", fy.year,
                               message + ". Visade andelar ska räknas fram ur beloppen.", member_id))
    return out


def _comma(value: Decimal) -> str:
    return str(value).replace(".", ",")


def check_population_stale(plan: p.Plan) -> list[Finding]:
    if plan.association.split_key is not None:
        return []  # a fixed key gives the same amounts whatever the population
    kommuner = plan.members_of(p.KOMMUN)
    years = sorted(plan.financing, key=lambda f: f.year)
    run: list[p.FinancingYear] = []
    out = []

    def amounts(fy: p.FinancingYear) -> tuple | None:
        if fy.effective_status == "preliminary":
            return None  # to be adjusted to the population figures anyway
        if all(k.id in fy.contributions for k in kommuner):
            return tuple(fy.contributions[k.id] for k in kommuner)
        return None

    def flush() -> None:
        dates = {f.effective_population_date for f in run}
        if len(run) >= 2 and len(dates) > 1 and len(kommuner) > 1:
            out.append(Finding("population_stale", "warning", run[0].year, (
                f"Kommunernas belopp är identiska {run[0].year}–{run[-1].year}, fast "
                f"befolkningsdatumen skiljer sig ({', '.join(str(d) for d in sorted(dates))}). "
                f"Fördelningen ska följa befolkningen vid varje års referensdatum.")))

    for fy in years:
        current = amounts(fy)
        if run and current is not None and current == amounts(run[-1]) and fy.year == run[-1].year + 1:
            run.append(fy)
        else:
            flush()
            run = [fy] if current is not None else []
    flush()
    return out


def check_financing_status(plan: p.Plan) -> list[Finding]:
    names = {"requested": "äskade (ännu inte beslutade)",
             "preliminary": "preliminära (justeras efter SCB:s befolkningstal)"}
    return [Finding("financing_status", "info", fy.year,
                    f"{fy.year}: medlemsbidragen är {names[fy.status]}.")
            for fy in plan.financing if fy.status in names]


# ---------------------------------------------------------------- budget


def check_balance(plan: p.Plan) -> list[Finding]:
    out = []
    wants_balance = any(g.indicator == "budget_balance" for g in plan.plan.goals)
    for b in all_figures(plan):
        if b.result is None or b.year not in plan.plan.years:
            continue
        if b.closing_equity is not None and b.closing_equity < 0:
            out.append(Finding("balance", "error", b.year, (
                f"{_col(b)}: underskottet {kr(-b.result)} gör det egna kapitalet negativt "
                f"({kr(b.closing_equity)}). Förbundet får inte skuldsätta sig."), b.column))
            continue
        if b.result >= 0:
            if b.deficit_justification:
                # The documents print a justification only under a deficit (it would contradict
                # the figures); the review shows the mismatch so the plan can be corrected.
                covered = (f"med ett överskott på {kr(b.result)}" if b.result > 0 else "exakt")
                out.append(Finding("balance", "warning", b.year, (
                    f"{_col(b)}: planen motiverar ett underskott (”{b.deficit_justification.strip()}”), "
                    f"men intäkterna {kr(b.revenue)} täcker kostnaderna {kr(b.costs)} {covered}. "
                    "Motiveringen skrivs inte ut i dokumenten förrän budgeten visar ett underskott."),
                    b.column))
            continue
        share = f" ({pct(b.result / b.contributions)} av medlemsbidragen)" if b.contributions else ""
        remaining = (f" Kvar av det egna kapitalet: {kr(b.closing_equity)}."
                     if b.closing_equity is not None else " Eget kapital är inte angivet.")
        goal = " Planens mål om budget i balans nås inte." if wants_balance else ""
        if b.deficit_justification:
            # A justified deficit is information, unless the plan also promises balance.
            out.append(Finding("balance", "warning" if wants_balance else "info", b.year, (
                f"{_col(b)}: kostnaderna överstiger intäkterna med {kr(-b.result)}{share}; "
                f"motiverat: {b.deficit_justification.strip()}{remaining}{goal}"), b.column))
        else:
            out.append(Finding("balance", "warning", b.year, (
                f"{_col(b)}: kostnaderna {kr(b.costs)} överstiger intäkterna {kr(b.revenue)} med "
                f"{kr(-b.result)}{share}, utan motivering.{remaining}{goal}"), b.column))
    return out


def check_sum(plan: p.Plan) -> list[Finding]:
    out = []
    for fy in plan.financing:
        if fy.total is None:
            continue
        f = contribution_split(plan=plan, year=fy.year)
        if f and f.total is not None and f.total != fy.total:
            out.append(Finding("sum", "warning", fy.year, (
                f"{fy.year}: angiven summa för medlemsbidragen är {kr(fy.total)}, men delarna "
                f"summerar till {kr(f.total)}."), "financing"))
    revenue_by_year = {}
    # Every year with financing, not only budget years: seed 000's stated result fits 2021's revenue.
    for y in sorted({fy.year for fy in plan.financing}):
        f = contribution_split(plan=plan, year=y)
        if f and f.total is not None:
            revenue_by_year[y] = f.total
    labels = vocab.lower(vocab.STATED_KEYS)
    for entry in plan.budget:
        b = budget_figures(plan=plan, year=entry.year, column=entry.column)
        if b.from_stated:
            continue
        computed = {"revenue": b.revenue, "costs": b.costs, "result": b.result,
                    "closing_equity": b.closing_equity}
        for key, stated in entry.stated.items():
            value = computed.get(key)
            if value is None or value == stated:
                continue
            if key == "revenue" and b.opening_equity is not None and stated - value == b.opening_equity:
                out.append(Finding("equity_as_revenue", "warning", b.year, (
                    f"{_col(b)}: summa intäkter anges till {kr(stated)}, vilket räknar in "
                    f"ingående eget kapital ({kr(b.opening_equity)}) som intäkt. Eget kapital "
                    f"är inte en intäkt: intäkterna är {kr(value)}."), f"{entry.column}.{key}"))
                continue
            hint = ""
            if key == "result" and b.costs is not None:
                for other, rev in sorted(revenue_by_year.items()):
                    if other != b.year and rev - b.costs == stated:
                        hint = (f" Det angivna resultatet stämmer med intäkterna {other} "
                                f"({kr(rev)}) i stället för {b.year} års ({kr(b.revenue)}).")
                        break
                fy = plan.financing_for(b.year)
                if fy and fy.effective_status != "adopted":
                    hint += (f" Medlemsbidragen {b.year} är "
                             f"{'äskade' if fy.status == 'requested' else 'preliminära'}.")
            out.append(Finding("sum", "warning", b.year, (
                f"{_col(b)}: angivet {labels[key]} {kr(stated)}, men delarna ger "
                f"{kr(value)} (skillnad {kr(stated - value)}).{hint}"), f"{entry.column}.{key}"))
    return out


def check_equity(plan: p.Plan, bands: tuple[EquityBand, ...] = DEFAULT_BANDS) -> list[Finding]:
    out = []
    floor_goals = [g for g in plan.plan.goals if g.indicator == "equity_min" and g.target]
    ceiling_goals = [g for g in plan.plan.goals if g.indicator == "equity_max_share"]
    figures = all_figures(plan)
    unknown_years = []
    deficits = ZERO
    for b in figures:
        if not b.has_budget or b.column == "outcome" and b.year > plan.plan.year:
            continue
        if b.closing_equity is None:
            if b.year in plan.plan.years and b.column in ("budget", "plan"):
                unknown_years.append(b.year)
                if b.result is not None and b.result < 0:
                    deficits -= b.result
            continue
        if b.contributions:
            ceiling = ceiling_of(plan=plan, contributions=b.contributions, bands=bands)
            if ceiling.exceeded_by(b.closing_equity):
                where = "planens mål" if ceiling.source == "goal" else "riktvärdet"
                out.append(Finding("equity_ceiling", "warning", b.year, (
                    f"{_col(b)}: utgående eget kapital {kr(b.closing_equity)} överstiger "
                    f"taket {kr(ceiling.amount)} ({where} {pct(ceiling.share, 0)} av {b.year} års "
                    f"medlemsbidrag {kr(b.contributions)})."), b.column))
        for n, g in enumerate(floor_goals):
            if b.closing_equity < g.target:
                out.append(Finding("equity_floor", "warning", b.year, (
                    f"{_col(b)}: utgående eget kapital {kr(b.closing_equity)} understiger "
                    f"målet om minst {kr(g.target)}."), f"{b.column}.{n}"))
    if unknown_years and (floor_goals or ceiling_goals or deficits):
        reasons = []
        if deficits:
            reasons.append(f"underskotten {min(unknown_years)}–{max(unknown_years)} på "
                           f"sammanlagt {kr(deficits)} ska täckas av eget kapital")
        if floor_goals or ceiling_goals:
            reasons.append("planen har mål för eget kapital")
        out.append(Finding("equity_unknown", "warning", min(unknown_years), (
            f"Ingående eget kapital saknas ({', '.join(str(y) for y in unknown_years)}), "
            f"men {' och '.join(reasons)}. Ange eget kapital vid årets början.")))
    # A stated ceiling amount must come from the stated base year's contributions.
    for n, g in enumerate(ceiling_goals):
        if g.stated_amount is None or g.target is None:
            continue
        f = contribution_split(plan=plan, year=plan.plan.year)
        if not f or not f.total:
            continue
        computed = f.total * g.target
        if abs(computed - g.stated_amount) <= 1:
            continue
        other = ""
        for fy in plan.financing:
            f2 = contribution_split(plan=plan, year=fy.year)
            if f2 and f2.total and fy.year != plan.plan.year:
                candidate = f2.total * g.target
                if abs(candidate - g.stated_amount) <= g.stated_amount * Decimal("0.02"):
                    other = (f" {kr(g.stated_amount)} motsvarar {pct(g.target, 0)} av "
                             f"{fy.year} års medlemsbidrag ({kr(f2.total)} → {kr(candidate)}).")
        out.append(Finding("equity_ceiling", "warning", plan.plan.year, (
            f"Taket för eget kapital anges till {kr(g.stated_amount)}, men {pct(g.target, 0)} av "
            f"{plan.plan.year} års medlemsbidrag ({kr(f.total)}) är {kr(computed)}.{other} "
            f"Ange vilket års bidrag taket räknas på."), f"goal.{n}"))
    return out


def check_rollforward(plan: p.Plan) -> list[Finding]:
    out = []
    from .budget import previous_closing
    for entry in plan.budget:
        if entry.opening_equity is None:
            continue
        previous = previous_closing(plan=plan, year=entry.year)
        if previous is not None and previous != entry.opening_equity:
            out.append(Finding("equity_rollforward", "warning", entry.year, (
                f"{COLUMN_NAMES[entry.column]} {entry.year}: ingående eget kapital anges till "
                f"{kr(entry.opening_equity)}, men föregående års utgående eget kapital är "
                f"{kr(previous)}."), entry.column))
    return out


def check_indexation(plan: p.Plan) -> list[Finding]:
    years = plan.plan.years
    if len(years) < 2:
        return []
    totals = [contribution_split(plan=plan, year=y) for y in years]
    if any(t is None or t.total is None for t in totals) or len({t.total for t in totals}) != 1:
        return []
    out = []
    for iv in plan.interventions:
        amounts = [iv.amount(plan.default_column(y), y) for y in years]
        if any(a is None or a <= 0 for a in amounts):
            continue
        if all(b > a for a, b in zip(amounts, amounts[1:], strict=False)):
            rate = (amounts[-1] / amounts[0]) ** (Decimal(1) / (len(amounts) - 1)) - 1
            out.append(Finding("indexation", "info", years[0], (
                f"{iv.name} ökar med {pct(rate, 2)} per år ({kr(amounts[0])} → {kr(amounts[-1])}) "
                f"medan medlemsbidragen är oförändrade {kr(totals[0].total)}."), iv.id))
    return out


# ---------------------------------------------------------------- interventions


def check_parties(plan: p.Plan) -> list[Finding]:
    out = []
    for iv in plan.interventions:
        if iv.members is None:
            out.append(Finding("parties", "info", None, (
                f"{iv.name}: deltagande medlemmar är inte angivna; varje insats ska ha minst "
                f"två parter."), iv.id))
            continue
        parties = rules.parties(plan, iv.members)
        if len(parties) < 2:
            out.append(Finding("parties", "warning", None, (
                f"{iv.name}: bara {len(parties)} part ({_names(plan, iv.members) or 'ingen'}). "
                f"En insats kräver minst två parter; flera kommuner räknas som en part."), iv.id))
    return out


def check_external_funding(plan: p.Plan) -> list[Finding]:
    out = []
    years: dict[int, list[tuple[p.Intervention, p.ExternalFunding, Decimal]]] = {}
    for iv in plan.interventions:
        for f in iv.external_funding:
            for year, amount in f.amount.items():
                if amount > 0:
                    years.setdefault(year, []).append((iv, f, amount))
    for year, grants in sorted(years.items()):
        seen: dict[str, int] = {}
        entry = plan.entry(year, plan.default_column(year))
        external = sum((line.amount or ZERO for line in (entry.revenue if entry else ())
                        if line.kind == "external"), ZERO)
        granted = sum((a for _, _, a in grants), ZERO)
        if external >= granted:
            continue
        for iv, f, amount in grants:
            seen[iv.id] = seen.get(iv.id, 0) + 1
            cost = iv.amount(plan.default_column(year), year) or ZERO
            source = (vocab.FUNDING_SOURCES_SHORT[f.source] if f.source in p.FUNDING_SOURCES
                      and f.source != "other" else f.reference or "extern finansiär")
            out.append(Finding("external_funding", "warning", year, (
                f"{year}: {iv.name} har beviljats {kr(amount)} från {source}, men budgeten tar "
                f"upp {kr(external)} i projektmedel och insatsen budgeteras till {kr(cost)}. "
                f"Beviljade externa medel ska finnas med i budgeten."), f"{iv.id}.{seen[iv.id]}"))
    return out


# ---------------------------------------------------------------- organisation and texts


def check_board(plan: p.Plan) -> list[Finding]:
    """Each member appoints at least one ledamot and one ersättare, equally many (FINSAM §1):
    counted from the named seats sitting in the budget year when the plan has any, else from
    the seat counts. Members that left before the budget year are not asked to."""
    if not plan.board and not plan.seats:
        return []
    lacking = board_lacking(plan, plan.plan.year if plan.seats else None)
    if not lacking:
        return []
    shared = {m for seat in plan.board if len(seat.members) > 1 for m in seat.members} \
        if not plan.seats else set()
    extra = (f" {_names(plan, [m.id for m in plan.members if m.id in shared])} delar platser "
             f"(t.ex. en roterande ledamot).") if shared else ""
    return [Finding("board", "warning", None, (
        f"Varje medlem ska utse minst en ledamot och en ersättare, lika många av varje; det "
        f"saknas för {_names(plan, [m.id for m in lacking])}.{extra}"))]


_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})(?!\d)")


def check_labels(plan: p.Plan) -> list[Finding]:
    out = []
    for fy in plan.financing:
        if fy.label:
            years = {int(m.group(0)) for m in _YEAR.finditer(fy.label)}
            if years and fy.year not in years:
                out.append(Finding("labels", "warning", fy.year, (
                    f"Rubriken \"{fy.label}\" står över medlemsbidragen {fy.year}."), "financing"))
    for e in plan.budget:
        if e.label:
            years = {int(m.group(0)) for m in _YEAR.finditer(e.label)}
            if years and e.year not in years:
                out.append(Finding("labels", "warning", e.year, (
                    f"Kolumnrubriken \"{e.label}\" står över {COLUMN_NAMES[e.column]} {e.year}."),
                    e.column))
    if plan.plan.budget_title:
        first, last = plan.plan.year, max(plan.plan.years)
        for m in _RANGE.finditer(plan.plan.budget_title):
            if (int(m.group(1)), int(m.group(2))) != (first, last):
                out.append(Finding("labels", "warning", plan.plan.year, (
                    f"Rubriken \"{plan.plan.budget_title}\" stämmer inte med planens år "
                    f"{first}–{last}."), f"budget_title.{m.group(0)}"))
    return out


_AMOUNT_KR = re.compile(r"(\d[\d\u00a0 ]*\d|\d)\s*(?:kr|kronor)\b")
_WELL_GROUPED = re.compile(r"^\d{1,3}( \d{3})*$|^\d+$")


def check_decision_text(plan: p.Plan) -> list[Finding]:
    out = []
    year = plan.plan.year
    b = budget_figures(plan=plan, year=year)
    targets = []
    if b.interventions_total is not None:
        targets.append(("insats", b.interventions_total, "insatsernas summa"))
    if b.admin_costs is not None:
        targets.append(("sekretariat", b.admin_costs, "administrationens kostnader"))
        targets.append(("kansli", b.admin_costs, "administrationens kostnader"))
    for i, text in enumerate(plan.plan.decisions, start=1):
        for m in _AMOUNT_KR.finditer(text):
            written = m.group(1).replace("\u00a0", " ")
            value = Decimal(written.replace(" ", ""))
            lowered = text.lower()
            expected = next(((v, what) for key, v, what in targets if key in lowered), None)
            if not _WELL_GROUPED.match(written):
                hint = f" Det ska troligen vara {kr(value)}." if expected is None or expected[0] == value else ""
                if expected is not None:
                    hint = f" Enligt budgeten är {expected[1]} {kr(expected[0])}."
                out.append(Finding("decision_text", "warning", year, (
                    f"Beslutspunkt {i}: beloppet \"{written} kr\" är felskrivet.{hint} "
                    f"Beslutstexten ska hämta beloppen ur budgeten."), f"{i}.{written}"))
            elif expected is not None and expected[0] != value:
                out.append(Finding("decision_text", "warning", year, (
                    f"Beslutspunkt {i}: {kr(value)} stämmer inte med {expected[1]} "
                    f"{kr(expected[0])} i budgeten {year}."), f"{i}.{written}"))
    return out


def _plan_texts(plan: p.Plan) -> list[tuple[str, str]]:
    texts = [("titelsidan", plan.plan.title_page or "")]
    texts += [(f"avsnittet \"{s.title}\"", f"{s.title}\n{s.text}") for s in plan.plan.sections]
    texts += [(f"beslutspunkt {i}", t) for i, t in enumerate(plan.plan.decisions, start=1)]
    return [(w, t) for w, t in texts if t]


_NAME_PATTERNS = (re.compile(r"[Ss]amordningsförbundet\s+([A-ZÅÄÖ][\wåäöÅÄÖ-]+)"),
                  re.compile(r"([A-ZÅÄÖ][\wåäöÅÄÖ-]+?)s?\s+samordningsförbund\b"))


def check_name(plan: p.Plan) -> list[Finding]:
    def base(word: str) -> str:
        word = word.lower()
        return word[:-1] if word.endswith("s") else word  # genitive: Sjuhärads, Sydnärkes

    generic = ("samordningsförbundet", "samordningsförbund")
    words = {base(w) for w in re.findall(r"[\wåäöÅÄÖ-]+", plan.association.name)
             if w.lower() not in generic}
    distinctive = sorted(words)
    out = []
    seen = set()
    for where, text in _plan_texts(plan):
        for pattern in _NAME_PATTERNS:
            for m in pattern.finditer(text):
                word = m.group(1)
                stem = base(word)
                if stem in words or word.lower() in words:
                    continue
                close = difflib.get_close_matches(stem, distinctive, n=1, cutoff=0.75)
                if close and (word, where) not in seen:
                    seen.add((word, where))
                    out.append(Finding("name", "warning", None, (
                        f"I {where} står \"{m.group(0)}\"; förbundet heter "
                        f"\"{plan.association.name}\". Namnet ska hämtas ur uppgifterna."),
                        f"{where}.{word}"))
    return out


_EQUAL = re.compile(r"lika\s+stor\w*[^.]*\bmedlem|\bmedlem\w*[^.]*lika\s+stor", re.IGNORECASE)


def check_narrative(plan: p.Plan) -> list[Finding]:
    f = contribution_split(plan=plan, year=plan.plan.year)
    if f is None:
        return []
    amounts = {m.amount for m in f.members if m.amount is not None and m.amount > 0}
    if len(amounts) <= 1:
        return []
    out = []
    for where, text in _plan_texts(plan):
        for _match in _EQUAL.finditer(text):
            out.append(Finding("narrative", "warning", plan.plan.year, (
                f"I {where} står att summorna ska vara lika stora från varje medlem, men "
                f"lagen delar lika per part: staten 50 %, regionen 25 % och kommunerna "
                f"tillsammans 25 %. Medlemmarnas bidrag {plan.plan.year} varierar från "
                f"{kr(min(amounts))} till {kr(max(amounts))}."), where))
            break
    return out


def check_adoption(plan: p.Plan) -> list[Finding]:
    adopted = plan.plan.adopted_on
    if adopted is None:
        return []
    deadline = date(plan.plan.year - 1, 11, 30)
    if adopted <= deadline:
        return []
    return [Finding("adoption", "warning", plan.plan.year, (
        f"Budgeten för {plan.plan.year} ska fastställas senast {deadline} (30 november året "
        f"före), men planen är fastställd {adopted}. Ange det tidigare budgetbeslutet om "
        f"det finns ett."))]


def check_consultation(plan: p.Plan, *, consulted_on: date | None) -> list[Finding]:
    """B12: the budget is adopted after the members' consultation (medlemssamråd).

    Called only for an adoption the app recorded, where it knows whether and when the plan
    went to consultation (`consulted_on`); a plan loaded as adopted has no such history.
    """
    adopted = plan.plan.adopted_on
    if adopted is None:
        return []
    if consulted_on is None:
        return [Finding("consultation", "warning", plan.plan.year, (
            f"Planen är fastställd {adopted} utan att ha varit på samråd. Budgeten ska "
            f"fastställas efter samrådet med medlemmarna."))]
    if adopted < consulted_on:
        return [Finding("consultation", "warning", plan.plan.year, (
            f"Planen är fastställd {adopted}, före samrådet som började {consulted_on}. "
            f"Budgeten ska fastställas efter samrådet med medlemmarna."))]
    return []


CHECKS: tuple[Callable[[p.Plan], list[Finding]], ...] = (
    check_split, check_population_share, check_population, check_split_key, check_shown_share,
    check_population_stale, check_financing_status, check_sum, check_balance, check_equity,
    check_rollforward, check_indexation, check_parties, check_external_funding, check_board,
    check_labels, check_decision_text, check_name, check_narrative, check_adoption,
)

CODES = ("split", "population_share", "population", "split_key", "shown_share", "population_stale",
         "financing_status", "sum", "equity_as_revenue", "balance", "equity_ceiling",
         "equity_floor", "equity_unknown", "equity_rollforward", "indexation", "parties",
         "external_funding", "board", "labels", "decision_text", "name", "narrative",
         "adoption", "consultation")


def review(plan: p.Plan, *, bands: tuple[EquityBand, ...] = DEFAULT_BANDS,
           adopted_here: bool = False, consulted_on: date | None = None) -> list[Finding]:
    """All findings, errors first, then warnings, then information; stable within.

    `adopted_here`: the app recorded the adoption, so the consultation before it is checked.
    """
    findings = [f for check in CHECKS
                for f in (check(plan, bands) if check is check_equity else check(plan))]
    if adopted_here:
        findings += check_consultation(plan, consulted_on=consulted_on)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: order[f.severity])
