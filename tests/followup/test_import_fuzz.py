"""Generated bad follow-up files (hypothesis, fixed seeds) at the importer: records and counts
with cells replaced by huge numbers, impossible months, control characters, long texts and
wrong codes, columns unknown, missing or repeated, rows cut, other delimiters, a BOM, bytes
that are no CSV and no .xlsx. The importer reads a file or refuses it (FileProblem, or every
bad row listed) — never another exception — and a refused file leaves every row of every
table as it was (a dump). Each example runs in a transaction rolled back afterwards."""

from __future__ import annotations

import os

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from samordna.accounts.permissions import SYSTEM
from samordna.finsam import followup_file as ff
from samordna.followup.files import FileProblem, read_table
from samordna.followup.services import followup_import
from tests.fuzz import HUGE_INTS, any_texts, count, database_dump, dump_difference, fuzz_settings

pytestmark = pytest.mark.django_db

IMPORTS = int(os.environ.get("FUZZ_IMPORTS", 600))

RECORDS = [["enter", "K1", "kvinna", "2020-01", "2020-06", "arbete", "arbete"],
           ["enter", "K2", "man", "2019-11", "2020-03", "studier", "studier"],
           ["fia", "F1", "man", "2020-05", "2020-12", "arbetssokande", "praktik"]]
RECORD_HEADER = ["intervention", "code", "gender", "start", "end", "occupation_after", "end_reason"]
COUNTS = [["sams", "2020-T1", "3", "4", "0", "7"], ["sams", "2020-T2", "1", "2", "0", "3"]]


@st.composite
def files(draw) -> tuple[bytes, str]:
    if draw(st.integers(0, 9)) == 0:  # bytes that are no table, or a broken .xlsx
        name = draw(st.sampled_from(["x.csv", "x.xlsx", "x.txt"]))
        return draw(st.one_of(st.binary(max_size=200), st.just(b"PK\x03\x04" + b"\x00" * 50))), name
    counts = draw(st.booleans())
    header = list(ff.COUNT_COLUMNS if counts else RECORD_HEADER)
    rows = [list(r) for r in (COUNTS if counts else RECORDS)]
    for _ in range(draw(st.integers(1, 4))):
        change = draw(st.sampled_from(["cell", "cell", "cell", "column", "drop", "cut", "repeat"]))
        row = draw(st.sampled_from(rows))
        if change in ("cell", "cut") and not row or change == "drop" and not header:
            continue
        if change == "cell":
            row[draw(st.integers(0, len(row) - 1))] = draw(st.one_of(any_texts(), HUGE_INTS.map(str)))
        elif change == "column":
            header.append(draw(st.one_of(st.sampled_from(list(ff.RECORD_COLUMNS) + ["antal", "code"]), any_texts())))
        elif change == "drop":
            header.pop(draw(st.integers(0, len(header) - 1)))
        elif change == "cut":
            del row[draw(st.integers(0, len(row) - 1)):]
        else:
            rows += [list(r) for r in rows]
    delimiter = draw(st.sampled_from([";", ";", ",", "\t"]))
    text = "\n".join(delimiter.join(cells) for cells in [header, *rows]) + "\n"
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data, "uppfoljning.csv"


def test_a_refused_follow_up_file_leaves_every_row(association, enter, fia, sams):
    baseline = database_dump()
    outcome = {"unreadable": 0, "rows refused": 0, "stored": 0}

    @fuzz_settings(max_examples=IMPORTS)
    @given(file=files())
    def one(file):
        count("follow-up files")
        content, name = file
        with transaction.atomic():
            try:
                header, rows = read_table(content, name)
                result = followup_import(actor=SYSTEM, association=association, header=header, rows=rows,
                                         filename=name)
            except FileProblem:
                outcome["unreadable"] += 1
                result = None
            if result is None or not result.ok:
                if result is not None:
                    outcome["rows refused"] += 1
                    assert result.errors
                after = database_dump()
                assert after == baseline, dump_difference(baseline, after)
            else:
                outcome["stored"] += 1
            transaction.set_rollback(True)

    one()
    assert all(outcome.values()), outcome
