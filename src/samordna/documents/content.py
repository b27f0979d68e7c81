"""The verksamhetsplan as a neutral document, built from the rulebook's Plan.

Every figure comes from the rulebook (financing, budget, equity); only the
narrative sections are typed by people. Parts the plan lacks (calendar, risks,
board, population, outcome …) are left out, never shown empty.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab
from samordna.finsam.budget import BudgetFigures, all_figures, budget_figures, municipality_summary
from samordna.finsam.equity import DEFAULT_BANDS, EquityBand, ceiling_of
from samordna.finsam.financing import Financing, contribution_split
from samordna.finsam.interventions import goal_target_text
from samordna.finsam.money import ZERO, format_percent, format_sek, halves, round_kronor
from samordna.finsam.organisation import (
    board_lacking,
    body_label,
    calendar_in_order,
    risk_level,
    risk_score,
    risks_by_score,
    seats_in_order,
)

from . import labels
from .blocks import (
    Document,
    Heading,
    ItemList,
    ListItem,
    PageBreak,
    Paragraph,
    Row,
    Run,
    Swot,
    Table,
    TitlePage,
    count,
    money,
    share,
    text,
)
from .markdown_blocks import markdown_blocks


def kr(value: Decimal | None) -> str:
    """1 308 500 kr (no-break spaces, so an amount never breaks over two lines)."""
    return format_sek(value)


def pct(value: Fraction | Decimal | None, decimals: int = 2) -> str:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return format_percent(value, decimals)


def years_label(years) -> str:
    years = sorted(years)
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def member_name(plan: p.Plan, member_id: str) -> str:
    if member_id == p.COMMON:
        return "Gemensamt"
    member = plan.member(member_id)
    return member.name if member else member_id


def join_sv(items: list[str]) -> str:
    """"a, b och c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]


class Outline:
    """Collects blocks and numbers the headings (1, 1.1 …) the way förbund number them."""

    def __init__(self, prefix: str = "s"):
        self.blocks: list = []
        self.prefix = prefix
        self.n1 = 0
        self.n2 = 0
        self.count = 0
        # Inside a typed section: a generated part's headings move one level down ("shift"),
        # or, when the section holds that part alone, its chapter heading is the section's own.
        self.shift = 0
        self.swallow_h1 = False

    def _anchor(self) -> str:
        self.count += 1
        return f"{self.prefix}{self.count}"

    def h1(self, title: str, *, numbered: bool = True) -> None:
        if self.swallow_h1:
            self.swallow_h1 = False
            return
        if self.shift:
            self._h2(title, numbered=numbered)
            return
        number = ""
        if numbered:
            self.n1 += 1
            number = str(self.n1)
        self.n2 = 0
        self.blocks.append(Heading(1, title, self._anchor(), number))

    def h2(self, title: str, *, numbered: bool = True) -> None:
        if self.shift:
            self.blocks.append(Heading(3, title, self._anchor(), in_toc=False))
            return
        self._h2(title, numbered=numbered)

    def _h2(self, title: str, *, numbered: bool = True) -> None:
        number = ""
        if numbered and self.n1:
            self.n2 += 1
            number = f"{self.n1}.{self.n2}"
        self.blocks.append(Heading(2, title, self._anchor(), number))

    def h3(self, title: str) -> None:
        self.blocks.append(Heading(4 if self.shift else 3, title, self._anchor(), in_toc=False))

    def part(self, build, *, alone: bool) -> None:
        """Build a generated part inside the current section (see plan_document)."""
        if alone:
            self.swallow_h1 = True
        else:
            self.shift = 1
        try:
            build(self)
        finally:
            self.shift, self.swallow_h1 = 0, False

    def para(self, value: str, style: str = "") -> None:
        if value and value.strip():
            self.blocks.append(Paragraph.of(value.strip(), style))

    def labelled(self, label: str, value: str | None) -> None:
        value = (value or "").strip()
        if value.lower().startswith(f"{label.lower()}:"):  # the text already names itself
            value = value[len(label) + 1:].strip()
        if value:
            self.blocks.append(Paragraph((Run(f"{label}: ", bold=True), Run(value)), "meta"))

    def markdown(self, source: str) -> None:
        self.blocks.extend(markdown_blocks(source, anchor_prefix=self._anchor()))

    def add(self, *blocks) -> None:
        self.blocks.extend(b for b in blocks if b is not None)


# ---------------------------------------------------------------- shared tables


