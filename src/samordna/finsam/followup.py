"""Participant follow-up without identities (FINSAM.md §6–§7): the rules and the figures.

Pure Python over frozen dataclasses, like the rest of the rulebook. A förbund has no legal
basis of its own to process personal data about participants, so Samordna follows an
intervention up in one of three modes, fixed when the intervention is created:

- `count`: numbers of women, men and others per month or tertial (a head count for
  structural interventions);
- `deidentified`: one outcome `Record` per enrolment, with a code Samordna issues and the
  provider's own code, never a name, a personnummer or a date of birth;
- `identified`: the same record plus an identity kept for the member organisation that runs
  the intervention (the controller), only under a recorded processor agreement and with
  two-factor login for every role that reads identities (`identified_problem`).

Every goal figure is a `Figure` (numerator and, for shares, denominator) computed here from
records, counts and planned participants, per year or tertial, split by gender, kommun and
intervention. Small counts are hidden by `suppress` for every reader without follow-up rights.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from . import plan as p
from . import vocabulary as vocab
from .money import as_decimal, format_percent

# ---------------------------------------------------------------- modes

MODES = tuple(vocab.FOLLOW_UP_MODES)
RECORD_MODES = ("deidentified", "identified")
# Plan-file `follow_up` → mode; an individual intervention is de-identified unless identified.
_MODE_OF_PLAN_VALUE = {"individual": "deidentified", "count": "count", "identified": "identified"}
_PLAN_VALUE_OF_MODE = {"deidentified": "individual", "count": "count", "identified": "identified"}

IDENTIFIED_REFUSAL = ("Identifierad uppföljning kräver tvåfaktorsinloggning för alla som får se deltagares "
                      "identitet. Välj avidentifierad uppföljning: utföraren behåller nyckeln till koderna och "
                      "Samordna lagrar inga personuppgifter.")


def mode_for(plan_value: str | None, level: str) -> str:
    """The follow-up mode of a plan-file `follow_up` value (absent: by level)."""
    if plan_value is None:
        return "deidentified" if level == "individual" else "count"
    return _MODE_OF_PLAN_VALUE[plan_value]


def plan_value_for(mode: str) -> str:
    """The plan-file `follow_up` value of a mode (`deidentified` is written `individual`)."""
    return _PLAN_VALUE_OF_MODE[mode]


def identified_problem(*, controller: bool, agreement: bool, two_factor: bool) -> str | None:
    """Why identified follow-up may not be switched on (None: it may).

    It needs the controller (the member organisation running the intervention), a recorded
    processor agreement (personuppgiftsbiträdesavtal) and two-factor login for everyone who
    may read identities."""
    if not two_factor:
        return IDENTIFIED_REFUSAL
    if not controller:
        return "Ange personuppgiftsansvarig: den medlemsorganisation som driver insatsen."
    if not agreement:
        return "Registrera personuppgiftsbiträdesavtalet med den personuppgiftsansvariga först."
    return None


# ---------------------------------------------------------------- configuration and bounds

MAX_CODE = 40
FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_MONTHS_ON_SUPPORT = 600
MAX_EMPLOYMENT_MONTHS = 600
MAX_COUNT = 100_000
MAX_PROGRESSION_STEPS = 20
FULL_TIME = 100  # extent in % of full time; 100 % = 40 hours a week


@dataclass(frozen=True)
class Config:
    """What an installation configures (settings.SAMORDNA_FOLLOWUP): the lists in use, the
    step scale, the suppression threshold. Every code must have a label in the vocabulary."""

    support_sources: tuple[str, ...] = tuple(vocab.SUPPORT_SOURCES)
    end_reasons: tuple[str, ...] = tuple(vocab.END_REASONS)
    voiding_end_reasons: tuple[str, ...] = ("felregistrering",)
    education_levels: tuple[str, ...] = tuple(vocab.EDUCATION_LEVELS)
    progression_steps: int = 7  # the step scale runs 1..progression_steps
    suppression_threshold: int = 5  # counts 1..threshold-1 are hidden from readers without rights
    max_rows: int = 50_000  # one import file

    def problems(self) -> list[str]:
        out = []
        for name, codes, known in (("support_sources", self.support_sources, vocab.SUPPORT_SOURCES),
                                   ("end_reasons", self.end_reasons, vocab.END_REASONS),
                                   ("voiding_end_reasons", self.voiding_end_reasons, vocab.END_REASONS),
                                   ("education_levels", self.education_levels, vocab.EDUCATION_LEVELS)):
            out += [f"{name}: {c!r} saknar etikett i vokabulären" for c in codes if c not in known]
        if "ingen" not in self.support_sources:
            out.append("support_sources: 'ingen' måste finnas")
        if not set(self.voiding_end_reasons) <= set(self.end_reasons):
            out.append("voiding_end_reasons: måste finnas bland end_reasons")
        if not 1 <= self.progression_steps <= MAX_PROGRESSION_STEPS:
            out.append(f"progression_steps: 1–{MAX_PROGRESSION_STEPS}")
        if self.suppression_threshold < 1:
            out.append("suppression_threshold: minst 1")
        return out


DEFAULT_CONFIG = Config()
# Aliases accepted on import for the same code (FINSAM.md's glossary names it in English).
END_REASON_ALIASES = {"wrongly_registered": "felregistrering"}

# 10 or 12 digits, with or without - or + before the last four, anywhere in the text.
_PERSONNUMMER = re.compile(r"(?<!\d)(\d{6}|\d{8})[-+]?\d{4}(?!\d)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def looks_like_personnummer(text: str) -> bool:
    return bool(_PERSONNUMMER.search(text.replace(" ", "")))


def provider_code_problem(code: str) -> str | None:
    """The provider's own code: any text up to 40 characters, never a personnummer."""
    if not code:
        return "Ange utförarens kod."
    if len(code) > MAX_CODE:
        return f"Koden får vara högst {MAX_CODE} tecken."
    if _CONTROL.search(code):
        return "Koden innehåller otillåtna tecken."
    if code[0] in "=+-@":
        # A cell starting so becomes a formula when the file is opened in Excel.
        return "Koden får inte börja med =, +, - eller @."
    if looks_like_personnummer(code):
        return ("Koden ser ut som ett personnummer. Använd utförarens egen löpande kod; "
                "personnummer får inte lagras.")
    return None


