"""Follow-up files (shared/formats/follow-up-records.md): rows of text → records or counts.

Pure Python: the caller decodes the file (CSV or the first sheet of an .xlsx) into a header
and rows of strings; this module checks every cell and gives either parsed rows or every
error by row and column, in Swedish. Row numbers are the file's own (the header is row 1).

Two kinds of file share the rules: **records** (one row per enrolment, the format's
columns) and **counts** (Samordna's extension for count-mode interventions: one row per
intervention and month or tertial). A file with a `code` column holds records, one with a
`period` column counts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from . import followup as fu
from . import vocabulary as vocab

RECORD_COLUMNS = (
    "intervention", "code", "gender", "age_band", "municipality", "start", "end",
    "occupation_before", "occupation_after", "support_before", "support_after",
    "months_on_support_before", "assessed_work_capacity", "end_reason",
    "progression_start", "progression_end",
    # Samordna's extensions (docs/followup.md): needed for the seeds' goals.
    "education_level", "employment_months",
)
RECORD_REQUIRED = ("intervention", "code", "gender", "start")
COUNT_COLUMNS = ("intervention", "period", "kvinna", "man", "annat", "antal")
COUNT_REQUIRED = ("intervention", "period")

# Column names as a person reads them beside the file's own name.
COLUMN_LABELS = {
    "intervention": "insats", "code": "kod", "gender": "kön", "age_band": "åldersgrupp",
    "municipality": "hemkommun", "start": "startmånad", "end": "slutmånad",
    "occupation_before": "sysselsättning före", "occupation_after": "sysselsättning efter",
    "support_before": "försörjning före", "support_after": "försörjning efter",
    "months_on_support_before": "månader med försörjning före",
    "assessed_work_capacity": "bedömd arbetsförmåga", "end_reason": "avslutsorsak",
    "progression_start": "steg vid start", "progression_end": "steg vid avslut",
    "education_level": "utbildningsnivå", "employment_months": "anställningens längd i månader",
    "period": "period", "kvinna": "kvinnor", "man": "män", "annat": "annat kön", "antal": "antal personer",
}
MAX_CELL = 200


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None
    message: str

    def text(self) -> str:
        where = f"rad {self.row}" + (f", kolumn {self.column}" if self.column else "")
        return f"{where[:1].upper()}{where[1:]}: {self.message}"


@dataclass(frozen=True)
class RecordRow:
    row: int
    record: fu.Record  # `code` empty: Samordna issues it when the row is stored as new


@dataclass(frozen=True)
class CountRow:
    row: int
    entry: fu.CountEntry


@dataclass(frozen=True)
class Parsed:
    kind: str  # "records" | "counts"
    records: tuple[RecordRow, ...] = ()
    counts: tuple[CountRow, ...] = ()
    errors: tuple[RowError, ...] = ()
    skipped_blank: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> int:
        return len(self.records) + len(self.counts)


@dataclass(frozen=True)
class Target:
    """An intervention a file may name: its mode and level."""

    mode: str
    level: str


def _choice(value: str, allowed: Mapping[str, str] | tuple, what: str) -> str:
    if value not in allowed:
        shown = ", ".join(allowed)
        raise ValueError(f"”{value}” är inte {what} ({shown}).")
    return value


def _whole(value: str, low: int, high: int) -> int:
    if not re.fullmatch(r"\d{1,7}", value):
        raise ValueError(f"”{value}” är inte ett heltal.")
    n = int(value)
    if not low <= n <= high:
        raise ValueError(f"{n} ligger utanför {low}–{high}.")
    return n


def parse_table(header: list[str], rows: list[list[str]], *, interventions: Mapping[str, Target],
                kommuner: set[str], config: fu.Config = fu.DEFAULT_CONFIG) -> Parsed:
    """Check a whole file. Every bad cell gives one error; nothing is partly accepted."""
    names = [h.strip().lstrip("\ufeff") for h in header]
    if "code" in names:
        return _records(names, rows, interventions, kommuner, config)
    if "period" in names:
        return _counts(names, rows, interventions, config)
    return Parsed("records", errors=(RowError(1, None, "Filen har varken kolumnen code (deltagarposter) "
                                                  "eller period (antal per period)."),))


def _header_errors(names: list[str], known: tuple[str, ...], required: tuple[str, ...]) -> list[RowError]:
    errors = []
    for name in names:
        if name not in known:
            errors.append(RowError(1, name or "(tom)", "okänd kolumn." if name else "kolumnen saknar namn."))
    seen = set()
    for name in names:
        if name in seen and name:
            errors.append(RowError(1, name, "kolumnen står två gånger."))
        seen.add(name)
    for name in required:
        if name not in names:
            errors.append(RowError(1, name, "kolumnen saknas (den är obligatorisk)."))
    return errors


def _cells(names: list[str], row: list[str]) -> dict[str, str]:
    return {name: (row[i] if i < len(row) else "").strip() for i, name in enumerate(names)}


def _records(names, rows, interventions, kommuner, config) -> Parsed:
    errors = _header_errors(names, RECORD_COLUMNS, RECORD_REQUIRED)
    if errors:
        return Parsed("records", errors=tuple(errors))
    if len(rows) > config.max_rows:
        return Parsed("records", errors=(RowError(1, None, f"Filen har {len(rows)} rader; högst "
                                                           f"{config.max_rows} tas emot åt gången."),))
    out: list[RecordRow] = []
    blank = 0
    seen: dict[tuple[str, str], list[tuple[int, fu.Record]]] = {}
    for index, raw in enumerate(rows):
        number = index + 2
        if len(raw) > len(names) and any(c.strip() for c in raw[len(names):]):
            errors.append(RowError(number, None, "raden har fler värden än rubrikraden har kolumner."))
        cells = _cells(names, raw)
        if not any(cells.values()):
            blank += 1
            continue
        record, row_errors = _record(number, cells, interventions, kommuner, config)
        errors += row_errors
        if record is not None:
            out.append(RecordRow(number, record))
            seen.setdefault((record.intervention, record.provider_code or ""), []).append((number, record))
    for (iv, code), group in seen.items():
        if len(group) < 2:
            continue
        for number, record in group:
            others = [(n, r) for n, r in group if n != number]
            overlapping = [n for n, r in others if record.start <= (r.end or date.max)
                           and r.start <= (record.end or date.max)]
            rows_text = ", ".join(str(n) for n, _ in others)
            what = "med överlappande period" if overlapping else ""
            errors.append(RowError(number, "code", f"samma kod ”{code}” för insatsen {iv} står också på "
                                                   f"rad {rows_text}{' ' + what if what else ''}. "
                                                   "En kod hör till en inskrivning."))
    errors.sort(key=lambda e: (e.row, RECORD_COLUMNS.index(e.column) if e.column in RECORD_COLUMNS else -1))
    return Parsed("records", records=tuple(out), errors=tuple(errors), skipped_blank=blank)


def _record(number: int, cells: dict[str, str], interventions: Mapping[str, Target], kommuner: set[str],
            config: fu.Config) -> tuple[fu.Record | None, list[RowError]]:
    errors: list[RowError] = []
    values: dict[str, object] = {}

    def cell(name: str, parse, *, required: bool = False) -> None:
        text = cells.get(name, "")
        if not text:
            if required:
                errors.append(RowError(number, name, "värde saknas."))
            values[name] = None
            return
        if len(text) > MAX_CELL:
            errors.append(RowError(number, name, f"värdet är längre än {MAX_CELL} tecken."))
            values[name] = None
            return
        try:
            values[name] = parse(text)
        except ValueError as exc:
            errors.append(RowError(number, name, str(exc)))
            values[name] = None

    def intervention(text: str) -> str:
        target = interventions.get(text)
        if target is None:
            raise ValueError(f"”{text}” är inte en insats i förbundets plan.")
        if target.mode not in fu.RECORD_MODES:
            raise ValueError(f"insatsen ”{text}” följs upp med antal per period, inte med deltagarposter.")
        return text

    def code(text: str) -> str:
        problem = fu.provider_code_problem(text)
        if problem:
            raise ValueError(problem[:1].lower() + problem[1:])
        return text

    def end_reason(text: str) -> str:
        text = fu.END_REASON_ALIASES.get(text, text)
        return _choice(text, config.end_reasons, "en avslutsorsak")

    def municipality(text: str) -> str:
        if text not in kommuner:
            raise ValueError(f"”{text}” är inte en medlemskommun i förbundet.")
        return text

    def capacity(text: str) -> bool:
        return _choice(text, vocab.WORK_CAPACITY, "ett giltigt svar") == "ja"

    cell("intervention", intervention, required=True)
    cell("code", code, required=True)
    cell("gender", lambda t: _choice(t, vocab.GENDERS, "en könsuppgift"), required=True)
    cell("age_band", lambda t: _choice(t, vocab.AGE_BANDS, "en åldersgrupp"))
    cell("municipality", municipality)
    cell("start", fu.parse_month, required=True)
    cell("end", fu.parse_month)
    cell("occupation_before", lambda t: _choice(t, vocab.OCCUPATIONS, "en sysselsättning"))
    cell("occupation_after", lambda t: _choice(t, vocab.OCCUPATIONS, "en sysselsättning"))
    cell("support_before", lambda t: fu.parse_support(t, config))
    cell("support_after", lambda t: fu.parse_support(t, config))
    cell("months_on_support_before", lambda t: _whole(t, 0, fu.MAX_MONTHS_ON_SUPPORT))
    cell("assessed_work_capacity", capacity)
    cell("end_reason", end_reason)
    cell("progression_start", lambda t: _whole(t, 1, config.progression_steps))
    cell("progression_end", lambda t: _whole(t, 1, config.progression_steps))
    cell("education_level", lambda t: _choice(t, config.education_levels, "en utbildningsnivå"))
    cell("employment_months", lambda t: _whole(t, 0, fu.MAX_EMPLOYMENT_MONTHS))
    start, end = values.get("start"), values.get("end")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        errors.append(RowError(number, "end", "slutmånaden ligger före startmånaden."))
    if end is None and not cells.get("end"):
        for name in ("end_reason", "occupation_after", "support_after"):
            if values.get(name) is not None:
                errors.append(RowError(number, name, "anges först när inskrivningen har en slutmånad (end)."))
    if errors or values["intervention"] is None:
        return None, errors
    record = fu.Record(
        intervention=values["intervention"], code="", provider_code=values["code"], gender=values["gender"],
        start=start, end=end, age_band=values["age_band"], municipality=values["municipality"],
        occupation_before=values["occupation_before"], occupation_after=values["occupation_after"],
        support_before=values["support_before"], support_after=values["support_after"],
        months_on_support_before=values["months_on_support_before"],
        assessed_work_capacity=values["assessed_work_capacity"], end_reason=values["end_reason"],
        education_level=values["education_level"], progression_start=values["progression_start"],
        progression_end=values["progression_end"], employment_months=values["employment_months"],
        voided=fu.is_voiding(values["end_reason"], config))
    return record, errors


_PERIOD = re.compile(r"^(\d{4})-(?:T([1-3])|(\d{2}))$")


def parse_period(text: str) -> tuple[int, str, int]:
    """`2022-03` → (2022, "month", 3); `2022-T2` → (2022, "tertial", 2)."""
    m = _PERIOD.match(text.strip())
    if not m:
        raise ValueError(f"”{text}” är inte en period (ÅÅÅÅ-MM eller ÅÅÅÅ-T1/T2/T3).")
    year = int(m.group(1))
    if not fu.FIRST_YEAR <= year <= fu.LAST_YEAR:
        raise ValueError(f"”{text}”: året ska vara {fu.FIRST_YEAR}–{fu.LAST_YEAR}.")
    if m.group(2):
        return year, "tertial", int(m.group(2))
    month = int(m.group(3))
    if not 1 <= month <= 12:
        raise ValueError(f"”{text}”: månaden ska vara 01–12.")
    return year, "month", month


def period_str(entry: fu.CountEntry) -> str:
    return f"{entry.year}-T{entry.period}" if entry.kind == "tertial" else f"{entry.year}-{entry.period:02d}"


def _counts(names, rows, interventions, config) -> Parsed:
    errors = _header_errors(names, COUNT_COLUMNS, COUNT_REQUIRED)
    if errors:
        return Parsed("counts", errors=tuple(errors))
    if len(rows) > config.max_rows:
        return Parsed("counts", errors=(RowError(1, None, f"Filen har {len(rows)} rader; högst "
                                                          f"{config.max_rows} tas emot åt gången."),))
    out: list[CountRow] = []
    by_iv: dict[str, list[CountRow]] = {}
    blank = 0
    for index, raw in enumerate(rows):
        number = index + 2
        cells = _cells(names, raw)
        if not any(cells.values()):
            blank += 1
            continue
        row_errors: list[RowError] = []
        iv = cells.get("intervention", "")
        target = interventions.get(iv)
        if not iv:
            row_errors.append(RowError(number, "intervention", "värde saknas."))
        elif target is None:
            row_errors.append(RowError(number, "intervention", f"”{iv}” är inte en insats i förbundets plan."))
        elif target.mode != "count":
            row_errors.append(RowError(number, "intervention",
                                       f"insatsen ”{iv}” följs upp med deltagarposter, inte med antal."))
        period = None
        try:
            period = parse_period(cells.get("period", "")) if cells.get("period") else None
            if period is None:
                row_errors.append(RowError(number, "period", "värde saknas."))
        except ValueError as exc:
            row_errors.append(RowError(number, "period", str(exc)))
        numbers = {}
        for name in ("kvinna", "man", "annat", "antal"):
            text = cells.get(name, "")
            try:
                numbers[name] = _whole(text, 0, fu.MAX_COUNT) if text else None
            except ValueError as exc:
                row_errors.append(RowError(number, name, str(exc)))
        if target is not None and period is not None and not row_errors:
            entry = fu.CountEntry(iv, period[0], period[1], period[2], numbers["kvinna"] or 0,
                                  numbers["man"] or 0, numbers["annat"] or 0, numbers["antal"])
            earlier = by_iv.get(iv, [])
            same = [c.row for c in earlier if (c.entry.year, c.entry.kind, c.entry.period)
                    == (entry.year, entry.kind, entry.period)]
            if same:
                row_errors.append(RowError(number, "period", f"samma insats och period står också på rad {same[0]}."))
            else:
                for problem in fu.count_problems(entry, level=target.level, others=[c.entry for c in earlier]):
                    row_errors.append(RowError(number, None, problem))
            if not row_errors:
                out.append(CountRow(number, entry))
                by_iv.setdefault(iv, []).append(out[-1])
        errors += row_errors
    return Parsed("counts", counts=tuple(out), errors=tuple(errors), skipped_blank=blank)


def records_table(records: list[fu.Record], *, with_code: bool = False) -> tuple[list[str], list[list[str]]]:
    """Records as a file's header and rows (what an export or the demo writes)."""
    header = list(RECORD_COLUMNS)

    def yes_no(v):
        return "" if v is None else ("ja" if v else "nej")

    def num(v):
        return "" if v is None else str(v)

    rows = []
    for r in records:
        rows.append([r.intervention, r.provider_code or (r.code if with_code else ""), r.gender,
                     r.age_band or "", r.municipality or "", fu.month_str(r.start), fu.month_str(r.end),
                     r.occupation_before or "", r.occupation_after or "", fu.support_str(r.support_before),
                     fu.support_str(r.support_after), num(r.months_on_support_before),
                     yes_no(r.assessed_work_capacity), r.end_reason or "", num(r.progression_start),
                     num(r.progression_end), r.education_level or "", num(r.employment_months)])
    return header, rows