def financing_table(plan: p.Plan, f: Financing, *, sheet: str = "") -> Table:
    """Population, share and contribution per kommun; the parties; the total (seed 002 §6.1)."""
    rows: list[Row] = []
    kommuner = [c for c in f.members if c.kind == p.KOMMUN]
    regions = [c for c in f.members if c.kind == p.REGION]
    has_population = any(c.population for c in (*kommuner, *regions))
    for c in kommuner:
        rows.append(Row((text(c.name), count(c.population), share(c.share), money(c.amount))))
    if kommuner:
        pops = [c.population for c in kommuner]
        total_pop = sum(pops) if all(x is not None for x in pops) else None
        rows.append(Row((text("Kommunerna tillsammans"), count(total_pop),
                         share(Decimal(1) if total_pop else None), money(f.municipalities)), "sum"))
    for c in regions:
        region_share = c.share if len(regions) > 1 else None
        if len(regions) > 1:
            rows.append(Row((text(c.name), count(c.population), share(region_share), money(c.amount))))
        else:
            rows.append(Row((text(c.name), text(""), text(""), money(c.amount))))
    state_members = [c for c in f.members if c.kind in (p.FK, p.AF)]
    if plan.association.state_display == "fk_af" and f.state is not None:
        fk_half, af_half = halves(f.state)
        rows.append(Row((text("Försäkringskassan"), text(""), text(""), money(fk_half))))
        rows.append(Row((text("Arbetsförmedlingen"), text(""), text(""), money(af_half))))
    else:
        payer = next((c for c in state_members if c.kind == p.FK), None)
        label = f"{payer.name} (statens del)" if payer else "Staten"
        rows.append(Row((text(label), text(""), text(""), money(f.state))))
    rows.append(Row((text("Summa medlemsbidrag"), text(""), text(""), money(f.total)), "total"))
    headers = ("Medlem", "Invånare", "Andel", f"Medlemsbidrag {f.year}, kr")
    if not has_population:
        rows = [Row((r.cells[0], r.cells[3]), r.style) for r in rows]
        headers = ("Medlem", f"Medlemsbidrag {f.year}, kr")
    return Table(headers, tuple(rows), caption=f"Medlemsbidrag {f.year}", sheet=sheet,
                 widths=(0.46, 0.16, 0.18, 0.20) if has_population else (0.6, 0.4))


def parties_table(f: Financing) -> Table | None:
    total = f.total
    if not total:
        return None
    rows = []
    for label, amount in (("Staten (via Försäkringskassan)", f.state), ("Regionen", f.region),
                          ("Kommunerna", f.municipalities)):
        rows.append(Row((text(label), share(amount / total if amount is not None else None, 1),
                         money(amount))))
    rows.append(Row((text("Summa"), share(Decimal(1), 1), money(total)), "total"))
    return Table(("Part", "Andel", f"Belopp {f.year}, kr"), tuple(rows),
                 caption=f"Parternas andelar {f.year}", widths=(0.5, 0.2, 0.3))


def financing_years_table(plan: p.Plan, *, sheet: str = "") -> Table | None:
    splits = [f for f in (contribution_split(plan=plan, year=fy.year)
                          for fy in sorted(plan.financing, key=lambda x: x.year)) if f]
    if len(splits) < 2:
        return None
    rows = []
    for m in plan.members:
        rows.append(Row((text(m.name), *(money(f.member(m.id).amount if f.member(m.id) else None)
                                         for f in splits))))
    rows.append(Row((text("Summa"), *(money(f.total) for f in splits)), "total"))
    headers = ["Medlem"]
    for f in splits:
        status = "" if f.status == "adopted" else f" ({labels.FINANCING_STATUSES[f.status]})"
        headers.append(f"{f.year}{status}, kr")
    return Table(tuple(headers), tuple(rows), sheet=sheet,
                 small=len(splits) > 4)


def _line_ids(figures: list[BudgetFigures], attr: str) -> dict[str, str]:
    ids: dict[str, str] = {}
    for b in figures:
        for line in getattr(b, attr):
            ids.setdefault(line.id, line.label)
    return ids


def _line_amount(b: BudgetFigures, attr: str, line_id: str) -> Decimal | None:
    return next((x.amount for x in getattr(b, attr) if x.id == line_id), None)


def budget_table(plan: p.Plan, figures: list[BudgetFigures], *, sheet: str = "",
                 interventions_each: bool = False) -> Table:
    """Revenue, costs, result and equity, one column per year and column of the plan."""
    rows: list[Row] = []
    blanks = tuple(text("") for _ in figures)
    rows.append(Row((text("Intäkter"), *blanks), "group"))
    rows.append(Row((text("Medlemsbidrag"), *(money(b.contributions) for b in figures))))
    for line_id, label in _line_ids(figures, "revenue_lines").items():
        rows.append(Row((text(label), *(money(_line_amount(b, "revenue_lines", line_id))
                                        for b in figures))))
    rows.append(Row((text("Summa intäkter"), *(money(b.revenue) for b in figures)), "sum"))
    rows.append(Row((text("Kostnader"), *blanks), "group"))
    if interventions_each:
        for iv in plan.interventions:
            amounts = [iv.amount(b.column, b.year) for b in figures]
            if any(a is not None for a in amounts):
                rows.append(Row((text(iv.name), *(money(a) for a in amounts))))
    rows.append(Row((text("Insatser"), *(money(b.interventions_total) for b in figures)),
                    "sum" if interventions_each else ""))
    for line_id, label in _line_ids(figures, "cost_lines").items():
        rows.append(Row((text(label), *(money(_line_amount(b, "cost_lines", line_id))
                                        for b in figures))))
    rows.append(Row((text("Summa kostnader"), *(money(b.costs) for b in figures)), "sum"))
    rows.append(Row((text("Resultat"), *(money(b.result) for b in figures)), "total"))
    if any(b.opening_equity is not None for b in figures):
        rows.append(Row((text("Ingående eget kapital"), *(money(b.opening_equity) for b in figures))))
        rows.append(Row((text("Utgående eget kapital"), *(money(b.closing_equity) for b in figures)),
                        "sum"))
    rows.append(Row((text("Administrationens andel av kostnaderna"),
                     *(share(b.admin_share, 1) for b in figures))))
    headers = ("Kr", *(f"{labels.COLUMNS[b.column]} {b.year}" for b in figures))
    n = len(figures)
    first = 0.34 if n <= 3 else 0.28
    widths = (first, *([(1 - first) / n] * n))
    return Table(headers, tuple(rows), sheet=sheet, widths=widths, small=n > 3)


