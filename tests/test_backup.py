"""`samordna backup` and `samordna restore`: the whole installation in one file and back —
every table equal after a round trip into an empty database — and every refusal in Swedish
with exit code 2, nothing changed: a damaged file, another schema version, a database that
already holds data (unless --force)."""

from __future__ import annotations

import gzip
import io
import json
import tarfile

import pytest

from tests.harness import database

# Rows a restore makes anew or leaves out: applied-at times of migrations, sessions.
VOLATILE = ("django_session", "django_migrations")
GROUP = ("from django.contrib.auth.models import Group, Permission, User; "
         "g = Group.objects.create(name='Revisorer'); "
         "g.permissions.add(Permission.objects.get(codename='view_user')); "
         "User.objects.get(username='demo').groups.add(g); "
         "User.objects.get(username='styrelse').user_permissions.add(Permission.objects.get(codename='add_group'))")


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """An installation with three associations, users, roles, a group, versions and changes."""
    directory = tmp_path_factory.mktemp("backup")
    db = database(directory)
    db.samordna("demo", env={"SAMORDNA_DEBUG": "1"})
    db.samordna("shell", "-c", GROUP)
    file = directory / "samordna.tar.gz"
    result = db.samordna("backup", "-o", str(file))
    assert result.stdout.startswith(f"Säkerhetskopia skriven: {file} (")
    yield db, file
    db.drop()


def _migrations(db) -> list[tuple]:
    with db._closing() as conn:
        return sorted(tuple(r) for r in conn.execute("SELECT app, name FROM django_migrations").fetchall())


def test_a_backup_restores_every_table_into_an_empty_database(source, tmp_path):
    db, file = source
    target = database(tmp_path, migrated=False)  # not even migrated: restore makes the tables
    try:
        result = target.samordna("restore", str(file))
        manifest = json.loads(tarfile.open(file).extractfile("manifest.json").read())
        assert result.stdout == f"Återställde {manifest['rows']} poster i " \
                                f"{sum(1 for n in manifest['models'].values() if n)} tabeller från {file}.\n"
        want, got = db.dump(skip=VOLATILE), target.dump(skip=VOLATILE)
        assert sorted(got) == sorted(want)
        assert {t: len(rows) for t, rows in got.items()} == {t: len(rows) for t, rows in want.items()}
        assert got == want
        assert _migrations(target) == _migrations(db)
        assert target.integrity_problems() == []
        assert min(len(want[t]) for t in ("audit_changerecord", "economy_planversion", "accounts_membership",
                                           "auth_user", "auth_group_permissions", "interventions_intervention")) > 0
        # and the restored installation works: a plan exports and loads unchanged
        exported = tmp_path / "sydnarke.yaml"
        target.samordna("export", "sydnarke", "-o", str(exported))
        assert "ingen ändring" in target.samordna("load", "--dry-run", str(exported)).stdout
    finally:
        target.drop()


def test_a_restore_into_a_database_with_data_is_refused_unless_forced(source, tmp_path):
    db, file = source
    target = db.copy(tmp_path)
    try:
        target.samordna("shell", "-c", "from samordna.organisation.models import Association; "
                                       "Association.objects.filter(slug='sydnarke').update(name='Ändrat')")
        before = target.dump()
        refused = target.samordna("restore", str(file), check=False)
        assert refused.returncode == 2
        assert "Databasen innehåller redan uppgifter (" in refused.stderr
        assert "ange --force för att ersätta allt som finns i den. Inget har återställts." in refused.stderr
        assert target.dump() == before
        target.samordna("restore", "--force", str(file))
        assert target.dump(skip=VOLATILE) == db.dump(skip=VOLATILE)
    finally:
        target.drop()


def _rewritten(file, tmp_path, *, manifest=None, data=None):
    with tarfile.open(file) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar}
    if manifest:
        members["manifest.json"] = json.dumps(manifest(json.loads(members["manifest.json"]))).encode()
    if data:
        members["data.json"] = data(members["data.json"])
    out = tmp_path / "changed.tar.gz"
    with tarfile.open(out, "w:gz") as tar:
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return out


@pytest.mark.parametrize(("damage", "message"), [
    ("one byte", "Filen är skadad eller ingen säkerhetskopia från Samordna: kontrollsumman stämmer inte, "
                 "så innehållet har ändrats eller skadats. Inget har återställts."),
    ("truncated", "Filen är skadad eller ingen säkerhetskopia från Samordna (arkivet kan inte läsas)."),
    ("schema", "säkerhetskopian är från en annan schemaversion: kopian har 1 migrering(ar) som den här "
               "versionen saknar (t.ex. economy.9999_framtid). Återställ den med samma version av "
               "Samordna som gjorde den. Inget har återställts."),
    ("not a backup", "Filen är skadad eller ingen säkerhetskopia från Samordna (arkivet kan inte läsas)."),
])
def test_a_damaged_or_foreign_backup_is_refused_and_nothing_restored(source, tmp_path, damage, message):
    _, file = source
    if damage == "one byte":
        changed = _rewritten(file, tmp_path, data=lambda d: d[:len(d) // 2] + bytes([d[len(d) // 2] ^ 1])
                             + d[len(d) // 2 + 1:])
    elif damage == "truncated":
        changed = tmp_path / "cut.tar.gz"
        changed.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    elif damage == "schema":
        changed = _rewritten(file, tmp_path, manifest=lambda m: {
            **m, "schema": sorted([*m["schema"], ["economy", "9999_framtid"]])})
    else:
        changed = tmp_path / "plan.tar.gz"
        changed.write_bytes(gzip.compress(b"format: samordna/1\n"))
    target = database(tmp_path, migrated=False)
    try:
        result = target.samordna("restore", str(changed), check=False)
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == f"CommandError: {changed}: {message}\n"
        assert target.tables() == []  # nothing was made, not even the tables
    finally:
        target.drop()
