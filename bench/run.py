"""Benchmarks: `make bench` (national scale) or `make bench SCALE=small` (CI). Writes only
its own database (DATABASE_URL, or var/bench/samordna.sqlite3, emptied first) and prints
Markdown tables for docs/benchmarks.md.

1. The rulebook on a large generated plan (median of repeated runs).
2. The national data set (bench/generate.py) loaded in steps of 1, 10 and 80 associations;
   after each step every association page of the first association, in process: p50/p95 of
   warm requests and the queries of a cold one (no cached plan).
3. National totals: the GROUP BY queries (ours), the hand-written SQL (raw), ours ÷ raw, and
   the rulebook plan by plan; the same for the follow-up participants per year
   (`followup.rollup`), and the largest association's follow-up (rulebook, goals and
   follow-up pages) in process.
4. Documents: the verksamhetsplan PDF of the plan with the most interventions, made by a
   fresh task worker (`samordna db_worker --batch`): CPU time per document, peak RSS.
5. gunicorn (2 workers, --preload, gc.freeze) on 127.0.0.1 under a bounded async load
   (httpx, ≤ 50 users): the budget page, then mixed association pages, then the budget page
   again while a task worker makes documents; requests/s, p50/p95, errors; the workers' RSS
   after it all.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.setup import ROOT, bench_environment, django_setup  # noqa: E402

SCALES = {"small": {"steps": (1, 2, 3), "years": 3, "repeat": 10, "seconds": 5, "users": 20},
          "national": {"steps": (1, 10, 80), "years": 10, "repeat": 30, "seconds": 30, "users": 50}}
PAGES = ["overview", "budget", "financing", "intervention_list", "intervention_detail", "tertial_index",
         "review", "goals", "documents"]
SLUG = "bank-01"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def once(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def timed(fn, repeat: int) -> list[float]:
    fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def machine() -> str:
    load = os.getloadavg()
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    from django.conf import settings
    from django.db import connection

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    version = connection.cursor().connection.info.server_version if engine == "postgresql" else ""
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {engine} {version}, "
            f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def section_rulebook(repeat: int) -> None:
    from bench.generate import large_plan
    from samordna.finsam.budget import all_figures
    from samordna.finsam.checks import review
    from samordna.finsam.planfile import read_plan

    text = large_plan()
    plan, _ = read_plan(text)
    print("\n### Rulebook (large plan: 43 members, 200 interventions, 3 years)\n")
    print("| what | median ms | best ms |\n|---|---|---|")
    for label, fn in (("read_plan", lambda: read_plan(text)),
                      ("all_figures, fresh plan object", lambda: all_figures(read_plan(text)[0])),
                      ("review, fresh plan object", lambda: review(read_plan(text)[0])),
                      ("all_figures, same plan object (memoised)", lambda: all_figures(plan))):
        runs = timed(fn, max(3, repeat // 5))
        print(f"| {label} | {ms(statistics.median(runs))} | {ms(min(runs))} |")


def _client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from samordna.accounts.models import Membership
    from samordna.organisation.models import Association

    user, created = get_user_model().objects.get_or_create(username="bench-styrelse")
    if created:
        Membership.objects.create(user=user, association=Association.objects.get(slug=SLUG), role="board_member")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def page_urls() -> dict[str, str]:
    from django.urls import reverse

    from samordna.economy.models import Plan

    plan = Plan.objects.filter(association__slug=SLUG).order_by("-year").first()
    iv = plan.interventions.order_by("position").first().intervention.slug
    out = {}
    for name in PAGES:
        kwargs = {"slug": SLUG, **({"iv_slug": iv} if name == "intervention_detail" else {})}
        out[name] = reverse(name, kwargs=kwargs)
    return out


def section_pages(step: int, repeat: int, rows: list) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samordna.economy.selectors import plan_cache_clear

    client = _client()
    for name, url in page_urls().items():
        plan_cache_clear()
        connection.queries_log.clear()  # a full log (9000 entries) would count nothing
        with CaptureQueriesContext(connection) as cold:
            start = time.perf_counter()
            response = client.get(url)
            cold_time = time.perf_counter() - start
        assert response.status_code == 200, (name, response.status_code)
        cold_queries = len(cold)  # read now: the captured list is a view of the connection's log
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as warm:
            client.get(url)
        warm_queries = len(warm)
        runs = timed(lambda url=url: client.get(url), repeat)
        rows.append((step, name, percentile(runs, 0.5), percentile(runs, 0.95), warm_queries, cold_queries,
                     cold_time))


def raw_rows(sql: str) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def beside_raw(ours, sql: str, repeat: int) -> tuple[list[float], list[float]]:
    """Times of `ours` and of the hand-written statement `sql`, alternated so that both see
    the same machine (each run once first, to warm up)."""
    ours(), raw_rows(sql)
    mine, raws = [], []
    for _ in range(repeat):
        mine.append(once(ours))
        raws.append(once(lambda: raw_rows(sql)))
    return mine, raws


def print_beside_raw(label: str, ours: list[float], raws: list[float]) -> None:
    """The table rows ours, raw and their ratio (medians)."""
    o, r = statistics.median(ours), statistics.median(raws)
    print(f"| ours: {label} | {ms(o)} | {ms(percentile(ours, .95))} |")
    print(f"| raw: one hand-written SQL statement | {ms(r)} | {ms(percentile(raws, .95))} |")
    print(f"| **ratio ours ÷ raw** | **{o / r:.2f}** | |")


def print_explain(sql: str, lines: int) -> None:
    """EXPLAIN ANALYZE of the raw statement, on PostgreSQL."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    plan_lines = [row[0] for row in raw_rows("EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF) " + sql)]
    print("\n<details><summary>EXPLAIN ANALYZE of the raw statement</summary>\n\n```")
    print("\n".join(plan_lines[:lines]))
    print("```\n</details>")


