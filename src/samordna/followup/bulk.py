"""Writing thousands of follow-up rows in one statement each way (`executemany`).

Django's `bulk_create` splits an INSERT by the database's parameter limit and `bulk_update`
builds one CASE expression per field and row; with them a 10 000-row import took 1.8 s
(all new), 3.2 s (nothing changed: every row was loaded as a model) and 5.2 s (every row
changed) on SQLite; with these helpers and rows read as values 0.8 s, 0.4 s and 0.8 s
(`make bench-followup`, docs/benchmarks.md), on SQLite and PostgreSQL alike. Values
are adapted by the fields themselves where the database needs it (dates, times, JSON).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models

_ADAPTED = (models.DateField, models.DateTimeField, models.JSONField, models.DecimalField)


def _adapter(field):
    if isinstance(field, _ADAPTED):
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: value


def insert_rows(model: type[models.Model], rows: Iterable[dict]) -> int:
    """Insert rows given as {attname: value}; fields with auto_now(_add) get the time."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now_fields = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    adapters = [_adapter(f) for f in fields]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    defaults = {f.attname: f.get_default() for f in fields}
    if now_fields:
        from django.utils import timezone

        now = timezone.now()
        defaults.update({f.attname: now for f in now_fields})
    params = [[adapt({**defaults, **row}[f.attname]) for f, adapt in zip(fields, adapters, strict=True)]
              for row in rows]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
    return len(params)


def update_rows(model: type[models.Model], names: list[str], rows: Iterable[tuple[int, dict]]) -> int:
    """Update the attnames `names` of rows given as (pk, {attname: value}); auto_now fields
    are set to now."""
    fields = [model._meta.get_field(n) for n in names]
    now_fields = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) and f not in fields]
    adapters = [_adapter(f) for f in fields]
    quote = connection.ops.quote_name
    sets = [f"{quote(f.column)} = %s" for f in [*fields, *now_fields]]
    sql = f"UPDATE {quote(model._meta.db_table)} SET {', '.join(sets)} WHERE {quote(model._meta.pk.column)} = %s"
    extra = []
    if now_fields:
        from django.utils import timezone

        extra = [_adapter(f)(timezone.now()) for f in now_fields]
    params = [[*(adapt(values[f.attname]) for f, adapt in zip(fields, adapters, strict=True)), *extra, pk]
              for pk, values in rows]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
    return len(params)
