"""Write the canonical plan file: unit kr, keys in `schema` order, lists in stored order.

dump → read → dump is the identity. Absent values (None, empty lists and mappings)
are left out; zero amounts are kept.
"""

from __future__ import annotations

from typing import Any

from .. import plan as p
from . import schema as s
from .safe_yaml import Flow, FlowList, dump_yaml


def _empty(value: Any) -> bool:
    return value is None or value == () or value == {} or value == []


def _obj(shape: s.Shape, values: dict[str, Any], flow: bool = False, keep_empty: tuple[str, ...] = ()) -> dict:
    """`values` as the object `shape` describes: its keys in canonical order, empty ones left out
    (but those of `keep_empty`, where an empty list says something other than a missing key)."""
    unknown = [k for k in values if k not in shape.keys]
    if unknown:
        raise ValueError(f"{shape.name}: keys not in the schema: {unknown}")
    # A required key is written even when empty (a board seat shared by no member yet:
    # `members: []`), or the file would not load again.
    out = {k: values[k] for k in shape.keys if k in values and (
        not _empty(values[k]) or ((k in shape.required or k in keep_empty) and values[k] is not None))}
    return Flow(out) if flow else out


def _plain(shape: s.Shape, obj: Any) -> dict:
    """The plain keys of `shape.kinds`, taken from the dataclass fields of the same name."""
    return {key: getattr(obj, key) for key, _ in shape.kinds}


def _short(*values: Any) -> bool:
    return all(not isinstance(v, str) or len(v) <= 60 for v in values)


def _flow_map(values: dict) -> Flow | None:
    return Flow(values) if values else None


def _dump_year_amounts(amounts: p.YearAmounts) -> dict | None:
    if not amounts:
        return None
    out: dict = Flow()
    for year, parts in amounts.items():
        if set(parts) == {p.COMMON}:
            out[year] = parts[p.COMMON]
        else:
            out[year] = Flow(parts)
    if any(isinstance(v, dict) for v in out.values()):
        out = dict(out)
    return out


def _goal(g: p.Goal) -> dict:
    return _obj(s.GOAL, {"text": g.text, "indicator": g.indicator, "target": g.target,
                         "question": g.question, "threshold": g.threshold, "note": g.note,
                         "stated_amount": g.stated_amount, **_plain(s.GOAL, g)})


def _line(line: p.Line) -> dict:
    return _obj(s.LINE, {"id": line.id, "label": line.label, "kind": line.kind,
                         "amount": line.amount, "note": line.note, "admin": line.admin},
                flow=_short(line.label, line.note))


def _association(a: p.Association) -> dict:
    return _obj(s.ASSOCIATION, {
        "id": a.id, "name": a.name,
        "split_key": None if a.split_key is None else Flow(a.split_key),
        "org_number": a.org_number, "county": a.county,
        "website": a.website, "address": a.address, "vision": a.vision, "mission": a.mission,
        "values": a.values, "note": a.note, "state_display": a.state_display,
        "expected_underspend": a.expected_underspend})


def _member(m: p.Member) -> dict:
    pop = [_obj(s.POPULATION, {"date": c.date, "count": c.count, "note": c.note}, flow=True)
           for c in m.population]
    return _obj(s.MEMBER, {"id": m.id, "name": m.name, "kind": m.kind,
                           "population": FlowList(pop) if pop else None, "note": m.note,
                           **_plain(s.MEMBER, m)},
                flow=not pop and _short(m.note))


def _plan_info(info: p.PlanInfo) -> dict:
    return _obj(s.PLAN, {
        "year": info.year, "plan_years": FlowList(info.plan_years) or None,
        "adopted_on": info.adopted_on, "adopted_by": info.adopted_by,
        "reference": info.reference,
        "sections": [_obj(s.SECTION, {"title": x.title, "text": x.text, "note": x.note,
                                      "parts": FlowList(x.parts) or None})
                     for x in info.sections],
        "target_groups": [_obj(s.TARGET_GROUP, {
            "name": t.name, "description": t.description, "priority": t.priority or None,
            "note": t.note, **_plain(s.TARGET_GROUP, t)}, flow=_short(t.name, t.description, t.note))
            for t in info.target_groups],
        "goals": [_goal(g) for g in info.goals],
        "note": info.note, "title_page": info.title_page, "budget_title": info.budget_title,
        "decisions": list(info.decisions),
        "glossary": [_obj(s.GLOSSARY, {"term": g.term, "definition": g.definition, "note": g.note},
                          flow=_short(g.term, g.definition, g.note)) for g in info.glossary]})


def _financing(f: p.FinancingYear) -> dict:
    return _obj(s.FINANCING, {
        "year": f.year, "state": f.state, "contributions": _flow_map(f.contributions),
        "population_date": f.population_date, "total": f.total, "status": f.status,
        "state_offer": f.state_offer, "offers": _flow_map(f.offers), "note": f.note,
        "label": f.label, "shown_shares": _flow_map(f.shown_shares)})


