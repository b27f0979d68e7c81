"""The production settings, as the tests run them: a key of their own, and no redirect to
https (the test client and the live server speak plain http on loopback).

The environment is inherited by the `samordna` commands some tests start, so they run with
the same settings (PYTHONPATH lets them import this module)."""

import os
from pathlib import Path

os.environ.setdefault("SAMORDNA_SECRET_KEY", "tests-only-" + "k3y-" * 16)
os.environ.setdefault("SAMORDNA_SSL_REDIRECT", "0")
_root = str(Path(__file__).resolve().parents[1])
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (_root, os.environ.get("PYTHONPATH")) if p)

from samordna.settings import *  # noqa: E402,F403
