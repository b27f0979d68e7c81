"""A bounded load test: gunicorn (2 workers) on 127.0.0.1 in front of a database of its own
(PostgreSQL when DATABASE_URL names one), and up to 50 people signed in at once, reading the
main pages and saving budget lines through the web forms — as the secretariat's economy role
does in budget week. Every answer must be a page (200), a saved form's redirect (302) or the
conflict message of a save that came after another person's; anything
else is an error. Afterwards the database is checked: one change record per save, the lines
as many as before, each line's amount one that somebody saved.

    .venv/bin/python -m tests.loadtest --users 50 --seconds 120     # the bounded run
    DATABASE_URL=postgresql://… .venv/bin/python -m tests.loadtest  # on PostgreSQL

The short form runs in the test suite (tests/test_load.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import httpx

from tests.harness import ROOT, Database, database
from tests.web.html_forms import page_forms

PLAN = ROOT / "src" / "samordna" / "demo" / "plans" / "sydnarke-2022.yaml"
PASSWORD = "lasttest-lösenord-7Qx"
SLUG = "sydnarke"
MAX_USERS, MAX_SECONDS = 50, 120

SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from samordna.accounts.models import Membership
from samordna.economy.models import BudgetLine
from samordna.organisation.models import Association
import json
association = Association.objects.get(slug=%(slug)r)
password = make_password(%(password)r)
User = get_user_model()
for i in range(%(users)d):
    user = User.objects.create(username=f"ekonom{i}@example.se", email=f"ekonom{i}@example.se",
                               first_name="Ekonom", last_name=str(i), password=password)
    Membership.objects.create(user=user, association=association, role="economy")
lines = BudgetLine.objects.filter(entry__plan__association=association, entry__plan__year=2022,
                                  entry__column="budget").select_related("entry").order_by("pk")
print(json.dumps({
    "login": reverse("login"),
    "pages": [reverse(n, args=[association.slug]) for n in
              ("overview", "budget", "financing", "intervention_list", "review", "catalogue")],
    "lines": [[l.pk, reverse("budget_line_edit", args=[association.slug, 2022, "budget", l.side, l.slug])]
              for l in lines]}))
"""

CHECK = """
from samordna.audit.models import ChangeRecord
from samordna.economy.models import BudgetLine
import json
print(json.dumps({"records": ChangeRecord.objects.filter(object_type="budget_line", action="update").count(),
                  "lines": {l.pk: str(l.amount) for l in BudgetLine.objects.all()}}))
"""


