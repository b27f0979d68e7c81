"""Editors saving at the same time, through the web pages, in threads of one process:
`python -m tests.concurrent_saves EDITORS SAVES` with DATABASE_URL naming a database that has
the Sydnärke demo plan loaded. Run by tests/test_concurrency.py in its own process (a real
file database, as in production); prints one JSON object with every answer.

- "own": each editor saves its own budget line SAVES times (nothing may fail);
- "same": every editor saves the same line SAVES times, each time opening the page first: a
  save is stored, or refused with the conflict message when another editor saved since the
  page was opened — never a 500, never an edit lost without a word;
- "load": the same line is saved while another thread loads a plan file.
"""

from __future__ import annotations

import json
import os
import sys
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from samordna.accounts.models import Membership  # noqa: E402
from samordna.economy.services import budget_line_save, plan_load  # noqa: E402
from samordna.organisation.models import Association  # noqa: E402
from tests.web.html_forms import page_forms  # noqa: E402

SLUG, YEAR, COLUMN, SIDE = "sydnarke", 2022, "budget", "cost"
CONFLICT = "sedan du öppnade sidan"


def _editors(n: int) -> list[Client]:
    association = Association.objects.get(slug=SLUG)
    clients = []
    for i in range(n):
        user, _ = get_user_model().objects.get_or_create(username=f"redaktor{i}")
        Membership.objects.get_or_create(user=user, association=association,
                                         defaults={"role": "economy"})
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        clients.append(client)
    return clients


def _lines(n: int) -> list[str]:
    """n budget lines of their own, created through the service."""
    from samordna.accounts.permissions import SYSTEM
    from samordna.economy.models import Plan

    plan = Plan.objects.get(association__slug=SLUG, year=YEAR)
    slugs = []
    for i in range(n):
        line = budget_line_save(actor=SYSTEM, association=plan.association, plan=plan, year=YEAR,
                                column=COLUMN, side=SIDE, line_slug=None, label=f"Egen rad {i}",
                                kind="other", amount=0)
        slugs.append(line.slug)
    return slugs


def _save(client: Client, line: str, amount: int) -> dict:
    """Open the line's page, change the amount in its form and save, as a person would."""
    url = reverse("budget_line_edit", args=[SLUG, YEAR, COLUMN, SIDE, line])
    page = client.get(url)
    if page.status_code != 200:
        return {"amount": amount, "status": page.status_code, "phase": "get"}
    form = next(f for f in page_forms(page.content.decode(), url) if f.action == url)
    response = client.post(url, {**form.values, "amount": str(amount)})
    body = response.content.decode() if response.status_code == 200 else ""
    return {"amount": amount, "status": response.status_code, "conflict": CONFLICT in body}


def _run(clients: list[Client], lines: list[str], saves: int, *, extra=None) -> list[dict]:
    results: list[list[dict]] = [[] for _ in clients]
    barrier = threading.Barrier(len(clients) + (1 if extra else 0))

    def work(i: int) -> None:
        barrier.wait()
        try:
            for k in range(saves):
                results[i].append(_save(clients[i], lines[i], (i + 1) * 1000 + k))
        except Exception as exc:  # an uncaught error in the view is a 500 to the person
            results[i].append({"amount": None, "status": 500, "error": repr(exc)})
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(clients))]
    if extra:
        def run_extra() -> None:
            barrier.wait()
            try:
                extra()
            finally:
                connection.close()
        threads.append(threading.Thread(target=run_extra))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [r for rs in results for r in rs]


def main(editors: int, saves: int) -> dict:
    clients = _editors(editors)
    own_lines = _lines(editors)
    shared = own_lines[0]
    out = {"own_lines": own_lines, "shared": shared}
    out["own"] = _run(clients, own_lines, saves)
    out["same"] = _run(clients, [shared] * editors, saves)
    plan_file = os.environ["SAMORDNA_EXTRA_PLAN"]
    loads: list[str] = []

    def load() -> None:
        for _ in range(2):
            try:
                plan_load(data=open(plan_file, "rb").read())
                loads.append("ok")
            except Exception as exc:
                loads.append(repr(exc))

    out["load"] = _run(clients[:4], [shared] * 4, max(saves // 2, 1), extra=load)
    out["loads"] = loads
    return out


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
