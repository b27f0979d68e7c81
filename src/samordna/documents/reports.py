"""Tertial report and annual report (årsredovisning) as neutral documents.

The tertial report for T1, T2 or T3 shows the plan's tertial follow-up (plan-file
`tertials`: outcome to date, forecast and comment per item) through the rulebook's
`finsam.tertial_summary`; a period without figures shows the budget and says so. The
annual report reads the year's outcome column (the T3 outcome when one is given).
Documents compute nothing of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from samordna.finsam import followup as fu
from samordna.finsam import plan as p
from samordna.finsam import tertials as tt
from samordna.finsam import vocabulary as vocab
from samordna.finsam.budget import BudgetFigures, budget_figures, columns
from samordna.finsam.equity import DEFAULT_BANDS, EquityBand, ceiling_of
from samordna.finsam.financing import contribution_split
from samordna.finsam.money import ZERO
from samordna.finsam.tertial_summary import (
    CONTRIBUTIONS,
    COST_LINES,
    COSTS,
    INTERVENTIONS,
    RESULT,
    REVENUE,
    REVENUE_LINES,
    TertialSummary,
    tertial_summary,
)
from samordna.finsam.tertials import TertialItem

from . import labels
from .blocks import (
    Cell,
    Chart,
    Document,
    ItemList,
    Row,
    Series,
    Signatures,
    Table,
    money,
    share,
    text,
)
from .content import (
    Outline,
    financing_table,
    goal_target,
    join_sv,
    kr,
    member_name,
    pct,
    title_page_for,
)
from .participants import participants_section


@dataclass(frozen=True)
class YearFigures:
    """A year's budget, forecast and outcome (None where the plan has none)."""

    year: int
    budget: BudgetFigures
    forecast: BudgetFigures | None
    outcome: BudgetFigures | None


def year_figures(plan: p.Plan, year: int) -> YearFigures:
    available = set(columns(plan))

    def column(name: str) -> BudgetFigures | None:
        if (year, name) not in available:
            return None
        figures = budget_figures(plan=plan, year=year, column=name)
        return figures if figures.has_budget else None

    return YearFigures(year, budget_figures(plan=plan, year=year), column("forecast"), column("outcome"))


def _minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def _line(b: BudgetFigures | None, attr: str, line_id: str) -> Decimal | None:
    if b is None:
        return None
    return next((x.amount for x in getattr(b, attr) if x.id == line_id), None)


# ---------------------------------------------------------------- tertial report


def _end(period: str) -> str:
    return vocab.PERIOD_ENDS[period]


def _forecast_cell(item: TertialItem, marked: bool) -> Cell:
    """The forecast; one the rulebook computed (not entered) is marked with an asterisk."""
    cell = money(item.forecast)
    if marked and not item.forecast_given and item.forecast is not None:
        return Cell(cell.text + "*", cell.value, cell.fmt)
    return cell


def tertial_table(s: TertialSummary) -> Table:
    """Per item and group: budget, outcome to date, share used, forecast, deviation, comment;
    the sums, the result and the equity. Every figure is the rulebook's (`tertial_summary`)."""
    marked = s.entered
    blank = tuple(text("") for _ in range(6))
    rows: list[Row] = []

    def total(key: str, style: str = "sum") -> Row:
        t = s.totals[key]
        used = share(t.used, 1) if key != RESULT else text("")
        return Row((text(vocab.TERTIAL_TOTALS[key]), money(t.budget), money(t.outcome), used,
                    money(t.forecast), money(t.deviation), text("")), style)

    for group, subtotal in ((tt.CONTRIBUTION, CONTRIBUTIONS), (tt.REVENUE, REVENUE_LINES),
                            (tt.INTERVENTION, INTERVENTIONS), (tt.COST, COST_LINES)):
        items = s.group(group)
        if not items:
            continue
        rows.append(Row((text(vocab.TERTIAL_GROUPS[group]), *blank), "group"))
        for i in items:
            rows.append(Row((text(i.label), money(i.budget), money(i.outcome), share(i.used, 1),
                             _forecast_cell(i, marked), money(i.deviation), text(i.comment))))
        rows.append(total(subtotal))
        if group == tt.REVENUE or (group == tt.CONTRIBUTION and not s.group(tt.REVENUE)):
            rows.append(total(REVENUE))
    if s.group(tt.INTERVENTION) or s.group(tt.COST):
        rows.append(total(COSTS))
    rows.append(total(RESULT, "total"))
    for t, label in ((s.opening, "Ingående eget kapital"), (s.closing, "Utgående eget kapital")):
        rows.append(Row((text(label), money(t.budget), money(t.outcome), text(""),
                         money(t.forecast), money(t.deviation), text(""))))
    headers = ("Kr", f"{labels.COLUMNS[s.budget.column]} {s.year}", f"Utfall {_end(s.period)}",
               f"Förbrukat ({pct(s.year_gone, 1)} av året)", "Prognos helår",
               "Avvikelse (prognos − budget)", "Kommentar")
    return Table(headers, tuple(rows), caption=f"Budget, utfall och prognos {s.period} {s.year}",
                 sheet=f"Uppföljning {s.period} {s.year}",
                 widths=(0.21, 0.11, 0.11, 0.11, 0.11, 0.12, 0.23), small=True)


