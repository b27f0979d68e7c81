"""Thousands of mutated plan files (hypothesis, fixed seeds): the real plans with values
replaced by huge numbers, impossible dates, wrong types, deep nesting, control characters,
long texts and broken YAML. The reader accepts a file or refuses it with PlanFileError —
never another exception — and every refusal is Swedish, by path; every file it accepts is
exported so that it loads again to the same plan (export → load → export is the identity)."""

from __future__ import annotations

import copy
import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samordna.finsam.planfile import PlanFileError, dump_plan, dump_yaml, load_yaml, read_plan
from tests.fuzz import HUGE_INTS, count, fuzz_settings, long_texts, texts

ROOT = Path(__file__).resolve().parents[2]
FILES = [*sorted((ROOT / "src" / "samordna" / "demo" / "plans").glob("*.yaml")),
         ROOT / "tests" / "data" / "other-forbund.yaml"]
BASES = {f.stem: load_yaml(f.read_bytes()) for f in FILES}
TEXTS = {f.stem: f.read_text(encoding="utf-8") for f in FILES}

# The reader touches no database: it runs once per CI run, in the SQLite pass.
pytestmark = pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                                reason="the plan-file reader uses no database; fuzzed in the SQLite run")


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


PATHS = {name: [p for p in _paths(doc) if p] for name, doc in BASES.items()}


class Raw(str):
    """YAML text put into the dumped file as it is (a tag, an anchor, an overflow …)."""


RAW = st.sampled_from([
    "1.0e+999999999", "-1.0e+999999999", "1.0e-999999999", ".nan", ".inf", "-.inf", "2022-02-30",
    "0000-01-01", "9999-12-31", "2022-02-28 25:61:00", "!!binary aGVq", "!!set {a, b}", "!!omap [a: 1]",
    "!python/object:os.system x", "!foo bar", "*undefined", "&a [*a]", "{a: 1, a: 2}", "{'': 1}", "{? [x]: 1}",
    '"\\0nul"', '"\\x07bell"', '"\\uD800"', '"\\U0010FFFF"', '"\\e"', "|0\n x", "0o777", "0x7fffffff",
    "1_000_000_000_000_000", "12:30:00", "9" * 5000, "[" * 300 + "]" * 300, "{" * 50 + "}" * 50, "~", "''",
    "- - -", "<<: *nothing", "? a", "---", "...", "%YAML 1.1", "@oops", "`tick`", "'unclosed", '"unclosed',
])


def _values():
    leaf = st.one_of(
        HUGE_INTS, st.integers(), st.booleans(), st.none(), texts(), long_texts(),
        st.decimals(allow_nan=False, allow_infinity=False, places=None),
        st.sampled_from([Decimal("1e999999"), Decimal("-1e-999999"), Decimal("0.123456789"),
                         Decimal("9999999999999.995")]),
        st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
        RAW.map(Raw),
    )
    return st.recursive(leaf, lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.one_of(texts(10), st.integers(1900, 2300)), inner,
                                                     max_size=3)), max_leaves=6)


def _deep(depth: int):
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value


def _at(doc, path):
    node = doc
    for key in path[:-1]:
        node = node[key]
    return node, path[-1]


def _dump(doc) -> str:
    raws: list[str] = []

    def swap(node):
        if isinstance(node, Raw):
            raws.append(str(node))
            return f"@@RAW{len(raws) - 1}@@"
        if isinstance(node, dict):
            return {swap(k) if isinstance(k, Raw) else k: swap(v) for k, v in node.items()}
        if isinstance(node, list):
            return [swap(v) for v in node]
        return node

    text = dump_yaml(swap(doc))
    for i, raw in enumerate(raws):
        text = text.replace(f"'@@RAW{i}@@'", raw)
    return text


@st.composite
def mutated_files(draw) -> str:
    name = draw(st.sampled_from(sorted(BASES)))
    if draw(st.integers(0, 9)) == 0:  # the text itself: cut, or a snippet put anywhere
        text = TEXTS[name]
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            return text[:at]
        return text[:at] + draw(st.one_of(RAW, texts(8))) + text[at:]
    doc = copy.deepcopy(BASES[name])
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS[name]))
        try:
            parent, key = _at(doc, path)
            parent[key]
        except (KeyError, IndexError, TypeError):
            continue
        action = draw(st.sampled_from(["replace", "replace", "replace", "delete", "duplicate", "deep"]))
        if action == "replace":
            parent[key] = draw(_values())
        elif action == "deep":
            parent[key] = _deep(draw(st.sampled_from([20, 200, 2000])))
        elif action == "delete":
            del parent[key]
        elif isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        else:
            parent[draw(texts(12))] = copy.deepcopy(parent[key])
    try:
        return _dump(doc)
    except (ValueError, TypeError, RecursionError, UnicodeError):
        return _dump({"format": "samordna/1", "plan": Raw("[" * 3000)})


ENGLISH = re.compile(r"\b(found|expected|while|could not|not allowed|unacceptable|exceeded|Traceback|Error|"
                     r"invalid|character|scalar|mapping|document|token|stream)\b")


def _swedish(error: str) -> bool:
    """The message of a refusal, without its path and the quoted values, has no English in it."""
    message = error.split(": ", 1)[1] if ": " in error else error
    return ENGLISH.search(re.sub(r'"[^"]*"|”[^”]*”', "", message)) is None


def check(text: str) -> str:
    try:
        plan, _ = read_plan(text)
    except PlanFileError as exc:
        assert exc.errors
        assert [e for e in exc.errors if not _swedish(e)] == []
        return "refused"
    exported = dump_plan(plan)
    again, _ = read_plan(exported)
    assert again == plan
    assert dump_plan(again) == exported
    return "accepted"


@fuzz_settings(max_examples=int(os.environ.get("FUZZ_PLAN_FILES", 3000)))
@given(text=mutated_files())
def test_a_mutated_plan_file_is_accepted_and_round_trips_or_refused_in_swedish(text):
    count("plan files")
    check(text)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_each_base_plan_round_trips(name):
    assert check(TEXTS[name]) == "accepted"
