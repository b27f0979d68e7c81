"""What changed between two plans: the diff that `load --dry-run`, the change log of a load
and the comparison of plan versions show.

Both plans are written as their canonical plan-file mappings (`planfile.plan_to_dict`), so
every field the format knows is compared, and a new field needs nothing here. Lists are
matched by their ids (members, interventions, cost and revenue lines), by year and column
(budget), year and period (tertials), year (financing), date (population), else by position.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import plan as p
from .money import amount_str

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
OP_NAMES = {ADDED: "läggs till", CHANGED: "ändras", REMOVED: "tas bort"}


@dataclass(frozen=True)
class Change:
    op: str  # added | changed | removed
    path: str  # e.g. interventions[enter].budget.2023
    before: Any = None
    after: Any = None

    def describe(self) -> str:
        if self.op == CHANGED:
            return f"{self.path}: {_short(self.before)} → {_short(self.after)}"
        return f"{self.path}: {_short(self.after if self.op == ADDED else self.before)}"

    def as_json(self) -> dict:
        return {"op": self.op, "path": self.path, "before": _plain(self.before),
                "after": _plain(self.after)}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | bool) or value is None:
        return value
    if isinstance(value, Decimal):  # 30000.00 and 30000 are the same amount
        return format(value.normalize(), "f")
    return str(value)


def _short(value: Any, limit: int = 80) -> str:
    if isinstance(value, dict):
        name = value.get("name") or value.get("label") or value.get("title")
        text = f"”{name}”" if name else "{…}"
    elif isinstance(value, list):
        text = f"[{len(value)} st]"
    elif value is None:
        text = "–"
    elif isinstance(value, Decimal):
        text = amount_str(value)
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _key_of(*lists: list) -> Any:
    """How the items of two lists are matched (a key unique within each), or None: by position."""
    items = [x for items in lists for x in items]
    if not items or not all(isinstance(x, dict) for x in items):
        return None
    for keys in (("id",), ("year", "column"), ("year", "period"), ("year",), ("date",)):
        if all(all(k in x for k in keys) for x in items):
            if all(len({tuple(x[k] for k in keys) for x in one}) == len(one) for one in lists):
                return keys
    return None


def _label(item: dict, keys: tuple[str, ...]) -> str:
    return ",".join(str(item[k]) for k in keys)


def _walk(before: Any, after: Any, path: str, out: list[Change]) -> None:
    if before == after:
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            sub = f"{path}.{key}" if path else str(key)
            if key not in after:
                out.append(Change(REMOVED, sub, before=before[key]))
            elif key not in before:
                out.append(Change(ADDED, sub, after=after[key]))
            else:
                _walk(before[key], after[key], sub, out)
        return
    if isinstance(before, list) and isinstance(after, list):
        keys = _key_of(before, after)
        if keys is None:
            for i in range(max(len(before), len(after))):
                sub = f"{path}[{i}]"
                if i >= len(after):
                    out.append(Change(REMOVED, sub, before=before[i]))
                elif i >= len(before):
                    out.append(Change(ADDED, sub, after=after[i]))
                else:
                    _walk(before[i], after[i], sub, out)
            return
        old = {_label(x, keys): x for x in before}
        new = {_label(x, keys): x for x in after}
        for label in [*old, *(k for k in new if k not in old)]:
            sub = f"{path}[{label}]"
            if label not in new:
                out.append(Change(REMOVED, sub, before=old[label]))
            elif label not in old:
                out.append(Change(ADDED, sub, after=new[label]))
            else:
                _walk(old[label], new[label], sub, out)
        if [k for k in old if k in new] != [k for k in new if k in old]:
            out.append(Change(CHANGED, f"{path} (ordning)", before=list(old), after=list(new)))
        return
    out.append(Change(CHANGED, path, before=before, after=after))


def plan_diff(before: p.Plan | None, after: p.Plan) -> list[Change]:
    """Every difference from `before` (None: nothing stored yet) to `after`."""
    from .planfile import plan_to_dict

    new = plan_to_dict(after)
    if before is None:
        return [Change(ADDED, "plan", after={"name": f"{after.association.name} {after.plan.year}"})]
    out: list[Change] = []
    _walk(plan_to_dict(before), new, "", out)
    return [c for c in out if c.path not in ("unit", "format")]


def diff_summary(changes: list[Change]) -> dict[str, int]:
    return {op: sum(1 for c in changes if c.op == op) for op in (ADDED, CHANGED, REMOVED)}
