"""Backups of the whole installation: every association, user, role, plan, version and the
change log — all that Samordna stores — in one file, and their restore.

The file (`samordna backup -o FILE`) is a gzip-compressed tar archive of two members:

- `manifest.json`: the format (`samordna-backup/1`), when and from which database it was
  taken, the schema version (every applied migration), the number of rows per model and
  the SHA-256 of the data;
- `data.json`: every row, as Django's JSON serializer writes it (primary keys kept, since
  identities last for life; permissions by their natural keys).

The snapshot is consistent: on PostgreSQL it is read in one REPEATABLE READ, READ ONLY
transaction; on SQLite a copy is first taken with SQLite's backup API and read from there, so
saves can go on meanwhile. Content types and permissions are made by `migrate`; sessions are
left out (everyone signs in again after a restore).

`samordna restore FILE` refuses (Swedish message, exit 2) a damaged file (checksum, archive),
a file of another schema version, and a database that already holds data unless `--force`
(which replaces all of it); it migrates an empty database first and restores in one
transaction, so a failed restore leaves the database as it was.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "samordna-backup/1"
MANIFEST, DATA = "manifest.json", "data.json"
# Made by `migrate` (content types, permissions) or not worth keeping (sessions).
LEFT_OUT = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
_SNAPSHOT = "samordna_backup_snapshot"


class BackupError(Exception):
    """A backup or restore that cannot be made; the message is Swedish, nothing was changed."""


@dataclass(frozen=True)
class Summary:
    path: Path
    rows: int
    models: int
    size: int


def backed_up_models() -> list:
    """Every model whose rows a backup holds, in an order where natural keys come first."""
    models = serializers.sort_dependencies(
        [(config, None) for config in apps.get_app_configs()], allow_cycles=True)
    return [m for m in models if m._meta.label_lower not in LEFT_OUT
            and not m._meta.proxy and m._meta.managed]


def _schema(alias: str) -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connections[alias]).applied_migrations())


def code_schema() -> list[list[str]]:
    """The migrations of this version of Samordna (what a migrated database has applied)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted([app, name] for app, name in loader.disk_migrations)


@contextlib.contextmanager
def _snapshot() -> Iterator[str]:
    """A database alias to read a consistent snapshot from."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "sqlite":
        directory = Path(tempfile.mkdtemp(prefix="samordna-backup-"))
        copy = directory / "snapshot.sqlite3"
        try:
            connection.ensure_connection()
            target = sqlite3.connect(copy)
            try:
                connection.connection.backup(target)  # SQLite's online backup: one consistent copy
            finally:
                target.close()
            connections.settings[_SNAPSHOT] = {**connections.settings[DEFAULT_DB_ALIAS], "NAME": str(copy)}
            try:
                yield _SNAPSHOT
            finally:
                connections[_SNAPSHOT].close()
                del connections[_SNAPSHOT]
                del connections.settings[_SNAPSHOT]
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield DEFAULT_DB_ALIAS


class _Encoder(DjangoJSONEncoder):
    """Django's JSON, but times keep their microseconds (Django's own rounds to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def _write_rows(models, alias: str, stream, counts: dict[str, int]) -> None:
    """Every row as Django's serializer describes it, as one JSON list, 500 rows at a time."""
    serializer = serializers.get_serializer("python")()
    stream.write(b"[")
    first = True
    for model in models:
        counts[model._meta.label_lower] = 0
        chunk: list = []
        for obj in model._default_manager.using(alias).order_by("pk").iterator(chunk_size=2000):
            chunk.append(obj)
            if len(chunk) == 500:
                first = _dump(serializer, chunk, stream, first)
                counts[model._meta.label_lower] += len(chunk)
                chunk = []
        first = _dump(serializer, chunk, stream, first)
        counts[model._meta.label_lower] += len(chunk)
    stream.write(b"]")


def _dump(serializer, objects: list, stream, first: bool) -> bool:
    if not objects:
        return first
    for item in serializer.serialize(objects, use_natural_foreign_keys=True,
                                     use_natural_primary_keys=False):
        stream.write((b"" if first else b",\n") + json.dumps(item, cls=_Encoder,
                                                              ensure_ascii=False).encode("utf-8"))
        first = False
    return first


def backup(*, path: Path) -> Summary:
    """Write a backup of the whole installation to `path` (written aside, then moved there)."""
    path = Path(path)
    models = backed_up_models()
    counts: dict[str, int] = {}
    data = tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024)
    with _snapshot() as alias:
        schema = _schema(alias)
        _write_rows(models, alias, data, counts)
    digest, size = hashlib.sha256(), data.tell()
    data.seek(0)
    for chunk in iter(lambda: data.read(1 << 20), b""):
        digest.update(chunk)
    manifest = {
        "format": FORMAT, "created_at": timezone.now().isoformat(),
        "database": connections[DEFAULT_DB_ALIAS].vendor, "schema": schema,
        "models": counts, "rows": sum(counts.values()),
        "sha256": {DATA: digest.hexdigest()}, "bytes": {DATA: size},
    }
    body = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".samordna-backup-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz, \
                tarfile.open(fileobj=gz, mode="w") as tar:
            _add(tar, MANIFEST, io.BytesIO(body), len(body))
            data.seek(0)
            _add(tar, DATA, data, size)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    finally:
        data.close()
    return Summary(path=path, rows=manifest["rows"], models=len(counts), size=path.stat().st_size)


