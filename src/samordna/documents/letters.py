"""Member letters: each member's contribution for the plan's years and how it was computed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from samordna.finsam import plan as p
from samordna.finsam.financing import Financing, MemberContribution, contribution_split
from samordna.finsam.money import format_sek

from . import labels
from .blocks import Document, Heading, PageBreak, Paragraph, Row, Run, Table, money, text
from .content import adoption_line, kr, pct, years_label


def _exact(value: Fraction) -> str:
    """A fraction of kronor with two decimals: 135 230,54 kr."""
    return format_sek(Decimal(value.numerator) / Decimal(value.denominator))


def _party_explanation(plan: p.Plan, f: Financing, c: MemberContribution) -> list[str]:
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


def _state_explanation(plan: p.Plan, f: Financing, c: MemberContribution) -> list[str]:
    if c.explicit:
        return [f"{c.name}s bidrag, {kr(c.amount)}, är ett beslutat belopp."]
    if c.kind == p.FK:
        return [f"Staten betalar hälften av förbundets medlemsbidrag, {kr(f.state)} {f.year}. "
                "Försäkringskassan betalar hela statens del, för både Försäkringskassan och "
                "Arbetsförmedlingen."]
    return ["Statens hälft av medlemsbidragen betalas av Försäkringskassan, även för "
            "Arbetsförmedlingen. Arbetsförmedlingen faktureras därför inget medlemsbidrag."]


def _letter(plan: p.Plan, member: p.Member, splits: list[Financing], issued_on: date | None,
            index: int) -> list:
    a = plan.association
    info = plan.plan
    main = splits[0]
    years = [f.year for f in splits]
    blocks: list = []
    sender = [a.name, *(x for x in (a.address or "").split(", ") if a.address)]
    blocks.append(Paragraph(tuple(Run(line + ("\n" if i < len(sender) - 1 else ""), bold=(i == 0))
                                  for i, line in enumerate(sender)), "address"))
    if issued_on:
        blocks.append(Paragraph.of(f"Datum: {labels.swedish_date(issued_on)}", "address"))
    blocks.append(Paragraph((Run("Till: ", bold=True), Run(member.name)), "address"))
    blocks.append(Heading(1, f"Medlemsbidrag {years_label(years)} till {a.name}", f"brev{index}",
                          in_toc=False))
    basis = f"verksamhetsplan {info.year}"
    adoption = adoption_line(info)
    if adoption:
        basis += f" ({adoption[0].lower() + adoption[1:]}"
        basis += f", diarienummer {info.reference})" if info.reference else ")"
    elif info.reference:
        basis += f" (diarienummer {info.reference})"
    blocks.append(Paragraph.of(f"Enligt {basis} betalar {member.name} följande medlemsbidrag till "
                               f"{a.name}:"))
    rows = []
    for f in splits:
        c = f.member(member.id)
        rows.append(Row((text(str(f.year)), money(c.amount if c else None),
                         text("beslutat belopp" if c and c.explicit else "beräknat"),
                         text(labels.FINANCING_STATUSES[f.status]))))
    blocks.append(Table(("År", "Medlemsbidrag, kr", "Grund", "Status"), tuple(rows),
                        caption=f"Medlemsbidrag för {member.name}", widths=(0.15, 0.3, 0.3, 0.25)))
    c = main.member(member.id)
    blocks.append(Heading(2, f"Så har bidraget {main.year} räknats fram", f"brev{index}-grund",
                          in_toc=False))
    blocks.append(Paragraph.of("Enligt lagen (2003:1210) om finansiell samordning av "
                               "rehabiliteringsinsatser betalar staten hälften av förbundets "
                               "medlemsbidrag, regionen en fjärdedel och kommunerna tillsammans en "
                               "fjärdedel."))
    if member.kind in (p.FK, p.AF):
        explanation = _state_explanation(plan, main, c)
    else:
        explanation = _party_explanation(plan, main, c)
    for line in explanation:
        blocks.append(Paragraph.of(line))
    others = splits[1:]
    if others:
        dates = {f.population_date for f in others}
        same = dates == {main.population_date}
        blocks.append(Paragraph.of(
            f"Beloppen för {years_label([f.year for f in others])} är beräknade på samma sätt"
            + ("." if same else f", med befolkningen den {join_dates(dates)}.")))
    pending = [f for f in splits if f.status != "adopted"]
    for f in pending:
        blocks.append(Paragraph.of(f"Bidraget {f.year} är {labels.FINANCING_STATUSES[f.status]} och kan "
                                   "komma att ändras.", "note"))
    blocks.append(Paragraph.of("Med vänlig hälsning", "closing"))
    blocks.append(Paragraph((Run(a.name, bold=True), Run("\nFörbundschef")), "closing"))
    return blocks


def join_dates(dates) -> str:
    return ", ".join(labels.swedish_date(d) for d in sorted(dates))


def letters_document(plan: p.Plan, *, year: int | None = None, issued_on: date | None = None) -> Document:
    """One letter per member: contribution for Y (and Y+1, Y+2 where financing exists)."""
    year = year or plan.plan.year
    name = plan.association.name
    splits = [f for f in (contribution_split(plan=plan, year=y) for y in (year, year + 1, year + 2)) if f]
    blocks: list = []
    if not splits:
        blocks.append(Paragraph.of(f"Verksamhetsplanen för {name} har ingen finansiering för {year}, så "
                                   "inga medlemsbrev kan skrivas."))
    else:
        for i, member in enumerate(plan.members):
            if blocks:
                blocks.append(PageBreak())
            blocks.extend(_letter(plan, member, splits, issued_on, i + 1))
    return Document(kind="letters", title=f"Medlemsbidrag {year}", file_stem=f"Medlemsbrev {year} {name}",
                    association=name, blocks=tuple(blocks), running_title=f"{name} · Medlemsbidrag {year}")
