"""Writes to the plan's own lists: the calendar, the förbund's goals and target groups, the
decision points, the SWOT lists and the risk × consequence analysis (internal control).

Each is a service `verb(*, actor, association, plan, …)`: it checks `plan.edit`, locks the
plan row, validates with the rulebook (`finsam.organisation`), writes in one transaction,
bumps the plan's revision and records the change. Entries are addressed by a stable key,
never by their place: calendar entries by their row, goals and target groups by the `key`
the store keeps for them, risk controls by their id. The SWOT lists and the decision points
are lists of plain texts; an edit of one names its place *and* carries the text it was
opened with, so a list that someone else changed meanwhile is a conflict, not a wrong edit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from samordna.accounts.selectors import authorize
from samordna.audit.services import change_record, jsonable, revision_check
from samordna.core.exceptions import Conflict
from samordna.economy import codec
from samordna.economy.models import CalendarEvent, Plan
from samordna.finsam import organisation as rules
from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab
from samordna.organisation.models import Association


def _plan_locked(*, actor, association: Association, plan: Plan) -> Plan:
    authorize(actor=actor, association=association, action="plan.edit")
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.association_id != association.pk:
        raise PermissionDenied("Planen hör inte till förbundet.")
    return locked


def _touch(plan: Plan, *fields: str) -> None:
    plan.revision += 1
    plan.save(update_fields=[*fields, "revision", "updated_at"])


def version_of(item: Any) -> str:
    """What an edit form carries for an entry of a list: a digest of the entry as opened."""
    text = json.dumps(jsonable(item), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# ---------------------------------------------------------------- calendar

CALENDAR_FIELDS = ("date", "start", "end", "body", "title", "place", "tentative", "note")


def _event_snapshot(event: CalendarEvent) -> dict:
    return {k: getattr(event, k) for k in CALENDAR_FIELDS}


def _event_label(values: dict) -> str:
    what = values.get("title") or vocab.CALENDAR_BODIES.get(values.get("body") or "") or "möte"
    return f"{what} {values['date']}"


@transaction.atomic
def calendar_event_save(*, actor, association: Association, plan: Plan, pk: int | None,
                        date: date, start: str | None = None, end: str | None = None,
                        body: str | None = None, title: str | None = None,
                        place: str | None = None, tentative: bool = False,
                        note: str | None = None,
                        expected_revision: int | None = None) -> CalendarEvent:
    """Add or change an entry of the year's calendar (board, beredningsgrupp, planning day …).
    The entry keeps its row for life; the plan file gives it the id it was loaded with."""
    locked = _plan_locked(actor=actor, association=association, plan=plan)
    event = None
    if pk is not None:
        event = CalendarEvent.objects.select_for_update().filter(plan=locked, pk=pk).first()
        if event is None:
            raise ValidationError("Kalenderposten finns inte längre; någon kan ha tagit bort den.")
    before = _event_snapshot(event) if event else None
    if event is not None:
        revision_check(obj=event, expected=expected_revision, association=association,
                       object_type="calendar_event", what=f"Kalenderposten {_event_label(before)}",
                       current=before)
    values = {"date": date, "start": _clean(start), "end": _clean(end), "body": _clean(body),
              "title": _clean(title), "place": _clean(place),
              "tentative": True if tentative else None, "note": _clean(note)}
    if values["date"] is None:
        raise ValidationError({"date": "Ange ett datum."})
    errors = rules.calendar_problems(p.CalendarItem(**values))
    if errors:
        raise ValidationError(errors)
    if event is None:
        last = locked.calendar.order_by("-position").first()
        event = CalendarEvent(plan=locked, position=(last.position + 1) if last else 0)
    if event.pk is None or any(getattr(event, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(event, k, v)
        if event.pk:
            event.revision += 1
        event.full_clean()
        event.save()
        _touch(locked)
        change_record(actor=actor, association=association,
                      action="update" if before else "create", object_type="calendar_event",
                      object_id=event.pk, object_label=_event_label(values), before=before,
                      after=_event_snapshot(event))
    return event


@transaction.atomic
def calendar_event_delete(*, actor, association: Association, plan: Plan, pk: int) -> None:
    locked = _plan_locked(actor=actor, association=association, plan=plan)
    event = CalendarEvent.objects.filter(plan=locked, pk=pk).first()
    if event is None:
        raise ValidationError("Kalenderposten finns inte längre.")
    before = _event_snapshot(event)
    event.delete()
    _touch(locked)
    change_record(actor=actor, association=association, action="delete",
                  object_type="calendar_event", object_id=pk, object_label=_event_label(before),
                  before=before)


def _clean(value):
    return (value.strip() or None) if isinstance(value, str) else value


# ---------------------------------------------------------------- the plan's lists


@dataclass(frozen=True)
class PlanList:
    """One list of the plan that the app edits entry by entry."""

    code: str  # the change log's object type
    what: str  # Swedish, definite: "målet"
    get: Callable[[Plan], list]
    put: Callable[[Plan, list], str]  # sets the list, returns the field to save
    build: Callable[[dict, Any], Any]  # form values (and the stored entry) → stored entry
    problems: Callable[[Any, list], dict]  # stored entry, the others → errors by field
    label: Callable[[Any], str]
    keyed_by: str  # "key" (stored key), "id" (file id) or "place" (plain texts)


def _risks(plan: Plan) -> dict:
    return dict(plan.risks or {})


def _put_risks(key: str):
    def put(plan: Plan, items: list) -> str:
        risks = _risks(plan)
        risks[key] = items
        plan.risks = risks
        return "risks"
    return put


def _text_list(code: str, what: str, get, put) -> PlanList:
    return PlanList(code=code, what=what, get=get, put=put,
                    build=lambda values, old: (values.get("text") or "").strip(),
                    problems=lambda item, others: rules.text_problems(item, what=what),
                    label=lambda item: item[:80], keyed_by="place")


def _goal(values: dict, old: dict | None) -> dict:
    goal = p.Goal(text=(values.get("text") or "").strip(), indicator=values.get("indicator") or None,
                  target=values.get("target"), question=_clean(values.get("question")),
                  threshold=values.get("threshold"), note=_clean(values.get("note")),
                  stated_amount=codec.dec((old or {}).get("stated_amount")),
                  id=(old or {}).get("id"))
    return {**codec.goal_to_json(goal), "key": (old or {}).get("key") or codec.key_new()}


def _group(values: dict, old: dict | None) -> dict:
    group = p.TargetGroup(name=(values.get("name") or "").strip(),
                          description=_clean(values.get("description")),
                          priority=bool(values.get("priority")), note=_clean(values.get("note")),
                          id=(old or {}).get("id"))
    return {**codec.group_to_json(group), "key": (old or {}).get("key") or codec.key_new()}


def _control(values: dict, old: dict | None) -> dict:
    control = p.RiskControl(
        id=(old or {}).get("id") or "", risk=(values.get("risk") or "").strip(),
        likelihood=values.get("likelihood"), consequence=values.get("consequence"),
        **{k: _clean(values.get(k)) for k in ("control", "owner", "frequency", "result",
                                               "action", "note")})
    return {f: getattr(control, f) for f in p.RiskControl.__dataclass_fields__}


def _set(field: str):
    def put(plan: Plan, items: list) -> str:
        setattr(plan, field, items)
        return field
    return put


SWOT_WHAT = {"strengths": "styrkan", "weaknesses": "svagheten", "opportunities": "möjligheten",
             "threats": "hotet"}

LISTS: dict[str, PlanList] = {
    "goals": PlanList(
        code="goal", what="målet", get=lambda plan: list(plan.goals or []), put=_set("goals"),
        build=_goal, problems=lambda item, others: rules.goal_problems(codec.goal_from_json(item)),
        label=lambda item: item["text"][:80], keyed_by="key"),
    "target_groups": PlanList(
        code="target_group", what="målgruppen", get=lambda plan: list(plan.target_groups or []),
        put=_set("target_groups"), build=_group,
        problems=lambda item, others: rules.target_group_problems(
            codec.group_from_json(item), others=[codec.group_from_json(o) for o in others]),
        label=lambda item: item["name"][:80], keyed_by="key"),
    "decisions": _text_list("decision", "beslutspunkten", lambda plan: list(plan.decisions or []),
                            _set("decisions")),
    **{key: _text_list("swot", SWOT_WHAT[key],
                       (lambda plan, key=key: list(_risks(plan).get(key) or [])), _put_risks(key))
       for key in p.SWOT},
    "controls": PlanList(
        code="risk_control", what="risken", get=lambda plan: list(_risks(plan).get("controls") or []),
        put=_put_risks("controls"), build=_control,
        problems=lambda item, others: rules.risk_problems(codec.control_from_json(item)),
        label=lambda item: item["risk"][:80], keyed_by="id"),
}


def plan_list(name: str) -> PlanList:
    if name not in LISTS:
        raise ValidationError("Okänd lista i planen.")
    return LISTS[name]


def entry_key(spec: PlanList, items: list, i: int) -> str:
    """How a page addresses entry `i`: its key or id, or for plain texts its place."""
    return str(i) if spec.keyed_by == "place" else str(items[i].get(spec.keyed_by))


def _find(spec: PlanList, items: list, key: str, version: str | None) -> int:
    """The place of the entry with this key; for plain texts, the version must match too."""
    gone = ValidationError(f"{spec.what.capitalize()} finns inte längre; någon kan ha ändrat "
                           f"listan. Ladda om sidan.")
    if spec.keyed_by == "place":
        if not key.isdigit() or int(key) >= len(items):
            raise gone
        i = int(key)
        if version is not None and version_of(items[i]) != version:
            raise Conflict(what=f"Listan med {spec.what}", current={"text": items[i]})
        return i
    for i, item in enumerate(items):
        if str(item.get(spec.keyed_by)) == key:
            return i
    raise gone


def _log(actor, association, spec, action, label, before, after) -> None:
    change_record(actor=actor, association=association, action=action, object_type=spec.code,
                  object_id=label[:120], object_label=label, before=before, after=after)


def _as_log(item: Any) -> Any:
    if isinstance(item, dict):
        return {k: v for k, v in item.items() if k != "key"}
    return {"text": item}


@transaction.atomic
def plan_entry_save(*, actor, association: Association, plan: Plan, list_name: str,
                    key: str | None, values: dict, expected_version: str | None = None) -> Any:
    """Add an entry at the end of a list (key None) or change the entry with this key.
    `expected_version` is `version_of` the entry as the form opened it: a change made
    meanwhile by someone else is a conflict and nothing is written."""
    spec = plan_list(list_name)
    locked = _plan_locked(actor=actor, association=association, plan=plan)
    items = spec.get(locked)
    i = _find(spec, items, key, expected_version) if key is not None else None
    old = items[i] if i is not None else None
    if old is not None and expected_version is not None and version_of(old) != expected_version:
        raise Conflict(what=f"{spec.what.capitalize()} ”{spec.label(old)}”",
                       current=_as_log(old))
    item = spec.build(values, old)
    if spec.keyed_by == "id" and old is None:
        item["id"] = rules.slug_of(item.get("risk") or "risk",
                                   [x.get("id") for x in items], fallback="risk")
    others = [x for j, x in enumerate(items) if j != i]
    errors = spec.problems(item, others)
    if errors:
        raise ValidationError(errors)
    if old is not None and item == old:
        return item
    if i is None:
        items.append(item)
    else:
        items[i] = item
    _touch(locked, spec.put(locked, items))
    _log(actor, association, spec, "update" if old is not None else "create", spec.label(item),
         _as_log(old) if old is not None else None, _as_log(item))
    return item


@transaction.atomic
def plan_entry_delete(*, actor, association: Association, plan: Plan, list_name: str, key: str,
                      expected_version: str | None = None) -> Any:
    """Remove an entry (the change log keeps it)."""
    spec = plan_list(list_name)
    locked = _plan_locked(actor=actor, association=association, plan=plan)
    items = spec.get(locked)
    i = _find(spec, items, key, expected_version)
    removed = items.pop(i)
    _touch(locked, spec.put(locked, items))
    _log(actor, association, spec, "delete", spec.label(removed), _as_log(removed), None)
    return removed


@transaction.atomic
def plan_entry_move(*, actor, association: Association, plan: Plan, list_name: str, key: str,
                    offset: int, expected_version: str | None = None) -> None:
    """Move an entry one step up (offset −1) or down (+1); at either end nothing changes."""
    if offset not in (-1, 1):
        raise ValidationError("En post flyttas ett steg upp eller ned.")
    spec = plan_list(list_name)
    locked = _plan_locked(actor=actor, association=association, plan=plan)
    items = spec.get(locked)
    i = _find(spec, items, key, expected_version)
    target = i + offset
    if not 0 <= target < len(items):
        return
    order_before = [spec.label(x) for x in items]
    items[i], items[target] = items[target], items[i]
    _touch(locked, spec.put(locked, items))
    _log(actor, association, spec, "move", spec.label(items[target]), {"order": order_before},
         {"order": [spec.label(x) for x in items]})


def share_percent(value: Decimal | None) -> Decimal | None:
    """A share 0–1 as the percent a form shows (0.4 → 40)."""
    return None if value is None else (value * 100).normalize()
