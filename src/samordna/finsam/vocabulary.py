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
# The plan file's `follow_up` (docs/plan-file.md); `identified` is Samordna's extension.
FOLLOW_UP = {"individual": "Individuppföljning", "count": "Volymuppföljning",
             "identified": "Individuppföljning med identitet"}
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

# ---------------------------------------------------------------- follow-up (FINSAM.md §6)

# How an intervention's participants are followed up; locks at creation (finsam.followup).
FOLLOW_UP_MODES = {
    "count": "Antal deltagare per period",
    "deidentified": "Avidentifierade utfall per deltagare",
    "identified": "Identifierade deltagare (personuppgifter)",
}
GENDERS = {"kvinna": "Kvinna", "man": "Man", "annat": "Annat"}
GENDERS_PLURAL = {"kvinna": "Kvinnor", "man": "Män", "annat": "Annat kön"}
AGE_BANDS = {"16-19": "16–19 år", "20-24": "20–24 år", "25-29": "25–29 år", "30-39": "30–39 år",
             "40-49": "40–49 år", "50-59": "50–59 år", "60-64": "60–64 år"}
OCCUPATIONS = {"arbete": "Arbete", "studier": "Studier (även arbetsmarknadsutbildning)",
               "arbetssokande": "Arbetssökande", "annat": "Annan sysselsättning"}
# Every support source and end reason Samordna knows; which of them an installation uses is
# configured (settings.SAMORDNA_FOLLOWUP), the labels live here.
SUPPORT_SOURCES = {
    "sjukpenning": "Sjukpenning eller rehabiliteringspenning",
    "aktivitetsersattning": "Aktivitetsersättning",
    "sjukersattning": "Sjukersättning",
    "a-kassa": "Arbetslöshetsersättning (a-kassa)",
    "aktivitetsstod": "Aktivitetsstöd",
    "forsorjningsstod": "Försörjningsstöd",
    "etableringsersattning": "Etableringsersättning",
    "ingen": "Ingen offentlig försörjning",
}
END_REASONS = {
    "arbete": "Arbete",
    "studier": "Studier",
    "praktik": "Praktik eller arbetsprövning",
    "annan_insats": "Annan insats",
    "sjukdom": "Sjukdom",
    "avbrott": "Avbrott",
    "flytt": "Flytt",
    "annan_orsak": "Annan orsak",
    "felregistrering": "Felregistrering (räknas inte)",
}
WORK_CAPACITY = {"ja": "Bedöms ha arbetsförmåga", "nej": "Bedöms inte ha arbetsförmåga"}
EDUCATION_LEVELS = {
    "forgymnasial": "Förgymnasial utbildning",
    "gymnasial": "Gymnasial utbildning",
    "eftergymnasial": "Eftergymnasial utbildning",
    "okand": "Utbildningsnivå okänd",
}
ENROLMENT_STATES = {"ongoing": "Pågående", "ended": "Avslutad", "voided": "Felregistrerad"}
PERIOD_KINDS = {"month": "Månad", "tertial": "Tertial"}
# What the access log of participants' identities records (FINSAM.md §7).
IDENTITY_ACCESS_KINDS = {"register": "Registrerade", "view": "Visade", "search": "Sökte",
                         "export": "Exporterade (registerutdrag)", "erase": "Raderade",
                         "withdraw": "Återkallat samtycke"}
