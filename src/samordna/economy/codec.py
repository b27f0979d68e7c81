"""JSON forms of the rulebook's small value objects (goals, sections, funding …).

JSON has no Decimal: amounts are stored as strings and read back exactly.
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from samordna.finsam import plan as p


def dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def enc(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def goal_to_json(g: p.Goal) -> dict:
    return {"text": g.text, "indicator": g.indicator, "target": enc(g.target),
            "question": g.question, "threshold": enc(g.threshold), "note": g.note,
            "stated_amount": enc(g.stated_amount), "id": g.id}


def goal_from_json(d: dict) -> p.Goal:
    return p.Goal(text=d["text"], indicator=d.get("indicator"), target=dec(d.get("target")),
                  question=d.get("question"), threshold=dec(d.get("threshold")),
                  note=d.get("note"), stated_amount=dec(d.get("stated_amount")), id=d.get("id"))


def funding_to_json(f: p.ExternalFunding) -> dict:
    return {"source": f.source, "reference": f.reference, "note": f.note,
            "amount": [[year, str(amount)] for year, amount in f.amount.items()]}


def funding_from_json(d: dict) -> p.ExternalFunding:
    return p.ExternalFunding(source=d["source"], reference=d.get("reference"),
                             amount={int(y): Decimal(a) for y, a in d.get("amount", [])},
                             note=d.get("note"))


def section_to_json(s: p.Section) -> dict:
    return {"title": s.title, "text": s.text, "note": s.note, "parts": list(s.parts)}


def section_from_json(d: dict) -> p.Section:
    return p.Section(title=d["title"], text=d.get("text", ""), note=d.get("note"),
                     parts=tuple(d.get("parts") or ()))


def glossary_to_json(entries) -> list[dict]:
    return [{"term": g.term, "definition": g.definition, "note": g.note} for g in entries]


def glossary_from_json(rows) -> tuple[p.GlossaryEntry, ...]:
    return tuple(p.GlossaryEntry(term=d["term"], definition=d["definition"], note=d.get("note"))
                 for d in rows or ())


def group_to_json(g: p.TargetGroup) -> dict:
    return asdict(g)


def group_from_json(d: dict) -> p.TargetGroup:
    return p.TargetGroup(name=d["name"], description=d.get("description"),
                         priority=bool(d.get("priority")), note=d.get("note"), id=d.get("id"))


def risks_to_json(r: p.Risks | None) -> dict | None:
    return None if r is None else {k: list(v) if isinstance(v, tuple) else v
                                   for k, v in asdict(r).items()}


def control_from_json(d: dict) -> p.RiskControl:
    return p.RiskControl(**{f: d.get(f) for f in p.RiskControl.__dataclass_fields__})


def risks_from_json(d: dict | None) -> p.Risks | None:
    if d is None:
        return None
    return p.Risks(strengths=tuple(d.get("strengths", ())),
                   weaknesses=tuple(d.get("weaknesses", ())),
                   opportunities=tuple(d.get("opportunities", ())),
                   threats=tuple(d.get("threats", ())), note=d.get("note"),
                   controls=tuple(control_from_json(c) for c in d.get("controls") or ()))


def key_new() -> str:
    import uuid

    return uuid.uuid4().hex[:12]


def keyed(items: list[dict], previous: list[dict], content: str) -> list[dict]:
    """Entries of a plan's list (goals, target groups) as stored, each with a `key` the web
    addresses it by: the stored entry with the same file `id` keeps its key, else the one
    with the same `content` field, else the one at the same place, else a new key. The key
    is not part of the plan file."""
    free = [d for d in previous if d.get("key")]
    chosen: dict[int, dict] = {}
    for rule in ("id", content, "place"):
        for i, d in enumerate(items):
            if i in chosen:
                continue
            if rule == "place":
                match = previous[i] if i < len(previous) and previous[i] in free else None
                if match is not None and match.get("id") and match.get("id") != d.get("id"):
                    match = None
            else:
                match = next((x for x in free if d.get(rule) is not None
                              and x.get(rule) == d.get(rule)), None)
            if match is not None:
                free.remove(match)
                chosen[i] = match
    return [{**d, "key": chosen[i]["key"] if i in chosen else key_new()}
            for i, d in enumerate(items)]


def sections_to_json(sections, previous: list[dict]) -> list[dict]:
    """Sections as stored, each with a stable id: the stored section of the same title keeps
    its id, else the one at the same place, else a new id (the web edits sections by id)."""
    import uuid

    free = [d for d in previous if d.get("id")]
    out = []
    for i, s in enumerate(sections):
        d = section_to_json(s)
        match = next((x for x in free if x.get("title") == s.title), None)
        if match is None and i < len(previous) and previous[i] in free:
            match = previous[i]
        if match is not None:
            free.remove(match)
        d["id"] = match["id"] if match else uuid.uuid4().hex[:12]
        out.append(d)
    return out


# Mappings whose order is the file's are stored as lists of pairs: PostgreSQL's jsonb does
# not keep the order of an object's keys.

def _pairs(mapping: dict, value=str) -> list:
    return [[k, value(v)] for k, v in mapping.items()]


def _unpair(pairs, value) -> dict:
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return {k: value(v) for k, v in items}


def split_key_to_json(key: dict[str, Decimal] | None) -> list | None:
    return None if key is None else _pairs(key)


def split_key_from_json(d) -> dict[str, Decimal] | None:
    return None if d is None else _unpair(d, Decimal)
