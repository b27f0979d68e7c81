"""Thousands of mutated plan files (hypothesis, fixed seeds): the real plans with values
replaced by huge numbers, impossible dates, wrong types, deep nesting, control characters,
long texts and broken YAML. The reader accepts a file or refuses it with PlanFileError —
never another exception — and every refusal is Swedish, by path; every file it accepts is
exported so that it loads again to the same plan (export → load → export is the identity)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from samordna.finsam.planfile import PlanFileError, dump_plan, read_plan
from tests.fuzz import HUGE_INTS, count, fuzz_settings, long_texts, texts

ROOT = Path(__file__).resolve().parents[2]
FILES = [*sorted((ROOT / "src" / "samordna" / "demo" / "plans").glob("*.yaml")),
         ROOT / "tests" / "data" / "other-forbund.yaml"]
TEXTS = {f.stem: f.read_text(encoding="utf-8") for f in FILES}

# The reader touches no database: it runs once per CI run, in the SQLite pass.
pytestmark = pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                                reason="the plan-file reader uses no database; fuzzed in the SQLite run")


@dataclass(frozen=True)
class Span:
    """Where one node of a plan file is: its entry (`key: value` or `- value`) and its value."""

    entry: int
    start: int
    end: int
    column: int  # of the entry


def _spans(text: str) -> list[Span]:
    """Every node of the file below the top, found once by composing the YAML with marks: a
    mutation edits the text in place (dumping a whole plan for each example costs ten times more)."""

    def trimmed(end: int) -> int:
        while end > 0 and text[end - 1] in " \n":
            end -= 1
        return end

    out: list[Span] = []

    def walk(node) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                out.append(Span(key.start_mark.index, value.start_mark.index, trimmed(value.end_mark.index),
                                key.start_mark.column))
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for value in node.value:
                dash = text.rfind("-", 0, value.start_mark.index) if not node.flow_style else value.start_mark.index
                out.append(Span(dash, value.start_mark.index, trimmed(value.end_mark.index),
                                value.start_mark.column - (value.start_mark.index - dash)))
                walk(value)

    walk(yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    return out


SPANS = {name: _spans(text) for name, text in TEXTS.items()}
SCALARS = {name: [x for x in spans if "\n" not in TEXTS[name][x.start:x.end]] for name, spans in SPANS.items()}


@dataclass(frozen=True)
class Raw:
    """YAML text put into the file as it is (a tag, an anchor, an overflow …)."""

    text: str


RAW = st.sampled_from([
    "1.0e+999999999", "-1.0e+999999999", "1.0e-999999999", "1e999999", "-1e-999999", ".nan", ".inf", "-.inf",
    "2022-02-30",
    "0000-01-01", "9999-12-31", "2022-02-28 25:61:00", "!!binary aGVq", "!!set {a, b}", "!!omap [a: 1]",
    "!python/object:os.system x", "!foo bar", "*undefined", "&a [*a]", "{a: 1, a: 2}", "{'': 1}", "{? [x]: 1}",
    '"\\0nul"', '"\\x07bell"', '"\\uD800"', '"\\U0010FFFF"', '"\\e"', "|0\n x", "0o777", "0x7fffffff",
    "1_000_000_000_000_000", "12:30:00", "9" * 5000, "[" * 300 + "]" * 300, "{" * 50 + "}" * 50, "~", "''",
    "- - -", "<<: *nothing", "? a", "---", "...", "%YAML 1.1", "@oops", "`tick`", "'unclosed", '"unclosed',
])


def _values():
    leaf = st.one_of(
        HUGE_INTS, st.integers(), st.booleans(), st.none(), texts(), long_texts(),
        # Decimals within 10^30 (a Decimal of 10^999999 takes the dumper minutes to write as an
        # integer); the overflowing ones are RAW text, which is how they reach the reader anyway.
        st.decimals(allow_nan=False, allow_infinity=False, min_value=Decimal("-1e30"), max_value=Decimal("1e30")),
        st.sampled_from([Decimal("-1e-30"), Decimal("0.123456789"), Decimal("9999999999999.995")]),
        st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
        RAW.map(Raw),
    )
    return st.recursive(leaf, lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.one_of(texts(10), st.integers(1900, 2300)), inner,
                                                     max_size=3)), max_leaves=6)


def _deep(depth: int) -> Raw:
    """Lists nested `depth` deep, as YAML text (a Python value that deep would defeat deepcopy)."""
    return Raw("[" * depth + "x" + "]" * depth)


class _Inline(yaml.SafeDumper):
    """A generated value on one line (flow style), Decimal as a plain number."""


_Inline.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))


_Inline.add_representer(Raw, lambda d, v: d.represent_str(f"@@RAW{d.raws.append(v.text) or len(d.raws) - 1}@@"))


def _inline(value) -> str:
    if isinstance(value, Raw):
        return value.text
    raws: list[str] = []

    class Dumper(_Inline):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.raws = raws

    text = yaml.dump(value, Dumper=Dumper, default_flow_style=True, allow_unicode=True,
                     width=10**9).removesuffix("\n...\n").rstrip("\n")
    for i, raw in enumerate(raws):
        text = text.replace(f"@@RAW{i}@@", raw)
    return text


@st.composite
def mutated_files(draw, names: tuple[str, ...] = ()) -> str:
    """A real plan with one to three nodes replaced (by a generated value, or by a value from
    elsewhere in the file), deleted or duplicated, or cut, or with a snippet put anywhere."""
    name = draw(st.sampled_from(sorted(names or TEXTS)))
    text = TEXTS[name]
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            return text[:at]
        return text[:at] + draw(st.one_of(RAW, texts(8))) + text[at:]
    edits = []
    for _ in range(draw(st.integers(1, 3))):
        span = draw(st.sampled_from(SPANS[name]))
        action = draw(st.sampled_from(["replace", "replace", "swap", "swap", "delete", "duplicate", "deep"]))
        if action == "swap":  # a value of the same file elsewhere: the right type, the wrong place
            other = draw(st.sampled_from(SCALARS[name]))
            edits.append((span.start, span.end, text[other.start:other.end]))
        elif action == "replace":
            edits.append((span.start, span.end, _inline(draw(_values()))))
        elif action == "deep":
            edits.append((span.start, span.end, _deep(draw(st.sampled_from([20, 200, 2000]))).text))
        elif action == "delete":
            edits.append((span.entry, span.end, ""))
        else:  # the entry again below itself: a duplicate key, or another key with the same value
            entry = text[span.entry:span.end]
            if text[span.entry] != "-" and draw(st.booleans()):
                entry = _inline(draw(texts(12))) + entry[entry.index(":"):] if ":" in entry else entry
            edits.append((span.end, span.end, "\n" + " " * span.column + entry))
    edits.sort(key=lambda e: (e[0], e[1]), reverse=True)
    for (start, end, new), (next_start, _, _) in zip(edits, [(len(text) + 1, 0, ""), *edits], strict=False):
        if end <= next_start:  # overlapping edits: the later one only
            text = text[:start] + new + text[end:]
    return text


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


def test_an_intervention_for_no_municipality_round_trips():
    # Found by the fuzzing: `municipalities: []` (none) was written as no key (the plan's).
    text = TEXTS["sodra-vatterbygden-2020"].replace("municipalities: [vaggeryd]", "municipalities: []")
    assert check(text) == "accepted"
    assert [iv.municipalities for iv in read_plan(text)[0].interventions if iv.id == "se-n-struktur"] == [()]