def code_prefix(intervention_id: str) -> str:
    """ENT for `enter`, FIA for `fia`, SEN for `se-n-individ`: the first three letters."""
    letters = re.sub(r"[^a-z]", "", intervention_id.lower())
    return (letters[:3] or "DEL").upper().ljust(3, "X")


def enrolment_code(prefix: str, year: int, number: int) -> str:
    """The running code Samordna issues, e.g. ENT-2022-0007 (number 7 of that prefix and year)."""
    return f"{prefix}-{year}-{number:04d}"


# ---------------------------------------------------------------- months and periods

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> date:
    """`YYYY-MM` → the first day of that month; ValueError (Swedish) otherwise."""
    m = _MONTH.match(text.strip())
    if not m:
        raise ValueError(f"”{text}” är inte en månad (ÅÅÅÅ-MM).")
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"”{text}”: månaden ska vara 01–12.")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"”{text}”: året ska vara {FIRST_YEAR}–{LAST_YEAR}.")
    return date(year, month, 1)


def month_str(d: date | None) -> str:
    return "" if d is None else f"{d.year:04d}-{d.month:02d}"


def _add_months(d: date, n: int) -> date:
    i = d.year * 12 + d.month - 1 + n
    return date(i // 12, i % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Whole months from `first` to `last` (first days of months, inclusive)."""

    first: date
    last: date
    label: str = ""

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 1), str(year))

    @classmethod
    def tertial(cls, year: int, tertial: int) -> Period:
        """One tertial alone: T1 January–April, T2 May–August, T3 September–December."""
        first = date(year, 4 * (tertial - 1) + 1, 1)
        return cls(first, _add_months(first, 3), f"T{tertial} {year}")

    @classmethod
    def to_tertial(cls, year: int, tertial: int) -> Period:
        """1 January to the end of a tertial, as the tertial reports count money."""
        return cls(date(year, 1, 1), date(year, 4 * tertial, 1), f"januari–T{tertial} {year}")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), date(year, month, 1), f"{year}-{month:02d}")

    def contains(self, d: date | None) -> bool:
        return d is not None and self.first <= d <= self.last

    def overlaps(self, other: Period) -> bool:
        return self.first <= other.last and other.first <= self.last


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class Support:
    """One source of support and its extent in % of full time (100 % = 40 h/week)."""

    source: str
    extent: int


def parse_support(text: str, config: Config = DEFAULT_CONFIG) -> tuple[Support, ...]:
    """`forsorjningsstod:100`, `sjukpenning:50+aktivitetsstod:50`, `ingen` → Support items.

    Raises ValueError with a Swedish message. `ingen` stands alone and gives ()."""
    text = text.strip()
    if text == "ingen":
        return ()
    items, seen = [], set()
    for part in text.split("+"):
        source, sep, extent = part.strip().partition(":")
        source = source.strip()
        if source == "ingen":
            raise ValueError("”ingen” kan inte kombineras med andra källor.")
        if not sep:
            raise ValueError(f"”{part.strip()}” ska skrivas KÄLLA:OMFATTNING, t.ex. forsorjningsstod:100.")
        if source not in config.support_sources:
            raise ValueError(f"”{source}” är inte en känd försörjningskälla.")
        if source in seen:
            raise ValueError(f"”{source}” står två gånger.")
        if not extent.strip().isdigit() or not 1 <= int(extent) <= FULL_TIME:
            raise ValueError(f"Omfattningen för ”{source}” ska vara ett heltal 1–100 (procent av heltid).")
        seen.add(source)
        items.append(Support(source, int(extent)))
    if sum(s.extent for s in items) > FULL_TIME:
        raise ValueError("Försörjningen är sammanlagt mer än 100 % av heltid.")
    return tuple(items)


def support_str(items: tuple[Support, ...] | None) -> str:
    """The file's way of writing support: `sjukpenning:50+aktivitetsstod:50`, `ingen`, or ''."""
    if items is None:
        return ""
    return "+".join(f"{s.source}:{s.extent}" for s in items) or "ingen"


@dataclass(frozen=True)
class Record:
    """One enrolment's de-identified outcome record: nothing in it names a person.

    `code` is Samordna's running code, `provider_code` the provider's own. Months are first
    days of months. `support_*` None: not recorded; (): no public support. A voided record
    (end reason `felregistrering`) counts nowhere."""

    intervention: str
    code: str
    gender: str
    start: date
    end: date | None = None
    provider_code: str | None = None
    age_band: str | None = None
    municipality: str | None = None
    occupation_before: str | None = None
    occupation_after: str | None = None
    support_before: tuple[Support, ...] | None = None
    support_after: tuple[Support, ...] | None = None
    months_on_support_before: int | None = None
    assessed_work_capacity: bool | None = None
    end_reason: str | None = None
    education_level: str | None = None
    progression_start: int | None = None
    progression_end: int | None = None
    employment_months: int | None = None
    voided: bool = False

    @property
    def state(self) -> str:
        return "voided" if self.voided else ("ended" if self.end else "ongoing")

    def ongoing_in(self, period: Period) -> bool:
        """Enrolled in some month of the period."""
        return self.start <= period.last and (self.end is None or self.end >= period.first)


