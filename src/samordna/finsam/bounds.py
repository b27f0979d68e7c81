"""What the database can store, in one place: every edge bounds its input to these.

The plan-file reader, the web forms (`core.forms`), the importers and, once more, the
services (`core.bounds.row_check`) refuse a number or a text beyond what its column holds,
so no input can store a value that later cannot be read back (a Decimal column given 20
digits on SQLite) or is refused by PostgreSQL (an integer ≥ 2³¹, a NUL character). The
limits are the PostgreSQL column types, whatever the database: a backup taken on SQLite
must restore on PostgreSQL.

Each `*_problem` function returns a Swedish description of what is wrong (to follow the
value's name or path: `"members[0].name: " + problem`), or None when the value fits.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal

# ---------------------------------------------------------------- numbers

MAX_INTEGER = 2**31 - 1  # an integer column on PostgreSQL
MAX_AMOUNT = Decimal(10) ** 13  # money columns: 16 digits, 2 of them öre (exclusive)
AMOUNT_PLACES = 2
SHARE_PLACES = 4  # shares and percentages stored as fractions (decimal(·, 4))
MAX_NUMBER = Decimal(10) ** 15  # other numbers: weights of a split key, goal thresholds
NUMBER_PLACES = 6

MAX_COUNT = 1_000_000  # people: participants, places, a goal's number of participants
MAX_POPULATION = 100_000_000  # inhabitants of a kommun or region (Sweden: 10.5 million)
MAX_WEEKS = 520  # the length of an intervention
MAX_SEATS = 1_000  # seats on the board
MAX_REVISION = MAX_INTEGER

# ---------------------------------------------------------------- dates

MIN_YEAR, MAX_YEAR = 1990, 2200
MIN_DATE, MAX_DATE = date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 31)

# ---------------------------------------------------------------- texts

NAME = 200  # names, titles, labels (CharField max_length=200)
LONG_NAME = 300  # an intervention's name and provider
REFERENCE = 100  # diarienummer, decision references
SLUG = 80  # ids of members, interventions, lines
TEXT = 50_000  # free texts: descriptions, notes, sections (Markdown)
AMOUNT_TEXT = 40  # an amount as a person types it ("1 308 500,00")

# Plan-file paths (list indices and years left out) whose text is stored in a short column.
# Every other text of a plan file is a free text bounded by TEXT.
PLAN_TEXTS: dict[str, int] = {
    "association.name": NAME, "association.org_number": 11, "association.county": 100,
    "association.website": NAME,
    "members.name": NAME,
    "plan.adopted_by": NAME, "plan.reference": REFERENCE, "plan.budget_title": NAME,
    "plan.sections.title": NAME, "plan.target_groups.name": NAME,
    "financing.label": NAME,
    "budget.label": NAME, "budget.revenue.label": NAME, "budget.costs.label": NAME,
    "interventions.name": LONG_NAME, "interventions.provider": LONG_NAME,
    "interventions.decision.reference": REFERENCE,
    "interventions.external_funding.reference": NAME,
    "calendar.title": NAME, "calendar.place": NAME,
}
_INDEX = re.compile(r"\[\d+\]|\.\d{4}(?=\.|$)")


def text_limit(path: str) -> int:
    """The length a plan file's text at `path` may have (`interventions[3].name` → 300)."""
    return PLAN_TEXTS.get(_INDEX.sub("", path), TEXT)


# Characters no stored text may hold: control characters other than tab and line breaks
# (PostgreSQL refuses NUL; Word and Excel files cannot hold the others), lone surrogates
# (not UTF-8) and the two non-characters XML forbids.
_ALLOWED_CONTROLS = frozenset("\t\n\r")
_FORBIDDEN = frozenset({"\ufffe", "\uffff"})


def bad_character(text: str) -> str | None:
    """The first character of `text` that cannot be stored, or None."""
    for ch in text:
        if ch in _ALLOWED_CONTROLS:
            continue
        if ch in _FORBIDDEN or unicodedata.category(ch) in ("Cc", "Cs"):
            return ch
    return None


def _describe(ch: str) -> str:
    if ch == "\x00":
        return "ett nolltecken (NUL)"
    return f"ett otillåtet tecken (U+{ord(ch):04X})"


def text_problem(text: str, limit: int = TEXT) -> str | None:
    """Longer than `limit` characters, or holding a character that cannot be stored."""
    if len(text) > limit:
        return f"är {len(text)} tecken lång; högst {limit} tecken får plats"
    ch = bad_character(text)
    if ch is not None:
        return f"innehåller {_describe(ch)}"
    return None


def integer_problem(value: int, *, minimum: int = 0, maximum: int = MAX_INTEGER) -> str | None:
    if value < minimum:
        return f"{value} får inte vara mindre än {minimum}"
    if value > maximum:
        return f"är orimligt stort (högst {maximum:,})".replace(",", " ")
    return None


def _places(value: Decimal) -> int:
    """Decimals that matter: 12.50 has one, 1E+3 none, 1E-999999999 a billion."""
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(-exponent - trailing, 0)


def number_problem(value: Decimal, *, maximum: Decimal = MAX_NUMBER, places: int = NUMBER_PLACES,
                   unit: str = "") -> str | None:
    """A Decimal that is not finite, not below `maximum` in size, or has more than `places`
    decimals. Works on any Decimal without arithmetic (no `decimal.Overflow` for 1e999999999)."""
    if not value.is_finite():
        return "är inget tal"
    if value.copy_abs() >= maximum:  # copy_abs and comparison use no context: never overflow
        return f"är orimligt stort (högst {int(maximum) - 1:,}{unit})".replace(",", " ")
    if _places(value) > places:
        return "har fler decimaler än öre" if unit == " kr" else f"har fler decimaler än {places}"
    return None


def amount_problem(value: Decimal) -> str | None:
    """Kronor: finite, below 10¹³ kr in size, at most öre."""
    return number_problem(value, maximum=MAX_AMOUNT, places=AMOUNT_PLACES, unit=" kr")


def share_problem(value: Decimal) -> str | None:
    """A share 0–1 with at most four decimals (0.2583)."""
    if not value.is_finite() or not (0 <= value <= 1):
        return "ska vara en andel mellan 0 och 1 (t.ex. 0.85)"
    return number_problem(value, maximum=Decimal(2), places=SHARE_PLACES)


def year_problem(year: int) -> str | None:
    if not (MIN_YEAR <= year <= MAX_YEAR):
        return f"{year} är inte ett rimligt år"
    return None


def date_problem(value: date) -> str | None:
    if not (MIN_DATE <= value <= MAX_DATE):
        return f"{value.isoformat()} ligger utanför åren {MIN_YEAR}–{MAX_YEAR}"
    return None
