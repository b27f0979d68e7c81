"""Safe YAML for plan files: loading with Decimal floats and limits, dumping canonically.

Only plain YAML is read: mappings, lists, strings, numbers, booleans, null and dates.
Floats become Decimal (money is never float). Duplicate keys, empty or null keys,
keys that are mappings or lists, and tags beyond those (`!!binary`, `!!set`, `!!omap`,
`!python/...`, `!anything`) are refused with a Swedish message naming the line.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import yaml

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000


class PlanFileError(Exception):
    """A plan file that cannot be loaded; `errors` lists every problem by path."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


# libyaml's C parser when PyYAML was built with it (about ten times faster), else pure Python.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

_TAG = "tag:yaml.org,2002:"
_NULL, _MERGE = _TAG + "null", _TAG + "merge"


class _Refused(yaml.YAMLError):
    """YAML that parses but that a plan file does not allow (message in Swedish)."""

    def __init__(self, node: yaml.Node, message: str):
        super().__init__(message)
        self.line = node.start_mark.line + 1
        self.message = message


def _key_text(node: yaml.Node) -> str:
    return str(node.value)


class _Loader(_SafeLoader):
    """Safe YAML where floats become Decimal and only plain data is allowed."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        if isinstance(node, yaml.MappingNode):
            first_line: dict[str, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == _MERGE:
                    continue  # `<<: *anchor` may be overridden by the keys beside it
                if not isinstance(key_node, yaml.ScalarNode):
                    kind = "en mappning" if isinstance(key_node, yaml.MappingNode) else "en lista"
                    raise _Refused(key_node, f"en nyckel ska vara text eller ett tal, inte {kind}")
                if key_node.tag == _NULL or key_node.value == "":
                    raise _Refused(key_node, "en nyckel saknar namn (tom nyckel eller null)")
                key = self.construct_object(key_node)
                text = str(key)
                if text in first_line:
                    raise _Refused(key_node, f'nyckeln "{_key_text(key_node)}" förekommer två '
                                             f"gånger i samma mappning (första gången på rad "
                                             f"{first_line[text]})")
                first_line[text] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


def _decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal | str:
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except Exception:  # .inf, .nan: keep as text so validation names it
        return text


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> date | str:
    """A date as YAML writes it; one that does not exist (2022-02-30, 0000-01-01) stays text,
    so the reader refuses it by its path."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


