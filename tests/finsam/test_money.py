"""Money: parsing, rounding and formatting of Decimal kronor (samordna.finsam.money)."""

from decimal import Decimal

import pytest

from samordna.finsam.money import (
    NotAnAmount,
    amount_str,
    floor_kronor,
    format_number,
    format_percent,
    format_sek,
    halves,
    parse_amount,
    round_kronor,
    round_places,
)

NBSP = "\u00a0"
MINUS = "\u2212"


# ---------------------------------------------------------------- parse_amount


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (0, Decimal("0")),
        (135231, Decimal("135231")),
        (-546500, Decimal("-546500")),
        (Decimal("3817500.50"), Decimal("3817500.50")),
        (Decimal("-0.5"), Decimal("-0.5")),
        ("135231", Decimal("135231")),
        ("135 231", Decimal("135231")),
        ("1 308 500", Decimal("1308500")),
        ("1 308 500,50", Decimal("1308500.50")),
        ("1 308 500.50", Decimal("1308500.50")),
        ("3817500.50", Decimal("3817500.50")),
        ("12,5", Decimal("12.5")),
        ("-546500", Decimal("-546500")),
        ("-546 500", Decimal("-546500")),
        (f"{MINUS}546 500", Decimal("-546500")),
        ("  135 231  ", Decimal("135231")),
        ("999", Decimal("999")),
        ("1 000", Decimal("1000")),
    ],
)
def test_parse_amount_accepts_numbers_and_grouped_strings(raw, expected):
    value = parse_amount(raw)
    assert value == expected
    assert isinstance(value, Decimal)


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009"])
def test_parse_amount_treats_no_break_and_thin_spaces_as_spaces(space):
    assert parse_amount(f"1{space}308{space}500") == Decimal("1308500")
    assert parse_amount(f"135{space}231,50") == Decimal("135231.50")


def test_parse_amount_keeps_the_decimal_exactly():
    assert str(parse_amount("1 308 500,50")) == "1308500.50"
    assert str(parse_amount(Decimal("0.10"))) == "0.10"


@pytest.mark.parametrize(
    "raw",
    [
        "12 000 kr",
        "12000 kr",
        "12.000.000",
        "12,000,000",
        "1 30 500",
        "1308 500",
        "12 0000",
        "",
        "   ",
        "abc",
        "12a",
        "1e3",
        "+5",
        "--5",
        "NaN",
        "nan",
        "inf",
        "Infinity",
        ".5",
        "5.",
    ],
)
def test_parse_amount_refuses_text_that_is_not_an_amount(raw):
    with pytest.raises(NotAnAmount):
        parse_amount(raw)


@pytest.mark.parametrize("raw", [1.5, 0.0, 1308500.0, float("nan"), float("inf")])
def test_parse_amount_refuses_floats(raw):
    with pytest.raises(NotAnAmount):
        parse_amount(raw)


@pytest.mark.parametrize("raw", [True, False])
def test_parse_amount_refuses_bools(raw):
    with pytest.raises(NotAnAmount):
        parse_amount(raw)


@pytest.mark.parametrize("raw", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_parse_amount_refuses_non_finite_decimals(raw):
    with pytest.raises(NotAnAmount):
        parse_amount(raw)


@pytest.mark.parametrize("raw", [None, [1], {"a": 1}, b"135231"])
def test_parse_amount_refuses_other_types(raw):
    with pytest.raises(NotAnAmount):
        parse_amount(raw)


def test_not_an_amount_is_a_value_error():
    with pytest.raises(ValueError):
        parse_amount("12 000 kr")


# ---------------------------------------------------------------- format_sek


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1308500"), f"1{NBSP}308{NBSP}500{NBSP}kr"),
        (Decimal("135231"), f"135{NBSP}231{NBSP}kr"),
        (Decimal("-546500"), f"{MINUS}546{NBSP}500{NBSP}kr"),
        (Decimal("0"), f"0{NBSP}kr"),
        (Decimal("999"), f"999{NBSP}kr"),
        (Decimal("1000"), f"1{NBSP}000{NBSP}kr"),
        (Decimal("5234000"), f"5{NBSP}234{NBSP}000{NBSP}kr"),
        (Decimal("1308500.50"), f"1{NBSP}308{NBSP}500,50{NBSP}kr"),
        (Decimal("1308500.5"), f"1{NBSP}308{NBSP}500,50{NBSP}kr"),
        (Decimal("-0.5"), f"{MINUS}0,50{NBSP}kr"),
        (Decimal("1308500.00"), f"1{NBSP}308{NBSP}500{NBSP}kr"),
        (Decimal("123456789012"), f"123{NBSP}456{NBSP}789{NBSP}012{NBSP}kr"),
        (1308500, f"1{NBSP}308{NBSP}500{NBSP}kr"),
    ],
)
def test_format_sek_groups_with_no_break_spaces(value, expected):
    assert format_sek(value) == expected


