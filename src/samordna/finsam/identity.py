"""Identified follow-up's rules (FINSAM.md §7): a Swedish personal identity number
(personnummer) or coordination number (samordningsnummer), when two enrolments of one
person overlap, and when an identity is due to be purged.

A number is written with 10 digits (YYMMDD-NNNC; `+` instead of `-` for a person aged 100 or
more) or 12 digits (YYYYMMDDNNNC), with or without the separator. A coordination number is
a personnummer whose day is increased by 60. The last digit is the Luhn check digit of the
other nine (YYMMDDNNN). Everything is normalised to 12 digits, which is what the keyed hash
is computed from, so one person is one key however the number was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

COORDINATION_DAY_OFFSET = 60
OLDEST_YEARS = 130  # a birth date further back than this is a typing error
MAX_NAME = 200

_PATTERN = re.compile(r"(\d{6}|\d{8})([-+]?)(\d{4})")


class InvalidPersonalNumber(ValueError):
    """The number cannot be a personnummer or samordningsnummer; `str(exc)` says why, in Swedish."""


@dataclass(frozen=True)
class PersonalNumber:
    """A valid number: `digits` are the 12 normalised digits (a coordination number keeps
    its day + 60), `birth_date` the real date."""

    digits: str
    birth_date: date
    coordination: bool

    def formatted(self) -> str:
        """YYYYMMDD-NNNC, as a person reads it."""
        return f"{self.digits[:8]}-{self.digits[8:]}"


def luhn_digit(nine: str) -> int:
    """The check digit of the nine digits YYMMDDNNN (weights 2, 1, 2, 1 …)."""
    total = 0
    for i, ch in enumerate(nine):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_personal_number(text: str, *, today: date) -> PersonalNumber:
    """The number in `text` (spaces ignored), or `InvalidPersonalNumber` with the reason."""
    compact = re.sub(r"\s", "", text or "")
    match = _PATTERN.fullmatch(compact)
    if match is None:
        raise InvalidPersonalNumber("Skriv personnumret eller samordningsnumret med 10 eller 12 siffror, "
                                    "som ÅÅMMDD-NNNN eller ÅÅÅÅMMDDNNNN.")
    head, separator, tail = match.groups()
    month, day = int(head[-4:-2]), int(head[-2:])
    coordination = day > COORDINATION_DAY_OFFSET
    real_day = day - COORDINATION_DAY_OFFSET if coordination else day
    if len(head) == 8:
        year = int(head[:4])
        born = _date(year, month, real_day)
    else:
        yy = int(head[:2])
        # The latest century that puts the birth date not after today; `+` means 100 years earlier.
        year = (today.year // 100) * 100 + yy
        born = _date(year, month, real_day)
        if born is not None and born > today:
            year -= 100
            born = _date(year, month, real_day)
        elif born is None and year > today.year:
            year -= 100
            born = _date(year, month, real_day)
        if separator == "+" and born is not None:
            year -= 100
            born = _date(year, month, real_day)
    if born is None:
        raise InvalidPersonalNumber("Numret innehåller inget giltigt datum"
                                    + (" (samordningsnummer har dagen plus 60)." if coordination else "."))
    if born > today or born.year < today.year - OLDEST_YEARS:
        raise InvalidPersonalNumber("Födelsedatumet i numret är inte rimligt.")
    ten = head[-6:] + tail
    if luhn_digit(ten[:9]) != int(ten[9]):
        raise InvalidPersonalNumber("Kontrollsiffran stämmer inte: kontrollera numret.")
    return PersonalNumber(f"{year:04d}{head[-4:]}{tail}", born, coordination)


def clean_name(text: str) -> str:
    """A participant's name, trimmed; refused when empty or longer than the database stores."""
    name = " ".join((text or "").split())
    if not name:
        raise ValueError("Skriv deltagarens namn.")
    if len(name) > MAX_NAME:
        raise ValueError(f"Namnet får vara högst {MAX_NAME} tecken.")
    return name


def months_overlap(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    """Whether two enrolments (start and end months; no end: ongoing) share a month."""
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def add_months(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def purge_due(end_months: list[date | None], *, today: date, months: int) -> bool:
    """Whether a person's identity is to be purged: every enrolment has ended and `months`
    whole months have passed since the month after the last one ended."""
    if not end_months or any(end is None for end in end_months):
        return False
    return today >= add_months(max(end_months), months + 1)
