"""The cost of one association page, for profiling and before/after comparisons.

    .venv/bin/python bench/pages.py                      # CPU ms per warm request, every page
    .venv/bin/python bench/pages.py --profile budget     # cProfile of the budget page
    .venv/bin/python bench/pages.py --gunicorn 20        # + gunicorn, 2 workers, 20 s per load

Production settings (bench/setup.py) on its own database: SQLite in var/pages/ unless
DATABASE_URL names one. The data set (bench/generate.py, `--associations` förbund × 10
plan years) is loaded once and kept: a later run reuses it. In process the figure is this
process's CPU time per request (with SQLite the queries run in this process too); against
gunicorn it is the CPU time of the two workers per request, as in bench/run.py.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.setup import ROOT  # noqa: E402


def _prepare(associations: int) -> None:
    os.environ.setdefault("SAMORDNA_DATA_DIR", str(ROOT / "var" / "pages"))
    from bench.setup import django_setup

    django_setup()
    from django.core.management import call_command

    from bench.generate import national_load
    from samordna.economy.models import Plan

    call_command("migrate", verbosity=0)
    if Plan.objects.values("association").distinct().count() < associations:
        national_load(associations=associations, years=10, out=None)


def in_process(requests: int, pages: list[str]) -> None:
    from bench.run import _client, page_urls

    client = _client()
    urls = page_urls()
    print("| page | CPU ms/request | wall p50 ms | queries |\n|---|---|---|---|")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name in pages:
        url = urls[name]
        for _ in range(5):
            assert client.get(url).status_code == 200
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as q:
            client.get(url)
        queries = len(q)
        walls = []
        cpu0 = time.process_time()
        for _ in range(requests):
            t0 = time.perf_counter()
            client.get(url)
            walls.append(time.perf_counter() - t0)
        cpu = (time.process_time() - cpu0) / requests
        print(f"| {name} | {cpu * 1000:.2f} | {statistics.median(walls) * 1000:.2f} | {queries} |")


def profile(page: str, requests: int, out: str | None) -> None:
    from bench.run import _client, page_urls

    client = _client()
    url = page_urls()[page]
    for _ in range(5):
        client.get(url)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(requests):
        client.get(url)
    prof.disable()
    if out:
        prof.dump_stats(out)
    stats = pstats.Stats(prof).strip_dirs()
    stats.sort_stats("tottime").print_stats(35)
    stats.sort_stats("cumulative").print_stats(60)


def gunicorn(seconds: float, users: int, pages: list[str]) -> None:
    from django.conf import settings

    from bench.run import _client, _load, gunicorn_running, page_urls
    from bench.setup import bench_environment

    env = {**os.environ, **bench_environment()}
    cookie = _client().cookies[settings.SESSION_COOKIE_NAME].value
    urls = page_urls()
    with gunicorn_running(env, urls, cookie) as (base, _server, workers_cpu):
        print(f"\n| gunicorn load ({users} users, {seconds:.0f} s) | requests/s | p50 ms | p95 ms | errors "
              "| gunicorn CPU ms/request |\n|---|---|---|---|---|---|")
        for label, paths in (("budget", [urls["budget"]]), ("mixed", [urls[p] for p in pages])):
            before = workers_cpu()
            r = asyncio.run(_load(base, paths, cookie, users, seconds))
            cpu = workers_cpu() - before
            lat = sorted(r["all"])
            print(f"| {label} | {r['rps']:.0f} | {lat[len(lat) // 2] * 1000:.1f} "
                  f"| {lat[int(0.95 * (len(lat) - 1))] * 1000:.1f} | {r['errors']} "
                  f"| {cpu / max(r['total'], 1) * 1000:.2f} |")


def main(argv: list[str] | None = None) -> None:
    from bench.run import PAGES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--associations", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--profile", metavar="PAGE", help="cProfile this page instead")
    parser.add_argument("--profile-out", metavar="FILE", help="also write the pstats file")
    parser.add_argument("--gunicorn", type=float, default=0, metavar="SECONDS",
                        help="then load gunicorn for this long per load (0: not)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--no-in-process", action="store_true")
    args = parser.parse_args(argv)
    pages = args.pages.split(",")
    _prepare(args.associations)
    if args.profile:
        profile(args.profile, args.requests, args.profile_out)
        return
    if not args.no_in_process:
        in_process(args.requests, pages)
    if args.gunicorn:
        gunicorn(args.gunicorn, args.users, pages)


if __name__ == "__main__":
    main()