def budget_years(plan: p.Plan) -> list[BudgetFigures]:
    # The plan as adopted: columns the tertial follow-up adds later are not part of it.
    return [b for b in all_figures(plan) if b.has_budget and b.period is None]


def goal_target(goal: p.Goal) -> str:
    return goal_target_text(goal)


def goal_follow_up(goal: p.Goal) -> str:
    if goal.indicator is None:
        return labels.WRITTEN_ASSESSMENT
    if goal.indicator in labels.BUDGET_INDICATORS:
        return "Beräknas ur budget, prognos och utfall"
    return "Beräknas ur deltagaruppföljningen"


def goals_table(plan: p.Plan, *, sheet: str = "") -> Table | None:
    rows = []
    for g in plan.plan.goals:
        rows.append(Row((text(g.text), text(vocab.label(labels.INDICATORS, g.indicator)),
                         text(goal_target(g)), text(goal_follow_up(g)))))
    for iv in plan.interventions:
        for g in iv.goals:
            rows.append(Row((text(f"{iv.name}: {g.text}"),
                             text(vocab.label(labels.INDICATORS, g.indicator)),
                             text(goal_target(g)), text(goal_follow_up(g)))))
    if not rows:
        return None
    return Table(("Mål", "Indikator", "Målvärde", "Uppföljning"), tuple(rows),
                 sheet=sheet, widths=(0.42, 0.25, 0.13, 0.20))


def _sorted_interventions(plan: p.Plan, level: str) -> list[p.Intervention]:
    order = {c: i for i, c in enumerate(p.CATEGORIES[level])}
    found = [iv for iv in plan.interventions if iv.level == level]
    return sorted(found, key=lambda iv: order.get(iv.category, len(order)))


def interventions_table(plan: p.Plan, *, sheet: str = "") -> Table | None:
    years = list(plan.plan.years)
    year = plan.plan.year
    rows: list[Row] = []
    blanks = tuple(text("") for _ in range(len(years) + 2))
    totals: dict[int, Decimal | None] = {}
    for level in p.LEVELS:
        ivs = _sorted_interventions(plan, level)
        if not ivs:
            continue
        rows.append(Row((text(labels.LEVEL_GROUPS[level]), *blanks), "group"))
        for iv in ivs:
            amounts = [iv.amount(plan.default_column(y), y) for y in years]
            for y, a in zip(years, amounts, strict=True):
                if a is not None:
                    totals[y] = (totals.get(y) or ZERO) + a
            rows.append(Row((text(iv.name), text(labels.category_label(iv.level, iv.category) or "–"),
                             count(iv.participants(year)), *(money(a) for a in amounts))))
    if not rows:
        return None
    rows.append(Row((text("Summa insatser"), text(""), text(""),
                     *(money(totals.get(y)) for y in years)), "total"))
    headers = ("Insats", "Kategori", f"Planerade deltagare {year}",
               *(f"{labels.COLUMNS[plan.default_column(y)]} {y}, kr" for y in years))
    n = len(years)
    widths = (0.30, 0.22, 0.12, *([0.36 / n] * n))
    return Table(headers, tuple(rows), caption=f"Insatser {years_label(years)}", sheet=sheet,
                 widths=widths, small=n > 2)


def municipality_table(plan: p.Plan, *, sheet: str = "") -> Table | None:
    """Intervention money per level and kommun (seed 000's "Individinriktat, Borås …")."""
    year = plan.plan.year
    summary = municipality_summary(plan=plan, year=year)
    if not any(key != p.COMMON for _, key, _ in summary):
        return None
    rows = []
    for level, key, amount in summary:
        where = "gemensamt" if key == p.COMMON else member_name(plan, key)
        rows.append(Row((text(f"{labels.LEVEL_SHORT[level]}, {where}"), money(amount))))
    rows.append(Row((text("Summa insatser"), money(sum((a for _, _, a in summary), ZERO))), "total"))
    return Table(("Nivå och kommun", f"Budget {year}, kr"), tuple(rows), sheet=sheet, widths=(0.7, 0.3))


