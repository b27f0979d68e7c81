"""Shared pieces of the property-based tests (hypothesis) that throw bad input at every edge:
the settings (fixed seeds, bounded examples, no example database on disk), the strategies of
bad values, and the count of inputs tried, printed at the end of the run.

    @fuzz_settings(max_examples=300)
    @given(value=bad_values())
    def test_…(value):
        count("plan files")
"""

from __future__ import annotations

import string
from collections import Counter
from datetime import date

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

TRIED: Counter = Counter()


def count(kind: str) -> None:
    TRIED[kind] += 1


def fuzz_settings(max_examples: int):
    """Deterministic (derandomize), bounded, no deadline (2 shared cores), nothing on disk."""
    return settings(max_examples=max_examples, derandomize=True, database=None, deadline=None,
                    suppress_health_check=list(HealthCheck), print_blob=True)


# ---------------------------------------------------------------- bad values

CONTROL = "".join(chr(c) for c in range(32)) + "\x7f\x85\u2028\u2029\ufeff\ufffe\uffff"
ODD = "åäöÅÄÖ€–—’“”\u00a0\u202f\u200b\u0301ß漢字😀\U0010fffd"
HUGE_INTS = st.sampled_from([2**31 - 1, 2**31, 2**32, 2**63 - 1, 2**63, 2**64, 10**20, 10**30, 10**100,
                             -1, -(2**31) - 1, -(10**20), 0])


def texts(max_size: int = 60):
    """Text with control characters, NUL, non-BMP, combining marks, and plain letters."""
    return st.text(alphabet=st.sampled_from(string.ascii_letters + string.digits + " .,:-=+@#'\"\\/"
                                            + CONTROL + ODD), max_size=max_size)


def long_texts():
    return st.sampled_from([201, 301, 1_000, 50_001, 100_000]).map(lambda n: "x" * n)


def number_texts():
    """Numbers as a person (or an attacker) might type them."""
    return st.one_of(
        HUGE_INTS.map(str),
        st.sampled_from(["1e999999999", "-1e999999999", "1e-999999999", "NaN", "Infinity", "-inf", ".inf",
                         "1,2,3", "12 000 kr", "1.005", "0.001", "٣", "²", "1_000", "0x1F", "１２", "+5",
                         "- 5", "9" * 5000, "1" + "0" * 40, "", " ", "−1 308 500", "1 308 500,50"]),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.integers().map(str),
    )


def date_texts():
    return st.one_of(
        st.sampled_from(["2022-02-30", "0000-01-01", "0001-01-01", "9999-12-31", "10000-01-01", "2022-13-01",
                         "2022-00-10", "1066-10-14", "18/2 2022", "2022-02-28T25:00", "tomorrow", ""]),
        st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    )


def any_texts():
    return st.one_of(texts(), long_texts(), number_texts(), date_texts())
