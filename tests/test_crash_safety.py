"""A `samordna load` killed midway (SIGKILL: no handler, no cleanup) leaves the database as
it was: consistent (SQLite's integrity and foreign-key checks; on PostgreSQL no transaction
left open) and with every row equal to before. A load is one transaction, so either all of a
file is stored or nothing. The harness (tests.harness.kill_during_write) serves any command,
e.g. the follow-up importer (`samordna import-records`)."""

from __future__ import annotations

from bench.generate import large_plan

from tests.harness import database, kill_during_write, write_duration

SHARES = (0.0, 0.2)  # when to kill: this share of the write transaction's measured duration


def _kill_and_check(db, args, tmp_path) -> None:
    """Kill `samordna ARGS` at each share of its write transaction: the database must be as
    before every time (its integrity and every row)."""
    trial = db.copy(tmp_path)  # how long the transaction lasts here and now
    try:
        duration = write_duration(trial, args)
    finally:
        trial.drop()
    expected = db.dump()
    for share in SHARES:
        outcome = kill_during_write(db, args, delay=duration * share)
        assert (outcome.writing_seen, outcome.finished, outcome.returncode) == (True, False, -9)
        assert db.integrity_problems() == []
        assert db.dump() == expected


def test_a_load_killed_midway_changes_nothing(tmp_path):
    db = database(tmp_path)
    try:
        big = tmp_path / "bench.yaml"
        big.write_text(large_plan(kommuner=20, interventions=30, lines=15), encoding="utf-8")
        before = db.dump()
        _kill_and_check(db, ["load", str(big)], tmp_path)  # a new association: nothing of it stored

        db.samordna("load", str(big))
        assert db.dump() != before
        changed = tmp_path / "bench-2.yaml"
        text = big.read_text(encoding="utf-8").replace("amount: ", "amount: 1").replace("0, 2026: ", "1, 2026: ")
        changed.write_text(text, encoding="utf-8")
        _kill_and_check(db, ["load", str(changed)], tmp_path)  # an update: the stored plan stays whole

        result = db.samordna("load", str(changed))
        assert result.stdout.startswith("Uppdaterade Samordningsförbundet Benchmark")
        assert db.integrity_problems() == []
    finally:
        db.drop()


def _records(n: int, after: str) -> str:
    rows = [f"enter;P{i:05};{('kvinna', 'man', 'annat')[i % 3]};2020-01;2020-06;{after};{after}" for i in range(n)]
    return "intervention;code;gender;start;end;occupation_after;end_reason\n" + "\n".join(rows) + "\n"


def test_an_import_killed_midway_changes_nothing(tmp_path):
    """`samordna import-records` of 3 000 follow-up records (new, then changed), killed as it
    begins writing and a fifth into its transaction: no record of it, nothing else changed."""
    from tests.conftest import plan_path

    db = database(tmp_path)
    try:
        db.samordna("load", str(plan_path("sodra-vatterbygden-2020")))
        new = tmp_path / "uppfoljning.csv"
        new.write_text(_records(3000, "arbete"), encoding="utf-8")
        _kill_and_check(db, ["import-records", "sodra-vatterbygden", str(new)], tmp_path)

        before = db.dump()
        assert db.samordna("import-records", "sodra-vatterbygden", str(new)).stdout.startswith("Sparade 3000 rader")
        assert db.dump() != before
        changed = tmp_path / "uppfoljning-2.csv"
        changed.write_text(_records(3000, "studier"), encoding="utf-8")
        _kill_and_check(db, ["import-records", "sodra-vatterbygden", str(changed)], tmp_path)

        result = db.samordna("import-records", "sodra-vatterbygden", str(changed))
        assert result.stdout == "Sparade 3000 rader (deltagarposter): 0 nya, 3000 ändrade, 0 oförändrade.\n"
        assert db.integrity_problems() == []
    finally:
        db.drop()