# ---------------------------------------------------------------- the plan's chapters


def title_page_for(plan: p.Plan, title: str, subtitle: str, extra: tuple[str, ...] = ()) -> TitlePage:
    a = plan.association
    lines = list(extra)
    if a.org_number:
        lines.append(f"Organisationsnummer {a.org_number}")
    if a.address:
        lines.append(a.address)
    if a.website:
        lines.append(a.website.removeprefix("https://").removeprefix("http://"))
    return TitlePage(title, subtitle, a.name, tuple(lines))


def adoption_line(info: p.PlanInfo) -> str:
    """"Fastställd av Styrelsen den 18 februari 2022": the body as the plan writes it (a name
    such as "Samordningsförbundet Ale, Kungälv …" is never lower-cased)."""
    if info.adopted_on and info.adopted_by:
        return f"Fastställd av {info.adopted_by} den {labels.swedish_date(info.adopted_on)}"
    if info.adopted_on:
        return f"Fastställd den {labels.swedish_date(info.adopted_on)}"
    if info.adopted_by:
        return f"Fastställd av {info.adopted_by}"
    return ""


def _vision(o: Outline, plan: p.Plan) -> None:
    a = plan.association
    if not (a.vision or a.mission or a.values):
        return
    o.h1("Vision och värdegrund")
    for title, value in (("Vision", a.vision), ("Verksamhetsidé", a.mission), ("Värdegrund", a.values)):
        if value:
            o.h2(title)
            o.markdown(value)


def _organisation(o: Outline, plan: p.Plan) -> None:
    o.h1("Organisation")
    by_kind = {k: [m.name for m in plan.members_of(k)] for k in p.MEMBER_KINDS}
    o.para(f"{plan.association.name} har {len(plan.members)} medlemmar: "
           f"{join_sv([*by_kind[p.FK], *by_kind[p.AF], *by_kind[p.REGION], *by_kind[p.KOMMUN]])}. "
           "Parterna är staten genom Försäkringskassan och Arbetsförmedlingen, "
           f"{'regionen' if len(by_kind[p.REGION]) == 1 else 'regionerna'} och kommunerna; "
           "kommunerna räknas tillsammans som en part.")
    o.add(Table(("Medlem", "Slag", "Part"),
                tuple(Row((text(m.name), text(labels.MEMBER_KINDS[m.kind]), text(labels.PARTIES[m.kind])))
                      for m in plan.members), caption="Medlemmar", widths=(0.5, 0.25, 0.25)))
    year = plan.plan.year
    seats = [x for x in plan.seats if x.sits_in(year)]
    if seats:
        _named_board(o, plan, seats)
    elif plan.board:
        o.h2("Styrelse")
        o.para("Varje medlem utser ledamöter och ersättare till styrelsen. Platserna fördelas så här:")
        rows = []
        for seats_row in plan.board:
            rows.append(Row((text(join_sv([member_name(plan, m) for m in seats_row.members])),
                             count(seats_row.regular), count(seats_row.deputy))))
        rows.append(Row((text("Summa"), count(sum(s.regular for s in plan.board)),
                         count(sum(s.deputy for s in plan.board))), "total"))
        o.add(Table(("Medlem", "Ledamöter", "Ersättare"), tuple(rows), caption="Styrelsens platser",
                    widths=(0.6, 0.2, 0.2)))
        for seats_row in plan.board:
            if seats_row.note:
                o.para(seats_row.note, "note")
    for body in plan.bodies:
        o.h2(body.name)
        if body.note:
            o.para(body.note)
        if body.members:
            o.add(Table(("Namn", "Organisation", "Roll"), tuple(
                Row((text(x.name), text(member_name(plan, x.member) if x.member
                                        else x.organisation or ""), text(x.role or "")))
                for x in body.members), caption=f"{body.name}: ledamöter",
                widths=(0.35, 0.4, 0.25)))


