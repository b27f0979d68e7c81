"""Member letters: one per member and year, with its contribution, how it was computed and
why it changed since last year, signed by the director with the decision's reference.

Two kinds (vocabulary LETTER_KINDS): the **decision** letter, dated with the plan's
decision date (`adopted_on`), and the **consultation** letter before the members'
consultation, dated the day the user issues it and showing the member's headroom in the
financing scenario (FINSAM F3, F4). Arbetsförmedlingen gets no letter: the state's half is
invoiced to Försäkringskassan, for both (F5). Every figure comes from the rulebook
(`finsam.financing`, `finsam.scenario`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab
from samordna.finsam.financing import (
    Financing,
    MemberContribution,
    contribution_change,
    contribution_split,
    invoice_amount,
)
from samordna.finsam.money import format_sek
from samordna.finsam.scenario import financing_scenario, member_headroom

from . import labels
from .blocks import Document, Heading, PageBreak, Paragraph, Row, Run, Table, money, share, text
from .content import kr, pct, years_label

DEFAULT_TITLE = "Förbundschef"


@dataclass(frozen=True)
class Signatory:
    """Who signs: the association's director (Association.director_name/_title)."""

    name: str | None = None
    title: str | None = None

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(x for x in (self.name, self.title or DEFAULT_TITLE) if x)


@dataclass(frozen=True)
class LetterRequest:
    """Which letters: their kind, the date of a consultation letter, who signs, last year's
    plan (for last year's amounts when this plan does not give them), and the members."""

    kind: str | None = None  # None: a decision letter when the plan is adopted, else consultation
    issued_on: date | None = None
    signatory: Signatory = Signatory()
    previous: p.Plan | None = None
    members: tuple[str, ...] | None = None  # member ids; None: every member that gets a letter


class LetterError(ValueError):
    """Letters that cannot be written as asked; the message is Swedish."""


def letter_kind(plan: p.Plan, request: LetterRequest) -> str:
    return request.kind or ("decision" if plan.plan.adopted_on else "consultation")


def letter_date(plan: p.Plan, request: LetterRequest) -> date | None:
    """A decision letter carries the decision date; a consultation letter the day it is issued."""
    if letter_kind(plan, request) == "decision":
        return plan.plan.adopted_on
    return request.issued_on


def recipients(plan: p.Plan) -> tuple[p.Member, ...]:
    """Every member but Arbetsförmedlingen, whose part Försäkringskassan pays (F5)."""
    return tuple(m for m in plan.members if m.kind != p.AF)


def letter_years(plan: p.Plan, year: int | None = None) -> list[Financing]:
    year = year or plan.plan.year
    return [f for f in (contribution_split(plan=plan, year=y) for y in (year, year + 1, year + 2)) if f]


def _previous(plan: p.Plan, request: LetterRequest, year: int) -> Financing | None:
    """Last year's financing: from this plan, else from last year's plan."""
    found = contribution_split(plan=plan, year=year - 1)
    if found is None and request.previous is not None:
        found = contribution_split(plan=request.previous, year=year - 1)
    return found


def _exact(value: Fraction) -> str:
    """A fraction of kronor with two decimals: 135 230,54 kr."""
    return format_sek(Decimal(value.numerator) / Decimal(value.denominator))


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + kr(value)