# What a fully registered record holds (SUS's "komplett inskriven"; FINSAM.md §6).
REQUIRED_AT_START = ("gender", "age_band", "municipality", "occupation_before", "support_before")
REQUIRED_AT_END = ("end_reason", "occupation_after", "support_after")


def is_complete(r: Record) -> bool:
    fields = REQUIRED_AT_START + (REQUIRED_AT_END if r.end else ())
    return all(getattr(r, f) is not None for f in fields)


def record_problems(r: Record, config: Config = DEFAULT_CONFIG, *, kommuner: Iterable[str] | None = None
                    ) -> dict[str, str]:
    """Every rule a record breaks, as {field: Swedish message} (empty: it may be stored)."""
    out: dict[str, str] = {}

    def check(name: str, value, allowed: Iterable[str], what: str) -> None:
        if value is not None and value not in allowed:
            out[name] = f"Okänd {what}."

    check("gender", r.gender, vocab.GENDERS, "könsuppgift")
    check("age_band", r.age_band, vocab.AGE_BANDS, "åldersgrupp")
    check("occupation_before", r.occupation_before, vocab.OCCUPATIONS, "sysselsättning")
    check("occupation_after", r.occupation_after, vocab.OCCUPATIONS, "sysselsättning")
    check("end_reason", r.end_reason, config.end_reasons, "avslutsorsak")
    check("education_level", r.education_level, config.education_levels, "utbildningsnivå")
    if kommuner is not None and r.municipality is not None and r.municipality not in set(kommuner):
        out["municipality"] = "Kommunen är inte medlem i förbundet."
    if r.provider_code is not None:
        problem = provider_code_problem(r.provider_code)
        if problem:
            out["provider_code"] = problem
    for name in ("start", "end"):
        d = getattr(r, name)
        if d is not None and not (FIRST_YEAR <= d.year <= LAST_YEAR and d.day == 1):
            out[name] = f"Ange en månad {FIRST_YEAR}–{LAST_YEAR}."
    if r.end is not None and r.start is not None and r.end < r.start:
        out["end"] = "Slutmånaden ligger före startmånaden."
    if r.end is None:
        for name in ("end_reason", "occupation_after", "support_after"):
            if getattr(r, name) is not None:
                out.setdefault(name, "Anges först när inskrivningen har en slutmånad.")
    for name in ("support_before", "support_after"):
        items = getattr(r, name)
        if items is not None:
            try:
                parse_support(support_str(items), config)
            except ValueError as exc:
                out[name] = str(exc)
    for name, high in (("months_on_support_before", MAX_MONTHS_ON_SUPPORT),
                       ("employment_months", MAX_EMPLOYMENT_MONTHS)):
        value = getattr(r, name)
        if value is not None and not 0 <= value <= high:
            out[name] = f"Ange ett heltal 0–{high}."
    for name in ("progression_start", "progression_end"):
        value = getattr(r, name)
        if value is not None and not 1 <= value <= config.progression_steps:
            out[name] = f"Stegskalan går från 1 till {config.progression_steps}."
    return out


def is_voiding(end_reason: str | None, config: Config = DEFAULT_CONFIG) -> bool:
    return end_reason is not None and end_reason in config.voiding_end_reasons


def overlapping_codes(records: Iterable[Record]) -> list[tuple[Record, Record]]:
    """Pairs of records of the same intervention and provider code whose periods overlap
    (the same enrolment registered twice)."""
    by_key: dict[tuple[str, str], list[Record]] = {}
    for r in records:
        if r.provider_code and not r.voided:
            by_key.setdefault((r.intervention, r.provider_code), []).append(r)
    out = []
    for group in by_key.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.start <= (b.end or date.max) and b.start <= (a.end or date.max):
                    out.append((a, b))
    return out


# ---------------------------------------------------------------- counts


@dataclass(frozen=True)
class CountEntry:
    """Participants of a count-mode intervention in one month or tertial: women, men, others,
    or (structural interventions) a head count. A person is counted in the period they
    joined, so the periods of a year add up to the year."""

    intervention: str
    year: int
    kind: str  # "month" | "tertial"
    period: int  # 1–12 or 1–3
    women: int = 0
    men: int = 0
    other: int = 0
    head_count: int | None = None  # structural: persons without gender

    @property
    def total(self) -> int:
        return self.women + self.men + self.other + (self.head_count or 0)

    @property
    def span(self) -> Period:
        if self.kind == "tertial":
            return Period.tertial(self.year, self.period)
        return Period.month(self.year, self.period)


def count_problems(entry: CountEntry, *, level: str, others: Iterable[CountEntry] = ()) -> list[str]:
    """Rules of one count: its period exists, numbers are whole and bounded, structural
    interventions give a head count only, and no other count of the intervention covers
    the same months (a month inside a counted tertial, or the reverse)."""
    out = []
    if entry.kind not in vocab.PERIOD_KINDS:
        out.append("Okänd periodtyp.")
        return out
    if not FIRST_YEAR <= entry.year <= LAST_YEAR:
        out.append(f"Året ska vara {FIRST_YEAR}–{LAST_YEAR}.")
        return out
    highest = 3 if entry.kind == "tertial" else 12
    if not 1 <= entry.period <= highest:
        out.append(f"Perioden ska vara 1–{highest}.")
        return out
    numbers = (entry.women, entry.men, entry.other, entry.head_count or 0)
    if any(n < 0 or n > MAX_COUNT for n in numbers):
        out.append(f"Antalen ska vara heltal 0–{MAX_COUNT}.")
    if level == "structural" and (entry.women or entry.men or entry.other):
        out.append("En strukturövergripande insats redovisar bara antal personer, inte kön.")
    if level == "individual" and entry.head_count:
        out.append("En individinriktad insats redovisar kvinnor, män och annat kön.")
    for other in others:
        if other.intervention != entry.intervention or (other.year, other.kind, other.period) == \
                (entry.year, entry.kind, entry.period):
            continue
        if other.span.overlaps(entry.span):
            what = vocab.PERIOD_KINDS[other.kind].lower()
            out.append(f"Det finns redan ett antal för {what} {other.period} {other.year}, som täcker "
                       f"samma månader. Ändra det i stället.")
            break
    return out