def tertial_charts(s: TertialSummary) -> tuple[Chart | None, Chart | None]:
    """Budget, outcome to date and forecast: the year's revenue, costs and result, and each
    intervention. The same charts serve the web (SVG beside a table) and the documents."""
    outcome_label = f"Utfall {_end(s.period)}"
    keys = (REVENUE, COSTS, RESULT)
    totals = None
    if s.budget.has_budget:
        totals = Chart(
            "bars", f"Intäkter, kostnader och resultat {s.year}",
            tuple(vocab.TERTIAL_TOTALS[k].removeprefix("Summa ").capitalize() for k in keys),
            (Series(f"Budget {s.year}", tuple(s.totals[k].budget for k in keys)),
             Series(outcome_label, tuple(s.totals[k].outcome for k in keys), "outcome"),
             Series("Prognos helår", tuple(s.totals[k].forecast for k in keys), "forecast")),
            alt=f"Stapeldiagram: budget, {outcome_label.lower()} och prognos för helåret {s.year} "
                "för intäkter, kostnader och resultat")
    ivs = s.group(tt.INTERVENTION)
    interventions = None
    if ivs:
        interventions = Chart(
            "bars", f"Insatser {s.year}: budget, utfall och prognos",
            tuple(i.label for i in ivs),
            (Series(f"Budget {s.year}", tuple(i.budget for i in ivs)),
             Series(outcome_label, tuple(i.outcome for i in ivs), "outcome"),
             Series("Prognos helår", tuple(i.forecast for i in ivs), "forecast")),
            alt=f"Stapeldiagram: budget, {outcome_label.lower()} och prognos för helåret per "
                f"insats {s.year}")
    return totals, interventions


def equity_chart(plan: p.Plan, s: TertialSummary | None = None) -> Chart | None:
    """Closing equity per year by budget/plan, forecast and outcome. With a tertial summary,
    its year shows that period's forecast (and outcome only at T3), nothing later."""
    available = columns(plan)
    years = sorted({yr for yr, _ in available})
    planned: list[Decimal | None] = []
    forecast: list[Decimal | None] = []
    outcome: list[Decimal | None] = []
    for yr in years:
        cols = {c for y2, c in available if y2 == yr}

        def closing(column: str, yr: int = yr, cols: set = cols) -> Decimal | None:
            if column not in cols:
                return None
            return budget_figures(plan=plan, year=yr, column=column).closing_equity
        planned.append(closing("budget") if "budget" in cols else closing("plan"))
        if s is not None and yr == s.year:
            forecast.append(s.forecast.closing_equity if s.forecast.has_budget else None)
            outcome.append(s.outcome.closing_equity if s.period == "T3" else None)
        else:
            forecast.append(closing("forecast"))
            outcome.append(closing("outcome"))
    series = [Series(label, tuple(values), role) for label, values, role in
              (("Budget och plan", planned, "budget"), ("Prognos", forecast, "forecast"),
               ("Utfall", outcome, "outcome"))
              if any(v is not None for v in values)]
    if not series:
        return None
    floor = [g.target for g in plan.plan.goals if g.indicator == "equity_min" and g.target is not None]
    refs = (("Mål: lägsta eget kapital", max(floor)),) if floor else ()
    return Chart("line", "Utgående eget kapital per år", tuple(str(yr) for yr in years), tuple(series),
                 alt="Linjediagram: utgående eget kapital per år enligt budget, plan, prognos och utfall",
                 reference_lines=refs)