def _named_board(o: Outline, plan: p.Plan, seats: list[p.BoardSeat]) -> None:
    """The board by name: each member's ledamöter and ersättare, the chair and vice chairs,
    the order deputies are called in (FINSAM.md §1)."""
    o.h2("Styrelse")
    chair = [x.name for x in seats if x.office == "chair"]
    vice = [x.name for x in seats if x.office == "vice_chair"]
    text_parts = ["Varje medlem utser minst en ledamot och en ersättare, lika många av varje. "
                  "Ersättarna kallas in i den ordning som anges."]
    if chair:
        text_parts.append(f"Ordförande är {join_sv(chair)}.")
    if vice:
        text_parts.append(f"Vice ordförande är {join_sv(vice)}.")
    o.para(" ".join(text_parts))
    rows = []
    for x in seats_in_order(seats, plan.members):
        role = labels.SEAT_ROLES[x.role]
        if x.deputy_order is not None:
            role += f" ({x.deputy_order})"
        if x.office:
            role += f", {labels.BOARD_OFFICES[x.office].lower()}"
        term = "–".join(str(d) for d in (x.term_start, x.term_end) if d) if (
            x.term_start or x.term_end) else ""
        rows.append(Row((text(x.name), text(member_name(plan, x.member)), text(role), text(term))))
    o.add(Table(("Namn", "Representerar", "Roll", "Mandatperiod"), tuple(rows),
                caption="Styrelsens ledamöter och ersättare", widths=(0.28, 0.27, 0.25, 0.2)))
    lacking = board_lacking(plan, plan.plan.year)
    if lacking:
        o.para(f"Ledamot och ersättare i lika antal saknas för "
               f"{join_sv([m.name for m in lacking])}.", "note")


def _target_groups(o: Outline, plan: p.Plan) -> None:
    groups = plan.plan.target_groups
    if not groups:
        return
    o.h1("Målgrupper")
    if any(g.priority for g in groups):
        o.para("Förbundet prioriterar de målgrupper som är markerade som prioriterade.")
    if any(g.description for g in groups):
        for g in groups:
            o.h2(g.name)
            if g.priority:
                o.para("Prioriterad målgrupp.", "note")
            if g.description:
                o.markdown(g.description)
    else:
        o.add(ItemList(tuple(ListItem((Run(g.name), *((Run(" (prioriterad)", italic=True),)
                                                      if g.priority else ())))
                             for g in groups)))


def _goals(o: Outline, plan: p.Plan) -> None:
    table = goals_table(plan, sheet="Mål")
    if table is None:
        return
    o.h1("Mål")
    o.para("Mål med en indikator följs upp med siffror som beräknas ur förbundets uppgifter: "
           "budgetmålen ur budget, prognos och utfall, deltagarmålen ur deltagaruppföljningen. "
           "Mål utan indikator följs upp med en skriftlig bedömning.")
    o.add(table)


def _intervention_detail(o: Outline, plan: p.Plan, iv: p.Intervention) -> None:
    year = plan.plan.year
    o.h3(iv.name)
    if iv.description:
        o.markdown(iv.description)
    o.labelled("Kategori", labels.category_label(iv.level, iv.category))
    o.labelled("Märkning", ", ".join(vocab.label(labels.MARKINGS, m) for m in iv.markings))
    if iv.status and iv.status != "ongoing":
        o.labelled("Status", vocab.label(labels.STATUSES, iv.status))
    o.labelled("Målgrupp", iv.target_group)
    o.labelled("Avgränsning", iv.eligibility)
    o.labelled("Metod", iv.method)
    if iv.members:
        o.labelled("Medverkande medlemmar", join_sv([member_name(plan, m) for m in iv.members]))
    if iv.provider:
        o.labelled("Utförare", member_name(plan, iv.provider) if plan.member(iv.provider) else iv.provider)
    if iv.period_start and iv.period_end:
        o.labelled("Period", f"{iv.period_start.isoformat()}–{iv.period_end.isoformat()}")
    elif iv.period_start:
        o.labelled("Period", f"från {iv.period_start.isoformat()}")
    elif iv.period_end:
        o.labelled("Period", f"till {iv.period_end.isoformat()}")
    for f in iv.external_funding:
        source = vocab.label(labels.FUNDING_SOURCES, f.source)
        if f.reference:
            source += f" ({f.reference})"
        amounts = ", ".join(f"{kr(a)} {y}" for y, a in sorted(f.amount.items()))
        o.labelled("Extern finansiering", f"{source}: {amounts}" if amounts else source)
    money_years = [(y, iv.amount(plan.default_column(y), y)) for y in plan.plan.years]
    if any(a is not None for _, a in money_years):
        o.labelled("Budget", ", ".join(f"{kr(a)} {y}" for y, a in money_years if a is not None))
    budget_parts = iv.budget.get(year, {})
    people = iv.planned_participants.get(year, {})
    keys = [k for k in [*budget_parts, *people] if k != p.COMMON]
    if keys:
        order = {m.id: i for i, m in enumerate(plan.members)}
        ordered = sorted(set(keys), key=lambda k: order.get(k, 10_000))
        if p.COMMON in budget_parts or p.COMMON in people:
            ordered.append(p.COMMON)
        rows = []
        for k in ordered:
            amount, n = budget_parts.get(k), people.get(k)
            per = amount / n if amount is not None and n else None
            rows.append(Row((text(member_name(plan, k)), count(n), money(amount),
                             money(round_kronor(per) if per is not None else None))))
        total_people = iv.participants(year)
        total = iv.amount("budget", year)
        per_total = total / total_people if total is not None and total_people else None
        rows.append(Row((text("Summa"), count(total_people), money(total),
                         money(round_kronor(per_total) if per_total is not None else None)),
                        "total"))
        o.add(Table(("Kommun", "Planerade deltagare", f"Budget {year}, kr", "Per deltagare, kr"),
                    tuple(rows), caption=f"{iv.name} per kommun {year}", widths=(0.4, 0.2, 0.2, 0.2)))
    if iv.goals:
        o.add(Paragraph((Run("Mål:", bold=True),)))
        o.add(ItemList(tuple(ListItem((Run(g.text),
                                       Run(f" ({vocab.label(labels.INDICATORS, g.indicator)}"
                                           f"{', målvärde ' + goal_target(g) if g.target is not None else ''})"
                                           if g.indicator else " (skriftlig bedömning)", italic=True)))
                             for g in iv.goals)))


