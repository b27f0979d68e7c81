"""Saves at the same time wait for each other instead of failing (SQLite: WAL, a busy
timeout and IMMEDIATE transactions; PostgreSQL: row locks), and two people editing the same
object never lose an edit: each save is stored, or refused with the conflict message."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.conftest import plan_path
from tests.harness import database

EDITORS, SAVES = 8, 5


def _query(db, sql: str, args: tuple = ()) -> list[tuple]:
    with db._closing() as conn:
        marker = "?" if db.vendor == "sqlite" else "%s"
        # No arguments: no placeholders either (psycopg would read LIKE 'x-%' as one).
        cursor = conn.execute(sql.replace("%s", marker), args) if args else conn.execute(sql)
        return [tuple(r) for r in cursor.fetchall()]


def _after_amounts(db, line_slug: str) -> list[str]:
    pk = _query(db, "SELECT l.id FROM economy_budgetline l JOIN economy_budgetentry e ON l.entry_id = e.id "
                    "WHERE l.slug = %s AND e.year = 2022 AND e.\"column\" = 'budget'", (line_slug,))[0][0]
    rows = _query(db, "SELECT after FROM audit_changerecord WHERE object_type = 'budget_line' AND "
                      "action = 'update' AND object_id = %s ORDER BY id", (str(pk),))
    return [(json.loads(r[0]) if isinstance(r[0], str) else r[0])["amount"] for r in rows]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    db = database(tmp_path_factory.mktemp("concurrency"))
    db.samordna("load", str(plan_path("sydnarke-2022")))
    db.env["SAMORDNA_EXTRA_PLAN"] = str(plan_path("sodra-vatterbygden-2020"))
    result = db.python("-m", "tests.concurrent_saves", str(EDITORS), str(SAVES))
    assert result.returncode == 0, result.stderr[-3000:]
    yield db, json.loads(result.stdout.strip().splitlines()[-1])
    db.drop()


def test_editors_saving_their_own_lines_all_succeed(run):
    db, out = run
    assert Counter(r["status"] for r in out["own"]) == {302: EDITORS * SAVES}
    finals = dict(_query(db, "SELECT slug, amount FROM economy_budgetline WHERE slug LIKE 'egen-rad-%'"))
    # (the first editor's line is the one all of them save afterwards)
    assert {slug: int(finals[slug]) for slug in out["own_lines"][1:]} == {
        slug: (i + 1) * 1000 + SAVES - 1 for i, slug in enumerate(out["own_lines"]) if i > 0}


def test_editors_saving_the_same_line_are_stored_or_told_never_lost(run):
    db, out = run
    answers = out["same"] + out["load"]
    assert [r for r in answers if r["status"] not in (200, 302)] == []
    assert [r for r in answers if r["status"] == 200 and not r["conflict"]] == []
    saved = [r["amount"] for r in answers if r["status"] == 302]
    assert len(saved) >= EDITORS  # the editors took turns: some saves were stored
    # Every save that was answered "saved" is in the change log, in the order stored, and
    # nothing else is; the line holds the last one.
    own_of_first = [r["amount"] for r in out["own"] if r["amount"] // 1000 == 1]
    logged = [int(a) for a in _after_amounts(db, out["shared"])]
    assert sorted(logged) == sorted(own_of_first + saved)
    final = _query(db, "SELECT amount FROM economy_budgetline WHERE slug = %s", (out["shared"],))[0][0]
    assert int(final) == logged[-1]


def test_a_plan_load_during_web_saves_makes_them_wait_not_fail(run):
    _, out = run
    assert out["loads"] == ["ok", "ok"]
    assert Counter(r["status"] for r in out["load"]) - Counter({302: 99, 200: 99}) == Counter()