# ---------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figure:
    """A count (denominator None) or a share numerator ÷ denominator. `hidden`: suppressed
    for this reader (the numbers are then None) — because it is small, or (`secondary`) because
    with the total it would give a small one away."""

    numerator: int | None
    denominator: int | None = None
    hidden: bool = False
    secondary: bool = False

    @property
    def share(self) -> Fraction | None:
        if self.numerator is None or not self.denominator:
            return None
        return Fraction(self.numerator, self.denominator)

    @property
    def share_decimal(self) -> Decimal | None:
        s = self.share
        return None if s is None else as_decimal(s)

    def json(self) -> dict:
        return {"numerator": self.numerator, "denominator": self.denominator}


def ratio(numerator: int, denominator: int) -> Figure:
    return Figure(numerator, denominator)


def count(n: int) -> Figure:
    return Figure(n)


def _live(records: Iterable[Record]) -> list[Record]:
    return [r for r in records if not r.voided]


def in_period(records: Iterable[Record], period: Period) -> list[Record]:
    return [r for r in _live(records) if r.ongoing_in(period)]


def started_in(records: Iterable[Record], period: Period) -> list[Record]:
    return [r for r in _live(records) if period.contains(r.start)]


def ended_in(records: Iterable[Record], period: Period) -> list[Record]:
    return [r for r in _live(records) if period.contains(r.end)]


@dataclass(frozen=True)
class GenderCounts:
    kvinna: int = 0
    man: int = 0
    annat: int = 0
    unspecified: int = 0  # head counts of structural interventions

    @property
    def total(self) -> int:
        return self.kvinna + self.man + self.annat + self.unspecified

    def __add__(self, other: GenderCounts) -> GenderCounts:
        return GenderCounts(self.kvinna + other.kvinna, self.man + other.man, self.annat + other.annat,
                            self.unspecified + other.unspecified)

    def json(self) -> dict:
        return {"kvinna": self.kvinna, "man": self.man, "annat": self.annat, "total": self.total}


def by_gender(records: Iterable[Record]) -> GenderCounts:
    n = {g: 0 for g in vocab.GENDERS}
    for r in records:
        n[r.gender] = n.get(r.gender, 0) + 1
    return GenderCounts(n["kvinna"], n["man"], n["annat"])


def participants(records: Iterable[Record], period: Period) -> GenderCounts:
    """Enrolments ongoing in some month of the period, by gender (voided ones excluded)."""
    return by_gender(in_period(records, period))


def counted(entries: Iterable[CountEntry], period: Period) -> GenderCounts:
    """Participants of count-mode interventions whose counted period lies in `period`."""
    total = GenderCounts()
    for e in entries:
        span = e.span
        if period.first <= span.first and span.last <= period.last:
            total += GenderCounts(e.women, e.men, e.other, e.head_count or 0)
    return total


def outcomes_of(r: Record) -> frozenset[str]:
    """What a record reached at exit: work or studies (occupation after), an internship or
    work trial (end reason `praktik`)."""
    out = set()
    if r.occupation_after in ("arbete", "studier"):
        out.add(r.occupation_after)
    if r.end_reason == "praktik":
        out.add("praktik")
    return frozenset(out)


def _base(records: Iterable[Record], period: Period, base: str) -> list[Record]:
    ended = ended_in(records, period)
    if base == "ended_able":
        return [r for r in ended if r.assessed_work_capacity is True]
    return ended


def _reached(r: Record, outcomes: frozenset[str], min_months: int | None) -> bool:
    if not (outcomes_of(r) & outcomes):
        return False
    return min_months is None or (r.employment_months or 0) >= min_months


def share_reaching(records: Iterable[Record], period: Period, *, outcomes: Iterable[str],
                   base: str = "ended", min_months: int | None = None) -> Figure:
    """Ended enrolments (of the base) that reached one of `outcomes` ÷ the base."""
    wanted = frozenset(outcomes)
    group = _base(records, period, base)
    return ratio(sum(1 for r in group if _reached(r, wanted, min_months)), len(group))


def count_reaching(records: Iterable[Record], period: Period, *, outcomes: Iterable[str],
                   base: str = "ended", min_months: int | None = None) -> Figure:
    """How many ended enrolments reached an outcome (e.g. work planned for ≥ 6 months)."""
    wanted = frozenset(outcomes)
    return count(sum(1 for r in _base(records, period, base) if _reached(r, wanted, min_months)))


def ended_to_work_or_studies(records: Iterable[Record], period: Period) -> Figure:
    """The plan-file indicator: occupation after is work or studies ÷ ended."""
    return share_reaching(records, period, outcomes=("arbete", "studier"))


def ended_to_work(records: Iterable[Record], period: Period) -> Figure:
    return share_reaching(records, period, outcomes=("arbete",))


def progression(records: Iterable[Record], period: Period) -> Figure:
    """Ended enrolments that moved up at least one step ÷ ended ones with both steps."""
    both = [r for r in ended_in(records, period)
            if r.progression_start is not None and r.progression_end is not None]
    return ratio(sum(1 for r in both if r.progression_end > r.progression_start), len(both))


def mean_steps(records: Iterable[Record], period: Period) -> Fraction | None:
    both = [r for r in ended_in(records, period)
            if r.progression_start is not None and r.progression_end is not None]
    if not both:
        return None
    return Fraction(sum(r.progression_end - r.progression_start for r in both), len(both))