def _interventions(o: Outline, plan: p.Plan) -> None:
    table = interventions_table(plan, sheet="Insatser")
    if table is None:
        return
    year = plan.plan.year
    o.h1(f"Insatser {year}")
    b = budget_figures(plan=plan, year=year)
    if b.interventions_total is not None:
        o.para(f"Förbundet planerar att använda {kr(b.interventions_total)} till insatser {year}. "
               "Insatserna redovisas efter nivå och kategori enligt den nationella uppföljningen.")
    o.add(table)
    for level in p.LEVELS:
        ivs = _sorted_interventions(plan, level)
        if not ivs:
            continue
        o.h2(labels.LEVEL_GROUPS[level])
        for iv in ivs:
            _intervention_detail(o, plan, iv)
    per_kommun = municipality_table(plan, sheet="Insatsmedel per kommun")
    if per_kommun is not None:
        o.h2(f"Insatsmedel per kommun {year}")
        o.add(per_kommun)


def _financing(o: Outline, plan: p.Plan) -> None:
    year = plan.plan.year
    f = contribution_split(plan=plan, year=year)
    multi = financing_years_table(plan, sheet="Medlemsbidrag per år")
    other = []
    for iv in plan.interventions:
        for ext in iv.external_funding:
            amount = ext.amount.get(year)
            if amount:
                source = vocab.label(labels.FUNDING_SOURCES, ext.source)
                ref = f" ({ext.reference})" if ext.reference else ""
                other.append(f"{iv.name}: {source}{ref}, {kr(amount)}")
    if f is None and multi is None and not other:
        return
    o.h1("Finansiering")
    if f is not None:
        o.h2(f"Medlemsbidrag {year}")
        o.para("Enligt lagen om finansiell samordning betalar staten hälften av medlemsbidragen "
               "genom Försäkringskassan, regionen en fjärdedel och kommunerna tillsammans en "
               "fjärdedel.")
        kommuner = [c for c in f.members if c.kind == p.KOMMUN]
        if kommuner and all(c.population for c in kommuner) and not all(c.explicit for c in kommuner):
            o.para(f"Kommunernas fjärdedel, {kr(f.municipalities)}, fördelas efter befolkningen "
                   f"den {labels.swedish_date(f.population_date)}. Varje kommuns belopp avrundas "
                   "nedåt till hela kronor och de kronor som blir över fördelas en i taget till "
                   "de kommuner som har störst decimaldel (största-restmetoden), så att "
                   "delarna summerar exakt till kommunernas andel.")
        if any(c.explicit for c in kommuner):
            o.para("Kommunernas belopp är beslutade belopp.", "note")
        if f.status != "adopted":
            o.para(f"Medlemsbidragen {year} är {labels.FINANCING_STATUSES[f.status]}.", "note")
        if f.undivided:
            o.para("Befolkningsuppgifter saknas för några medlemmar, så deras del kan inte "
                   "fördelas ännu.", "note")
        o.add(financing_table(plan, f, sheet="Finansiering"))
        o.add(parties_table(f))
    if multi is not None:
        o.h2("Medlemsbidrag per år")
        o.add(multi)
    if other:
        o.h2("Andra intäkter")
        o.para(f"Beviljad eller sökt extern finansiering {year}:")
        o.add(ItemList.of(other))


