"""One vocabulary: every code list of Samordna with its Swedish label, defined once.

Pure Python (no Django). Each list is an ordered mapping code → label; the order is
the order pages, forms and documents show the codes in. `plan.py` keeps the code
tuples the rulebook reads; `tests/finsam/test_vocabulary.py` checks that they agree.
Pages print a code through `label()` (template filter `label`), never the code itself.
"""

from __future__ import annotations

from collections.abc import Mapping

# ---------------------------------------------------------------- members and parties

MEMBER_KINDS = {
    "forsakringskassan": "Försäkringskassan",
    "arbetsformedlingen": "Arbetsförmedlingen",
    "region": "Region",
    "kommun": "Kommun",
}
# The three parties of the financing (FINSAM.md §1): the state pays for FK and AF.
PARTIES = {"state": "Staten", "region": "Regionen", "municipalities": "Kommunerna"}
PARTY_OF_KIND = {"forsakringskassan": "state", "arbetsformedlingen": "state",
                 "region": "region", "kommun": "municipalities"}
# The parties of an intervention (FINSAM.md §5), as written inside a sentence.
INTERVENTION_PARTIES = {
    "forsakringskassan": "Försäkringskassan",
    "arbetsformedlingen": "Arbetsförmedlingen",
    "region": "regionen",
    "kommun": "kommunerna",
}
STATE_DISPLAYS = {"fk": "Staten via FK 50 %", "fk_af": "FK 25 % + AF 25 %"}

# ---------------------------------------------------------------- interventions

LEVELS = {"individual": "Individinriktad", "structural": "Strukturövergripande"}
LEVEL_GROUPS = {"individual": "Individinriktade insatser",
                "structural": "Strukturövergripande insatser"}
LEVEL_SHORT = {"individual": "Individinriktat", "structural": "Strukturövergripande"}
CATEGORIES = {
    "kartlaggning": "Kartläggning",
    "forberedande": "Förberedande",
    "rehabilitering": "Rehabilitering till arbete eller utbildning",
    "forebyggande": "Förebyggande",
    "utbildning": "Utbildning",
    "dialog": "Dialog och kommunikation",
}
FOLLOW_UP = {"individual": "Individuppföljning", "count": "Volymuppföljning"}
MARKINGS = {"lts_prio": "LTS PRIO", "unga_ae_prio": "Unga AE PRIO",
            "unga_funk_prio": "Unga FUNK PRIO", "esf_owner": "ESF ÄG", "esf_cofinancer": "ESF MF"}
MARKING_DESCRIPTIONS = {
    "lts_prio": "långtidssjukskrivna prioriterade",
    "unga_ae_prio": "unga med aktivitetsersättning",
    "unga_funk_prio": "unga med funktionsnedsättning",
    "esf_owner": "förbundet äger ESF-projekt",
    "esf_cofinancer": "förbundet medfinansierar",
}
STATUSES = {"applied": "Ansökt", "granted": "Beviljad", "ongoing": "Pågående",
            "ended": "Avslutad", "implemented": "Implementerad"}
ESF_FLAGS = {"none": "Ingen ESF", "esf_owner": "ESF ÄG", "esf_cofinancer": "ESF MF"}
FUNDING_SOURCES = {"esf": "Europeiska socialfonden (ESF)", "leader": "Leader",
                   "arvsfonden": "Arvsfonden", "other": "Annan finansiär"}
FUNDING_SOURCES_SHORT = {"esf": "ESF", "leader": "Leader", "arvsfonden": "Arvsfonden",
                         "other": "Annan"}
MEASURES = {"planned_participants": "Planerade deltagare", "granted": "Beviljat",
            "budget": "Budget", "forecast": "Prognos", "outcome": "Utfall"}

# ---------------------------------------------------------------- goals

