"""Parsing the tertial grid: what a person typed per cell, as the service's `CellEdit`s.

Every cell of the grid posts three fields: its value (`outcome-lines-kansli`), the revision it
was shown at (`rev-…`) and the value it showed (`was-…`). A cell counts as edited only when
its value differs from what it showed, so saving the whole grid never touches (or conflicts
on) cells the person left alone. Typed text is kept for the page whatever happens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from samordna.finsam import tertials as rules
from samordna.finsam.money import NotAnAmount, parse_amount

from .tertial_services import CellEdit, cell_key

AMOUNT_MEASURES = ("outcome", "forecast")
MAX_TEXT = 40  # an amount is typed in at most this many characters


def amount_text(value: Decimal | None) -> str:
    """An amount as the grid's input shows it: 352 500 or 3 100,50 (plain spaces)."""
    if value is None:
        return ""
    negative = value < 0
    value = abs(value)
    whole, _, frac = f"{value:.2f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = " ".join(groups) + ("" if frac == "00" else "," + frac)
    return ("-" if negative else "") + text


def cell_text(measure: str, value) -> str:
    if measure == "comment":
        return value or ""
    return amount_text(value)


def parse_amount_text(text: str) -> tuple[Decimal | None, str | None]:
    """(amount, None) or (None, Swedish error) for what a person typed; "" is no amount."""
    text = (text or "").strip()
    if not text:
        return None, None
    if len(text) > MAX_TEXT:
        return None, "Beloppet är för långt."
    try:
        amount = parse_amount(text)
    except NotAnAmount:
        return None, (f"”{text}” är inte ett belopp. Skriv bara siffror, t.ex. 1 308 500 eller "
                      "12,50.")
    return amount, rules.amount_problem(amount)


def parse_value(measure: str, text: str) -> tuple[Decimal | str | None, str | None]:
    if measure == "comment":
        text = (text or "").strip()
        if not text:
            return None, None
        return text, rules.comment_problem(text)
    return parse_amount_text(text)


def parse_revision(text: str | None) -> int | None:
    try:
        value = int(text or "")
    except ValueError:
        return None
    return value if 0 <= value < 2**31 else None


@dataclass
class GridInput:
    """What a grid POST says: the edited cells, the typed text of every cell, and errors."""

    edits: list[CellEdit] = field(default_factory=list)
    typed: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    reported_on: date | None = None
    reported_on_given: bool = False
    tertial_revision: int | None = None


def grid_parse(post, items, labels: dict[str, str], *, only: str | None = None,
               every: bool = False) -> GridInput:
    """The cells of `items` (TertialItems) in a POST; `only` limits it to one field (a cell
    saved on its own, or `reported_on`); `every` takes every cell given as an edit (a checked
    import), not only those that differ from what the page showed. `labels` names each cell
    for error messages."""
    out = GridInput()
    for item in items:
        for measure in rules.MEASURES:
            key = cell_key(measure, item.part, item.id)
            if key not in post or (only is not None and only != key):
                continue
            typed = post.get(key, "")[:rules.MAX_COMMENT + 100]
            out.typed[key] = typed
            value, problem = parse_value(measure, typed)
            was, _ = parse_value(measure, post.get(f"was-{key}", ""))
            if problem:
                out.errors.setdefault(key, []).append(f"{labels.get(key, key)}: {problem}")
                continue
            if only is None and not every and value == was:
                continue
            out.edits.append(CellEdit(part=item.part, item=item.id, measure=measure, value=value,
                                      expected_revision=parse_revision(post.get(f"rev-{key}"))))
    if "reported_on" in post and only in (None, "reported_on"):
        text = post.get("reported_on", "").strip()
        out.typed["reported_on"] = text[:20]
        out.tertial_revision = parse_revision(post.get("rev-tertial"))
        try:
            value = date.fromisoformat(text) if text else None
        except ValueError:
            out.errors["reported_on"] = [f"Uttagsdatum: ”{text[:20]}” är inte ett datum "
                                         "(ÅÅÅÅ-MM-DD)."]
        else:
            if only == "reported_on" or post.get("was-reported_on", "") != text:
                out.reported_on, out.reported_on_given = value, True
    return out