def goal_status(plan: p.Plan, goal: p.Goal, b: BudgetFigures | None, basis: str,
                computed: fu.GoalRow | None = None) -> str:
    """The status of one goal from the figures of `basis` (e.g. "enligt prognos"), or from
    the follow-up (`computed`, small counts hidden) for a goal it computes."""
    if computed is not None and computed.result is not None:
        return computed.result.status
    if goal.indicator is None:
        return labels.WRITTEN_ASSESSMENT
    if goal.indicator not in labels.BUDGET_INDICATORS:
        return labels.FOLLOW_UP_LATER
    if b is None or not b.has_budget:
        return f"Kan inte bedömas: siffror {basis} saknas." if basis else "Kan inte bedömas: siffror saknas."
    if goal.indicator == "budget_balance":
        if b.result >= 0:
            return f"Uppfyllt {basis}: resultat {kr(b.result)}."
        return f"Ej uppfyllt {basis}: underskott {kr(-b.result)}."
    if b.closing_equity is None:
        return "Kan inte bedömas: ingående eget kapital saknas."
    if goal.indicator == "equity_min":
        if goal.target is None:
            return f"Utgående eget kapital {basis}: {kr(b.closing_equity)}."
        ok = b.closing_equity >= goal.target
        return (f"{'Uppfyllt' if ok else 'Ej uppfyllt'} {basis}: utgående eget kapital "
                f"{kr(b.closing_equity)}.")
    if not b.contributions:
        return "Kan inte bedömas: medlemsbidrag saknas."
    ratio = b.closing_equity / b.contributions
    if goal.target is None:
        return f"Eget kapital {basis}: {pct(ratio, 1)} av medlemsbidragen."
    ok = ratio <= goal.target
    return (f"{'Uppfyllt' if ok else 'Ej uppfyllt'} {basis}: eget kapital {kr(b.closing_equity)} är "
            f"{pct(ratio, 1)} av medlemsbidragen.")


def goals_status_table(plan: p.Plan, b: BudgetFigures | None, basis: str,
                       followup: fu.FollowUpReport | None = None) -> Table | None:
    def computed(owner: str | None, g: p.Goal) -> fu.GoalRow | None:
        return followup.goal(owner, g) if followup else None

    def target(owner: str | None, g: p.Goal) -> str:
        row = computed(owner, g)
        return fu.target_text(row.measure) if row and row.own_measure else goal_target(g)

    def indicator(owner: str | None, g: p.Goal) -> str:
        row = computed(owner, g)
        return fu.measure_text(row.measure) if row and row.own_measure else vocab.label(labels.INDICATORS,
                                                                                        g.indicator)

    rows = []
    for g in plan.plan.goals:
        rows.append(Row((text(g.text), text(indicator(None, g)),
                         text(target(None, g)), text(goal_status(plan, g, b, basis, computed(None, g))))))
    for iv in plan.interventions:
        for g in iv.goals:
            rows.append(Row((text(f"{iv.name}: {g.text}"), text(indicator(iv.id, g)),
                             text(target(iv.id, g)), text(goal_status(plan, g, b, basis, computed(iv.id, g))))))
    if not rows:
        return None
    return Table(("Mål", "Indikator", "Målvärde", "Status"), tuple(rows), caption="Måluppfyllelse",
                 widths=(0.36, 0.22, 0.12, 0.30))