def _signed_pct(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + pct(value, 1)


def _party_explanation(f: Financing, c: MemberContribution) -> list[str]:
    """How a kommun's or region's amount follows from its party's quarter and population."""
    kind = c.kind
    party = [x for x in f.members if x.kind == kind]
    party_total = f.municipalities if kind == p.KOMMUN else f.region
    party_name = "Kommunerna tillsammans" if kind == p.KOMMUN else (
        "Regionen" if len(party) == 1 else "Regionerna tillsammans")
    out = [f"{party_name} betalar en fjärdedel av förbundets medlemsbidrag, {kr(party_total)} {f.year}."]
    if c.amount is None:
        out.append("Befolkningsuppgifter saknas, så beloppet kan inte fördelas ännu.")
        return out
    if c.explicit:
        out.append(f"{c.name}s bidrag, {kr(c.amount)}, är ett beslutat belopp och inte beräknat ur "
                   "befolkningen.")
        if c.computed is not None and c.computed != c.amount:
            out.append(f"En fördelning efter befolkningen hade gett {kr(c.computed)}.")
        return out
    if len(party) == 1:
        out.append(f"Hela den delen betalas av {c.name}.")
        return out
    rest = [x for x in party if not x.explicit]
    remaining = party_total - sum((x.amount for x in party if x.explicit), Decimal(0))
    pops = sum(x.population for x in rest)
    exact = {x.id: Fraction(int(remaining)) * x.population / pops for x in rest}
    floors = {k: v.numerator // v.denominator for k, v in exact.items()}
    left = int(remaining) - sum(floors.values())
    when = labels.swedish_date(c.population_date or f.population_date)
    own, everyone = format_sek(Decimal(c.population), unit=""), format_sek(Decimal(pops), unit="")
    out.append(f"Den fördelas efter befolkningen den {when}: {c.name} hade {own} invånare av sammanlagt "
               f"{everyone}, en andel av {pct(Fraction(c.population, pops), 2)}. "
               f"{kr(remaining)} × {own} / {everyone} = {_exact(exact[c.id])}.")
    got_extra = c.amount > floors[c.id]
    if left == 1:
        out.append("Beloppen avrundas nedåt till hela kronor. Den krona som då blir över går till den "
                   "som har störst decimaldel (största-restmetoden), så att delarna summerar exakt. "
                   f"{c.name} {'fick den' if got_extra else 'fick den inte'}, så bidraget blir {kr(c.amount)}.")
    elif left:
        out.append(f"Beloppen avrundas nedåt till hela kronor. De {left} kronor som då blir över "
                   "fördelas en i taget till dem som har störst decimaldel (största-restmetoden), "
                   "så att delarna summerar exakt. "
                   f"{c.name} {'fick en av dem' if got_extra else 'fick ingen av dem'}, så bidraget "
                   f"blir {kr(c.amount)}.")
    else:
        out.append(f"Beloppet är jämnt i kronor, så bidraget blir {kr(c.amount)}.")
    return out


def _state_explanation(plan: p.Plan, f: Financing) -> list[str]:
    af = [f.member(m.id) for m in plan.members_of(p.AF)]
    af_part = sum((c.amount for c in af if c and c.amount), Decimal(0))
    out = [f"Staten betalar hälften av förbundets medlemsbidrag, {kr(f.state)} {f.year}. "
           "Försäkringskassan betalar hela statens del, för både Försäkringskassan och "
           "Arbetsförmedlingen; Arbetsförmedlingen faktureras inget medlemsbidrag."]
    if af_part:
        out.append(f"I planen är statens del uppdelad på Försäkringskassan {kr(f.state - af_part)} och "
                   f"Arbetsförmedlingen {kr(af_part)}; båda delarna faktureras Försäkringskassan.")
    return out


def _change_paragraphs(plan: p.Plan, member: p.Member, current: Financing,
                       previous: Financing | None) -> list[str]:
    """The change since last year and why (F2): the party's total and the member's share."""
    change = contribution_change(current=current, previous=previous, member_id=member.id)
    year = current.year
    if change is None or change.amount is None:
        return [f"Bidraget för {year} kan inte beräknas ännu, så förändringen kan inte visas."]
    if change.previous_amount is None:
        return [f"Bidraget för {year - 1} finns inte i Samordna, så förändringen mot förra året "
                "kan inte visas."]
    if change.change == 0:
        out = [f"Bidraget för {year}, {kr(change.amount)}, är detsamma som {change.previous_year}."]
    else:
        more = "mer" if change.change > 0 else "mindre"
        out = [f"Bidraget för {year} är {kr(change.amount)}, {kr(abs(change.change))} "
               f"({pct(abs(change.change_share), 1) if change.change_share is not None else '–'}) {more} "
               f"än {change.previous_year} ({kr(change.previous_amount)})."]
    party = {p.FK: "Statens del", p.REGION: "Regionernas del" if len(plan.members_of(p.REGION)) > 1
             else "Regionens del", p.KOMMUN: "Kommunernas sammanlagda bidrag"}[member.kind]
    if change.party_total is not None and change.previous_party_total is not None:
        if change.party_total == change.previous_party_total:
            out.append(f"{party} är oförändrad, {kr(change.party_total)}.")
        else:
            out.append(f"{party} ändras från {kr(change.previous_party_total)} till "
                       f"{kr(change.party_total)} ({_signed_pct(change.party_change_share)}).")
    if member.kind == p.FK:
        return out
    if change.share is not None and change.previous_share is not None and change.share != 1:
        c = current.member(member.id)
        basis = "befolkning" if c and c.population and not c.explicit else "bidrag"
        what = "kommunernas" if member.kind == p.KOMMUN else "regionernas"
        if change.share == change.previous_share:
            out.append(f"{member.name}s andel av {what} {basis} är oförändrad, {pct(change.share, 2)}.")
        else:
            out.append(f"{member.name}s andel av {what} {basis} ändras från "
                       f"{pct(change.previous_share, 2)} till {pct(change.share, 2)}.")
        out.append("Den delen fördelas efter befolkningen, så varje medlems andel flyttas när "
                   "befolkningen ändras, och bidraget kan ändras mer eller mindre än totalen.")
    return out


def _headroom_paragraphs(plan: p.Plan, member: p.Member, year: int) -> list[str]:
    """For the consultation: the member's offer, the proposal and the largest total (F3, F4)."""
    scenario = financing_scenario(plan=plan, year=year)
    if scenario is None:
        return [f"Inga besked om medlemmarnas högsta bidrag för {year} är registrerade, så "
                "utrymmet kan inte visas."]
    room = member_headroom(plan=plan, scenario=scenario, member_id=member.id)
    binding = ("statens erbjudande" if scenario.binding_member == "state"
               else (plan.member(scenario.binding_member).name
                     if plan.member(scenario.binding_member) else scenario.binding_member))
    out = [f"Med den fasta fördelningen styr det minsta beskedet hur stort förbundets medlemsbidrag "
           f"kan bli. Den största total som alla besked för {year} tillåter är "
           f"{kr(scenario.max_total)}; den begränsas av {binding}."]
    if room is None or room.offer is None:
        out.append(f"{member.name} har inte lämnat något besked om högsta bidrag för {year}.")
        if room is not None:
            out.append(f"Vid den största totalen skulle {member.name}s bidrag bli {kr(room.at_max)}.")
    else:
        out.append(f"{member.name}s besked är högst {kr(room.offer)}. Förslaget innebär "
                   f"{kr(room.proposed)}, {kr(room.left_at_proposed)} under beskedet.")
        if room.binding:
            out.append(f"Vid den största totalen betalar {member.name} hela sitt besked, "
                       f"{kr(room.at_max)}: det är ert besked som sätter gränsen.")
        else:
            out.append(f"Vid den största totalen skulle bidraget bli {kr(room.at_max)}, "
                       f"{kr(room.left_at_max)} under beskedet.")
    if scenario.state_offer is not None and scenario.state_unused is not None:
        out.append(f"Statens erbjudande är {kr(scenario.state_offer)}. Förslaget använder "
                   f"{kr(scenario.state_used)}, så {kr(scenario.state_unused)} av erbjudandet "
                   "lämnas outnyttjat.")
    return out


def _heading_text(kind: str, years: list[int], association: str) -> str:
    if kind == "consultation":
        return f"Underlag till medlemssamråd: medlemsbidrag {years_label(years)} till {association}"
    return f"Medlemsbidrag {years_label(years)} till {association}"


def _letter(plan: p.Plan, member: p.Member, splits: list[Financing], request: LetterRequest,
            index: int) -> list:
    a = plan.association
    info = plan.plan
    kind = letter_kind(plan, request)
    main = splits[0]
    years = [f.year for f in splits]
    when = letter_date(plan, request)
    blocks: list = []
    sender = [a.name, *(x for x in (a.address or "").split(", ") if a.address)]
    blocks.append(Paragraph(tuple(Run(line + ("\n" if i < len(sender) - 1 else ""), bold=(i == 0))
                                  for i, line in enumerate(sender)), "address"))
    meta = []
    if when:
        meta.append(f"Datum: {labels.swedish_date(when)}")
    if info.reference:
        meta.append(f"Diarienummer: {info.reference}")
    if meta:
        blocks.append(Paragraph.of("\n".join(meta), "address"))
    blocks.append(Paragraph((Run("Till: ", bold=True), Run(member.name)), "address"))
    blocks.append(Heading(1, _heading_text(kind, years, a.name), f"brev{index}", in_toc=False))

    body = info.adopted_by or "Styrelsen"
    if kind == "decision":
        decided = f"{body} för {a.name} fastställde verksamhetsplan {info.year}"
        if info.adopted_on:
            decided += f" den {labels.swedish_date(info.adopted_on)}"
        if info.reference:
            decided += f" (diarienummer {info.reference})"
        blocks.append(Paragraph.of(f"{decided}. Enligt beslutet betalar {member.name} följande "
                                   f"medlemsbidrag till förbundet:"))
    else:
        blocks.append(Paragraph.of(
            f"Inför medlemssamrådet redovisar {a.name} förslaget till medlemsbidrag i "
            f"verksamhetsplan {info.year}. Enligt förslaget betalar {member.name}:"))
    rows = []
    previous = _previous(plan, request, main.year)
    for f in splits:
        change = contribution_change(current=f, previous=previous, member_id=member.id)
        previous = f
        rows.append(Row((text(str(f.year)), money(invoice_amount(f, member.id)),
                         money(change.change if change else None),
                         share(change.change_share if change else None, 1),
                         text(labels.FINANCING_STATUSES[f.status]))))
    blocks.append(Table(("År", "Att betala, kr", "Förändring mot året före, kr", "Förändring, %",
                         "Status"), tuple(rows), caption=f"Medlemsbidrag för {member.name}",
                        widths=(0.12, 0.24, 0.26, 0.18, 0.20)))

    blocks.append(Heading(2, f"Förändring sedan {main.year - 1}", f"brev{index}-andring", in_toc=False))
    for line in _change_paragraphs(plan, member, main, _previous(plan, request, main.year)):
        blocks.append(Paragraph.of(line))

    if kind == "consultation":
        blocks.append(Heading(2, "Utrymmet i ert besked", f"brev{index}-utrymme", in_toc=False))
        for line in _headroom_paragraphs(plan, member, main.year):
            blocks.append(Paragraph.of(line))

    blocks.append(Heading(2, f"Så har bidraget {main.year} räknats fram", f"brev{index}-grund",
                          in_toc=False))
    blocks.append(Paragraph.of("Enligt lagen (2003:1210) om finansiell samordning av "
                               "rehabiliteringsinsatser betalar staten hälften av förbundets "
                               "medlemsbidrag, regionen en fjärdedel och kommunerna tillsammans en "
                               "fjärdedel."))
    c = main.member(member.id)
    explanation = (_state_explanation(plan, main) if member.kind == p.FK
                   else _party_explanation(main, c))
    for line in explanation:
        blocks.append(Paragraph.of(line))
    others = splits[1:]
    if others:
        later = years_label([f.year for f in others])
        if member.kind == p.FK:
            blocks.append(Paragraph.of(f"Beloppen för {later} är statens del på samma sätt."))
        elif all((f.member(member.id) and f.member(member.id).explicit) for f in others):
            blocks.append(Paragraph.of(f"Bidragen för {later} är beslutade belopp."))
        else:
            dates = {f.population_date for f in others}
            same = dates == {main.population_date}
            blocks.append(Paragraph.of(
                f"Beloppen för {later} är beräknade på samma sätt"
                + ("." if same else f", med befolkningen den {join_dates(dates)}.")))
    for f in splits:
        if f.status != "adopted":
            blocks.append(Paragraph.of(f"Bidraget {f.year} är {vocab.FINANCING_STATUSES_NEUTER[f.status]} "
                                       "och kan komma att ändras.", "note"))
    blocks.append(Paragraph.of("Med vänlig hälsning", "closing"))
    signature = (a.name, *request.signatory.lines)
    blocks.append(Paragraph(tuple(Run(line if i == 0 else "\n" + line, bold=(i == 0))
                                  for i, line in enumerate(signature)), "closing"))
    return blocks


def join_dates(dates) -> str:
    return ", ".join(labels.swedish_date(d) for d in sorted(dates))


def letters_check(plan: p.Plan, request: LetterRequest) -> str:
    """The letters' kind, or LetterError (Swedish) when they cannot be written as asked."""
    kind = letter_kind(plan, request)
    if kind not in vocab.LETTER_KINDS:
        raise LetterError("Okänt slag av brev.")
    if kind == "decision" and plan.plan.adopted_on is None:
        raise LetterError("Planen har inget beslutsdatum. Ange när den fastställdes (Versioner) "
                          "eller skriv brev inför medlemssamrådet.")
    if kind == "consultation" and request.issued_on is None:
        raise LetterError("Ange brevens datum.")
    return kind


def letters_document(plan: p.Plan, *, year: int | None = None,
                     request: LetterRequest | None = None) -> Document:
    """One letter per member that gets one (or per `request.members`), in the plan's order."""
    request = request or LetterRequest()
    kind = letters_check(plan, request)
    year = year or plan.plan.year
    name = plan.association.name
    splits = letter_years(plan, year)
    chosen = recipients(plan)
    if request.members is not None:
        unknown = [m for m in request.members if m not in {x.id for x in chosen}]
        if unknown:
            raise LetterError("Brev skrivs bara till förbundets medlemmar utom Arbetsförmedlingen, "
                              "vars del Försäkringskassan betalar.")
        chosen = tuple(m for m in chosen if m.id in request.members)
    blocks: list = []
    if not splits:
        blocks.append(Paragraph.of(f"Verksamhetsplanen för {name} har ingen finansiering för {year}, så "
                                   "inga medlemsbrev kan skrivas."))
    else:
        for i, member in enumerate(chosen):
            if blocks:
                blocks.append(PageBreak())
            blocks.extend(_letter(plan, member, splits, request, i + 1))
    title = "Medlemsbrev" if kind == "decision" else "Samrådsbrev"
    who = chosen[0].name if len(chosen) == 1 and request.members is not None else name
    return Document(kind="letters", title=f"{title} {year}", file_stem=f"{title} {year} {who}",
                    association=name, blocks=tuple(blocks),
                    running_title=f"{name} · {vocab.LETTER_KINDS[kind]} {year}")