def section_rollup(repeat: int) -> None:
    from samordna.economy.rollup import NATIONAL_TOTALS_SQL, national_totals, national_totals_rulebook
    from samordna.economy.selectors import plan_cache_clear

    ours, raws = beside_raw(national_totals, NATIONAL_TOTALS_SQL, repeat)
    plan_cache_clear()
    start = time.perf_counter()
    totals = national_totals_rulebook()
    cold = time.perf_counter() - start
    assert [t.as_tuple() for t in totals.values()] == [t.as_tuple() for t in national_totals().values()]
    print("\n### National totals per year (every plan; equal results checked)\n")
    print("| path | median ms | p95 ms |\n|---|---|---|")
    print_beside_raw("GROUP BY queries (`economy.rollup.national_totals`)", ours, raws)
    print(f"| rulebook plan by plan, cold (every plan read from the database) | {ms(cold)} | |")
    print(f"\n{len(totals)} years, {sum(t.associations for t in totals.values())} plans.")
    print_explain(NATIONAL_TOTALS_SQL, 40)


def section_followup(repeat: int) -> None:
    """National follow-up figures (`followup.rollup`) beside one hand-written statement; the
    rulebook plan by plan (equal results asserted); the largest association's follow-up
    through the rulebook and its goals and follow-up pages in process."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from samordna.accounts.models import Membership
    from samordna.economy.models import Plan
    from samordna.economy.selectors import plan_cache_clear, plan_data
    from samordna.finsam import followup as fu
    from samordna.finsam import uppfoljning as uf
    from samordna.followup.models import Enrolment, ParticipantCount
    from samordna.followup.rollup import (
        followup_totals_sql,
        intervention_participants,
        intervention_participants_rulebook,
        national_participants,
        year_totals,
    )
    from samordna.followup.selectors import followup_data
    from samordna.organisation.models import Association

    sql = followup_totals_sql(connection.vendor)
    ours, raws = beside_raw(national_participants, sql, repeat)
    per_iv = timed(intervention_participants, max(3, repeat // 5))
    plan_cache_clear()
    start = time.perf_counter()
    rulebook = intervention_participants_rulebook()
    cold = time.perf_counter() - start
    totals = national_participants()
    assert [t.as_tuple() for t in year_totals(rulebook).values()] == [t.as_tuple() for t in totals.values()]
    assert [tuple(int(v) for v in row) for row in raw_rows(sql)] == [t.as_tuple() for t in totals.values()]
    sql_rows = intervention_participants()
    def compared(rows):
        return {k: (r.uf_values(), r.other if r.level == "individual" else None) for k, r in rows.items()}

    assert compared(sql_rows) == compared(rulebook)
    print("\n### Follow-up: participants per year for Uppföljning Finsam, every association "
          "(equal results checked)\n")
    print(f"{Enrolment.objects.count()} de-identified enrolments, {ParticipantCount.objects.count()} counts per "
          f"period, {len(sql_rows)} intervention years in {len(totals)} years.\n")
    print("| path | median ms | p95 ms |\n|---|---|---|")
    print_beside_raw("GROUP BY queries per year (`followup.rollup.national_participants`)", ours, raws)
    print(f"| ours per intervention (`intervention_participants`, {len(sql_rows)} rows) "
          f"| {ms(statistics.median(per_iv))} | {ms(percentile(per_iv, .95))} |")
    print(f"| rulebook plan by plan, cold (`national_figures` over `followup_data`) | {ms(cold)} | |")
    print("\n| year | interventions | women | men | other | structural (persons) |\n|---|---|---|---|---|---|")
    for t in totals.values():
        print("| " + " | ".join(str(v) for v in t.as_tuple()) + " |")
    print_explain(sql, 60)

    # The association with the most enrolments: its follow-up through the rulebook, its pages.
    largest = Association.objects.annotate(n=Count("enrolments")).order_by("-n", "slug").first()
    plan = Plan.objects.filter(association=largest).order_by("-year").first()
    data = plan_data(plan)
    year = plan.year
    rows = []
    rows.append(("followup_data (every record and count of the association)",
                 timed(lambda: followup_data(association=largest, plan=data), repeat)))
    follow = followup_data(association=largest, plan=data)
    rows.append(("goal_rows (every goal of the plan, given the data)",
                 timed(lambda: fu.goal_rows(data, follow, fu.Period.year(year), year=year), repeat)))
    rows.append(("participants_rows (by intervention and kommun, given the data)",
                 timed(lambda: fu.participants_rows(data, follow, fu.Period.year(year)), repeat)))
    rows.append(("national_figures (Uppföljning Finsam, given the data)",
                 timed(lambda: uf.national_figures(data, follow, year), repeat)))
    user, created = get_user_model().objects.get_or_create(username="bench-styrelse-uppfoljning")
    if created:
        Membership.objects.create(user=user, association=largest, role="board_member")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    for name in ("goals", "followup_overview"):
        url = reverse(name, kwargs={"slug": largest.slug})
        assert client.get(url).status_code == 200, name
        rows.append((f"GET {url} (board member, in process)", timed(lambda url=url: client.get(url), repeat)))
    print(f"\n### Follow-up of the largest association ({largest.slug}: {largest.n} enrolments), plan {year}, "
          "in process\n")
    print("| what | p50 ms | p95 ms |\n|---|---|---|")
    for label, runs in rows:
        print(f"| {label} | {ms(percentile(runs, .5))} | {ms(percentile(runs, .95))} |")


# The document worker runs at this nice level beside the web, as the Procfile and docs/deploy.md
# run it in production: it gets the CPU the web leaves, and some while the web is busy.
WORKER_NICE = 10


def _worker(extra: list[str], env: dict, nice: int = 0) -> subprocess.Popen:
    """A task worker; `nice` as in production (docs/deploy.md: the web comes first)."""
    return subprocess.Popen(["nice", "-n", str(nice), str(Path(sys.executable).parent / "samordna"), "db_worker",
                             "--no-reload",
                             "--no-startup-delay", *extra], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def _enqueue_pdfs(plans) -> list[int]:
    from samordna.accounts.permissions import SYSTEM
    from samordna.documents.job_services import DocumentRequest, document_job_start

    jobs = []
    for plan in plans:
        job = document_job_start(actor=SYSTEM, association=plan.association, plan=plan,
                                 request=DocumentRequest(kind="plan", fmt="pdf", year=plan.year))
        jobs.append(job.pk)
    return jobs


def section_documents(env: dict) -> None:
    from django.db.models import Count

    from samordna.documents.models import DocumentJob
    from samordna.economy.models import Plan

    DocumentJob.objects.all().delete()
    plans = list(Plan.objects.annotate(n=Count("interventions")).order_by("-n", "pk")[:4])
    jobs = _enqueue_pdfs(plans)
    start = time.perf_counter()
    worker = _worker(["--batch"], env)
    _, err = worker.communicate(timeout=600)
    wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    done = {j.pk: j for j in DocumentJob.objects.filter(pk__in=jobs)}
    print("\n### Verksamhetsplan PDF, made by a fresh task worker (`samordna db_worker --batch`)\n")
    print("| plan | interventions | status | worker CPU s | size KiB |\n|---|---|---|---|---|")
    for plan, pk in zip(plans, jobs, strict=True):
        job = done[pk]
        size = len(bytes(job.content or b"")) // 1024
        print(f"| {plan.association.slug} {plan.year} | {plan.n} | {job.status} | {job.worker_seconds} | {size} |")
    print(f"\nWorker: {wall:.1f} s wall for {len(jobs)} documents (the first includes loading WeasyPrint), "
          f"peak RSS {peak_mb:.0f} MB.")
    if worker.returncode:
        print(err.decode()[-2000:])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _load(base: str, paths: list[str], cookie: str, users: int, seconds: float,
                think: float = 0.0) -> dict:
    """`users` clients, each asking for the next page as soon as it has the last (closed loop),
    or after a random pause of 0–2 × `think` seconds (a person reading)."""
    import random

    import httpx

    latencies: dict[str, list[float]] = {p: [] for p in paths}
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=base, cookies={"sessionid": cookie}, limits=limits,
                                 timeout=30, follow_redirects=False) as client:
        async def user(n: int):
            nonlocal errors
            i = n
            while time.perf_counter() < deadline:
                path = paths[i % len(paths)]
                i += 1
                start = time.perf_counter()
                try:
                    response = await client.get(path)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies[path].append(time.perf_counter() - start)
                else:
                    errors += 1
                if think:
                    await asyncio.sleep(random.uniform(0, 2 * think))

        started = time.perf_counter()
        await asyncio.gather(*(user(n) for n in range(users)))
        elapsed = time.perf_counter() - started
    total = sum(len(v) for v in latencies.values())
    return {"rps": total / elapsed, "errors": errors, "total": total, "latencies": latencies,
            "all": [x for v in latencies.values() for x in v]}


@contextmanager
def gunicorn_running(env: dict, urls: dict[str, str], cookie: str):
    """gunicorn (`gunicorn.conf.py`: 2 workers, --preload) on a free port of 127.0.0.1, up and
    warm (each page asked four times, so each worker has computed its plan); yields the base
    URL, the server process and `workers_cpu()`; stopped afterwards."""
    import httpx
    import psutil

    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "samordna.wsgi", "-c", str(ROOT / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--preload", "--log-level", "warning"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/logga-in/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        for url in urls.values():  # each worker computes the plan once
            for _ in range(4):
                httpx.get(base + url, cookies={"sessionid": cookie}, timeout=30)
        master = psutil.Process(server.pid)

        def workers_cpu() -> float:
            """CPU seconds of every worker so far: the live ones, and those gunicorn replaced
            (max_requests) and reaped, which the master's children times hold."""
            for _ in range(5):
                try:
                    times = master.cpu_times()
                    return times.children_user + times.children_system + sum(
                        sum(w.cpu_times()[:2]) for w in master.children())
                except psutil.NoSuchProcess:  # a worker was being replaced: read again
                    continue
            raise RuntimeError("gunicorn workers kept changing while being read")

        yield base, server, workers_cpu
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def section_gunicorn(env: dict, users: int, seconds: float) -> None:
    import psutil
    from django.conf import settings

    from samordna.documents.models import DocumentJob
    from samordna.economy.models import Plan

    client = _client()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    urls = page_urls()
    with gunicorn_running(env, urls, cookie) as (base, server, workers_cpu):
        rows = []

        def measured(paths, think=0.0):
            """A load, with the CPU time the gunicorn workers and this client spent on it."""
            before = workers_cpu()
            client_before = time.process_time()
            result = asyncio.run(_load(base, paths, cookie, users, seconds, think))
            result["server_cpu"] = workers_cpu() - before
            result["client_cpu"] = time.process_time() - client_before
            return result

        budget = measured([urls["budget"]])
        rows.append(("budget page", budget))
        mixed = measured(list(urls.values()))
        rows.append(("association pages, mixed", mixed))
        reading = measured(list(urls.values()), think=0.5)
        rows.append(("association pages, mixed, each user reading 0–1 s between pages", reading))
        DocumentJob.objects.all().delete()
        worker = _worker(["--interval", "0.2"], env, nice=WORKER_NICE)
        try:
            _enqueue_pdfs(list(Plan.objects.select_related("association").order_by("-year", "pk")[:200]))
            time.sleep(3)  # the worker has loaded WeasyPrint and is making documents
            during = measured([urls["budget"]])
            made = DocumentJob.objects.filter(status="done").count()
        finally:
            worker.send_signal(signal.SIGINT)
            try:
                worker.wait(timeout=120)
            except subprocess.TimeoutExpired:
                worker.kill()
        rows.append((f"budget page while a worker (nice {WORKER_NICE}) makes PDFs ({made} made)", during))
        children = psutil.Process(server.pid).children()
        rss = [c.memory_info().rss / 2**20 for c in children]
        print(f"\n### gunicorn, 2 workers, --preload, on 127.0.0.1: {users} users for {seconds:.0f} s each "
              "(httpx async client on the same machine)\n")
        print("| load | requests/s | p50 ms | p95 ms | requests | errors | gunicorn CPU ms/request | "
              "client CPU ms/request |\n|---|---|---|---|---|---|---|---|")
        for label, r in rows:
            print(f"| {label} | {r['rps']:.0f} | {ms(percentile(r['all'], .5))} | {ms(percentile(r['all'], .95))} "
                  f"| {r['total']} | {r['errors']} | {ms(r['server_cpu'] / max(r['total'], 1))} "
                  f"| {ms(r['client_cpu'] / max(r['total'], 1))} |")
        cpu = budget["server_cpu"] / max(budget["total"], 1)
        print(f"\nThe budget page costs the server {ms(cpu)} ms of CPU: two idle cores would serve about "
              f"{2 / cpu:.0f} requests/s (the client and PostgreSQL need CPU too).")
        drop = (1 - during["rps"] / budget["rps"]) * 100
        print(f"\nThroughput while documents are made: {drop:+.0f} % lower than without "
              "(negative: higher).")
        print("\n| page | p50 ms (closed loop) | p95 ms (closed loop) | p50 ms (reading) | p95 ms (reading) |"
              "\n|---|---|---|---|---|")
        for name, url in urls.items():
            a, b = mixed["latencies"][url], reading["latencies"][url]
            if a and b:
                print(f"| {name} | {ms(percentile(a, .5))} | {ms(percentile(a, .95))} | {ms(percentile(b, .5))} "
                      f"| {ms(percentile(b, .95))} |")
        total = sum(r["total"] + r["errors"] for _, r in rows)
        print(f"\nWorker RSS after {total} requests: {', '.join(f'{x:.0f} MB' for x in rss)}.")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Samordna benchmarks")
    parser.add_argument("--scale", choices=sorted(SCALES), default="national")
    args = parser.parse_args(argv)
    scale = SCALES[args.scale]
    env = {**os.environ, **bench_environment()}
    if not os.environ.get("DATABASE_URL"):
        db = ROOT / "var" / "bench" / "samordna.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.generate import national_load, row_counts

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    print(f"## Benchmark, scale {args.scale}: {time.strftime('%Y-%m-%d %H:%M')}\n\n{machine()}")
    section_rulebook(scale["repeat"])
    rows: list = []
    loaded = 0
    load_times = []
    for step in scale["steps"]:
        t0 = time.perf_counter()
        # national_load loads associations 1..step; those loaded before are unchanged (no write).
        counts = national_load(associations=step, years=scale["years"], out=None) if step > loaded else row_counts()
        load_times.append((step, time.perf_counter() - t0, counts))
        loaded = step
        section_pages(step, scale["repeat"], rows)
    print("\n### Data set (bench/generate.py, loaded through plan_load)\n")
    print("| associations | load s | plans | plan interventions | intervention amounts | tertial cells "
          "| enrolments | counts per period |")
    print("|---|---|---|---|---|---|---|---|")
    for step, seconds, c in load_times:
        print(f"| {step} | {seconds:.0f} | {c['plans']} | {c['plan_interventions']} | {c['intervention_amounts']} "
              f"| {c['tertial_cells']} | {c['enrolments']} | {c['participant_counts']} |")
    print(f"\n### Association pages of {SLUG} in process (Django test client), by associations loaded\n")
    print("| associations | page | p50 ms | p95 ms | queries (cached plan) | queries (cold) | cold ms |")
    print("|---|---|---|---|---|---|---|")
    for step, name, p50, p95, warm, cold, cold_time in rows:
        print(f"| {step} | {name} | {ms(p50)} | {ms(p95)} | {warm} | {cold} | {ms(cold_time)} |")
    section_rollup(scale["repeat"])
    section_followup(scale["repeat"])
    section_documents(env)
    section_gunicorn(env, scale["users"], scale["seconds"])
    print(f"\nWhole run: {time.perf_counter() - started:.0f} s; load average at the end "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}.")


if __name__ == "__main__":
    main()
