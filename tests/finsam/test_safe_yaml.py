"""The plan file's YAML layer (samordna.finsam.planfile.safe_yaml) and its schema."""

from decimal import Decimal

import pytest

from samordna.finsam.planfile import PlanFileError, load_yaml, read_plan
from samordna.finsam.planfile import schema as s
from samordna.finsam.planfile.writer import _obj


def yaml_errors(text: str) -> list[str]:
    with pytest.raises(PlanFileError) as info:
        load_yaml(text)
    return info.value.errors


def test_load_yaml_reads_floats_as_decimal():
    assert load_yaml("a: 0.1\nb: 1_000.50\n") == {"a": Decimal("0.1"), "b": Decimal("1000.50")}


def test_load_yaml_refuses_a_duplicate_key_naming_both_lines():
    assert yaml_errors("a: 1\nb: 2\na: 3\n") == [
        'filen: rad 3: nyckeln "a" förekommer två gånger i samma mappning (första gången på rad 1)']


def test_load_yaml_refuses_a_duplicate_key_in_a_nested_mapping():
    text = "budget:\n  2022: 5\n  2023: 6\n  2022: 7\n"
    assert yaml_errors(text) == [
        'filen: rad 4: nyckeln "2022" förekommer två gånger i samma mappning (första gången på rad 2)']


def test_load_yaml_refuses_the_same_key_written_quoted_and_unquoted():
    assert yaml_errors("2022: 1\n'2022': 2\n") == [
        'filen: rad 2: nyckeln "2022" förekommer två gånger i samma mappning (första gången på rad 1)']


def test_load_yaml_allows_the_same_key_in_different_mappings():
    assert load_yaml("- id: a\n- id: b\n") == [{"id": "a"}, {"id": "b"}]


def test_load_yaml_keeps_merge_keys_overridable():
    assert load_yaml("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n")["c"] == {"x": 1, "y": 3}


@pytest.mark.parametrize(("text", "line"), [
    ("a: 1\n~: 2\n", 2),
    ("a: 1\nnull: 2\n", 2),
    ("a: 1\n'': 2\n", 2),
    ("a: 1\n? \n: 2\n", 2),
])
def test_load_yaml_refuses_empty_and_null_keys(text, line):
    assert yaml_errors(text) == [f"filen: rad {line}: en nyckel saknar namn (tom nyckel eller null)"]


def test_load_yaml_refuses_a_mapping_as_key():
    assert yaml_errors("? {a: 1}\n: 2\n") == [
        "filen: rad 1: en nyckel ska vara text eller ett tal, inte en mappning"]


@pytest.mark.parametrize(("text", "shown"), [
    ("a: !!binary aGVq\n", "!!binary"),
    ("a: !!set {x, y}\n", "!!set"),
    ("a: !!omap [x: 1]\n", "!!omap"),
    ("a: !!pairs [x: 1]\n", "!!pairs"),
    ("a: !kr 5\n", "!kr"),
    ("a: !!python/object:os.system {}\n", "!!python/object:os.system"),
])
def test_load_yaml_refuses_non_standard_tags_naming_the_line(text, shown):
    assert yaml_errors("x: 1\n" + text) == [
        f"filen: rad 2: taggen {shown} är inte tillåten i en planfil (bara vanlig text, tal, datum, "
        f"listor och mappningar)"]


def test_load_yaml_accepts_standard_tags():
    assert load_yaml("a: !!str 5\nb: !!int '7'\n") == {"a": "5", "b": 7}


def test_read_plan_reports_a_duplicate_key_as_its_only_error():
    text = ("format: samordna/1\nassociation:\n  id: t\n  name: T\n  id: u\n")
    with pytest.raises(PlanFileError) as info:
        read_plan(text)
    assert info.value.errors == [
        'filen: rad 5: nyckeln "id" förekommer två gånger i samma mappning (första gången på rad 3)']


def test_schema_required_keys_are_among_the_keys():
    with pytest.raises(ValueError, match="required keys not among the keys"):
        s.Shape("x", ("a",), ("b",))


def test_schema_refuses_a_key_listed_twice():
    with pytest.raises(ValueError, match="listed twice"):
        s.Shape("x", ("a", "a"))


def test_writer_orders_keys_by_the_schema_and_drops_empty_values():
    out = _obj(s.LINE, {"amount": Decimal(0), "kind": "office", "id": "k", "label": "K",
                        "note": None, "admin": None})
    assert list(out.items()) == [("id", "k"), ("label", "K"), ("kind", "office"),
                                 ("amount", Decimal(0))]


def test_writer_refuses_a_key_the_schema_does_not_list():
    with pytest.raises(ValueError, match=r"line: keys not in the schema: \['colour'\]"):
        _obj(s.LINE, {"id": "k", "colour": "red"})