@dataclass
class Outcome:
    requests: Counter = field(default_factory=Counter)  # "GET page", "POST save", …
    saved: dict[int, list[str]] = field(default_factory=dict)  # line → amounts saved
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with 2 workers on 127.0.0.1, as behind the TLS proxy of a production setup."""

    def __init__(self, db: Database, workers: int = 2):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**db.env, "SAMORDNA_BEHIND_TLS_PROXY": "1", "SAMORDNA_ALLOWED_HOSTS": "127.0.0.1",
               "SAMORDNA_DATA_DIR": tempfile.mkdtemp(prefix="samordna-load-")}
        self.log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "samordna.wsgi", "--workers", str(workers),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "60", "--log-level", "warning"],
            env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/logga-in/", headers={"X-Forwarded-Proto": "https"}).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start: {Path(self.log.name).read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def server_errors(self) -> str:
        text = Path(self.log.name).read_text(errors="replace")
        return text if "Traceback" in text or "Error" in text else ""


class Person:
    """One signed-in person with a browser's cookies. The session cookie is Secure (production),
    so the cookies are kept here and sent as the TLS proxy would pass them on."""

    def __init__(self, http: httpx.AsyncClient, base: str, outcome: Outcome):
        self.http, self.base, self.outcome = http, base, outcome
        self.cookies: dict[str, str] = {}

    async def request(self, method: str, path: str, kind: str, data: dict | None = None) -> httpx.Response:
        headers = {"X-Forwarded-Proto": "https", "Origin": "https://127.0.0.1" + self.base[16:]}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.monotonic()
        response = await self.http.request(method, self.base + path, data=data, headers=headers)
        self.outcome.latencies.append(time.monotonic() - started)
        self.outcome.requests[kind] += 1
        for header in response.headers.get_list("set-cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if response.status_code >= 500:
            self.outcome.errors.append(f"{method} {path}: {response.status_code}")
        return response

    def expect(self, response: httpx.Response, statuses: tuple[int, ...], what: str) -> bool:
        if response.status_code not in statuses:
            self.outcome.errors.append(f"{what}: {response.status_code} {response.headers.get('location', '')}")
            return False
        return True

    async def sign_in(self, username: str, login: str) -> bool:
        page = await self.request("GET", login, "GET login")
        form = next(f for f in page_forms(page.text, login) if "password" in f.fields)
        data = {**form.values, "username": username, "password": PASSWORD}
        return self.expect(await self.request("POST", login, "POST login", data), (302,), "sign in")

    async def save_line(self, pk: int, path: str, n: int) -> None:
        page = await self.request("GET", path, "GET line form")
        if not self.expect(page, (200,), f"line form {path}"):
            return
        form = next(f for f in page_forms(page.text, path) if f.action == path and f.method == "post")
        amount = f"{100_000 + n}"
        response = await self.request("POST", path, "POST save", {**form.values, "amount": amount})
        if response.status_code == 302:
            self.outcome.saved.setdefault(pk, []).append(amount + ".00")
        elif response.status_code == 200 and "sedan du öppnade sidan" in response.text:
            self.outcome.conflicts += 1  # someone saved the line after this form was opened
        else:
            self.expect(response, (302,), f"save {path}")


async def _person(i: int, base: str, setup: dict, deadline: float, outcome: Outcome, seed: int) -> None:
    rng = random.Random(seed * 1000 + i)
    async with httpx.AsyncClient(timeout=60, follow_redirects=False) as http:
        person = Person(http, base, outcome)
        if not await person.sign_in(f"ekonom{i}@example.se", setup["login"]):
            return
        n = i * 1_000
        while time.monotonic() < deadline:
            if rng.random() < 0.3:
                pk, path = setup["lines"][(i + n) % len(setup["lines"])]
                n += 1
                await person.save_line(pk, path, n)
            else:
                path = rng.choice(setup["pages"])
                person.expect(await person.request("GET", path, "GET page"), (200,), path)


async def _run(base: str, setup: dict, users: int, seconds: float, seed: int) -> Outcome:
    outcome = Outcome()
    deadline = time.monotonic() + seconds  # signing in included
    await asyncio.gather(*(_person(i, base, setup, deadline, outcome, seed) for i in range(users)))
    return outcome


def _json(result: subprocess.CompletedProcess) -> dict:
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(db: Database, *, users: int, seconds: float, seed: int = 1) -> dict:
    """Load the Sydnärke plan, make `users` economy people, serve, load, check. The figures."""
    if not 1 <= users <= MAX_USERS or not 0 < seconds <= MAX_SECONDS:
        raise ValueError(f"at most {MAX_USERS} users and {MAX_SECONDS} seconds")
    db.samordna("load", str(PLAN))
    setup = _json(db.samordna("shell", "-c", SETUP % {"slug": SLUG, "password": PASSWORD, "users": users}))
    before = _json(db.samordna("shell", "-c", CHECK))
    server = Server(db)
    try:
        started = time.monotonic()
        # A thread of its own: an event loop may already run in this one (Playwright's, in the suite).
        with ThreadPoolExecutor(1) as pool:
            outcome = pool.submit(asyncio.run, _run(server.base, setup, users, seconds, seed)).result()
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    after = _json(db.samordna("shell", "-c", CHECK))
    saves = sum(len(v) for v in outcome.saved.values())
    problems = list(outcome.errors)
    if after["records"] - before["records"] != saves:
        problems.append(f"{saves} saves but {after['records'] - before['records']} change records")
    if set(after["lines"]) != set(before["lines"]):
        problems.append("budget lines added or removed")
    for pk, amounts in outcome.saved.items():
        if after["lines"][str(pk)] not in amounts:
            problems.append(f"line {pk}: {after['lines'][str(pk)]} is not an amount anyone saved")
    if server.server_errors():
        problems.append("gunicorn logged: " + server.server_errors()[-2000:])
    latencies = sorted(outcome.latencies)
    return {
        "database": db.vendor, "users": users, "seconds": round(elapsed, 1),
        "requests": sum(outcome.requests.values()), "by_kind": dict(sorted(outcome.requests.items())),
        "saves": saves, "conflicts": outcome.conflicts, "lines_checked": len(outcome.saved),
        "change_records_added": after["records"] - before["records"],
        "median_ms": round(1000 * latencies[len(latencies) // 2]) if latencies else None,
        "p95_ms": round(1000 * latencies[int(len(latencies) * 0.95)]) if latencies else None,
        "errors": len(problems), "problems": problems[:20],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=MAX_USERS)
    parser.add_argument("--seconds", type=float, default=MAX_SECONDS - 10)  # the last answers come in
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("SAMORDNA_SECRET_KEY", "loadtest-only-" + "k3y-" * 16)
    os.environ.setdefault("SAMORDNA_SSL_REDIRECT", "0")
    with tempfile.TemporaryDirectory() as tmp:
        db = database(Path(tmp))
        try:
            figures = run(db, users=args.users, seconds=args.seconds, seed=args.seed)
        finally:
            db.drop()
            from tests.harness import drop_templates

            drop_templates()
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0 if figures["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