def _equity_paragraphs(o: Outline, plan: p.Plan, b: BudgetFigures, basis: str,
                       bands: tuple[EquityBand, ...] = DEFAULT_BANDS) -> None:
    if b.closing_equity is None:
        o.para("Ingående eget kapital är inte angivet i planen, så eget kapital vid årets slut "
               "kan inte beräknas.")
        return
    o.add(Table(("Eget kapital", "Kr"), (
        Row((text("Ingående eget kapital"), money(b.opening_equity))),
        Row((text(f"Årets resultat {basis}"), money(b.result))),
        Row((text(f"Utgående eget kapital {basis}"), money(b.closing_equity)), "total"),
    ), caption=f"Eget kapital {b.year}", widths=(0.7, 0.3)))
    if b.contributions:
        ceiling = ceiling_of(plan=plan, contributions=b.contributions, bands=bands)
        where = "över" if ceiling.exceeded_by(b.closing_equity) else "under"
        o.para(f"Utgående eget kapital {basis} är {pct(b.closing_equity / b.contributions, 1)} av "
               f"årets medlemsbidrag, {where} taket {kr(ceiling.amount)} ({pct(ceiling.share, 0)}).")


def _deviation_texts(s: TertialSummary) -> list[str]:
    """Each item with a deviation or a comment, largest deviation first."""
    out = []
    for i in s.commented:
        diff = i.deviation or ZERO
        line = f"{i.label}: prognosen är {kr(abs(diff))} {'högre' if diff > 0 else 'lägre'} än budget." \
            if diff else f"{i.label}: prognosen följer budget."
        out.append(f"{line} {i.comment}" if i.comment else line)
    return out


def tertial_document(plan: p.Plan, *, year: int | None = None, tertial: int = 3,
                     bands: tuple[EquityBand, ...] = DEFAULT_BANDS,
                     followup: fu.FollowUpReport | None = None) -> Document:
    """Tertialrapport for T1, T2 or T3: per line and intervention budget, outcome to date, the
    share used against the share of the year gone, forecast, deviation and comment; the
    equity forecast; participants and goals (from the follow-up when given). Figures from
    `finsam.tertial_summary`."""
    if tertial not in (1, 2, 3):
        raise ValueError("Tertialen ska vara 1, 2 eller 3")
    year = year or plan.plan.year
    period = p.PERIODS[tertial - 1]
    name = plan.association.name
    s = tertial_summary(plan, year, period)
    forecast = s.forecast if s.forecast.has_budget else None
    basis = "enligt prognos" if forecast else ""
    o = Outline("t")

    o.h1("Sammanfattning")
    o.para(f"Rapporten följer upp {name}s ekonomi och verksamhet {year}, tertial {tertial} "
           f"({labels.tertial_period(tertial)}). Utfallet avser tiden från 1 januari "
           f"{'till årets slut' if period == 'T3' else _end(period)}; prognosen avser helåret.")
    facts = []
    if s.budget.has_budget:
        facts.append(f"Budgeterat resultat {year}: {kr(s.budget.result)}.")
    if s.outcome.has_budget:
        facts.append(f"Utfall {_end(period)}: intäkter {kr(s.outcome.revenue)}, kostnader "
                     f"{kr(s.outcome.costs)}, resultat {kr(s.outcome.result)}.")
        costs = s.totals[COSTS]
        if costs.used is not None:
            facts.append(f"Av årets kostnadsbudget är {pct(costs.used, 1)} förbrukad när "
                         f"{pct(s.year_gone, 1)} av året har gått.")
    if forecast and s.entered:
        facts.append(f"Prognos för helåret: resultat {kr(forecast.result)} "
                     f"({kr(s.totals[RESULT].deviation)} mot budget).")
    if forecast and forecast.closing_equity is not None:
        facts.append(f"Utgående eget kapital {basis}: {kr(forecast.closing_equity)}.")
    if s.reported_on:
        facts.append(f"Siffrorna är uttagna {labels.swedish_date(s.reported_on)}.")
    if facts:
        o.add(ItemList.of(facts))
    if not s.entered:
        o.para(f"Utfall och prognos för {period} {year} är inte registrerade ännu. Rapporten visar "
               "därför budgeten, som också är prognosen.")

    if s.items:
        o.h1("Ekonomi per post och insats")
        o.para(f"Förbrukat är utfallet i procent av budgeten, att jämföra med den del av året som "
               f"har gått ({pct(s.year_gone, 1)}). Avvikelsen är prognos minus budget; för "
               "kostnader betyder ett positivt tal att kostnaden blir högre än budgeterat.")
        if s.entered:
            o.para("* Beräknad prognos: utfallet hittills plus budgeten för resten av året (utan "
                   "utfall: budgeten).", "note")
        o.add(tertial_table(s))
        deviations = _deviation_texts(s) if s.entered else []
        if deviations:
            o.h2("Avvikelser och kommentarer")
            o.add(ItemList.of(deviations))
        elif s.entered:
            o.para("Prognosen avviker inte från budgeten.")

    totals_chart, iv_chart = tertial_charts(s) if s.entered else (None, None)
    line = equity_chart(plan, s)
    if totals_chart or iv_chart or line:
        o.h1("Diagram")
        if totals_chart:
            o.h2("Intäkter, kostnader och resultat")
            o.add(totals_chart)
        if iv_chart:
            o.h2("Insatser: budget, utfall och prognos")
            o.add(iv_chart)
        if line:
            o.h2("Eget kapital per år")
            o.add(line)

    o.h1("Eget kapital")
    if forecast is not None:
        _equity_paragraphs(o, plan, forecast, basis, bands)
    else:
        o.para(f"Det finns ingen budget för {year}.")

    o.h1("Deltagare")
    participants_section(o, plan, year, followup)

    goals = goals_status_table(plan, forecast, basis, followup)
    if goals:
        o.h1("Måluppfyllelse")
        if followup is not None:
            o.para(f"Budgetmålen bedöms ur prognosen, deltagarmålen ur deltagaruppföljningen "
                   f"{followup.period.label}.")
        else:
            o.para("Budgetmålen bedöms ur prognosen. Deltagarmålen "
                   + labels.FOLLOW_UP_LATER[0].lower() + labels.FOLLOW_UP_LATER[1:])
        o.add(goals)

    title = f"Tertialrapport {period} {year}"
    subtitle = f"Uppföljning {labels.tertial_period(tertial)} {year}"
    return Document(kind="tertial", title=title, file_stem=f"Tertialrapport {period} {year} {name}",
                    association=name, blocks=tuple(o.blocks),
                    title_page=title_page_for(plan, title, subtitle), toc=True,
                    running_title=f"{name} · {title}")