def planned_for(iv: p.Intervention, year: int) -> dict[str, int]:
    """Planned participants of a year per kommun key (`common` for the shared part)."""
    return {k: int(v) for k, v in iv.planned_participants.get(year, {}).items()}


def registration_completeness(records: Iterable[Record], planned: Mapping[str, int],
                              period: Period) -> tuple[Figure, dict[str, Figure]]:
    """Fully registered enrolments in the period ÷ planned participants, in total and per
    kommun key of `planned`. A record of a kommun the plan does not key counts under
    `common` when the plan has one. No planned participants: no figure (denominator 0)."""
    complete = [r for r in in_period(records, period) if is_complete(r)]
    keys = list(planned)
    per_key = {k: 0 for k in keys}
    for r in complete:
        if r.municipality in per_key and r.municipality != p.COMMON:
            per_key[r.municipality] += 1
        elif p.COMMON in per_key:
            per_key[p.COMMON] += 1
    total = ratio(len(complete), sum(planned.values()))
    return total, {k: ratio(per_key[k], planned[k]) for k in keys}


# ---------------------------------------------------------------- goals


@dataclass(frozen=True)
class Measure:
    """How a goal is computed from follow-up data.

    A plan indicator gives one (`measure_of`); for a goal the plan file cannot express (work
    *or internship*, work planned ≥ 6 months, a narrowed base, a dated milestone, progression)
    the kansli records one in Samordna."""

    kind: str  # vocabulary.MEASURE_KINDS
    outcomes: frozenset[str] = frozenset()
    base: str = "ended"
    min_months: int | None = None
    target: Decimal | None = None
    due: date | None = None
    achieved_on: date | None = None

    def problems(self) -> list[str]:
        out = []
        if self.kind not in vocab.MEASURE_KINDS:
            return ["Okänt sätt att mäta."]
        if self.kind in ("share", "count") and not self.outcomes:
            out.append("Välj vad som räknas som resultat (arbete, studier, praktik).")
        if not set(self.outcomes) <= set(vocab.OUTCOMES):
            out.append("Okänt resultat.")
        if self.base not in vocab.MEASURE_BASES:
            out.append("Okänd bas.")
        if self.min_months is not None and not 1 <= self.min_months <= MAX_EMPLOYMENT_MONTHS:
            out.append(f"Antal månader ska vara 1–{MAX_EMPLOYMENT_MONTHS}.")
        if self.target is not None:
            if self.kind in SHARE_KINDS and not Decimal(0) <= self.target <= Decimal(1):
                out.append("Målvärdet för en andel ska vara 0–100 %.")
            if self.kind in ("count", "participants") and (self.target < 0 or self.target > MAX_COUNT
                                                           or self.target != int(self.target)):
                out.append(f"Målvärdet för ett antal ska vara ett heltal 0–{MAX_COUNT}.")
        if self.kind == "milestone" and self.due is None:
            out.append("Ett delmål med datum behöver ett datum.")
        return out


SHARE_KINDS = ("share", "completeness", "progression", "survey_share")

_INDICATOR_MEASURES = {
    "ended_to_work_or_studies": Measure("share", frozenset({"arbete", "studier"})),
    "ended_to_work": Measure("share", frozenset({"arbete"})),
    "participants": Measure("participants"),
    "registration_completeness": Measure("completeness"),
    "survey_share": Measure("survey_share"),
}


def measure_of(goal: p.Goal, override: Measure | None = None) -> Measure | None:
    """The measure of a goal: the kansli's own, else its plan indicator's; None for goals
    followed up from the budget or by a written assessment."""
    if override is not None:
        return override
    base = _INDICATOR_MEASURES.get(goal.indicator or "")
    return None if base is None else replace(base, target=goal.target)


@dataclass(frozen=True)
class FollowUpData:
    """What goals are computed from: records of record-mode interventions, counts of
    count-mode ones, and the plan's interventions (levels, planned participants)."""

    records: tuple[Record, ...] = ()
    counts: tuple[CountEntry, ...] = ()
    interventions: tuple[p.Intervention, ...] = ()
    modes: Mapping[str, str] = field(default_factory=dict)  # intervention id → mode

    def for_interventions(self, ids: Iterable[str]) -> FollowUpData:
        keep = set(ids)
        return FollowUpData(tuple(r for r in self.records if r.intervention in keep),
                            tuple(c for c in self.counts if c.intervention in keep),
                            tuple(iv for iv in self.interventions if iv.id in keep),
                            {k: v for k, v in self.modes.items() if k in keep})


@dataclass(frozen=True)
class GoalResult:
    """A goal's figure with its parts: by gender (kvinna, man, annat), by kommun key and by
    intervention. `met` None: not judged (no target, no data, or not yet due)."""

    measure: Measure
    figure: Figure | None
    met: bool | None
    by_gender: dict[str, Figure] = field(default_factory=dict)
    by_municipality: dict[str, Figure] = field(default_factory=dict)
    by_intervention: dict[str, Figure] = field(default_factory=dict)
    mean_steps: Fraction | None = None
    status: str = ""


def _judge(measure: Measure, figure: Figure | None) -> bool | None:
    if measure.target is None or figure is None or figure.numerator is None:
        return None
    if measure.kind in SHARE_KINDS:
        return None if figure.share is None else figure.share >= Fraction(measure.target)
    return figure.numerator >= measure.target


def _figure(measure: Measure, records: list[Record], data: FollowUpData, period: Period) -> Figure | None:
    kind = measure.kind
    if kind == "share":
        return share_reaching(records, period, outcomes=measure.outcomes, base=measure.base,
                              min_months=measure.min_months)
    if kind == "count":
        return count_reaching(records, period, outcomes=measure.outcomes, base=measure.base,
                              min_months=measure.min_months)
    if kind == "progression":
        return progression(records, period)
    return None