def _budget(o: Outline, plan: p.Plan, bands: tuple[EquityBand, ...] = DEFAULT_BANDS) -> None:
    figures = budget_years(plan)
    if not figures:
        return
    o.h1(f"Budget {years_label(plan.plan.years)}")
    o.para("Intäkter är medlemsbidrag och övriga intäkter; kostnader är insatser och övriga "
           "kostnader. Resultatet är intäkter minus kostnader och utgående eget kapital är "
           "ingående eget kapital plus resultatet. Ingående eget kapital är aldrig en intäkt.")
    o.add(budget_table(plan, figures, sheet="Budget"))
    planned = [b for b in figures if b.year in plan.plan.years and b.column in ("budget", "plan")]
    deficits = [b for b in planned if b.result is not None and b.result < 0]
    if deficits:
        listed = "Budgeten visar underskott: " + join_sv([f"{kr(b.result)} {b.year}" for b in deficits]) + "."
        last = deficits[-1]
        if last.closing_equity is None:
            o.para(f"{listed} Underskotten ska täckas av eget kapital, men ingående eget kapital är inte "
                   "angivet i planen, så utgående eget kapital kan inte beräknas.")
        elif last.closing_equity < 0:
            o.para(f"{listed} Eget kapital räcker inte: utgående eget kapital {last.year} blir "
                   f"{kr(last.closing_equity)}.")
        else:
            o.para(f"{listed} Underskotten täcks av eget kapital; utgående eget kapital {last.year} "
                   f"beräknas till {kr(last.closing_equity)}.")
    for b in planned:
        # A justification explains a deficit: under a surplus it would contradict the figures.
        if b.deficit_justification and b.result is not None and b.result < 0:
            o.para(f"Motivering {b.year}: {b.deficit_justification}", "note")
    main = next((b for b in planned if b.year == plan.plan.year), None)
    if main and main.closing_equity is not None and main.contributions:
        ceiling = ceiling_of(plan=plan, contributions=main.contributions, bands=bands)
        verdict = "över" if ceiling.exceeded_by(main.closing_equity) else "under"
        o.para(f"Utgående eget kapital {main.year} beräknas till {kr(main.closing_equity)}, "
               f"{verdict} taket {kr(ceiling.amount)} ({pct(ceiling.share, 0)} av årets "
               f"medlemsbidrag).")


def decision_points(plan: p.Plan) -> list[str]:
    """The budget decision, every amount taken from the figures (never typed)."""
    info = plan.plan
    year = info.year
    b = budget_figures(plan=plan, year=year)
    points = [f"godkänna verksamhetsplan {year},"]
    if info.plan_years:
        points.append(f"fastställa budgeten för {year} och planen för {years_label(info.plan_years)},")
    else:
        points.append(f"fastställa budgeten för {year},")
    if b.has_budget and b.admin_costs is not None:
        points.append(f"anslå {kr(b.admin_costs)} för förbundets sekretariat {year}, det vill "
                      "säga styrelse, kansli, revision, ekonomitjänster och övrig administration,")
    if b.interventions_total is not None:
        points.append(f"anslå {kr(b.interventions_total)} i insatsmedel till insatser under {year},")
    points.append("bemyndiga förbundschefen att utanordna medel inom de beslutade kostnadsramarna, samt")
    points.append("översända beslutet till medlemmarna: "
                  f"{join_sv([m.name for m in plan.members])}.")
    return points


def _decisions(o: Outline, plan: p.Plan) -> None:
    o.h1("Beslut")
    body = plan.plan.adopted_by or "Styrelsen"
    o.para(f"{body} för {plan.association.name} beslutar att")
    o.add(ItemList.of(decision_points(plan), ordered=True))


def calendar_table(plan: p.Plan) -> Table | None:
    if not plan.calendar:
        return None
    rows: list[Row] = []
    month = None
    has_place = any(c.place for c in plan.calendar)
    width = 4 if has_place else 3
    for c in calendar_in_order(plan.calendar):
        if c.date.month != month:
            month = c.date.month
            rows.append(Row((text(f"{labels.MONTHS[month - 1].capitalize()} {c.date.year}"),
                             *(text("") for _ in range(width - 1))), "group"))
        time = "–".join(x for x in (c.start, c.end) if x)
        what = c.title or (body_label(c.body, plan.bodies) if c.body else "")
        if c.tentative:
            what += " (preliminärt)"
        cells = [text(f"{c.date.day} {labels.MONTHS[c.date.month - 1]}"), text(time), text(what)]
        if has_place:
            cells.append(text(c.place or ""))
        rows.append(Row(tuple(cells)))
    headers = ("Datum", "Tid", "Möte", *(("Plats",) if has_place else ()))
    widths = (0.2, 0.18, 0.37, 0.25) if has_place else (0.25, 0.2, 0.55)
    return Table(headers, tuple(rows), widths=widths)


def glossary_table(plan: p.Plan) -> Table:
    """The plan's own glossary (plan.glossary) when it has one, else the standard Finsam terms."""
    entries = [(g.term, g.definition) for g in plan.plan.glossary] or list(labels.GLOSSARY)
    return Table(("Begrepp", "Förklaring"), tuple(Row((text(t), text(d))) for t, d in entries),
                 widths=(0.28, 0.72))


def controls_table(plan: p.Plan) -> Table | None:
    """The internal-control plan (FINSAM.md §8), highest risk first; the scores from the rulebook."""
    if not plan.risks or not plan.risks.controls:
        return None
    rows = []
    for c in risks_by_score(plan.risks.controls):
        score = risk_score(c.likelihood, c.consequence)
        follow = " ".join(x for x in (c.frequency, c.result, c.action) if x)
        rows.append(Row((text(c.risk), count(c.likelihood), count(c.consequence),
                         text(f"{score} {labels.RISK_LEVELS[risk_level(score)].lower()}"),
                         text(c.control or ""), text(c.owner or ""), text(follow))))
    return Table(("Risk", "Sannolikhet", "Konsekvens", "Riskvärde", "Kontroll", "Ansvarig",
                  "Uppföljning"), tuple(rows), caption="Internkontrollplan", sheet="Internkontroll",
                 widths=(0.22, 0.09, 0.09, 0.11, 0.2, 0.12, 0.17))


