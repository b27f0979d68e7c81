"""Django for the benchmarks: production settings with a benchmark key, on DATABASE_URL or a
SQLite file in var/bench/ (never the demo's database)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bench_environment() -> dict[str, str]:
    """The environment of the benchmark's processes (this one, gunicorn, the task worker)."""
    env = {"DJANGO_SETTINGS_MODULE": "samordna.settings",
           "SAMORDNA_DATA_DIR": str(ROOT / "var" / "bench"),
           "SAMORDNA_SECRET_KEY": "bench-only-" + "b3nch-" * 10,
           "SAMORDNA_SSL_REDIRECT": "0", "SAMORDNA_HSTS_SECONDS": "0",
           "SAMORDNA_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver"}
    return {k: os.environ.get(k, v) for k, v in env.items()}


def django_setup() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.update(bench_environment())
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
