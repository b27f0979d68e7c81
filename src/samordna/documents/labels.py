"""Swedish words for the rulebook's codes, and the fixed Finsam glossary of the documents."""

from __future__ import annotations

from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab

# The code lists and their labels live once in the vocabulary; the documents' forms here.
LEVELS = vocab.LEVELS
LEVEL_GROUPS = vocab.LEVEL_GROUPS
LEVEL_SHORT = vocab.LEVEL_SHORT
CATEGORIES = {(level, code): vocab.CATEGORIES[code]
              for level in p.LEVELS for code in p.CATEGORIES[level]}
MARKINGS = vocab.MARKINGS
STATUSES = vocab.STATUSES
FUNDING_SOURCES = vocab.FUNDING_SOURCES
MEMBER_KINDS = vocab.MEMBER_KINDS
PARTIES = {kind: vocab.PARTIES[party] for kind, party in vocab.PARTY_OF_KIND.items()}
FINANCING_STATUSES = vocab.lower(vocab.FINANCING_STATUSES)
COLUMNS = vocab.COLUMNS
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")
CALENDAR_BODIES = vocab.CALENDAR_BODIES
SEAT_ROLES = vocab.SEAT_ROLES
BOARD_OFFICES = vocab.BOARD_OFFICES
RISK_LEVELS = vocab.RISK_LEVELS
INDICATORS = vocab.INDICATORS
# Indicators Samordna computes from budget data; the others need participant follow-up.
BUDGET_INDICATORS = ("budget_balance", "equity_min", "equity_max_share")
FOLLOW_UP_LATER = "Följs upp när deltagaruppföljningen finns."
WRITTEN_ASSESSMENT = "Skriftlig bedömning"
NO_PARTICIPANTS = "Inga deltagare är registrerade ännu."

# (term, explanation): the fixed glossary appended to the verksamhetsplan (FINSAM.md §2).
GLOSSARY = (
    ("Samordningsförbund", "Fristående juridisk person där Försäkringskassan, Arbetsförmedlingen, "
     "region och kommuner samverkar finansiellt om rehabilitering enligt lagen (2003:1210) om "
     "finansiell samordning av rehabiliteringsinsatser (Finsam)."),
    ("Medlem", "En organisation som ingår i förbundet: Försäkringskassan, Arbetsförmedlingen, "
     "en region eller en kommun."),
    ("Part", "Staten (Försäkringskassan och Arbetsförmedlingen), regionen och kommunerna. "
     "Kommunerna räknas tillsammans som en part."),
    ("Medlemsbidrag", "Det belopp en medlem betalar till förbundet för ett år. Staten betalar "
     "hälften genom Försäkringskassan, regionen en fjärdedel och kommunerna en fjärdedel."),
    ("Befolkningsandel", "Kommunens andel av kommunernas sammanlagda befolkning vid ett visst "
     "datum. Kommunernas fjärdedel fördelas efter den."),
    ("Styrelse", "Förbundets högsta beslutande organ. Varje medlem utser minst en ledamot och "
     "en ersättare."),
    ("Ledamot och ersättare", "Ledamoten har rösträtt i styrelsen; ersättaren träder in när "
     "ledamoten inte kan delta."),
    ("Arbetsutskott", "Ordförande och vice ordförande som förbereder styrelsens möten."),
    ("Beredningsgrupp", "Tjänstepersoner från medlemmarna som bereder ärenden och stödjer "
     "styrelsen och förbundschefen."),
    ("Kansli och förbundschef", "Förbundets tjänstepersoner. Förbundschefen leder kansliet och "
     "verkställer styrelsens beslut."),
    ("Verksamhetsplan", "Förbundets plan för året med budget för budgetåret och två planår."),
    ("Budgetår och planår", "Budgetåret är det år planen gäller; planåren är de två följande "
     "åren."),
    ("Eget kapital", "Tidigare års medel som inte har förbrukats. Ingående eget kapital är "
     "aldrig en intäkt."),
    ("Prognos och utfall", "Prognosen är det förväntade beloppet för helåret; utfallet är det "
     "som faktiskt har bokförts."),
    ("Tertial", "En period om fyra månader: januari–april, maj–augusti och september–december."),
    ("Insats", "En verksamhet som förbundet finansierar. Varje insats ska ha minst två parter."),
    ("Individinriktad insats", "En insats som riktar sig till enskilda deltagare."),
    ("Strukturövergripande insats", "En insats som riktar sig till organisationer och "
     "personal, till exempel utbildning, kartläggning eller dialog."),
    ("Målgrupp", "De personer som en insats eller förbundet riktar sig till."),
    ("Deltagare", "En person som är inskriven i en individinriktad insats."),
    ("Uppföljning Finsam", "Det nationella uppföljningssystemet för samordningsförbund, "
     "med uppgifter om ekonomi, insatser och antal deltagare."),
    ("Medlemssamråd", "Årligt samråd där medlemmarna behandlar förbundets inriktning och "
     "finansiering."),
    ("Årsredovisning", "Förbundets redovisning av året: förvaltningsberättelse, resultaträkning, "
     "balansräkning och noter. Lämnas senast tre månader efter årets slut."),
    ("Ansvarsfrihet", "Varje medlem beslutar för sig om styrelsen ska beviljas ansvarsfrihet "
     "för året."),
    ("Samverkan", "Samarbete på organisatorisk nivå mellan myndigheter för att effektivisera "
     "gemensamma insatser och resurser."),
    ("Samordning", "Att parternas kompetens och ansvar används tillsammans på bästa sätt för "
     "den enskilde."),
)


def category_label(level: str, category: str | None) -> str | None:
    if category is None:
        return None
    return CATEGORIES.get((level, category), vocab.label(vocab.CATEGORIES, category))


def tertial_period(tertial: int) -> str:
    return {1: "januari–april", 2: "maj–augusti", 3: "helår"}[tertial]


def outcome_label(tertial: int) -> str:
    return {1: "Utfall t.o.m. april", 2: "Utfall t.o.m. augusti", 3: "Utfall helår"}[tertial]


def swedish_date(value) -> str:
    """2022-02-18 → "18 februari 2022"."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
