"""The plan-file loader refuses, by path and in Swedish, every value the database cannot
store or that does not exist: impossible dates, years outside 1990–2200, numbers beyond their
column, Decimal overflow, texts longer than their column or holding control characters —
and never raises anything but PlanFileError."""

from __future__ import annotations

from decimal import Decimal

import pytest

from samordna.finsam import bounds as b
from samordna.finsam.planfile import PlanFileError, dump_plan, read_plan

TEMPLATE = """\
format: samordna/1
association: {{id: test, name: {name}}}
members:
- {{id: fk, name: Försäkringskassan, kind: forsakringskassan}}
- {{id: af, name: Arbetsförmedlingen, kind: arbetsformedlingen}}
- {{id: region, name: Regionen, kind: region}}
- id: a
  name: A kommun
  kind: kommun
  population: [{{date: {pop_date}, count: {count}}}]
- {{id: b, name: B kommun, kind: kommun, population: [{{date: 2021-06-30, count: 1000}}]}}
plan: {{year: {year}, plan_years: [2023, 2024], adopted_on: {adopted_on}}}
financing: [{{year: 2022, state: {state}}}]
interventions:
- id: stod
  name: {iv_name}
  level: individual
  members: [fk, a]
  capacity: {capacity}
  duration_weeks: [4, {weeks}]
  planned_participants: {{2022: {participants}}}
  budget: {{2022: {budget}}}
budget:
- year: 2022
  costs: [{{id: kansli, label: {label}, kind: office, amount: 1000}}]
board: [{{members: [a], regular: {seats}}}]
"""
DEFAULTS = dict(name="Test", pop_date="2021-06-30", count=3000, year=2022, adopted_on="2021-12-01",
                state=400000, iv_name="Stöd", capacity=20, weeks=8, participants=30, budget=100000,
                label="Kansli", seats=2)


def text(**values) -> str:
    return TEMPLATE.format(**{**DEFAULTS, **values})


def errors_of(data: str | bytes) -> list[str]:
    with pytest.raises(PlanFileError) as info:
        read_plan(data)
    return info.value.errors


def test_the_template_is_a_valid_plan():
    plan, warnings = read_plan(text())
    assert warnings == []
    assert plan.interventions[0].capacity == 20


@pytest.mark.parametrize(("values", "expected"), [
    ({"adopted_on": "2022-02-30"}, 'plan.adopted_on: "2022-02-30" ska vara ett datum (ÅÅÅÅ-MM-DD)'),
    ({"adopted_on": "0000-01-01"}, 'plan.adopted_on: "0000-01-01" ska vara ett datum (ÅÅÅÅ-MM-DD)'),
    ({"pop_date": "2021-13-01"},
     'members[3].population[0].date: "2021-13-01" ska vara ett datum (ÅÅÅÅ-MM-DD)'),
    ({"adopted_on": "9999-12-31"}, "plan.adopted_on: 9999-12-31 ligger utanför åren 1990–2200"),
    ({"adopted_on": "1066-10-14"}, "plan.adopted_on: 1066-10-14 ligger utanför åren 1990–2200"),
    ({"adopted_on": '"0001-01-01"'}, "plan.adopted_on: 0001-01-01 ligger utanför åren 1990–2200"),
    ({"year": 2147483648}, 'plan.year: "2147483648" är orimligt stort (högst 2 147 483 647)'),
    ({"year": 3000}, "plan.year: 3000 är inte ett rimligt år"),
])
def test_read_plan_refuses_impossible_dates_and_years_by_path(values, expected):
    assert errors_of(text(**values)) == [expected]