def _intervention(iv: p.Intervention) -> dict:
    period = None
    if iv.period_start or iv.period_end:
        period = _obj(s.PERIOD, {"start": iv.period_start, "end": iv.period_end}, flow=True)
    return _obj(s.INTERVENTION, {
        "id": iv.id, "name": iv.name, "level": iv.level, "category": iv.category,
        "description": iv.description, "target_group": iv.target_group,
        "eligibility": iv.eligibility, "method": iv.method, "follow_up": iv.follow_up,
        "markings": FlowList(iv.markings) or None,
        "members": None if iv.members is None else FlowList(iv.members),
        "provider": iv.provider,
        "municipalities": None if iv.municipalities is None else FlowList(iv.municipalities),
        "period": period, "status": iv.status,
        "duration_weeks": None if iv.duration_weeks is None else FlowList(iv.duration_weeks),
        "capacity": iv.capacity,
        "planned_participants": _dump_year_amounts(iv.planned_participants),
        "granted": _dump_year_amounts(iv.granted),
        "budget": _dump_year_amounts(iv.budget),
        "forecast": _dump_year_amounts(iv.forecast),
        "outcome": _dump_year_amounts(iv.outcome),
        "external_funding": [_obj(s.EXTERNAL_FUNDING, {
            "source": f.source, "reference": f.reference, "amount": _flow_map(f.amount),
            "note": f.note}, flow=_short(f.reference, f.note)) for f in iv.external_funding],
        "goals": [_goal(g) for g in iv.goals],
        "note": iv.note,
        "decision": _obj(s.DECISION, {"date": iv.decision_date,
                                      "reference": iv.decision_reference}, flow=True) or None,
        "successor_of": iv.successor_of, "implementation": iv.implementation,
        "how_to_apply": iv.how_to_apply},
        keep_empty=("members", "municipalities"))  # []: none of them; no key: the plan's (None)


def _budget_entry(e: p.BudgetEntry) -> dict:
    return _obj(s.BUDGET_ENTRY, {
        "year": e.year, "column": e.column, "opening_equity": e.opening_equity,
        "revenue": [_line(x) for x in e.revenue], "costs": [_line(x) for x in e.costs],
        "stated": _obj(s.STATED, dict(e.stated), flow=True) or None,
        "deficit_justification": e.deficit_justification, "note": e.note, "label": e.label})


def _tertial_figures(f: p.TertialFigures) -> dict | None:
    return _obj(s.TERTIAL_FIGURES, {"lines": _flow_map(f.lines),
                                    "interventions": _flow_map(f.interventions),
                                    "contributions": _flow_map(f.contributions)}) or None


def _tertial(t: p.Tertial) -> dict:
    return _obj(s.TERTIAL, {
        "year": t.year, "period": t.period, "outcome": _tertial_figures(t.outcome),
        "forecast": _tertial_figures(t.forecast), "comments": dict(t.comments),
        "reported_on": t.reported_on, "note": t.note})


def _calendar(c: p.CalendarItem) -> dict:
    return _obj(s.CALENDAR, _plain(s.CALENDAR, c), flow=_short(c.title, c.place, c.note))


def _risks(risks: p.Risks | None) -> dict | None:
    if risks is None:
        return None
    return _obj(s.RISKS, {"strengths": list(risks.strengths), "weaknesses": list(risks.weaknesses),
                          "opportunities": list(risks.opportunities),
                          "threats": list(risks.threats), "note": risks.note,
                          "controls": [_obj(s.RISK_CONTROL, _plain(s.RISK_CONTROL, c))
                                       for c in risks.controls]})


def _board_seat(x: p.BoardSeat) -> dict:
    return _obj(s.BOARD_SEAT, {**_plain(s.BOARD_SEAT, x), "role": x.role, "office": x.office},
                flow=True)


def _body(b: p.Body) -> dict:
    return _obj(s.BODY, {**_plain(s.BODY, b), "kind": b.kind,
                         "members": [_obj(s.BODY_MEMBER, _plain(s.BODY_MEMBER, m), flow=True)
                                     for m in b.members]})


def _board(b: p.BoardSeats) -> dict:
    return _obj(s.BOARD, {"members": FlowList(b.members), "regular": b.regular,
                          "deputy": b.deputy, "note": b.note}, flow=_short(b.note))


def plan_to_dict(plan: p.Plan) -> dict:
    """The canonical plan-file mapping (kronor, documented key order)."""
    doc = {
        "format": s.FORMAT, "unit": "kr",
        "association": _association(plan.association),
        "members": [_member(m) for m in plan.members],
        "plan": _plan_info(plan.plan),
        "financing": [_financing(f) for f in plan.financing],
        "interventions": [_intervention(iv) for iv in plan.interventions],
        "budget": [_budget_entry(e) for e in plan.budget],
        "tertials": [_tertial(t) for t in plan.tertials],
        "calendar": [_calendar(c) for c in plan.calendar],
        "risks": _risks(plan.risks),
        "board": [_board(b) for b in plan.board],
        "board_seats": [_board_seat(x) for x in plan.seats],
        "bodies": [_body(b) for b in plan.bodies],
    }
    return {k: v for k, v in _obj(s.TOP, doc).items() if v not in ([], None)}


def dump_plan(plan: p.Plan) -> str:
    """The canonical plan file as text, with a comment line naming the association and year."""
    return f"# {plan.association.name}: verksamhetsplan {plan.plan.year} (samordna/1)\n" + \
        dump_yaml(plan_to_dict(plan))
