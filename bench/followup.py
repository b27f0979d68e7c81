"""Follow-up benchmark: `make bench-followup` (or `.venv/bin/python bench/followup.py [ROWS]`).

Generates a de-identified record file of ROWS rows (default 10 000, every column filled,
deterministic) for the Sjuhärad demo plan's interventions and times, on a fresh database:
reading the CSV, checking every cell, the first import (all rows new), the same file again
(nothing changes), a file where every row changes, the year's figures and the goals page.
Writes only to var/bench-followup/.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
os.environ.setdefault("SAMORDNA_DEBUG", "1")  # a development database; no production secret key
os.environ.setdefault("SAMORDNA_DATA_DIR", str(ROOT / "var" / "bench-followup"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from samordna.accounts.permissions import SYSTEM  # noqa: E402
from samordna.accounts.services import assignment_set, membership_grant  # noqa: E402
from samordna.economy.models import Plan  # noqa: E402
from samordna.economy.selectors import plan_data  # noqa: E402
from samordna.finsam import followup as fu  # noqa: E402
from samordna.finsam import followup_file as ff  # noqa: E402
from samordna.followup.demo import Profile, _records  # noqa: E402
from samordna.followup.files import read_table, write_csv  # noqa: E402
from samordna.followup.models import Enrolment  # noqa: E402
from samordna.followup.selectors import followup_data, records_of  # noqa: E402
from samordna.followup.services import followup_import  # noqa: E402


def once(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"| {label} | {(time.perf_counter() - start) * 1000:.0f} ms | 1 |")
    return result


def timed(label: str, fn, repeat: int = 5) -> None:
    fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    print(f"| {label} | {statistics.median(runs) * 1000:.0f} ms | {repeat} |")


def generated(plan, rows: int) -> bytes:
    """ROWS records spread over the plan's record-mode interventions, every column filled."""
    ivs = [iv for iv in plan.interventions if iv.level == "individual" and iv.id != "puls"]
    records = []
    for i, iv in enumerate(ivs):
        n = rows // len(ivs) + (1 if i < rows % len(ivs) else 0)
        records += _records(plan, iv, Profile(enrolments=n, complete=1.0), plan.plan.year)
    header, table = ff.records_table(records)
    return write_csv(header, table)


BACKEND = "django.contrib.auth.backends.ModelBackend"


def web_import(client, header, table) -> None:
    """The page's way: upload (preview, nothing saved), then confirm with the signed token."""
    import re
    from io import BytesIO

    client.get("/f/sjuharad/uppfoljning/import/")  # the first request loads the URLs and templates
    content = write_csv(header, table)
    upload = BytesIO(content)
    upload.name = "poster.csv"
    page = once("web: upload and preview (every row checked)",
                lambda: client.post("/f/sjuharad/uppfoljning/import/", {"file": upload}))
    token = re.search(rb'name="token" value="([^"]+)"', page.content).group(1).decode()
    print(f"| (the signed preview token: {len(token) // 1024} KiB) | | |")
    done = once("web: confirm (all rows saved)",
                lambda: client.post("/f/sjuharad/uppfoljning/import/", {"token": token}))
    assert done.status_code == 302, done.status_code


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    folder = ROOT / "var" / "bench-followup"
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "samordna.sqlite3"
    if db.exists():
        db.unlink()
    call_command("migrate", verbosity=0)
    call_command("load", str(ROOT / "src" / "samordna" / "demo" / "plans" / "sjuharad-2022.yaml"), verbosity=0,
                 stdout=open(os.devnull, "w"))
    plan = Plan.objects.get(association__slug="sjuharad")
    association = plan.association
    data = plan_data(plan)
    content = generated(data, rows)
    engine = settings.DATABASES["default"]["ENGINE"]
    print(f"Record file: {rows} rows, {len(content) // 1024} KiB. Database: {engine}.\n")
    print("| what | time | runs |\n|---|---|---|")
    header, table = once("read_table (CSV → rows)", lambda: read_table(content))
    kommuner = {m.id for m in data.members if m.kind == "kommun"}
    targets = {iv.slug: ff.Target(iv.follow_up, iv.level) for iv in association.interventions.all()}
    once("parse_table (every cell checked)", lambda: ff.parse_table(header, table, interventions=targets,
                                                                    kommuner=kommuner))
    result = once(f"import, {rows} new rows (one transaction)",
                  lambda: followup_import(actor=SYSTEM, association=association, header=header, rows=table))
    assert result.ok and result.new == rows, result.errors[:3]
    result = once("the same file again (nothing changes)",
                  lambda: followup_import(actor=SYSTEM, association=association, header=header, rows=table))
    assert result.unchanged == rows
    months = header.index("months_on_support_before")
    changed = [[*r[:months], str((int(r[months]) + 1) % 600), *r[months + 1:]] for r in table]
    result = once(f"import, {rows} rows changed",
                  lambda: followup_import(actor=SYSTEM, association=association, header=header, rows=changed))
    assert result.updated == rows
    assert Enrolment.objects.filter(association=association).count() == rows
    timed("records_of + year_figures (JSON of the year)",
          lambda: fu.year_figures(records_of(association=association), 2022))
    timed("followup_data + goal_rows (every goal)",
          lambda: fu.goal_rows(data, followup_data(association=association, plan=data), fu.Period.year(2022),
                               year=2022))
    settings.ALLOWED_HOSTS = ["testserver"]
    # A board member reads the pages (no second factor needed); a provider's reporter
    # assigned to every intervention imports through the page.
    users = get_user_model().objects
    reader, reporter = users.create_user("bench-reader"), users.create_user("bench-reporter")
    membership_grant(actor=SYSTEM, association=association, user=reader, role="board_member")
    membership_grant(actor=SYSTEM, association=association, user=reporter, role="provider_reporter")
    assignment_set(actor=SYSTEM, association=association, user=reporter,
                   interventions=list(association.interventions.all()))
    client, reporter_client = Client(), Client()
    client.force_login(reader, backend=BACKEND)
    reporter_client.force_login(reporter, backend=BACKEND)
    web_import(reporter_client, header, table)
    for path in ("/f/sjuharad/mal/", "/f/sjuharad/uppfoljning/"):
        assert client.get(path).status_code == 200, path
    timed("GET goals page (Sjuhärad)", lambda: client.get("/f/sjuharad/mal/"))
    timed("GET follow-up overview (Sjuhärad)", lambda: client.get("/f/sjuharad/uppfoljning/"))

if __name__ == "__main__":
    main()
