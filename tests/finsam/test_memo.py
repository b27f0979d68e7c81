"""Budget figures, the split and the columns are computed once per plan object."""

import pickle
from dataclasses import replace
from decimal import Decimal

from samordna.finsam.budget import all_figures, budget_figures, columns
from samordna.finsam.financing import contribution_split
from samordna.finsam.memo import memo_of


def test_budget_figures_are_memoised_per_year_column_and_period(sydnarke):
    plan = pickle.loads(pickle.dumps(sydnarke))  # a plan object of this test's own
    first = budget_figures(plan=plan, year=2022, column="budget")
    assert budget_figures(plan=plan, year=2022, column="budget") is first
    assert ("budget_figures", 2022, "budget", None) in memo_of(plan)
    assert contribution_split(plan=plan, year=2022) is contribution_split(plan=plan, year=2022)


def test_a_changed_plan_is_a_new_object_with_its_own_figures(sydnarke):
    plan = pickle.loads(pickle.dumps(sydnarke))
    before = budget_figures(plan=plan, year=2022, column="budget")
    entry = next(e for e in plan.budget if (e.year, e.column) == (2022, "budget"))
    changed = replace(plan, budget=tuple(replace(e, opening_equity=Decimal(1)) if e is entry else e
                                         for e in plan.budget))
    after = budget_figures(plan=changed, year=2022, column="budget")
    assert after.opening_equity == Decimal(1)
    assert before.opening_equity != Decimal(1)


def test_memoised_figures_equal_figures_of_a_fresh_copy(sjuharad):
    plan = pickle.loads(pickle.dumps(sjuharad))
    all_figures(plan)
    assert all_figures(plan) == all_figures(pickle.loads(pickle.dumps(sjuharad)))
    listed = columns(plan)
    listed.append((1, "budget"))  # a caller's list is its own copy
    assert (1, "budget") not in columns(plan)