def _participants(data: FollowUpData, period: Period, records: list[Record]) -> tuple[GenderCounts, dict]:
    counted_ids = {iv for iv, mode in data.modes.items() if mode == "count"}
    from_counts = counted([c for c in data.counts if c.intervention in counted_ids], period)
    return participants(records, period) + from_counts, {
        iv.id: count(participants([r for r in records if r.intervention == iv.id], period).total
                     + counted([c for c in data.counts if c.intervention == iv.id
                                and iv.id in counted_ids], period).total)
        for iv in data.interventions}


def goal_result(measure: Measure, data: FollowUpData, period: Period, *, year: int,
                today: date | None = None) -> GoalResult:
    """Compute one goal over `data` (already narrowed to the goal's interventions)."""
    record_ids = {iv for iv, mode in data.modes.items() if mode in RECORD_MODES}
    records = [r for r in data.records if r.intervention in record_ids]
    kind = measure.kind
    if kind == "survey_share":
        return GoalResult(measure, None, None, status="Enkätsvar finns inte i Samordna ännu.")
    if kind == "milestone":
        return _milestone(measure, today)
    if kind == "participants":
        totals, per_iv = _participants(data, period, records)
        figure = count(totals.total)
        genders = {"kvinna": count(totals.kvinna), "man": count(totals.man), "annat": count(totals.annat)}
        kommuner: dict[str, Figure] = {}
        for r in in_period(records, period):
            key = r.municipality or p.COMMON
            kommuner[key] = count((kommuner[key].numerator if key in kommuner else 0) + 1)
        result = GoalResult(measure, figure, _judge(measure, figure), genders, kommuner, per_iv)
        return replace(result, status=status_text(result))
    if kind == "completeness":
        done: dict[str, int] = {}
        planned: dict[str, int] = {}
        per_iv = {}
        for iv in data.interventions:
            iv_planned = planned_for(iv, year)
            if not iv_planned or data.modes.get(iv.id) not in RECORD_MODES:
                continue
            total, per_key = registration_completeness([r for r in records if r.intervention == iv.id],
                                                       iv_planned, period)
            per_iv[iv.id] = total
            for k, f in per_key.items():
                done[k] = done.get(k, 0) + f.numerator
                planned[k] = planned.get(k, 0) + f.denominator
        kommuner = {k: ratio(done[k], planned[k]) for k in planned}
        numerator = sum(f.numerator for f in per_iv.values())
        denominator = sum(f.denominator for f in per_iv.values())
        figure = ratio(numerator, denominator)
        complete = [r for r in in_period(records, period) if is_complete(r) and r.intervention in per_iv]
        n = by_gender(complete)
        genders = {"kvinna": count(n.kvinna), "man": count(n.man), "annat": count(n.annat)}
        result = GoalResult(measure, figure, _judge(measure, figure) if denominator else None,
                            genders, kommuner, per_iv)
        return replace(result, status=status_text(result))
    figure = _figure(measure, records, data, period)
    genders = {g: _figure(measure, [r for r in records if r.gender == g], data, period)
               for g in vocab.GENDERS}
    keys = sorted({r.municipality or p.COMMON for r in ended_in(records, period)})
    kommuner = {k: _figure(measure, [r for r in records if (r.municipality or p.COMMON) == k], data, period)
                for k in keys}
    per_iv = {iv.id: _figure(measure, [r for r in records if r.intervention == iv.id], data, period)
              for iv in data.interventions if iv.id in record_ids}
    result = GoalResult(measure, figure, _judge(measure, figure), genders, kommuner, per_iv,
                        mean_steps=mean_steps(records, period) if kind == "progression" else None)
    return replace(result, status=status_text(result))


def _milestone(measure: Measure, today: date | None) -> GoalResult:
    due, done = measure.due, measure.achieved_on
    if done is not None:
        met = due is None or done <= due
        text = (f"Uppnått {done.isoformat()}" + ("" if met else f", efter målets datum {due.isoformat()}")
                + ".")
        return GoalResult(measure, None, met, status=text)
    if due is not None and today is not None and today > due:
        return GoalResult(measure, None, False, status=f"Inte uppnått; datumet {due.isoformat()} har passerat.")
    return GoalResult(measure, None, None,
                      status=f"Pågår; ska vara uppnått {due.isoformat()}." if due else "Pågår.")


def figure_text(f: Figure | None, *, threshold: int = DEFAULT_CONFIG.suppression_threshold) -> str:
    """`45,0 % (18 av 40)`, `12`, or the suppression note."""
    if f is None:
        return "–"
    if f.secondary:
        return "dolt"
    if f.hidden:
        if f.denominator is not None:
            return f"färre än {threshold} av {f.denominator}"
        return f"färre än {threshold}"
    if f.denominator is None:
        return "–" if f.numerator is None else str(f.numerator)
    if f.denominator == 0:
        return "inga avslutade"
    return f"{format_percent(f.share_decimal, 1)} ({f.numerator} av {f.denominator})"


def target_text(measure: Measure) -> str:
    if measure.target is None:
        return "–"
    if measure.kind in SHARE_KINDS:
        return format_percent(measure.target, 0)
    return str(int(measure.target))


def status_text(result: GoalResult, *, threshold: int = DEFAULT_CONFIG.suppression_threshold) -> str:
    """A Swedish sentence: met or not, the figure and the target."""
    m, f = result.measure, result.figure
    if m.kind == "milestone" or m.kind == "survey_share":
        return result.status
    if f is None:
        return "Ingen uppföljning registrerad."
    if f.hidden:
        return f"För få deltagare för att redovisas ({figure_text(f, threshold=threshold)})."
    if f.denominator == 0:
        return ("Inga planerade deltagare att jämföra med." if m.kind == "completeness"
                else "Inga avslutade deltagare under perioden ännu.")
    shown = figure_text(f, threshold=threshold)
    if result.met is None:
        return f"{shown}; inget målvärde att jämföra med." if m.target is None else shown + "."
    verdict = "Uppfyllt" if result.met else "Ej uppfyllt"
    return f"{verdict}: {shown}, mål {target_text(m)}."