@pytest.mark.parametrize(("values", "expected"), [
    ({"state": "1.0e+999999999"},
     'financing[0].state: "1.0E+999999999" är orimligt stort (högst 9 999 999 999 999 kr)'),
    ({"state": "-1.0e+999999999"},
     'financing[0].state: "-1.0E+999999999" är orimligt stort (högst 9 999 999 999 999 kr)'),
    ({"state": "1.0e-999999999"}, 'financing[0].state: "1.0E-999999999" har fler decimaler än öre'),
    ({"state": ".nan"}, 'financing[0].state: ".nan" är inte ett belopp'),
    ({"state": ".inf"}, 'financing[0].state: ".inf" är inte ett belopp'),
    ({"state": "99999999999999999999"},
     'financing[0].state: "99999999999999999999" är orimligt stort (högst 9 999 999 999 999 kr)'),
    ({"budget": "10000000000000"},
     'interventions[0].budget.2022: "10000000000000" är orimligt stort (högst 9 999 999 999 999 kr)'),
    ({"count": 2147483648},
     'members[3].population[0].count: "2147483648" är orimligt stort (högst 100 000 000)'),
    ({"capacity": 2147483648}, 'interventions[0].capacity: "2147483648" är orimligt stort (högst 1 000 000)'),
    ({"participants": 99999999999999999999},
     'interventions[0].planned_participants.2022: "99999999999999999999" är orimligt stort '
     '(högst 1 000 000)'),
    ({"weeks": 100000}, 'interventions[0].duration_weeks[1]: "100000" är orimligt stort (högst 520)'),
    ({"seats": 2147483648}, 'board[0].regular: "2147483648" är orimligt stort (högst 1 000)'),
    ({"seats": '"²"'}, 'board[0].regular: "²" ska vara ett heltal'),
])
def test_read_plan_refuses_numbers_beyond_their_column_by_path(values, expected):
    assert errors_of(text(**values)) == [expected]


def test_an_integer_too_long_for_python_is_refused_not_raised():
    # Python refuses to convert a string of more than 4300 digits to int.
    errors = errors_of(text(count="9" * 5000))
    assert errors == ['members[3].population[0].count: "' + "9" * 60 + '…" ska vara ett heltal']


@pytest.mark.parametrize(("values", "expected"), [
    ({"name": "x" * 201}, "association.name: är 201 tecken lång; högst 200 tecken får plats"),
    ({"iv_name": "x" * 301}, "interventions[0].name: är 301 tecken lång; högst 300 tecken får plats"),
    ({"label": "x" * 201}, "budget[0].costs[0].label: är 201 tecken lång; högst 200 tecken får plats"),
    ({"name": '"Test\\0"'}, "association.name: innehåller ett nolltecken (NUL)"),
    ({"iv_name": '"Stöd\\x07"'}, "interventions[0].name: innehåller ett otillåtet tecken (U+0007)"),
    ({"label": '"Kansli\\uffff"'}, "budget[0].costs[0].label: innehåller ett otillåtet tecken (U+FFFF)"),
])
def test_read_plan_refuses_texts_beyond_their_column_or_with_control_characters(values, expected):
    assert errors_of(text(**values)) == [expected]


def test_read_plan_refuses_a_free_text_longer_than_any_text_column():
    data = text() + "risks: {note: " + "x" * (b.TEXT + 1) + "}\n"
    assert errors_of(data) == [f"risks.note: är {b.TEXT + 1} tecken lång; högst {b.TEXT} tecken får plats"]


def test_read_plan_keeps_tabs_and_line_breaks_in_free_text():
    plan, _ = read_plan(text() + 'risks: {note: "a\\tb\\nc"}\n')
    assert plan.risks.note == "a\tb\nc"


def test_read_plan_refuses_an_id_longer_than_its_column():
    data = text().replace("id: stod", "id: " + "s" * 81)
    assert errors_of(data) == ["interventions[0].id: ett id får vara högst 80 tecken långt"]


def test_read_plan_refuses_a_share_with_more_decimals_than_stored():
    data = text().replace("association: {id: test, name: Test}",
                          "association: {id: test, name: Test, expected_underspend: 0.123456}")
    assert errors_of(data) == ['association.expected_underspend: "0.123456" har fler decimaler än 4']