# ---------------------------------------------------------------- annual report


def _split(lines, financial: bool):
    return [x for x in lines if (x.kind == "financial") == financial]


def _neg(value: Decimal | None) -> Decimal | None:
    return None if value is None else -value


def income_statement(plan: p.Plan, y: YearFigures) -> Table:
    """Resultaträkning from the outcome column, the budget beside it; costs as negative amounts."""
    out, bud = y.outcome, y.budget

    def line_rows(attr: str, financial: bool, sign: int) -> list[Row]:
        ids: dict[str, str] = {}
        for b in (out, bud):
            for line in _split(getattr(b, attr), financial) if b else ():
                ids.setdefault(line.id, line.label)
        rows = []
        for line_id, label in ids.items():
            a, b = _line(out, attr, line_id), _line(bud, attr, line_id)
            if sign < 0:
                a, b = _neg(a), _neg(b)
            rows.append(Row((text(label), money(a), money(b), money(_minus(a, b)))))
        return rows

    def lines_total(b: BudgetFigures, attr: str, financial: bool) -> Decimal:
        return sum((x.amount for x in _split(getattr(b, attr), financial) if x.amount is not None), ZERO)

    def operating_revenue(b: BudgetFigures) -> Decimal | None:
        if b.contributions is None:
            return None
        return b.contributions + lines_total(b, "revenue_lines", False)

    def operating_costs(b: BudgetFigures) -> Decimal | None:
        if not b.has_budget:
            return None
        return -((b.interventions_total or ZERO) + lines_total(b, "cost_lines", False))

    def compare(label: str, a: Decimal | None, b: Decimal | None, style: str = "") -> Row:
        return Row((text(label), money(a), money(b), money(_minus(a, b))), style)

    blank = (text(""), text(""), text(""))
    rows: list[Row] = [Row((text("Verksamhetens intäkter"), *blank), "group")]
    rows.append(compare("Medlemsbidrag", out.contributions, bud.contributions))
    rows += line_rows("revenue_lines", False, 1)
    rev_o, rev_b = operating_revenue(out), operating_revenue(bud)
    rows.append(compare("Summa verksamhetens intäkter", rev_o, rev_b, "sum"))
    rows.append(Row((text("Verksamhetens kostnader"), *blank), "group"))
    rows.append(compare("Insatser", _neg(out.interventions_total), _neg(bud.interventions_total)))
    rows += line_rows("cost_lines", False, -1)
    cost_o, cost_b = operating_costs(out), operating_costs(bud)
    rows.append(compare("Summa verksamhetens kostnader", cost_o, cost_b, "sum"))
    op_o = None if rev_o is None or cost_o is None else rev_o + cost_o
    op_b = None if rev_b is None or cost_b is None else rev_b + cost_b
    rows.append(compare("Verksamhetens resultat", op_o, op_b, "sum"))
    financial = line_rows("revenue_lines", True, 1) + line_rows("cost_lines", True, -1)
    if financial:
        rows.append(Row((text("Finansiella poster"), *blank), "group"))
        rows += financial
    rows.append(compare("Årets resultat", out.result, bud.result, "total"))
    return Table(("Kr", f"Utfall {y.year}", f"{labels.COLUMNS[bud.column]} {y.year}", "Avvikelse"),
                 tuple(rows), caption=f"Resultaträkning {y.year}", widths=(0.43, 0.19, 0.19, 0.19))