INDICATORS = {
    "ended_to_work_or_studies": "Andel avslutade deltagare till arbete eller studier",
    "ended_to_work": "Andel avslutade deltagare till arbete",
    "survey_share": "Andel enkätsvar vid eller över tröskelvärdet",
    "participants": "Antal deltagare under året",
    "registration_completeness": "Andel fullständigt registrerade av planerade deltagare",
    "equity_min": "Utgående eget kapital, lägst",
    "equity_max_share": "Utgående eget kapital som andel av årets medlemsbidrag, högst",
    "budget_balance": "Intäkterna täcker kostnaderna",
}
# The same indicators as a form's choices name them, with the unit the target is typed in.
INDICATORS_SHORT = {
    "ended_to_work_or_studies": "Andel avslutade till arbete eller studier (%)",
    "ended_to_work": "Andel avslutade till arbete (%)",
    "survey_share": "Andel enkätsvar över tröskel (%)",
    "participants": "Antal deltagare",
    "registration_completeness": "Registreringsgrad (%)",
    "equity_min": "Eget kapital minst (kr)",
    "equity_max_share": "Eget kapital högst andel av bidragen (%)",
    "budget_balance": "Budget i balans",
}

# ---------------------------------------------------------------- financing and budget

STAGES = {"proposal": "Förslag", "consultation": "Samråd", "adopted": "Fastställd",
          "revised": "Reviderad"}
FINANCING_STATUSES = {"adopted": "Beslutad", "requested": "Äskad", "preliminary": "Preliminär"}
CONTRIBUTION_KINDS = {"contribution": "Medlemsbidrag", "offer": "Erbjudande",
                      "shown_share": "Tryckt andel"}
COLUMNS = {"budget": "Budget", "plan": "Plan", "forecast": "Prognos", "outcome": "Utfall"}
SIDES = {"revenue": "Intäkt", "cost": "Kostnad"}
REVENUE_KINDS = {"external": "Projektmedel", "financial": "Finansiell", "other": "Övrigt"}
COST_KINDS = {
    "board": "Styrelse", "office": "Kansli", "audit": "Revision", "economy": "Ekonomitjänster",
    "information": "Information", "development": "Kompetensutveckling",
    "evaluation": "Uppföljning och utvärdering", "unallocated": "Reserv för nya insatser",
    "financial": "Finansiell", "other": "Övrigt",
}
LINE_KINDS = {**REVENUE_KINDS, **COST_KINDS}
STATED_KEYS = {"revenue": "Intäkter", "costs": "Kostnader", "result": "Resultat",
               "closing_equity": "Utgående eget kapital"}

# ---------------------------------------------------------------- review

SEVERITIES = {"error": "Fel", "warning": "Varning", "info": "Information"}
FINDINGS = {
    "split": "Fördelning 50/25/25",
    "population_share": "Befolkningsandel",
    "population": "Befolkning saknas",
    "split_key": "Fördelningsnyckel för kommunerna",
    "shown_share": "Visad andel",
    "population_stale": "Befolkningsdatum",
    "financing_status": "Bidragens status",
    "sum": "Angivna summor",
    "equity_as_revenue": "Eget kapital som intäkt",
    "balance": "Budget i balans",
    "equity_ceiling": "Tak för eget kapital",
    "equity_floor": "Lägsta eget kapital",
    "equity_unknown": "Eget kapital saknas",
    "equity_rollforward": "Eget kapital mellan åren",
    "indexation": "Uppräkning av insatser",
    "parties": "Parter i insatser",
    "external_funding": "Extern finansiering",
    "board": "Styrelsens platser",
    "labels": "Rubriker",
    "decision_text": "Beslutstext",
    "name": "Förbundets namn",
    "narrative": "Fördelning i texten",
    "adoption": "Fastställd i tid",
    "consultation": "Samråd före fastställelse",
}

# ---------------------------------------------------------------- people and calendar

ROLES = {
    "secretariat_admin": "Förbundsadministratör (kansli)",
    "economy": "Ekonomi",
    "intervention_manager": "Insatsansvarig",
    "participant_officer": "Deltagarhandläggare",
    "provider_reporter": "Rapportör hos utförare",
    "board_member": "Styrelseledamot",
    "member_viewer": "Medlemsrepresentant (läsbehörighet)",
    "auditor": "Revisor",
}
# The board and the other bodies (FINSAM.md §1–2).
SEAT_ROLES = {"regular": "Ledamot", "deputy": "Ersättare"}
BOARD_OFFICES = {"chair": "Ordförande", "vice_chair": "Vice ordförande"}
BODY_KINDS = {"working_committee": "Arbetsutskott", "preparatory_group": "Beredningsgrupp",
              "other": "Annat organ"}
