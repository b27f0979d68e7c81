"""Personnummer and samordningsnummer, overlapping enrolments and when identities are purged."""

from datetime import date

import pytest

from samordna.finsam import identity as idn

TODAY = date(2026, 12, 7)


def parse(text, today=TODAY):
    return idn.parse_personal_number(text, today=today)


@pytest.mark.parametrize(("nine", "digit"), [("811228987", 4), ("900101123", 9), ("701063238", 3),
                                              ("121212121", 2), ("000229123", 5)])
def test_luhn_digit_of_known_numbers(nine, digit):
    assert idn.luhn_digit(nine) == digit


@pytest.mark.parametrize("text", ["811228-9874", "8112289874", "198112289874", "19811228-9874",
                                  " 811228 - 9874 ", "19811228 9874"])
def test_a_personnummer_is_accepted_in_every_written_form(text):
    assert parse(text) == idn.PersonalNumber("198112289874", date(1981, 12, 28), False)


def test_a_coordination_number_has_the_day_plus_60():
    number = parse("701063-2383")
    assert number == idn.PersonalNumber("197010632383", date(1970, 10, 3), True)
    assert number.formatted() == "19701063-2383"


def test_ten_digits_take_the_latest_century_not_after_today():
    assert parse("261207-1239").digits == "202612071239"  # today: born today
    assert parse("261208-1238").digits == "192612081238"  # tomorrow would be the future: 1926
    assert parse("000229-1235").birth_date == date(2000, 2, 29)


def test_a_plus_means_a_hundred_years_more():
    assert parse("121212+1212").digits == "191212121212"
    assert parse("121212-1212").digits == "201212121212"


def test_twelve_digits_keep_their_century():
    assert parse("191212121212").birth_date == date(1912, 12, 12)


@pytest.mark.parametrize(("text", "reason"), [
    ("", "Skriv personnumret eller samordningsnumret med 10 eller 12 siffror"),
    ("81122898", "Skriv personnumret"),
    ("811228-98745", "Skriv personnumret"),
    ("8112289874x", "Skriv personnumret"),
    ("811228/9874", "Skriv personnumret"),
    ("811228-9875", "Kontrollsiffran stämmer inte"),
    ("811328-9874", "Numret innehåller inget giltigt datum."),
    ("811200-9874", "Numret innehåller inget giltigt datum."),
    ("810230-1234", "Numret innehåller inget giltigt datum."),
    ("701092-2383", "Numret innehåller inget giltigt datum (samordningsnummer har dagen plus 60)."),
    ("000229+1235", "Numret innehåller inget giltigt datum."),  # 1900 was no leap year
    ("203001011238", "Födelsedatumet i numret är inte rimligt."),  # the future
    ("185001011238", "Födelsedatumet i numret är inte rimligt."),  # older than 130 years
])
def test_a_wrong_number_is_refused_with_the_reason(text, reason):
    with pytest.raises(idn.InvalidPersonalNumber) as exc:
        parse(text)
    assert str(exc.value).startswith(reason)


def test_the_check_digit_is_checked_on_every_position():
    """Changing any one digit of a valid number breaks the check digit (Luhn catches every
    single-digit error)."""
    valid = "8112289874"
    for i in range(10):
        for d in "0123456789":
            if d == valid[i]:
                continue
            text = valid[:i] + d + valid[i + 1:]
            with pytest.raises(idn.InvalidPersonalNumber):
                parse(text)


def test_a_name_is_trimmed_and_bounded():
    assert idn.clean_name("  Anna   Ek ") == "Anna Ek"
    with pytest.raises(ValueError, match="Skriv deltagarens namn."):
        idn.clean_name("   ")
    assert idn.clean_name("a" * 200) == "a" * 200
    with pytest.raises(ValueError, match="högst 200 tecken"):
        idn.clean_name("a" * 201)


@pytest.mark.parametrize(("a", "b", "overlap"), [
    ((date(2022, 1, 1), date(2022, 3, 1)), (date(2022, 3, 1), None), True),
    ((date(2022, 1, 1), date(2022, 3, 1)), (date(2022, 4, 1), None), False),
    ((date(2022, 5, 1), None), (date(2022, 1, 1), date(2022, 4, 1)), False),
    ((date(2022, 5, 1), None), (date(2023, 1, 1), None), True),
    ((date(2022, 1, 1), date(2022, 12, 1)), (date(2022, 6, 1), date(2022, 7, 1)), True),
])
def test_months_overlap(a, b, overlap):
    assert idn.months_overlap(*a, *b) is overlap
    assert idn.months_overlap(*b, *a) is overlap


def test_add_months_crosses_years():
    assert idn.add_months(date(2022, 11, 1), 3) == date(2023, 2, 1)
    assert idn.add_months(date(2022, 1, 1), 24) == date(2024, 1, 1)


def test_purge_is_due_the_given_months_after_the_last_end():
    ends = [date(2022, 3, 1), date(2024, 1, 1)]  # ended in March 2022 and in January 2024
    assert idn.purge_due(ends, today=date(2026, 1, 31), months=24) is False
    assert idn.purge_due(ends, today=date(2026, 2, 1), months=24) is True
    assert idn.purge_due([date(2024, 1, 1), None], today=date(2030, 1, 1), months=24) is False  # still ongoing
    assert idn.purge_due([], today=date(2030, 1, 1), months=24) is False
    assert idn.purge_due([date(2026, 11, 1)], today=date(2026, 12, 1), months=0) is True
