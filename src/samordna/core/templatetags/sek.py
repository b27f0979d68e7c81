"""Template filters: money and shares the Swedish way (`1 308 500 kr`, `14,5 %`)."""

from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from samordna.finsam.interventions import goal_target_text
from samordna.finsam.money import as_decimal, format_percent, format_sek, round_kronor

register = template.Library()


@register.filter
def sek(value):
    """1 308 500 kr; refuses floats (money is Decimal)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, float):
        raise TypeError("Belopp får inte vara float")
    if isinstance(value, Fraction):
        value = round_kronor(as_decimal(value))
    return format_sek(Decimal(value))


@register.filter
def sek_bare(value):
    """1 308 500 (no unit), for table cells under a 'kr' heading."""
    if value is None or value == "":
        return "–"
    if isinstance(value, float):
        raise TypeError("Belopp får inte vara float")
    return format_sek(Decimal(value), unit="")


_EMPTY_CELL = '<td><span class="muted">–</span></td>'


@register.filter
def sek_cells(values):
    """A table row's money cells at once: `<td>1 308 500</td>` each (as `sek_bare`), and
    `<td><span class="muted">–</span></td>` where there is no amount. One filter per row
    instead of a loop, a test and a filter per cell: the budget table has hundreds."""
    return mark_safe("".join(_EMPTY_CELL if v is None else f"<td>{conditional_escape(sek_bare(v))}</td>"
                             for v in values))


@register.filter
def percent(value, decimals=1):
    if value is None or value == "":
        return "–"
    return format_percent(as_decimal(value) if isinstance(value, Fraction) else Decimal(value), int(decimals))


@register.filter
def goal_target(goal):
    """A goal's target as the rulebook shows it: percent only for share indicators."""
    return goal_target_text(goal)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def get_field(form, name):
    """A bound field by name (for forms laid out as grids)."""
    return form[name]


# Field names in a conflict's "as it is now" list, in Swedish.
FIELD_LABELS = {
    "label": "Benämning", "kind": "Slag", "amount": "Belopp", "note": "Anteckning",
    "admin": "Administration", "state": "Statens del", "status": "Status",
    "population_date": "Befolkningsdatum", "contributions": "Medlemsbidrag",
    "opening_equity": "Ingående eget kapital", "deficit_justification": "Motivering av underskott",
    "name": "Namn", "date": "Datum", "count": "Antal invånare", "stage": "Version",
    "members": "Deltagande medlemmar", "level": "Nivå", "budget": "Budget", "title": "Rubrik",
    "text": "Text", "org_number": "Organisationsnummer", "county": "Län", "website": "Webbplats",
    "address": "Adress", "vision": "Vision", "mission": "Verksamhetsidé", "values": "Värdegrund",
    "state_display": "Visning av statens del", "expected_underspend": "Förväntat underutnyttjande",
    "ended_on": "Lämnade förbundet", "member": "Medlem", "role": "Roll", "office": "Uppdrag",
    "term_start": "Mandatperiodens början", "term_end": "Mandatperiodens slut",
    "deputy_order": "Inkallelseordning", "email": "E-post i tjänsten", "organisation": "Organisation",
    "start": "Börjar", "end": "Slutar", "body": "Organ", "place": "Plats",
    "tentative": "Preliminärt", "indicator": "Indikator", "target": "Målvärde",
    "question": "Enkätfråga", "threshold": "Tröskelvärde", "description": "Beskrivning",
    "priority": "Prioriterad", "risk": "Risk", "likelihood": "Sannolikhet",
    "consequence": "Konsekvens", "control": "Kontroll", "owner": "Ansvarig",
    "frequency": "Frekvens", "result": "Resultat", "action": "Åtgärd",
}


@register.filter
def field_label(name):
    """A field's Swedish label; a key already written for people ("Kansli – utfall", as the
    tertial follow-up logs its cells) is shown as it is, a bare code never."""
    import re

    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    return str(name) if not re.fullmatch(r"[a-z0-9_.\-]*", str(name)) else "Uppgift"


CHANGE_OPS = {"added": "Tillagt", "changed": "Ändrat", "removed": "Borttaget"}
# Plan-file keys as a person reads them (the change log and version comparison show paths).
PATH_WORDS = {
    "association": "förbundet", "members": "medlemmar", "plan": "planen", "financing": "finansiering",
    "interventions": "insatser", "budget": "budget", "tertials": "tertialer", "calendar": "kalender",
    "risks": "riskanalys", "board": "styrelsen", "population": "befolkning", "contributions": "bidrag",
    "revenue": "intäkter", "costs": "kostnader", "goals": "mål", "sections": "avsnitt",
    "planned_participants": "planerade deltagare", "granted": "beviljat", "forecast": "prognos",
    "outcome": "utfall", "stated": "angivna summor", "opening_equity": "ingående eget kapital",
    "state": "statens del", "offers": "erbjudanden", "target_groups": "målgrupper",
    "period": "period", "status": "status", "name": "namn", "label": "benämning", "kind": "slag",
    "amount": "belopp", "note": "anteckning", "text": "text", "title": "rubrik", "common": "gemensamt",
    "split_key": "fördelningsnyckel", "decisions": "beslutspunkter", "ordning": "ordning",
    "board_seats": "styrelsens ledamöter", "bodies": "organ", "controls": "internkontroll",
    "ended_on": "lämnade förbundet", "strengths": "styrkor", "weaknesses": "svagheter",
    "opportunities": "möjligheter", "threats": "hot",
}


@register.filter
def change_op(op):
    return CHANGE_OPS.get(op, "Ändrat")


@register.filter
def change_path(path, names=None):
    """`interventions[enter].budget.2023` → `Insatser › Enter › budget › 2023` (ids named by
    `names`, {id: name}, where the page gives them)."""
    import re

    names = names or {}
    parts = [x for x in re.split(r"[.\[\]]+", str(path).replace(" (ordning)", ".ordning")) if x]
    text = " › ".join(names.get(x) or PATH_WORDS.get(x, x) for x in parts)
    return text[:1].upper() + text[1:]


@register.filter
def short_value(value):
    if value is None:
        return "–"
    if isinstance(value, dict):
        name = value.get("name") or value.get("label") or value.get("title")
        return f"”{name}”" if name else f"{len(value)} uppgifter"
    if isinstance(value, list):
        return f"{len(value)} st"
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"
