"""Figures memoised on one immutable `Plan` object.

The rulebook's `Plan` is a frozen dataclass: the same object always gives the same figures.
A page (and the cached plan of one plan version, `economy.selectors.plan_data_cached`) asks
for the same year's budget, split and columns many times — the equity roll-forward asks for
every earlier year again — so the results are kept per plan object, by (function, arguments),
and forgotten with the object. Only frozen results are kept (callers get copies of lists).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any

_MEMOS: dict[int, dict[tuple, Any]] = {}
_LOCK = threading.Lock()


def _forget(key: int) -> None:
    with _LOCK:
        _MEMOS.pop(key, None)


def memo_of(plan: object) -> dict[tuple, Any]:
    """The memo of one plan object (created on first use, dropped when the object goes)."""
    key = id(plan)
    memo = _MEMOS.get(key)
    if memo is None:
        with _LOCK:
            memo = _MEMOS.get(key)
            if memo is None:
                memo = _MEMOS[key] = {}
                weakref.finalize(plan, _forget, key)
    return memo


def memoised(plan: object, key: tuple, compute: Callable[[], Any]) -> Any:
    memo = memo_of(plan)
    try:
        return memo[key]
    except KeyError:
        value = memo[key] = compute()
        return value
