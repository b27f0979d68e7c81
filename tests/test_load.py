"""The bounded load test in short (tests/loadtest.py): gunicorn with 2 workers on 127.0.0.1,
6 economy people for a few seconds reading the main pages and saving budget lines through the
web forms, on the database of the run (PostgreSQL in CI's second pass). No error; one change
record per save; every line's amount one that somebody saved. The full run (50 people, two
minutes) is `python -m tests.loadtest`."""

from __future__ import annotations

from tests.harness import database
from tests.loadtest import run


def test_six_people_reading_and_saving_through_gunicorn_get_no_error_and_every_save_is_recorded(tmp_path):
    db = database(tmp_path)
    try:
        figures = run(db, users=6, seconds=6)
    finally:
        db.drop()
    print(figures)
    assert figures["problems"] == []
    assert figures["errors"] == 0
    assert figures["saves"] > 0
    assert figures["change_records_added"] == figures["saves"]
    assert figures["by_kind"]["POST login"] == 6