# ---------------------------------------------------------------- suppression


def hide(f: Figure | None, t: int) -> Figure | None:
    """A figure as a reader without rights sees it (counts 1..t-1, shares over < t hidden)."""
    if f is None or f.hidden:
        return f
    if f.denominator is None:
        if f.numerator is not None and 0 < f.numerator < t:
            return Figure(None, None, True)
        return f
    if 0 < f.denominator < t:
        return Figure(None, None, True)
    if f.numerator is not None and 0 < f.numerator < t:
        return Figure(None, f.denominator, True)
    return f


def _secondary(parts: dict[str, Figure | None]) -> dict[str, Figure | None]:
    """When exactly one part is hidden, the total would give it away: hide the smallest other
    non-zero part too."""
    hidden = [k for k, f in parts.items() if f is not None and f.hidden]
    if len(hidden) != 1:
        return parts
    candidates = [(f.numerator, k) for k, f in parts.items()
                  if f is not None and not f.hidden and f.numerator]
    if not candidates:
        return parts
    _, key = min(candidates)
    out = dict(parts)
    out[key] = Figure(None, None, True, secondary=True)
    return out


def suppress(result: GoalResult, threshold: int) -> GoalResult:
    """The result as a reader without follow-up rights may see it: counts 1..threshold-1 and
    shares over fewer than `threshold` are hidden, with one more part hidden where a
    single hidden part could be worked out from the total. `met` is kept only where the
    figure itself is shown."""
    figure = hide(result.figure, threshold)
    out = replace(result, figure=figure,
                  met=None if figure is not None and figure.hidden else result.met,
                  by_gender=_secondary({k: hide(f, threshold) for k, f in result.by_gender.items()}),
                  by_municipality=_secondary({k: hide(f, threshold)
                                              for k, f in result.by_municipality.items()}),
                  by_intervention=_secondary({k: hide(f, threshold)
                                              for k, f in result.by_intervention.items()}),
                  mean_steps=None if figure is not None and figure.hidden else result.mean_steps)
    return replace(out, status=status_text(out, threshold=threshold))


def _parts(counts: GenderCounts) -> dict[str, Figure | None]:
    """By gender, with `unspecified` for head counts; a pure head count has no gender cells."""
    head_count_only = counts.unspecified and not (counts.kvinna or counts.man or counts.annat)
    parts: dict[str, Figure | None] = {g: None if head_count_only else count(getattr(counts, g))
                                       for g in ("kvinna", "man", "annat")}
    if counts.unspecified:
        parts["unspecified"] = count(counts.unspecified)
    return parts


def suppress_counts(counts: GenderCounts, threshold: int) -> dict[str, Figure | None]:
    """Participants by gender and in total, as a reader without rights may see them."""
    shown = _secondary({k: hide(f, threshold) for k, f in _parts(counts).items()})
    return {**shown, "total": hide(count(counts.total), threshold)}


def plain_counts(counts: GenderCounts) -> dict[str, Figure | None]:
    return {**_parts(counts), "total": count(counts.total)}


# ---------------------------------------------------------------- the year's figures


@dataclass(frozen=True)
class InterventionYear:
    """One intervention's enrolments in a year: the shape of `samordna followup --json`."""

    id: str
    participants: GenderCounts
    started: int
    ended: int
    ended_to_work_or_studies: Figure
    ended_to_work: Figure

    def json(self) -> dict:
        return {"id": self.id, "participants": self.participants.json(), "started": self.started,
                "ended": self.ended, "ended_to_work_or_studies": self.ended_to_work_or_studies.json(),
                "ended_to_work": self.ended_to_work.json()}


def year_figures(records: Iterable[Record], year: int, order: Iterable[str] = ()) -> list[InterventionYear]:
    """Per intervention with enrolments in the year (ongoing in some month of it), in `order`
    first and then by id. Voided records count nowhere."""
    period = Period.year(year)
    live = in_period(records, period)
    ids = {r.intervention for r in live}
    ordered = [i for i in order if i in ids] + sorted(ids - set(order))
    out = []
    for iv in ordered:
        mine = [r for r in records if r.intervention == iv]
        out.append(InterventionYear(iv, participants(mine, period), len(started_in(mine, period)),
                                    len(ended_in(mine, period)), ended_to_work_or_studies(mine, period),
                                    ended_to_work(mine, period)))
    return out


def year_json(association: str, year: int, figures: list[InterventionYear]) -> dict:
    return {"association": association, "year": year, "interventions": [f.json() for f in figures]}


def split_by(records: Iterable[Record], key: Callable[[Record], str]) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for r in records:
        out.setdefault(key(r), []).append(r)
    return out


# ---------------------------------------------------------------- goals and participants of a plan

_SPACE = re.compile(r"\s+")


def goal_key(text: str) -> str:
    """A goal's key within its owner: its text with spaces normalised, case folded, hashed."""
    import hashlib

    return hashlib.sha256(_SPACE.sub(" ", text).strip().casefold().encode()).hexdigest()


@dataclass(frozen=True)
class GoalRow:
    """One goal of the plan (owner None) or of an intervention, with its computed result."""

    owner: str | None
    goal: p.Goal
    measure: Measure | None
    result: GoalResult | None
    own_measure: bool = False  # the kansli recorded how it is measured


def _followed(plan: p.Plan, data: FollowUpData) -> list[str]:
    return [iv.id for iv in plan.interventions if iv.id in data.modes]