def _annexes(o: Outline, plan: p.Plan) -> None:
    """Annexes in the seeds' order (002: glossary, year plan, risk analysis), each on a page
    of its own; parts the plan lacks are left out, the glossary never."""
    o.add(PageBreak())
    o.h1("Bilagor", numbered=False)
    n = 1
    o.h2(f"Bilaga {n}. Gemensamma begrepp", numbered=False)
    o.para("Följande begrepp används i samband med finansiell samordning (Finsam).")
    o.add(glossary_table(plan))
    calendar = calendar_table(plan)
    if calendar is not None:
        o.add(PageBreak())
        n += 1
        o.h2(f"Bilaga {n}. Årsplanering {plan.plan.year}", numbered=False)
        o.para("Tider för styrelsen, beredningsgruppen och andra möten av vikt för styrningen "
               "av förbundet.")
        o.add(calendar)
    r = plan.risks
    if r and (r.strengths or r.weaknesses or r.opportunities or r.threats or r.controls):
        o.add(PageBreak())
        n += 1
        o.h2(f"Bilaga {n}. Riskanalys", numbered=False)
        if r.strengths or r.weaknesses or r.opportunities or r.threats:
            o.para("Styrkor och svagheter är interna faktorer, möjligheter och hot externa (SWOT).")
            o.add(Swot(r.strengths, r.weaknesses, r.opportunities, r.threats))
        table = controls_table(plan)
        if table is not None:
            o.h3("Risker och internkontroll")
            o.para("Varje risk bedöms efter sannolikhet och konsekvens, 1–4 vardera; riskvärdet är "
                   "produkten: 1–3 låg, 4–6 måttlig, 8–9 hög, 12–16 mycket hög.")
            o.add(table)


# The generated parts in their default order. A typed section may hold parts
# (sections[].parts): each is built inside that section, in the section's place, after its
# text. The parts no section holds keep their default place: the vision before the typed
# sections, the others after them in this order. The annexes always close the plan.
PARTS_BEFORE_SECTIONS = ("vision",)
PARTS_AFTER_SECTIONS = ("organisation", "target_groups", "goals", "interventions", "financing",
                        "budget", "decisions")


def _chapters(o: Outline, plan: p.Plan, bands: tuple[EquityBand, ...]) -> None:
    build = {"vision": lambda x: _vision(x, plan), "organisation": lambda x: _organisation(x, plan),
             "target_groups": lambda x: _target_groups(x, plan), "goals": lambda x: _goals(x, plan),
             "interventions": lambda x: _interventions(x, plan),
             "financing": lambda x: _financing(x, plan), "budget": lambda x: _budget(x, plan, bands),
             "decisions": lambda x: _decisions(x, plan)}
    sections = [s for s in plan.plan.sections if s.title.strip() or s.text.strip() or s.parts]
    held = {part for s in sections for part in s.parts}
    for part in PARTS_BEFORE_SECTIONS:
        if part not in held:
            build[part](o)
    for s in sections:
        o.h1(s.title.strip() or "Avsnitt")
        o.markdown(s.text)
        for part in s.parts:
            o.part(build[part], alone=len(s.parts) == 1)
    for part in PARTS_AFTER_SECTIONS:
        if part not in held:
            build[part](o)


def plan_document(plan: p.Plan, *, bands: tuple[EquityBand, ...] = DEFAULT_BANDS) -> Document:
    """The verksamhetsplan: title page, contents, chapters, decision points, annexes."""
    info = plan.plan
    name = plan.association.name
    subtitle = (f"med budget {years_label(info.years)}" if info.plan_years else f"med budget {info.year}")
    extra = tuple(x for x in (adoption_line(info),
                              f"Diarienummer {info.reference}" if info.reference else "") if x)
    o = Outline()
    _chapters(o, plan, bands)
    _annexes(o, plan)
    return Document(kind="plan", title=f"Verksamhetsplan {info.year}",
                    file_stem=f"Verksamhetsplan {info.year} {name}", association=name,
                    blocks=tuple(o.blocks),
                    title_page=title_page_for(plan, f"Verksamhetsplan {info.year}", subtitle, extra),
                    toc=True, running_title=f"{name} · Verksamhetsplan {info.year}")


def tables_document(plan: p.Plan) -> Document:
    """Every table of the plan that has a sheet name: financing, budget, interventions, goals."""
    full = plan_document(plan)
    tables = [t for t in full.tables if t.sheet]
    name = plan.association.name
    return Document(kind="tables", title=f"Tabeller {plan.plan.year}",
                    file_stem=f"Tabeller {plan.plan.year} {name}", association=name,
                    blocks=tuple(tables))