def _int(loader: yaml.SafeLoader, node: yaml.Node) -> int | str:
    """An integer; one Python will not convert (thousands of digits) stays text."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


def _refuse_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    tag = node.tag
    shown = "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
    raise _Refused(node, f"taggen {shown} är inte tillåten i en planfil (bara vanlig text, tal, "
                         f"datum, listor och mappningar)")


_Loader.add_constructor(_TAG + "float", _decimal)
_Loader.add_constructor(_TAG + "timestamp", _timestamp)
_Loader.add_constructor(_TAG + "int", _int)
for _name in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(_TAG + _name, _refuse_tag)
_Loader.add_constructor(None, _refuse_tag)  # every other tag: !foo, !python/object, !!xyz …


def count_nodes(value: Any, limit: int) -> int:
    """Count nodes without recursion; stops early (alias bombs expand only when walked)."""
    seen, stack = 0, [value]
    while stack:
        item = stack.pop()
        seen += 1
        if seen > limit:
            return seen
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return seen


# Every problem libyaml and PyYAML report, in Swedish; a problem not listed is reported by
# `_SYNTAX` alone, so no English parser text ever reaches the person.
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "kolon på fel ställe (ett värde kan inte ha ett eget kolon här)"),
    ("mapping keys are not allowed", "en nyckel (?) på fel ställe"),
    ("could not find expected ':'", "kolon saknas efter en nyckel"),
    ("found unexpected ':'", "kolon på fel ställe"),
    ("found character '\\t'", "tabbtecken är inte tillåtna; dra in med mellanslag"),
    ("tab character", "tabbtecken är inte tillåtna; dra in med mellanslag"),
    ("expected ',' or '}'", "en stängande } saknas (eller ett kommatecken)"),
    ("expected ',' or ']'", "en stängande ] saknas (eller ett kommatecken)"),
    ("did not find expected key", "indraget stämmer inte: en nyckel väntades här"),
    ("did not find expected '-' indicator", "indraget stämmer inte: ett listelement (-) väntades här"),
    ("block sequence entries are not allowed", "ett listelement (-) på fel ställe; kontrollera indraget"),
    ("did not find expected node content", "ett värde saknas här"),
    ("found character that cannot start any token",
     "ett tecken som inte kan inleda ett värde (t.ex. @ eller `); sätt värdet inom citattecken"),
    ("found duplicate anchor", "samma ankare (&) förekommer två gånger"),
    ("found undefined alias", "hänvisning (*) till ett ankare som inte finns"),
    ("found unexpected end of stream", "filen tar slut mitt i ett värde (saknas ett citattecken?)"),
    ("while scanning a quoted scalar", "ett citattecken stängs aldrig"),
    ("did not find expected comment or line break", "något står kvar efter värdet på raden"),
    ("did not find expected whitespace or line break", "mellanslag saknas efter ett tecken"),
    ("found an indentation indicator equal to 0", "ett textblock (| eller >) har indragsangivelsen 0"),
    ("tag URI", "en tagg (!) som inte går att läsa; bara vanlig text, tal, datum, listor och "
                "mappningar är tillåtna"),
    ("tag handle", "en tagg (!) som inte går att läsa; bara vanlig text, tal, datum, listor och "
                   "mappningar är tillåtna"),
    ("did not find expected alphabetic or numeric character",
     "ett ankare (&) eller en hänvisning (*) saknar namn"),
    ("unknown escape character", "en okänd escape-sekvens (\\) i en text inom dubbla citattecken"),
    ("invalid Unicode character escape code", "en \\u-escape som inte är ett giltigt tecken"),
    ("hexdecimal number", "en \\x- eller \\u-escape saknar sina hexadecimala siffror"),
    ("document start", "oväntat innehåll efter dokumentet (---)"),
    ("but found another document", "filen får bara innehålla ett dokument (ta bort raden ---)"),
    ("document indicator", "en rad med --- eller ... mitt i filen"),
    ("directive", "en direktivrad (%) som inte kan läsas"),
    ("for merging", "sammanslagning (<<) kräver en mappning"),
    ("exceeded maximum nesting depth", "filen är för djupt nästlad"),
    ("non-alphabetical character", "ett otillåtet tecken i en tagg eller ett direktiv"),
    ("did not find the expected '>'", "en tagg (!<…>) stängs aldrig"),
    ("UTF-8", "filen är inte giltig UTF-8"),
)
_UNACCEPTABLE = re.compile(r"unacceptable character #x([0-9a-fA-F]+)")
_SYNTAX = "filen följer inte YAML-formatet här"


def yaml_problem_sv(problem: str, context: str | None = None) -> str:
    """libyaml's (English) description of a syntax error, in Swedish: by its problem, else by
    its context, else a general description (never the English text)."""
    found = _UNACCEPTABLE.search(problem)
    if found:
        return f"ett tecken som inte får förekomma i en planfil (U+{found.group(1).upper().zfill(4)})"
    for text in (problem, context or ""):
        for english, swedish in _YAML_PROBLEMS:
            if english in text:
                return swedish
    return _SYNTAX


def load_yaml(data: bytes | str) -> Any:
    """Parse a plan file's YAML (UTF-8, at most MAX_BYTES and MAX_NODES) or raise PlanFileError."""
    try:
        raw = data.encode("utf-8") if isinstance(data, str) else data
    except UnicodeEncodeError as exc:
        raise PlanFileError([f"filen: innehåller ett tecken som inte är giltig Unicode "
                             f"(tecken {exc.start + 1})"]) from exc
    if len(raw) > MAX_BYTES:
        raise PlanFileError([
            f"filen: är {len(raw) / 1_048_576:.1f} MB; en planfil får vara högst "
            f"{MAX_BYTES // 1_048_576} MB"
        ])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PlanFileError([f"filen: är inte UTF-8 (byte {exc.start})"]) from exc
    try:
        doc = yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except _Refused as exc:
        raise PlanFileError([f"filen: rad {exc.line}: {exc.message}"]) from exc
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" (rad {mark.line + 1}, kolumn {mark.column + 1})"
        problem = getattr(exc, "problem", None) or str(exc)
        swedish = yaml_problem_sv(problem, getattr(exc, "context", None))
        raise PlanFileError([f"filen: YAML-syntaxfel{where}: {swedish}"]) from exc
    except RecursionError as exc:
        raise PlanFileError(["filen: är för djupt nästlad (listor och mappningar i varandra)"]) from exc
    if count_nodes(doc, MAX_NODES) > MAX_NODES:
        raise PlanFileError([f"filen: har fler än {MAX_NODES} värden"])
    return doc


# ---------------------------------------------------------------- dumping


class Flow(dict):
    """A mapping written on one line."""


class FlowList(list):
    """A list written on one line."""


class _Dumper(_SafeDumper):
    pass


def _repr_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    text = format(value.normalize(), "f")
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


def _repr_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


_Dumper.add_representer(Decimal, _repr_decimal)
_Dumper.add_representer(str, _repr_str)
_Dumper.add_representer(
    Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))
_Dumper.add_representer(
    FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def dump_yaml(doc: Any) -> str:
    """Block-style YAML, keys in the mapping's order, Decimal as plain numbers, UTF-8 text."""
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=96)