def goal_rows(plan: p.Plan, data: FollowUpData, period: Period, *, year: int,
              measures: Mapping[tuple[str | None, str], Measure] | None = None, today: date | None = None,
              unsuppressed: Callable[[set[str]], bool] = lambda ids: True,
              threshold: int = DEFAULT_CONFIG.suppression_threshold) -> list[GoalRow]:
    """Every goal of the plan and its interventions, computed where follow-up can compute it.

    A plan goal covers all followed-up interventions of the plan, an intervention's goal that
    intervention. `unsuppressed(ids)` says whether the reader may see small counts of those
    interventions; otherwise the result is suppressed."""
    measures = measures or {}
    rows = []
    owners: list[tuple[str | None, tuple[p.Goal, ...], list[str]]] = [(None, plan.plan.goals, _followed(plan, data))]
    owners += [(iv.id, iv.goals, [iv.id]) for iv in plan.interventions]
    for owner, goals, ids in owners:
        for goal in goals:
            own = measures.get((owner, goal_key(goal.text)))
            measure = measure_of(goal, own)
            if measure is None:
                rows.append(GoalRow(owner, goal, None, None))
                continue
            result = goal_result(measure, data.for_interventions(ids), period, year=year, today=today)
            if not unsuppressed(set(ids)):
                result = suppress(result, threshold)
            rows.append(GoalRow(owner, goal, measure, result, own is not None))
    return rows


@dataclass(frozen=True)
class ParticipantsRow:
    key: str  # intervention id, kommun id, or "total"
    cells: dict[str, Figure]  # kvinna, man, annat, (unspecified), total


def participants_rows(plan: p.Plan, data: FollowUpData, period: Period, *,
                      unsuppressed: Callable[[set[str]], bool] = lambda ids: True,
                      threshold: int = DEFAULT_CONFIG.suppression_threshold
                      ) -> tuple[list[ParticipantsRow], list[ParticipantsRow], ParticipantsRow]:
    """Participants in the period by gender: per followed-up intervention (records or counts),
    per home kommun (records only; counts carry no kommun) and in total."""
    def shown(counts: GenderCounts, ids: set[str]) -> dict[str, Figure]:
        return plain_counts(counts) if unsuppressed(ids) else suppress_counts(counts, threshold)

    ids = _followed(plan, data)
    per_iv = []
    total = GenderCounts()
    for iv in ids:
        mine = data.for_interventions([iv])
        counts = (counted(mine.counts, period) if data.modes[iv] == "count"
                  else participants(mine.records, period))
        total += counts
        if counts.total:
            per_iv.append(ParticipantsRow(iv, shown(counts, {iv})))
    record_ids = {iv for iv in ids if data.modes[iv] in RECORD_MODES}
    live = [r for r in in_period(data.records, period) if r.intervention in record_ids]
    order = [m.id for m in plan.members_of(p.KOMMUN)]
    groups = split_by(live, lambda r: r.municipality or p.COMMON)
    per_kommun = [ParticipantsRow(k, shown(by_gender(groups[k]), record_ids))
                  for k in sorted(groups, key=lambda k: (order.index(k) if k in order else len(order), k))]
    return per_iv, per_kommun, ParticipantsRow("total", shown(total, set(ids)))


def measure_text(m: Measure) -> str:
    """How a measure computes, in Swedish: "Andel avslutade till arbete eller studier, av dem
    som bedöms ha arbetsförmåga"."""
    outcomes = [vocab.OUTCOMES[o].lower() for o in vocab.OUTCOMES if o in m.outcomes]
    what = " eller ".join(outcomes)
    base = ", av dem som bedöms ha arbetsförmåga" if m.base == "ended_able" else ""
    months = f" med anställning minst {m.min_months} månader" if m.min_months else ""
    if m.kind == "share":
        return f"Andel avslutade till {what}{months}{base}"
    if m.kind == "count":
        return f"Antal avslutade till {what}{months}{base}"
    if m.kind == "participants":
        return "Antal deltagare under perioden"
    if m.kind == "completeness":
        return "Fullständigt registrerade ÷ planerade deltagare"
    if m.kind == "progression":
        return "Andel avslutade som gått upp minst ett steg"
    if m.kind == "milestone":
        return "Delmål med datum"
    return "Enkätsvar vid eller över tröskeln"


@dataclass(frozen=True)
class FollowUpReport:
    """What the tertial and annual reports show of the follow-up: participants by gender per
    intervention, per home kommun and in total, and every goal's result (by owner and key)."""

    period: Period
    per_intervention: tuple[ParticipantsRow, ...]
    per_municipality: tuple[ParticipantsRow, ...]
    total: ParticipantsRow
    goals: dict[tuple[str | None, str], GoalRow]
    threshold: int = DEFAULT_CONFIG.suppression_threshold

    @property
    def has_participants(self) -> bool:
        return bool(self.per_intervention)

    def goal(self, owner: str | None, goal: p.Goal) -> GoalRow | None:
        return self.goals.get((owner, goal_key(goal.text)))


def follow_up_report(plan: p.Plan, data: FollowUpData, period: Period, *, year: int,
                     measures: Mapping[tuple[str | None, str], Measure] | None = None, today: date | None = None,
                     threshold: int = DEFAULT_CONFIG.suppression_threshold) -> FollowUpReport:
    """The follow-up of a report. Reports leave Samordna, so small counts are always hidden."""
    hidden = lambda ids: False  # noqa: E731 - a predicate, named for the keyword below
    per_iv, per_kommun, total = participants_rows(plan, data, period, unsuppressed=hidden, threshold=threshold)
    rows = goal_rows(plan, data, period, year=year, measures=measures, today=today, unsuppressed=hidden,
                     threshold=threshold)
    return FollowUpReport(period, tuple(per_iv), tuple(per_kommun), total,
                          {(r.owner, goal_key(r.goal.text)): r for r in rows if r.result is not None}, threshold)