# The risk analysis: SWOT lists and the levels of likelihood × consequence (FINSAM.md §8).
SWOT = {"strengths": "Styrkor", "weaknesses": "Svagheter", "opportunities": "Möjligheter",
        "threats": "Hot"}
RISK_LEVELS = {"low": "Låg", "medium": "Måttlig", "high": "Hög", "very_high": "Mycket hög"}
# The 1–4 scales, by number (numbers, not codes: they are shown as themselves too).
LIKELIHOODS = {1: "Osannolik", 2: "Mindre sannolik", 3: "Möjlig", 4: "Sannolik"}
CONSEQUENCES = {1: "Försumbar", 2: "Lindrig", 3: "Kännbar", 4: "Allvarlig"}
CALENDAR_BODIES = {"styrelse": "Styrelsen", "beredningsgrupp": "Beredningsgruppen",
                   "medlemssamrad": "Medlemssamråd", "arbetsutskott": "Arbetsutskottet",
                   "planeringsdag": "Planeringsdag", "skyddsrond": "Skyddsrond",
                   "internkontroll": "Intern kontroll"}

# ---------------------------------------------------------------- lookup

LISTS: dict[str, Mapping[str, str]] = {
    "member_kinds": MEMBER_KINDS,
    "parties": PARTIES,
    "intervention_parties": INTERVENTION_PARTIES,
    "state_displays": STATE_DISPLAYS,
    "levels": LEVELS,
    "level_groups": LEVEL_GROUPS,
    "level_short": LEVEL_SHORT,
    "categories": CATEGORIES,
    "follow_up": FOLLOW_UP,
    "markings": MARKINGS,
    "statuses": STATUSES,
    "esf_flags": ESF_FLAGS,
    "stages": STAGES,
    "funding_sources": FUNDING_SOURCES,
    "funding_sources_short": FUNDING_SOURCES_SHORT,
    "measures": MEASURES,
    "indicators": INDICATORS,
    "indicators_short": INDICATORS_SHORT,
    "financing_statuses": FINANCING_STATUSES,
    "contribution_kinds": CONTRIBUTION_KINDS,
    "columns": COLUMNS,
    "sides": SIDES,
    "revenue_kinds": REVENUE_KINDS,
    "cost_kinds": COST_KINDS,
    "line_kinds": LINE_KINDS,
    "stated_keys": STATED_KEYS,
    "severities": SEVERITIES,
    "findings": FINDINGS,
    "roles": ROLES,
    "calendar_bodies": CALENDAR_BODIES,
    "seat_roles": SEAT_ROLES,
    "board_offices": BOARD_OFFICES,
    "body_kinds": BODY_KINDS,
    "swot": SWOT,
    "risk_levels": RISK_LEVELS,
}
# What an unknown code shows instead of itself.
UNKNOWN = "Okänt värde"
EMPTY = "–"


def label(codes: str | Mapping[str, str], code: str | None) -> str:
    """The Swedish label of `code` in a list (its name in LISTS, or the mapping itself).

    Never the raw code: no code gives "–", an unknown code "Okänt värde". An unknown
    list name is a programming error (KeyError)."""
    mapping = LISTS[codes] if isinstance(codes, str) else codes
    if code is None or code == "":
        return EMPTY
    return mapping.get(code, UNKNOWN)


def lower(mapping: Mapping[str, str]) -> dict[str, str]:
    """The labels as written inside a sentence ("Beslutad" → "beslutad")."""
    return {code: text[:1].lower() + text[1:] for code, text in mapping.items()}


def choices(mapping: Mapping[str, str], codes=None) -> list[tuple[str, str]]:
    """Form choices (code, label), in the vocabulary's order or the order of `codes`."""
    return [(code, mapping[code]) for code in (mapping if codes is None else codes)]


def category_label(category: str | None) -> str | None:
    """A category's label; None when the intervention has none."""
    return None if category is None else label(CATEGORIES, category)


def all_codes() -> set[str]:
    """Every code of every list (what a page must never print as text)."""
    return {code for mapping in LISTS.values() for code in mapping}
