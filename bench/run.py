"""Benchmarks: `make bench`. Reports the median of repeated runs; writes nothing.

Measures the rulebook on a large generated plan (40 kommuner, 200 interventions,
3 years) and on the Sydnärke seed, the database load/read, and two pages.
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
os.environ.setdefault("SAMORDNA_DATA_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("SAMORDNA_DEBUG", "1")  # a development run: `samordna demo` refuses in production

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from bench.generate import large_plan  # noqa: E402
from samordna.economy.selectors import plan_data  # noqa: E402
from samordna.economy.services import plan_load  # noqa: E402
from samordna.finsam.budget import all_figures  # noqa: E402
from samordna.finsam.checks import review  # noqa: E402
from samordna.finsam.financing import contribution_split  # noqa: E402
from samordna.finsam.planfile import dump_plan, read_plan  # noqa: E402


def timed(label: str, fn, repeat: int = 7) -> None:
    fn()  # warm up
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    print(f"| {label} | {statistics.median(runs) * 1000:.1f} ms | {min(runs) * 1000:.1f} ms | {repeat} |")


def main() -> None:
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    db = ROOT / "var" / "bench" / "samordna.sqlite3"
    if db.exists():
        db.unlink()
    call_command("migrate", verbosity=0)
    text = large_plan()
    plan, _ = read_plan(text)
    sydnarke = (ROOT / "src" / "samordna" / "demo" / "plans" / "sydnarke-2022.yaml").read_bytes()
    print(f"Large plan: {len(text) // 1024} KiB, {len(plan.members)} members, "
          f"{len(plan.interventions)} interventions. Database: {settings.DATABASES['default']['ENGINE']}.\n")
    print("| what | median | best | runs |\n|---|---|---|---|")
    timed("read_plan (large, YAML + validation)", lambda: read_plan(text))
    timed("dump_plan (large)", lambda: dump_plan(plan))
    timed("contribution_split, 3 years (large)",
          lambda: [contribution_split(plan=plan, year=y) for y in (2024, 2025, 2026)])
    timed("all_figures, every column (large)", lambda: all_figures(plan))
    timed("review, all checks (large)", lambda: review(plan))
    timed("read_plan + review (Sydnärke seed)", lambda: review(read_plan(sydnarke)[0]))
    stored = plan_load(data=text).plan
    timed("plan_load into the database (large)", lambda: plan_load(data=text), repeat=3)
    stored = plan_load(data=text).plan
    timed("plan_data from the database (large)", lambda: plan_data(stored))
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    # The read-only demo user (the administrator signs in with a second factor); force_login
    # because django-axes checks passwords only with a request.
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="styrelse"),
                       backend="django.contrib.auth.backends.ModelBackend")
    timed("GET budget page (Södra Vätterbygden, 5 columns)", lambda: client.get("/f/sodra-vatterbygden/budget/"))
    timed("GET intervention list (Sjuhärad)", lambda: client.get("/f/sjuharad/insatser/"))


if __name__ == "__main__":
    main()
