"""gunicorn settings for Samordna (docs/deploy.md): `gunicorn samordna.wsgi -c gunicorn.conf.py`.

Override any of them on the command line or with GUNICORN_CMD_ARGS."""

import gc
import os

bind = os.environ.get("SAMORDNA_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("SAMORDNA_WORKERS", "2"))
preload_app = True  # the app is imported once, before the workers fork, and its memory shared
timeout = 30
max_requests = 5000  # a worker is replaced now and then, so memory cannot creep for ever
max_requests_jitter = 500
accesslog = None  # requests are not logged here: the proxy logs them (no personal data in URLs)


def pre_fork(server, worker):
    # What --preload loaded stays shared: a frozen object is never scanned by the collector, so
    # a full collection neither pauses on it nor touches (copies) its pages in each worker.
    gc.freeze()
