"""What the web version of a document (`document_view`) costs per request, warm: the median
and best of N requests in process (Django test client, SQLite, one generated förbund with
10 plan years), for each kind, on the latest plan and on the plan of a year with tertial
figures.

    .venv/bin/python bench/document_view.py [--repeat 15]

The plan's data is cached per version (`plan_data_cached`); what this measures is building
the document from it and rendering the page."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SAMORDNA_DATA_DIR", str(ROOT / "var" / "bench-document-view"))

from bench.setup import django_setup  # noqa: E402

SLUG = "bank-01"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    data_dir = Path(os.environ["SAMORDNA_DATA_DIR"])
    data_dir.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{data_dir / 'samordna.sqlite3'}{suffix}").unlink(missing_ok=True)
    django_setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from bench.generate import national_load
    from samordna.accounts.models import Membership
    from samordna.economy.models import Plan
    from samordna.organisation.models import Association

    call_command("migrate", verbosity=0)
    national_load(associations=1, years=10, out=None)
    user = get_user_model().objects.create(username="bench-kansli")
    Membership.objects.create(user=user, association=Association.objects.get(slug=SLUG), role="board_member")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    plan = Plan.objects.filter(association__slug=SLUG, tertial_periods__isnull=False).order_by("-year").first()
    query = f"?plan={plan.year}&ar={plan.year}"
    print(f"Plan {plan.year} of {SLUG}: {plan.interventions.count()} insatser; {args.repeat} warm requests each\n")
    print("| page | median ms | best ms |\n|---|---|---|")
    for kind, extra in (("verksamhetsplan", ""), ("tertialrapport", "&tertial=2"), ("arsredovisning", ""),
                        ("medlemsbrev", ""), ("tabeller", "")):
        url = reverse("document_view", args=[SLUG, kind]) + query + extra
        assert client.get(url).status_code == 200, url  # warm: the plan's data is cached
        runs = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            response = client.get(url)
            runs.append(time.perf_counter() - t0)
            assert response.status_code == 200
        print(f"| document_view {kind} | {statistics.median(runs) * 1000:.1f} | {min(runs) * 1000:.1f} |")
    url = reverse("budget", args=[SLUG]) + f"?plan={plan.year}"
    client.get(url)
    runs = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        client.get(url)
        runs.append(time.perf_counter() - t0)
    print(f"| budget (for comparison) | {statistics.median(runs) * 1000:.1f} | {min(runs) * 1000:.1f} |")


if __name__ == "__main__":
    main()