# What counts as success in a share or count goal (finsam.followup.outcomes_of).
OUTCOMES = {"arbete": "Arbete", "studier": "Studier", "praktik": "Praktik eller arbetsprövning"}
# How a goal is computed from follow-up data (a plan indicator, or a measure the kansli sets).
MEASURE_KINDS = {
    "share": "Andel av avslutade",
    "count": "Antal avslutade",
    "participants": "Antal deltagare",
    "completeness": "Registreringsgrad",
    "progression": "Stegförflyttning",
    "milestone": "Delmål med datum",
    "survey_share": "Enkätsvar",
}
MEASURE_BASES = {"ended": "Alla avslutade deltagare",
                 "ended_able": "Avslutade som bedöms ha arbetsförmåga"}

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
# The same as said of "bidraget" (neuter): "Bidraget 2023 är preliminärt".
FINANCING_STATUSES_NEUTER = {"adopted": "beslutat", "requested": "äskat", "preliminary": "preliminärt"}
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
# Tertials: the periods (months from 1 January), what is entered per item, and the item groups.
PERIODS = {"T1": "T1 januari–april", "T2": "T2 januari–augusti", "T3": "T3 helår"}
PERIOD_ENDS = {"T1": "t.o.m. april", "T2": "t.o.m. augusti", "T3": "helår"}
TERTIAL_MEASURES = {"outcome": "Utfall", "forecast": "Prognos", "comment": "Kommentar"}
TERTIAL_PARTS = {"lines": "Budgetrad", "interventions": "Insats", "contributions": "Medlemsbidrag"}
TERTIAL_GROUPS = {"contribution": "Medlemsbidrag", "revenue": "Övriga intäkter",
                  "intervention": "Insatser", "cost": "Övriga kostnader"}
TERTIAL_TOTALS = {"contributions": "Summa medlemsbidrag", "revenue_lines": "Summa övriga intäkter",
                  "revenue": "Summa intäkter", "interventions": "Summa insatser",
                  "cost_lines": "Summa övriga kostnader", "costs": "Summa kostnader",
                  "result": "Resultat", "opening_equity": "Ingående eget kapital",
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
                   "internkontroll": "Intern kontroll", "beredning": "Beredning"}
# The generated parts of the verksamhetsplan a typed section may hold (sections[].parts).
DOCUMENT_PARTS = {"vision": "Vision och värdegrund", "organisation": "Organisation",
                  "target_groups": "Målgrupper", "goals": "Mål", "interventions": "Insatser",
                  "financing": "Finansiering", "budget": "Budget", "decisions": "Beslut"}
# Member letters: the decision on the contributions, or the consultation before it.
LETTER_KINDS = {"decision": "Beslut om medlemsbidrag", "consultation": "Underlag till medlemssamråd"}

# ---------------------------------------------------------------- lookup

LISTS: dict[str, Mapping[str, str]] = {
    "member_kinds": MEMBER_KINDS,
    "identity_access_kinds": IDENTITY_ACCESS_KINDS,
    "parties": PARTIES,
    "intervention_parties": INTERVENTION_PARTIES,
    "state_displays": STATE_DISPLAYS,
    "levels": LEVELS,
    "level_groups": LEVEL_GROUPS,
    "level_short": LEVEL_SHORT,
    "categories": CATEGORIES,
    "follow_up": FOLLOW_UP,
    "follow_up_modes": FOLLOW_UP_MODES,
    "genders": GENDERS,
    "genders_plural": GENDERS_PLURAL,
    "age_bands": AGE_BANDS,
    "occupations": OCCUPATIONS,
    "support_sources": SUPPORT_SOURCES,
    "end_reasons": END_REASONS,
    "work_capacity": WORK_CAPACITY,
    "education_levels": EDUCATION_LEVELS,
    "enrolment_states": ENROLMENT_STATES,
    "period_kinds": PERIOD_KINDS,
    "outcomes": OUTCOMES,
    "measure_kinds": MEASURE_KINDS,
    "measure_bases": MEASURE_BASES,
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
    "financing_statuses_neuter": FINANCING_STATUSES_NEUTER,
    "contribution_kinds": CONTRIBUTION_KINDS,
    "columns": COLUMNS,
    "sides": SIDES,
    "revenue_kinds": REVENUE_KINDS,
    "cost_kinds": COST_KINDS,
    "line_kinds": LINE_KINDS,
    "stated_keys": STATED_KEYS,
    "periods": PERIODS,
    "period_ends": PERIOD_ENDS,
    "tertial_measures": TERTIAL_MEASURES,
    "tertial_parts": TERTIAL_PARTS,
    "tertial_groups": TERTIAL_GROUPS,
    "tertial_totals": TERTIAL_TOTALS,
    "severities": SEVERITIES,
    "findings": FINDINGS,
    "roles": ROLES,
    "calendar_bodies": CALENDAR_BODIES,
    "document_parts": DOCUMENT_PARTS,
    "letter_kinds": LETTER_KINDS,
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