def _add(tar: tarfile.TarFile, name: str, stream, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, int(datetime.now().timestamp())
    tar.addfile(info, stream)


# ---------------------------------------------------------------- restore


@dataclass(frozen=True)
class Archive:
    manifest: dict
    data: bytes


DAMAGED = "Filen är skadad eller ingen säkerhetskopia från Samordna"


def read_archive(path: Path) -> Archive:
    """The manifest and data of a backup file, checked (BackupError, Swedish, if not)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: filen finns inte.")
    members: dict[str, bytes] = {}
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            for member in tar:
                if member.name in (MANIFEST, DATA) and member.isfile():
                    members[member.name] = tar.extractfile(member).read()
    except (tarfile.TarError, OSError, EOFError, gzip.BadGzipFile, ValueError) as exc:
        raise BackupError(f"{path}: {DAMAGED} (arkivet kan inte läsas).") from exc
    if set(members) != {MANIFEST, DATA}:
        raise BackupError(f"{path}: {DAMAGED} (manifest eller data saknas).")
    try:
        manifest = json.loads(members[MANIFEST])
    except ValueError as exc:
        raise BackupError(f"{path}: {DAMAGED} (manifestet kan inte läsas).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: {DAMAGED} (okänt format).")
    expected = (manifest.get("sha256") or {}).get(DATA)
    if hashlib.sha256(members[DATA]).hexdigest() != expected:
        raise BackupError(f"{path}: {DAMAGED}: kontrollsumman stämmer inte, så innehållet har "
                          f"ändrats eller skadats. Inget har återställts.")
    return Archive(manifest=manifest, data=members[DATA])


def _schema_difference(wanted: list, have: list) -> str:
    missing = [f"{a}.{n}" for a, n in wanted if [a, n] not in have]
    extra = [f"{a}.{n}" for a, n in have if [a, n] not in wanted]
    parts = []
    if missing:
        parts.append(f"kopian har {len(missing)} migrering(ar) som den här versionen saknar "
                     f"(t.ex. {missing[0]})")
    if extra:
        parts.append(f"den här versionen har {len(extra)} migrering(ar) som kopian saknar "
                     f"(t.ex. {extra[0]})")
    return "; ".join(parts)


def _rows_present(models) -> int:
    return sum(m._default_manager.using(DEFAULT_DB_ALIAS).count() for m in models)


def restore(*, path: Path, force: bool = False) -> Summary:
    """Restore a backup into this database; all or nothing (BackupError, Swedish)."""
    archive = read_archive(path)
    schema = archive.manifest.get("schema")
    if schema != code_schema():
        raise BackupError(f"{path}: säkerhetskopian är från en annan schemaversion: "
                          f"{_schema_difference(schema or [], code_schema())}. Återställ den med "
                          f"samma version av Samordna som gjorde den. Inget har återställts.")
    connection = connections[DEFAULT_DB_ALIAS]
    if _schema(DEFAULT_DB_ALIAS) != schema:
        call_command("migrate", verbosity=0, interactive=False)  # an empty database gets its tables
    if _schema(DEFAULT_DB_ALIAS) != schema:
        raise BackupError(f"{path}: databasen har en annan schemaversion än kopian: "
                          f"{_schema_difference(schema, _schema(DEFAULT_DB_ALIAS))}. Inget har återställts.")
    models = backed_up_models()
    present = _rows_present(models)
    if present and not force:
        raise BackupError(f"Databasen innehåller redan uppgifter ({present} poster). Återställ till en "
                          f"tom databas, eller ange --force för att ersätta allt som finns i den. "
                          f"Inget har återställts.")
    counts: dict[str, int] = {}
    try:
        with transaction.atomic():
            if present:  # empty every table (numbering restarted), as a new database has them
                tables = [m._meta.db_table for m in models] + [
                    f.remote_field.through._meta.db_table for m in models
                    for f in m._meta.local_many_to_many if f.remote_field.through._meta.auto_created]
                with connection.cursor() as cursor:
                    for sql in connection.ops.sql_flush(no_style(), tables, reset_sequences=True):
                        cursor.execute(sql)
            later = []
            for item in serializers.deserialize("python", json.loads(archive.data),
                                                handle_forward_references=True):
                item.save()
                if item.deferred_fields:
                    later.append(item)
                label = item.object._meta.label_lower
                counts[label] = counts.get(label, 0) + 1
            for item in later:
                item.save_deferred_fields()
            wanted = {k: v for k, v in archive.manifest.get("models", {}).items() if v}
            if counts != wanted:
                raise BackupError(f"{path}: {DAMAGED} (antalet poster stämmer inte med manifestet). "
                                  f"Inget har återställts.")
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
            connection.check_constraints()
    except BackupError:
        raise
    except (serializers.base.DeserializationError, IntegrityError, ValueError, LookupError) as exc:
        raise BackupError(f"{path}: {DAMAGED} (data kan inte läsas). Inget har återställts.") from exc
    return Summary(path=Path(path), rows=sum(counts.values()), models=len(counts),
                   size=Path(path).stat().st_size)