def test_format_sek_uses_a_real_minus_sign_not_a_hyphen():
    text = format_sek(Decimal("-546500"))
    assert text.startswith("\u2212")
    assert "-" not in text


def test_format_sek_rounds_ore_half_up():
    assert format_sek(Decimal("0.005")) == f"0,01{NBSP}kr"
    assert format_sek(Decimal("12.344")) == f"12,34{NBSP}kr"


def test_format_sek_other_unit_or_none():
    assert format_sek(Decimal("1308"), unit="tkr") == f"1{NBSP}308{NBSP}tkr"
    assert format_sek(Decimal("1308500"), unit="") == f"1{NBSP}308{NBSP}500"


def test_format_sek_shows_a_dash_for_none():
    assert format_sek(None) == "–"


@pytest.mark.parametrize("value", [1308500.0, 0.5, -1.0])
def test_format_sek_refuses_float(value):
    with pytest.raises(TypeError):
        format_sek(value)


# ---------------------------------------------------------------- amount_str, rounding, percent


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("135231"), "135231"),
        (Decimal("135231.00"), "135231"),
        (Decimal("3817500.50"), "3817500.50"),
        (Decimal("3817500.5"), "3817500.50"),
        (Decimal("-546500"), "-546500"),
        (Decimal("0"), "0"),
        (Decimal("1E+3"), "1000"),
        (Decimal("0.125"), "0.13"),
    ],
)
def test_amount_str_writes_kronor_as_json_strings(value, expected):
    assert amount_str(value) == expected


def test_amount_str_keeps_none():
    assert amount_str(None) is None


def test_round_kronor_rounds_half_up():
    assert round_kronor(Decimal("135230.5")) == Decimal("135231")
    assert round_kronor(Decimal("135230.49")) == Decimal("135230")
    assert round_kronor(Decimal("-0.5")) == Decimal("-1")


def test_floor_kronor_rounds_towards_zero():
    assert floor_kronor(Decimal("6695742.77")) == Decimal("6695742")
    assert floor_kronor(Decimal("6695742.9999")) == Decimal("6695742")
    assert floor_kronor(Decimal("-1.7")) == Decimal("-1")


def test_format_percent_is_swedish():
    assert format_percent(Decimal("0.145")) == f"14,5{NBSP}%"
    assert format_percent(Decimal("1310000") / Decimal("5780500")) == f"22,7{NBSP}%"
    assert format_percent(Decimal("-0.097"), 1) == f"{MINUS}9,7{NBSP}%"
    assert format_percent(Decimal("0.2"), 0) == f"20{NBSP}%"
    assert format_percent(None) == "–"


@pytest.mark.parametrize(("amount", "first", "second"), [
    (Decimal(4517), Decimal(2259), Decimal(2258)),
    (Decimal(5000), Decimal(2500), Decimal(2500)),
    (Decimal("0"), Decimal(0), Decimal(0)),
])
def test_halves_give_the_odd_krona_to_the_first_and_sum_exactly(amount, first, second):
    assert halves(amount) == (first, second)
    assert sum(halves(amount)) == amount


def test_format_number_keeps_the_decimals_it_has():
    assert format_number(Decimal("40")) == "40"
    assert format_number(Decimal("2.50")) == "2,5"
    assert format_number(Decimal("12000.25")) == "12\u00a0000,25"
    assert format_number(Decimal("-1.5")) == "\u22121,5"


def test_round_places_half_up():
    assert round_places(Decimal("0.1545"), 3) == Decimal("0.155")
    assert round_places(Decimal("0.4964"), 2) == Decimal("0.50")
