"""Shared pieces of the property-based tests (hypothesis) that throw bad input at every edge:
the settings (fixed seeds, bounded examples, no example database on disk), the strategies of
bad values, and the count of inputs tried, printed at the end of the run.

    @fuzz_settings(max_examples=300)
    @given(value=any_texts())
    def test_…(value):
        count("plan files")
"""

from __future__ import annotations

import os
import string
from collections import Counter
from datetime import date

from hypothesis import HealthCheck, seed, settings
from hypothesis import strategies as st

TRIED: Counter = Counter()  # generated inputs thrown, by kind
SEEN: Counter = Counter()  # what they were thrown at (forms found on the pages …)


def count(kind: str, n: int = 1) -> None:
    TRIED[kind] += n


# A fixed seed for each database the suite runs on: every run throws the same inputs, and the
# PostgreSQL pass of CI throws other inputs than the SQLite pass (FUZZ_SEED to try others).
SEED = int(os.environ.get("FUZZ_SEED", 20261207)) + os.environ.get("DATABASE_URL", "").startswith("postgres")


def fuzz_settings(max_examples: int):
    """Deterministic (a fixed seed), bounded, no deadline (2 shared cores), nothing on disk."""
    def decorate(test):
        test = settings(max_examples=max_examples, database=None, deadline=None,
                        suppress_health_check=list(HealthCheck), print_blob=True)(test)
        return seed(SEED)(test)
    return decorate


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


def bad_values(options: list[str] | None = None):
    """A bad value for one field: any text, or (for a choice) a neighbour of its options."""
    if not options:
        return any_texts()
    near = st.sampled_from(options).flatmap(lambda o: st.sampled_from(
        [o + "x", o.upper(), " " + o, o * 3, o + "\x00", o[:-1], f"{o},{o}"]))
    return st.one_of(any_texts(), near)


# ---------------------------------------------------------------- the database, row by row

# Tables whose rows a refused request may legitimately write: the session (the messages a
# page shows, the last activity), django-axes' record of a wrong password (the lockout counts
# it), and django-otp's throttling of a wrong code on the authenticator device.
WRITTEN_BY_A_REFUSAL = ("django_session", "axes_accessattempt", "axes_accessattemptexpiration",
                        "axes_accessfailurelog", "axes_accesslog", "otp_totp_totpdevice",
                        "otp_static_staticdevice")


def database_dump(skip: tuple[str, ...] = WRITTEN_BY_A_REFUSAL) -> dict[str, list[tuple]]:
    """Every row of every table of the test database (ordered by all its columns)."""
    from django.db import connection

    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in skip:
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted} WHERE 1 = 0")  # noqa: S608 - names from the schema
            order = ", ".join(str(i) for i in range(1, len(cursor.description) + 1))
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608
            out[table] = cursor.fetchall()
    return out


def dump_difference(before: dict, after: dict) -> dict[str, str]:
    """The tables that differ, with the count of rows gone and new (for the assertion message)."""
    diff = {}
    for table in sorted(set(before) | set(after)):
        old, new = set(before.get(table, [])), set(after.get(table, []))
        if old != new:
            diff[table] = f"{len(old - new)} rows gone, {len(new - old)} new: {sorted(new - old, key=repr)[:2]}"
    return diff
