"""The production settings, as the tests run them: a key of their own, and no redirect to
https (the test client and the live server speak plain http on loopback).

The environment is inherited by the `samordna` commands some tests start, so they run with
the same settings (PYTHONPATH lets them import this module)."""

import os
from pathlib import Path

os.environ.setdefault("SAMORDNA_SECRET_KEY", "tests-only-" + "k3y-" * 16)
os.environ.setdefault("SAMORDNA_SSL_REDIRECT", "0")
# Fernet keys and an HMAC key for participants' identities, for tests only.
os.environ.setdefault("SAMORDNA_IDENTITY_KEYS", "dGVzdHMtb25seS1pZGVudGl0eS1rZXktbnVtYmVyLTE=")
os.environ.setdefault("SAMORDNA_IDENTITY_HASH_KEY", "tests-only-identity-hash-key")
_root = str(Path(__file__).resolve().parents[1])
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (_root, os.environ.get("PYTHONPATH")) if p)

from samordna.settings import *  # noqa: E402,F403

# Documents are made at once, inside the request that asks for them, so a test reads the file
# right after its POST; the browser test runs the database backend and a worker instead.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
