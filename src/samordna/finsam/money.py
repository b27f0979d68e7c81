"""Money: Decimal kronor, parsing, rounding and formatting in one place."""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

ZERO = Decimal(0)
ONE_KRONA = Decimal(1)
ORE = Decimal("0.01")

# "135 231", "-1 308 500", "12,5", "3817500.00"; thin and no-break spaces count as spaces.
_GROUPED = re.compile(r"^[-−]?\d{1,3}( \d{3})+([.,]\d+)?$")
_PLAIN = re.compile(r"^[-−]?\d+([.,]\d+)?$")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})


class NotAnAmount(ValueError):
    """Raised for a value that is not a plain decimal amount."""


def parse_amount(value: object) -> Decimal:
    """Read an amount as a plan file writes it: a number or a string such as "135 231".

    Floats are refused: YAML floats reach us as Decimal through our own loader.
    """
    if isinstance(value, bool):
        raise NotAnAmount(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NotAnAmount(value)
        return value
    if isinstance(value, str):
        text = value.translate(_SPACES).strip()
        if not (_GROUPED.match(text) or _PLAIN.match(text)):
            raise NotAnAmount(value)
        text = text.replace(" ", "").replace(",", ".").replace("−", "-")
        try:
            return Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - regex already guards
            raise NotAnAmount(value) from exc
    raise NotAnAmount(value)


def as_decimal(value: Fraction | Decimal) -> Decimal:
    """An exact fraction (shares, scenario caps) as Decimal at the context's precision."""
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return value


def round_kronor(value: Decimal) -> Decimal:
    """Round to whole kronor, half up (displayed per-participant figures, tertial forecasts)."""
    return value.quantize(ONE_KRONA, rounding=ROUND_HALF_UP)


def floor_kronor(value: Decimal) -> Decimal:
    """Round towards zero to whole kronor (scenario maxima must never exceed an offer)."""
    return value.quantize(ONE_KRONA, rounding=ROUND_DOWN)


def round_places(value: Decimal, places: int) -> Decimal:
    """Round half up to `places` decimals (a share compared with one printed to that many)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def halves(value: Decimal) -> tuple[Decimal, Decimal]:
    """An amount in two whole-krona halves, the odd krona to the first (F5: FK 25 % + AF 25 %)."""
    second = (value / 2).quantize(ONE_KRONA, rounding=ROUND_DOWN)
    return value - second, second


def amount_str(value: Decimal | None) -> str | None:
    """Kronor as the JSON outputs write them: "135231", or "3817500.50" with öre."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return str(int(value))
    return str(value.quantize(ORE, rounding=ROUND_HALF_UP))


def format_sek(value: Decimal | None, *, unit: str = "kr") -> str:
    """Swedish display: 1 308 500 kr, −546 500 kr (no-break spaces as thousands separators)."""
    if value is None:
        return "–"
    if isinstance(value, float):
        raise TypeError("Belopp får inte vara float")
    value = Decimal(value)
    negative = value < 0
    value = abs(value)
    if value == value.to_integral_value():
        whole, frac = str(int(value)), ""
    else:
        q = str(value.quantize(ORE, rounding=ROUND_HALF_UP))
        whole, frac = q.split(".")
        frac = "," + frac
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = "\u00a0".join(groups) + frac
    if negative:
        text = "\u2212" + text
    return f"{text}\u00a0{unit}" if unit else text


def format_number(value: Decimal) -> str:
    """A plain number the Swedish way, with the decimals it has: 40 → "40", 2.5 → "2,5",
    12000 → "12 000" (a goal target without an indicator)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return format_sek(value, unit="")
    negative = value < 0
    whole, frac = str(abs(value).normalize()).split(".")
    text = format_sek(Decimal(whole), unit="") + "," + frac
    return "\u2212" + text if negative else text


def format_percent(value: Decimal | None, decimals: int = 1) -> str:
    """A share 0–1 as Swedish percent: 0.145 → "14,5 %"."""
    if value is None:
        return "–"
    q = Decimal(1).scaleb(-decimals)
    pct = (Decimal(value) * 100).quantize(q, rounding=ROUND_HALF_UP)
    return f"{pct}".replace(".", ",").replace("-", "\u2212") + "\u00a0%"


def indexed(value: Decimal, index: Decimal | None) -> Decimal:
    """`value` raised by `index` (0.02 = +2 %), rounded half up to whole kronor.

    Used when a plan is rolled forward to a new year; no index leaves the amount as it is.
    """
    if not index:
        return value
    return round_kronor(value * (1 + index))
