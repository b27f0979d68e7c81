"""Mutated plan files loaded into a database that holds the real plans (hypothesis, fixed
seeds; the mutations of tests/finsam/test_planfile_fuzz.py): a file the loader refuses —
in the reader or against the stored data (a locked field changed, something referred to
removed, a value beyond its column) — leaves every row of every table as it was (a dump
before and after); a file it accepts is stored so that the plan reads back and exports to a
file that loads again. Each example runs in a transaction rolled back afterwards."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from samordna.economy.models import Plan
from samordna.economy.selectors import plan_data
from samordna.economy.services import plan_load
from samordna.finsam import vocabulary as vocab
from samordna.finsam.planfile import PlanFileError, dump_plan, read_plan
from tests.conftest import plan_path
from tests.finsam.test_planfile_fuzz import mutated_files
from tests.fuzz import count, database_dump, dump_difference, fuzz_settings

pytestmark = pytest.mark.django_db

LOADS = int(os.environ.get("FUZZ_LOADS", 300))
SYDNARKE = read_plan(plan_path("sydnarke-2022").read_bytes())[0]


@st.composite
def locked_changes(draw) -> str:
    """The stored plan with a field that locks at creation changed on some interventions (a
    valid file that the stored data refuses), and perhaps a generated mutation on top."""
    interventions = list(SYDNARKE.interventions)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(interventions) - 1))
        field = draw(st.sampled_from(["level", "follow_up"]))
        codes = vocab.LEVELS if field == "level" else vocab.FOLLOW_UP
        choices = sorted(set(codes) - {getattr(interventions[i], field)})
        interventions[i] = replace(interventions[i], **{field: draw(st.sampled_from(choices))})
    return dump_plan(replace(SYDNARKE, interventions=tuple(interventions)))


def test_a_refused_plan_file_leaves_every_row_and_an_accepted_one_reads_back(sydnarke_plan):
    plan_load(data=plan_path("sjuharad-2022").read_bytes())
    baseline = database_dump()
    outcome = {"refused by the reader": 0, "refused against the stored data": 0, "stored": 0}

    @fuzz_settings(max_examples=LOADS)
    @given(text=st.one_of(mutated_files(("sydnarke-2022", "sjuharad-2022")), locked_changes()))
    def load(text):
        count("plan files loaded")
        try:
            read_plan(text)
        except PlanFileError:
            outcome["refused by the reader"] += 1
            return
        with transaction.atomic():
            try:
                result = plan_load(data=text.encode("utf-8", "surrogatepass"))
            except (PlanFileError, ValidationError):
                outcome["refused against the stored data"] += 1
                after = database_dump()
                assert after == baseline, dump_difference(baseline, after)
            else:
                outcome["stored"] += 1
                stored = Plan.objects.get(pk=result.plan.pk)
                again, _ = read_plan(dump_plan(plan_data(stored)))
                assert again == plan_data(stored)
            transaction.set_rollback(True)

    load()
    print(outcome)
    assert all(outcome.values()), outcome
