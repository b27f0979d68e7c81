"""A real database of its own for tests that run `samordna` in other processes: crash safety
(SIGKILL during a load or an import), concurrent saves, backup and restore, the load test.

    db = database(tmp_path)                   # a migrated, empty database of its own
    db.samordna("load", "plan.yaml")          # a `samordna` command against it
    before = db.dump()                        # every row of every table
    outcome = kill_during_write(db, ["load", "plan.yaml"], delay=0.05)
    assert db.integrity_problems() == [] and db.dump() == before

On SQLite the database is a file (WAL, as in production); when the test run itself is on
PostgreSQL (DATABASE_URL), it is a new database on the same server, dropped afterwards. A
migrated template is made once per test session and copied, so each database costs little.
Any command works with `kill_during_write` — the participant importer's too:
`kill_during_write(db, ["import", "deltagare.xlsx"], delay=…)`.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
SAMORDNA = [sys.executable, "-m", "samordna.cli"]


def _postgres_server() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _pg_connect(url: str, dbname: str | None = None):
    import psycopg

    parts = urlsplit(url)
    if dbname is not None:
        parts = parts._replace(path="/" + dbname)
    return psycopg.connect(urlunsplit(parts), autocommit=True)


@dataclass
class Database:
    """One database for subprocesses: its URL, the environment to run `samordna` with."""

    url: str
    vendor: str  # "sqlite" or "postgresql"
    path: Path | None = None  # the SQLite file
    name: str | None = None  # the PostgreSQL database
    env: dict[str, str] = field(default_factory=dict)

    # -- running commands
    def command(self, *args: str) -> list[str]:
        return [*SAMORDNA, *args]

    def samordna(self, *args: str, check: bool = True, timeout: float = 300, input: str | None = None,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        """`samordna ARGS` against this database (`env`: more variables, e.g. SAMORDNA_DEBUG=1 for
        `demo`, which refuses to create its published-password users in production)."""
        result = subprocess.run(self.command(*args), env={**self.env, **(env or {})}, cwd=ROOT, capture_output=True,
                                text=True, timeout=timeout, input=input)
        if check and result.returncode != 0:
            raise AssertionError(f"samordna {' '.join(args)} → {result.returncode}\n{result.stdout}\n"
                                 f"{result.stderr}")
        return result

    def python(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """`python ARGS` with this database (e.g. `-m tests.concurrent_saves`)."""
        return subprocess.run([sys.executable, *args], env=self.env, cwd=ROOT, capture_output=True,
                              text=True, timeout=timeout)

    # -- looking at it directly, without Django
    def _connect(self):
        if self.vendor == "sqlite":
            return sqlite3.connect(self.path, timeout=30)
        return _pg_connect(self.url)

    def tables(self) -> list[str]:
        with self._closing() as conn:
            if self.vendor == "sqlite":
                rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                    "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
            else:
                rows = conn.execute("SELECT table_name FROM information_schema.tables WHERE "
                                    "table_schema = 'public' ORDER BY table_name").fetchall()
        return [r[0] for r in rows]

    def _closing(self):
        conn = self._connect()

        class _Ctx:
            def __enter__(self_inner):
                return conn

            def __exit__(self_inner, *exc):
                conn.close()

        return _Ctx()

    def dump(self, *, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
        """Every row of every table (ordered by all its columns), to compare before and after."""
        out = {}
        with self._closing() as conn:
            for table in self.tables():
                if table in skip:
                    continue
                cur = conn.execute(f'SELECT * FROM "{table}" LIMIT 0')
                n = len(cur.description)
                order = ", ".join(str(i) for i in range(1, n + 1))
                rows = conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()
                out[table] = [tuple(r) for r in rows]
        return out

    def counts(self) -> dict[str, int]:
        with self._closing() as conn:
            return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in self.tables()}

    def integrity_problems(self) -> list[str]:
        """SQLite: `PRAGMA integrity_check` and `foreign_key_check`. PostgreSQL: no session of
        a killed process left holding a transaction."""
        with self._closing() as conn:
            if self.vendor == "sqlite":
                problems = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
                problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check").fetchall()]
                return problems
            for _ in range(200):
                open_ = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND "
                                     "pid <> pg_backend_pid() AND xact_start IS NOT NULL",
                                     (self.name,)).fetchone()[0]
                if open_ == 0:
                    return []
                time.sleep(0.05)
            return [f"{open_} transaction(s) of a killed process still open"]

    def writing(self) -> bool:
        """Whether another process is inside a write transaction right now."""
        if self.vendor == "sqlite":
            probe = sqlite3.connect(self.path, timeout=0, isolation_level=None)
            try:
                probe.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:
                return True
            finally:
                if probe.in_transaction:
                    probe.execute("ROLLBACK")
                probe.close()
            return False
        with self._closing() as conn:
            return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND "
                                "pid <> pg_backend_pid() AND backend_xid IS NOT NULL",
                                (self.name,)).fetchone()[0] > 0

    def copy(self, directory: Path) -> Database:
        """Another database with the same contents (SQLite: the file; PostgreSQL: a template)."""
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            path = directory / f"samordna-{uuid.uuid4().hex[:6]}.sqlite3"
            shutil.copyfile(self.path, path)
            db = Database(url=f"sqlite:///{path}", vendor="sqlite", path=path)
        else:
            name = f"samordna_test_{uuid.uuid4().hex[:10]}"
            with _pg_connect(_postgres_server()) as conn:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
            db = Database(url=urlunsplit(urlsplit(self.url)._replace(path="/" + name)),
                          vendor="postgresql", name=name)
        db.env = {**self.env, "DATABASE_URL": db.url}
        return db

    def drop(self) -> None:
        if self.vendor == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return
        server = _postgres_server()
        with _pg_connect(server) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="samordna.settings",
               PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "src"), env.get("PYTHONPATH", "")]))
    return env


_TEMPLATE: dict[str, Database] = {}


def _template() -> Database:
    """A migrated empty database, made once per test session."""
    server = _postgres_server()
    key = server or "sqlite"
    if key in _TEMPLATE:
        return _TEMPLATE[key]
    if server is None:
        path = Path(tempfile.mkdtemp(prefix="samordna-template-")) / "template.sqlite3"
        db = Database(url=f"sqlite:///{path}", vendor="sqlite", path=path)
    else:
        name = f"samordna_template_{uuid.uuid4().hex[:8]}"
        with _pg_connect(server) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        db = Database(url=urlunsplit(urlsplit(server)._replace(path="/" + name)), vendor="postgresql",
                      name=name)
    db.env = _env(db.url)
    db.samordna("migrate", "--noinput", "-v0")
    if db.vendor == "sqlite":  # fold the WAL into the file so that a copy is complete
        with sqlite3.connect(db.path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _TEMPLATE[key] = db
    return db


def database(tmp_path: Path, *, migrated: bool = True) -> Database:
    """A database of its own for one test: migrated and empty (or not even migrated)."""
    server = _postgres_server()
    if server is None:
        path = tmp_path / f"samordna-{uuid.uuid4().hex[:6]}.sqlite3"
        if migrated:
            shutil.copyfile(_template().path, path)
        db = Database(url=f"sqlite:///{path}", vendor="sqlite", path=path)
    else:
        name = f"samordna_test_{uuid.uuid4().hex[:10]}"
        with _pg_connect(server) as conn:
            if migrated:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_template().name}"')
            else:
                conn.execute(f'CREATE DATABASE "{name}"')
        db = Database(url=urlunsplit(urlsplit(server)._replace(path="/" + name)), vendor="postgresql",
                      name=name)
    db.env = _env(db.url)
    return db


def drop_templates() -> None:
    for db in _TEMPLATE.values():
        if db.vendor == "postgresql":
            db.drop()
        else:
            shutil.rmtree(db.path.parent, ignore_errors=True)
    _TEMPLATE.clear()


@dataclass
class KillOutcome:
    writing_seen: bool  # the process was seen inside its write transaction before the kill
    finished: bool  # it had already finished (and committed) when the kill came
    returncode: int | None


def write_duration(db: Database, args: list[str], *, timeout: float = 300) -> float:
    """Run `samordna ARGS` to the end; how long it held its write transaction (seconds)."""
    proc = subprocess.Popen(db.command(*args), env=db.env, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    start = end = None
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        writing = db.writing()
        now = time.monotonic()
        if writing and start is None:
            start = now
        elif not writing and start is not None:
            end = now
            break
        time.sleep(0.005)
    proc.wait(timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"samordna {' '.join(args)} → {proc.returncode}")
    if start is None:
        raise AssertionError(f"samordna {' '.join(args)} was never seen writing")
    return (end or time.monotonic()) - start


def kill_during_write(db: Database, args: list[str], *, delay: float, timeout: float = 120) -> KillOutcome:
    """Run `samordna ARGS`, wait until it is inside its write transaction, wait `delay`
    seconds more, then SIGKILL it. The caller then checks the database."""
    proc = subprocess.Popen(db.command(*args), env=db.env, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    seen = False
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if db.writing():
                seen = True
                break
            time.sleep(0.005)
        if seen and delay:
            time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return KillOutcome(writing_seen=seen, finished=finished, returncode=proc.returncode)
