"""National totals: the GROUP BY queries, the rulebook plan by plan and the hand-written SQL
give the same figures on the generated national data set."""

from decimal import Decimal

import pytest
from bench.generate import national_load
from django.db import connection

from samordna.economy.rollup import NATIONAL_TOTALS_SQL, national_totals, national_totals_rulebook

pytestmark = pytest.mark.django_db


@pytest.fixture
def installation():
    national_load(associations=3, years=3, seed=2, out=None)


def test_national_totals_in_sql_equal_the_rulebook_plan_by_plan(installation, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        sql = national_totals()
    rulebook = national_totals_rulebook()
    assert [t.as_tuple() for t in sql.values()] == [t.as_tuple() for t in rulebook.values()]
    assert list(sql) == [2017, 2018, 2019]
    assert sql[2017].associations == 3
    assert sql[2017].costs == sql[2017].intervention_budget + sql[2017].cost_lines
    assert sql[2017].intervention_budget > Decimal(0) and sql[2017].participants > Decimal(0)


def test_national_totals_of_chosen_years(installation):
    assert list(national_totals(years=[2018])) == [2018]
    assert national_totals(years=[2018])[2018].as_tuple() == national_totals()[2018].as_tuple()


def test_the_hand_written_sql_gives_the_same_rows(installation):
    with connection.cursor() as cursor:
        cursor.execute(NATIONAL_TOTALS_SQL)
        rows = cursor.fetchall()
    ours = [(t.year, t.associations, t.interventions, t.state, t.intervention_budget, t.cost_lines,
             t.participants) for t in national_totals().values()]
    assert [tuple(Decimal(str(v)) if i >= 3 else v for i, v in enumerate(r)) for r in rows] == ours