def _signature_names(plan: p.Plan) -> tuple[str, ...]:
    if plan.board:
        names = []
        for seats in plan.board:
            who = join_sv([member_name(plan, m) for m in seats.members])
            names += [f"Ledamot för {who}"] * seats.regular
        return tuple(names)
    return tuple(f"Ledamot för {m.name}" for m in plan.members)


def annual_document(plan: p.Plan, *, year: int | None = None,
                    followup: fu.FollowUpReport | None = None) -> Document:
    """Årsredovisning: förvaltningsberättelse, resultaträkning, notes, signatures."""
    year = year or plan.plan.year
    name = plan.association.name
    y = year_figures(plan, year)
    out = y.outcome
    o = Outline("a")

    o.h1("Förvaltningsberättelse")
    o.h2("Uppdrag och organisation")
    by_kind = {k: [m.name for m in plan.members_of(k)] for k in p.MEMBER_KINDS}
    o.para(f"{name} är ett samordningsförbund enligt lagen (2003:1210) om finansiell samordning av "
           f"rehabiliteringsinsatser. Medlemmar {year} är "
           f"{join_sv([*by_kind[p.FK], *by_kind[p.AF], *by_kind[p.REGION], *by_kind[p.KOMMUN]])}.")
    if plan.board:
        seats_regular = sum(s.regular for s in plan.board)
        seats_deputy = sum(s.deputy for s in plan.board)
        o.para(f"Styrelsen har {seats_regular} ledamöter och {seats_deputy} ersättare.")

    o.h2("Årets verksamhet")
    ivs = [iv for iv in plan.interventions
           if iv.amount(y.budget.column, year) is not None or (out and iv.amount("outcome", year) is not None)]
    if ivs and out:
        o.para(f"Förbundet finansierade {len(ivs)} insatser {year}.")
        rows = []
        for iv in ivs:
            budget, outcome = iv.amount(y.budget.column, year), iv.amount("outcome", year)
            rows.append(Row((text(iv.name), text(labels.LEVELS[iv.level]), money(budget), money(outcome),
                             money(_minus(outcome, budget)))))
        rows.append(Row((text("Summa insatser"), text(""), money(y.budget.interventions_total),
                         money(out.interventions_total),
                         money(_minus(out.interventions_total, y.budget.interventions_total))), "total"))
        o.add(Table(("Insats", "Nivå", f"Budget {year}, kr", f"Utfall {year}, kr", "Avvikelse, kr"),
                    tuple(rows), caption=f"Insatser {year}", widths=(0.36, 0.19, 0.15, 0.15, 0.15)))
    elif ivs:
        o.para(f"Verksamhetsplanen för {year} omfattar {len(ivs)} insatser.")
        rows = [Row((text(iv.name), text(labels.LEVELS[iv.level]), money(iv.amount(y.budget.column, year))))
                for iv in ivs]
        o.add(Table(("Insats", "Nivå", f"Budget {year}, kr"), tuple(rows), caption=f"Insatser {year}",
                    widths=(0.5, 0.25, 0.25)))
    if out is None:
        o.para(f"Utfall för {year} är inte registrerat ännu, så årsredovisningen visar inga "
               "siffror för utfall.")

    o.h2("Deltagare")
    participants_section(o, plan, year, followup)

    goals = goals_status_table(plan, out, "enligt utfall", followup)
    if goals:
        o.h2("Måluppfyllelse")
        o.add(goals)

    if out is not None:
        o.h2("Ekonomisk översikt")
        facts = [f"Årets resultat: {kr(out.result)} (budget {kr(y.budget.result)}).",
                 f"Insatsernas kostnader: {kr(out.interventions_total)} av totalt {kr(out.costs)}."]
        if out.admin_share is not None:
            facts.append(f"Administrationens andel av kostnaderna: {pct(out.admin_share, 1)}.")
        if out.closing_equity is not None:
            facts.append(f"Eget kapital vid årets slut: {kr(out.closing_equity)}.")
        o.add(ItemList.of(facts))
    later = [budget_figures(plan=plan, year=yr) for yr in plan.plan.years if yr > year]
    later = [b for b in later if b.has_budget]
    if later:
        o.h2("Förväntad utveckling")
        o.para("Enligt verksamhetsplanen: " + join_sv(
            [f"{labels.COLUMNS[b.column].lower()} {b.year} med resultat {kr(b.result)}" for b in later]) + ".")

    o.h1("Resultaträkning")
    if out is None:
        o.para(f"Utfall för {year} saknas, så resultaträkningen kan inte upprättas ännu.")
    else:
        o.add(income_statement(plan, y))
    o.para("Balansräkning och kassaflödesanalys hämtas ur förbundets redovisning; Samordna har "
           "inga uppgifter om tillgångar och skulder.", "note")

    o.h1("Noter")
    o.h2("Redovisningsprinciper")
    o.para("Årsredovisningen är upprättad enligt lagen (2018:597) om kommunal bokföring och "
           "redovisning. Medlemsbidragen redovisas som verksamhetens intäkter; ingående eget "
           "kapital är inte en intäkt.")
    o.h2("Eget kapital")
    if out is None:
        o.para("Utfall saknas, så eget kapital vid årets slut kan inte redovisas.")
    elif out.opening_equity is None:
        o.para("Ingående eget kapital är inte registrerat, så eget kapital vid årets slut kan inte "
               "beräknas.")
    else:
        o.add(Table(("Eget kapital", "Kr"), (
            Row((text(f"Ingående eget kapital 1 januari {year}"), money(out.opening_equity))),
            Row((text("Årets resultat"), money(out.result))),
            Row((text(f"Utgående eget kapital 31 december {year}"), money(out.closing_equity)), "total"),
        ), caption=f"Eget kapital {year}", widths=(0.7, 0.3)))
    f = contribution_split(plan=plan, year=year)
    if f is not None:
        o.h2("Medlemsbidrag")
        o.add(financing_table(plan, f))

    o.h1("Underskrifter")
    o.para("Styrelsens ledamöter skriver under årsredovisningen.")
    o.add(Signatures("Ort och datum", _signature_names(plan)))

    title = f"Årsredovisning {year}"
    return Document(kind="annual", title=title, file_stem=f"Årsredovisning {year} {name}",
                    association=name, blocks=tuple(o.blocks),
                    title_page=title_page_for(plan, title, f"Räkenskapsåret {year}"),
                    toc=True, running_title=f"{name} · {title}")