def test_read_plan_bounds_a_split_key_weight_without_computing_it():
    data = text().replace("association: {id: test, name: Test}",
                          "association: {id: test, name: Test, split_key: {a: 1.0e+999999999, b: 1}}")
    assert errors_of(data) == [
        'association.split_key.a: "1.0E+999999999" är orimligt stort (högst 999 999 999 999 999)']


def test_read_plan_in_tkr_bounds_the_amount_in_kronor():
    data = "unit: tkr\n" + text(state="10000000000")
    assert errors_of(data) == [
        'financing[0].state: "10000000000" är orimligt stort (högst 9 999 999 999 999 kr)']
    plan, _ = read_plan("unit: tkr\n" + text(state="1.5"))
    assert plan.financing[0].state == Decimal("1500.0")


@pytest.mark.parametrize("data", [
    "a: [" * 20000,  # deeper than the parser goes
    "a: " + "[" * 5000 + "]" * 5000,
    b"\xff\xfe",  # not UTF-8
    "format: samordna/1\n\x01",  # a raw control character
    "\udc80",  # not Unicode (a str from a caller)
    "a: !!python/object:os.system x",
    "a: 1\n---\nb: 2\n",
    "a: \"\\uD800\"",
    "a: *nowhere",
    "a: &x 1\nb: &x 2\nc: [*x",
    "%YAML 9.9\n---\na: 1",
    "a: |0\n  x",
    "? [a]\n: 1",
    "a: 1\na: 2",
    "'': 1",
    "a: !!binary aGVq",
    "a: !!set {x, y}",
    "\t- a",
])
def test_read_plan_refuses_broken_yaml_in_swedish_without_english_parser_text(data):
    errors = errors_of(data)
    assert len(errors) == 1
    assert errors[0].startswith("filen: ")
    english = ("found", "expected", "while", "could not", "not allowed", "character", "scalar",
               "mapping", "document", "unacceptable", "exceeded", "Exception", "Error")
    assert [w for w in english if w in errors[0]] == []


def test_every_yaml_problem_has_a_swedish_text():
    from samordna.finsam.planfile.safe_yaml import _SYNTAX, yaml_problem_sv

    libyaml = ["did not find expected ',' or '}'", "could not find expected ':'", "did not find expected key",
               "did not find expected '-' indicator", "mapping values are not allowed in this context",
               "found character that cannot start any token", "did not find expected node content",
               "found a tab character that violates indentation", "did not find expected comment or line break",
               "found unexpected end of stream", "did not find expected tag URI",
               "found a tab character where an indentation space is expected",
               "did not find expected alphabetic or numeric character", "did not find expected ',' or ']'",
               "block sequence entries are not allowed in this context", "found invalid Unicode character escape code",
               "found undefined alias", "found unexpected ':'", "found an indentation indicator equal to 0",
               "did not find expected <document start>", "did not find the expected '>'",
               "did not find expected hexdecimal number", "found undefined tag handle",
               "did not find expected whitespace or line break", "mapping keys are not allowed in this context",
               "found unknown escape character", "but found another document",
               "expected a mapping or list of mappings for merging, but found scalar",
               "found unexpected non-alphabetical character", "could not find expected directive name",
               "exceeded maximum nesting depth", "found duplicate anchor; first occurrence"]
    assert [p for p in libyaml if yaml_problem_sv(p) == _SYNTAX] == []
    assert yaml_problem_sv("something libyaml may say one day") == _SYNTAX


def test_a_board_entry_without_members_is_exported_so_that_it_loads_again():
    plan, _ = read_plan(text().replace("board: [{members: [a], regular: 2}]",
                                       "board: [{members: [], regular: 2}]"))
    again, _ = read_plan(dump_plan(plan))
    assert again.board == plan.board
    assert dump_plan(again) == dump_plan(plan)
