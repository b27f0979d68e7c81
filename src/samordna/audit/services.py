"""Recording a change: called by every write service inside its transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from samordna.organisation.models import Association

from .models import ChangeRecord
from .vocabulary import ACTION_LABELS, OBJECT_LABELS

MAX_LABEL = 300


def jsonable(value: Any) -> Any:
    """Decimals, dates and tuples as JSON (amounts as strings so they stay exact)."""
    if isinstance(value, Decimal):  # 65000.00 and 65000 are the same amount: write "65000"
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


def actor_name(actor) -> str:
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return full or getattr(actor, "username", "") or "okänd"


def change_record(*, actor, association: Association, action: str, object_type: str,
                  object_id: Any, object_label: str, before: dict | None = None,
                  after: dict | None = None, changes: list | None = None) -> ChangeRecord:
    """Write one change-log row. `action` and `object_type` are codes of audit.vocabulary."""
    if action not in ACTION_LABELS or object_type not in OBJECT_LABELS:
        raise KeyError(f"unknown change-log code {action!r}/{object_type!r}")
    user = actor if getattr(actor, "pk", None) and not getattr(actor, "is_system", False) else None
    label = str(object_label)[:MAX_LABEL]
    summary = f"{ACTION_LABELS[action]}: {OBJECT_LABELS[object_type]} {label}"[:500]
    return ChangeRecord.objects.create(
        association=association, actor=user, actor_name=actor_name(actor)[:200], action=action,
        object_type=object_type, object_id=str(object_id)[:120], object_label=label,
        summary=summary, before=jsonable(before), after=jsonable(after),
        changes=jsonable(changes or []))


def last_change(*, association: Association, object_type: str, object_id: Any) -> ChangeRecord | None:
    return (ChangeRecord.objects.filter(association=association, object_type=object_type,
                                        object_id=str(object_id)).order_by("-at", "-id").first())


def revision_check(*, obj, expected: int | None, association: Association, object_type: str,
                   what: str, current: dict) -> None:
    """Refuse a stale edit: `expected` is the revision the person's form was opened at."""
    from samordna.core.exceptions import Conflict

    if expected is None or expected == obj.revision:
        return
    last = last_change(association=association, object_type=object_type, object_id=obj.pk)
    raise Conflict(what=what, current=jsonable(current), by=last.actor_name if last else None,
                   at=last.at if last else None)
