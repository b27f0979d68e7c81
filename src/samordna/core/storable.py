"""The services' last check before a row is written: every value fits its column.

Forms and the plan-file reader bound their input first, with messages that name the field
or the path; this check runs again in the services (`economy.store.assign` and the services
that save directly), so a value that slipped past an edge — a new form, an importer, a
command — is refused with a Swedish ValidationError instead of being stored where it cannot
be read back (a Decimal column on SQLite) or making PostgreSQL fail. The limits are those of
`finsam.bounds`, the same whatever the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from samordna.finsam import bounds as b

_JSON_NUMBER = Decimal(10) ** 15


def _json_problem(value: Any, depth: int = 0) -> str | None:
    if depth > 50:
        return "är för djupt nästlad"
    if isinstance(value, str):
        return b.text_problem(value)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return None if abs(value) < _JSON_NUMBER else "innehåller ett orimligt stort tal"
    if isinstance(value, float):
        return "innehåller ett flyttal" if value != value or value in (float("inf"), float("-inf")) \
            else None
    if isinstance(value, dict):
        for key, item in value.items():
            problem = _json_problem(str(key), depth + 1) or _json_problem(item, depth + 1)
            if problem:
                return problem
        return None
    if isinstance(value, list | tuple):
        for item in value:
            problem = _json_problem(item, depth + 1)
            if problem:
                return problem
    return None


def value_problem(field: models.Field, value: Any) -> str | None:
    """Why `value` does not fit `field`'s column, in Swedish, or None."""
    if value is None or field.is_relation or field.primary_key:
        return None
    if isinstance(field, models.JSONField):
        return _json_problem(value)
    if isinstance(field, models.CharField | models.TextField):
        if not isinstance(value, str):
            return None
        return b.text_problem(value, field.max_length or b.TEXT)
    if isinstance(field, models.DecimalField):
        if not isinstance(value, Decimal):
            return None
        return b.number_problem(value, maximum=Decimal(10) ** (field.max_digits - field.decimal_places),
                                places=field.decimal_places)
    if isinstance(field, models.IntegerField):
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        positive = isinstance(field, models.PositiveIntegerField | models.PositiveBigIntegerField
                              | models.PositiveSmallIntegerField)
        return b.integer_problem(value, minimum=0 if positive else -b.MAX_INTEGER)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        if isinstance(value, date) and not isinstance(value, datetime):
            return b.date_problem(value)
    return None


def row_check(obj: models.Model, names: Iterable[str] | None = None) -> None:
    """Raise ValidationError (Swedish) when a value of `obj` (or of the fields `names`) does
    not fit its column; nothing is written."""
    wanted = None if names is None else set(names)
    errors = []
    for field in obj._meta.concrete_fields:
        if wanted is not None and field.name not in wanted and field.attname not in wanted:
            continue
        problem = value_problem(field, getattr(obj, field.attname))
        if problem:
            errors.append(f"{str(obj._meta.verbose_name).capitalize()}, {field.verbose_name}: "
                          f"{problem}.")
    if errors:
        raise ValidationError(errors)
