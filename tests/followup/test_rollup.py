"""National follow-up figures: the GROUP BY queries, the rulebook plan by plan
(`national_figures` over `followup_data`) and the hand-written SQL give the same numbers on
the generated national data set; the generated records are valid as the services store them."""

import pytest
from bench.generate import national_load
from django.db import connection

from samordna.finsam import followup as fu
from samordna.followup.models import Enrolment, ParticipantCount
from samordna.followup.rollup import (
    followup_totals_sql,
    intervention_participants,
    intervention_participants_rulebook,
    national_participants,
    year_totals,
)
from samordna.followup.selectors import counts_of, kommun_slugs, records_of
from samordna.organisation.models import Association

pytestmark = pytest.mark.django_db


@pytest.fixture
def installation():
    national_load(associations=3, years=3, seed=2, out=None)


def compared(rows):
    """What must agree: the level, Uppföljning Finsam's values (None: no figure) and, for
    individual interventions, the others."""
    return {k: (r.level, r.uf_values(), r.other if r.level == "individual" else None) for k, r in rows.items()}


def test_generated_followup_is_valid_as_the_services_store_it(installation):
    assert Enrolment.objects.count() > 2500
    assert ParticipantCount.objects.count() > 100
    for association in Association.objects.all():
        kommuner = set(kommun_slugs(association).values())
        records = records_of(association=association)
        assert [r for r in records if fu.record_problems(r, kommuner=kommuner)] == []
        assert all(r.voided == fu.is_voiding(r.end_reason) for r in records)
        assert any(r.voided for r in records) and any(r.end is None for r in records)
        assert {r.gender for r in records} == {"kvinna", "man", "annat"}
        assert fu.overlapping_codes(records) == []
        levels = dict(association.interventions.values_list("slug", "level"))
        entries = counts_of(association=association)
        assert [e for e in entries if fu.count_problems(e, level=levels[e.intervention], others=entries)] == []
    codes = list(Enrolment.objects.values_list("association_id", "code"))
    assert len(codes) == len(set(codes))


def test_generated_followup_is_the_same_for_the_same_seed_and_not_written_twice(installation):
    before = list(Enrolment.objects.order_by("pk").values_list("code", "gender", "start_month", "end_month"))
    national_load(associations=3, years=3, seed=2, out=None)
    assert list(Enrolment.objects.order_by("pk").values_list("code", "gender", "start_month", "end_month")) == before


def test_intervention_participants_in_sql_equal_the_rulebook(installation, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        sql = intervention_participants()
    rulebook = intervention_participants_rulebook()
    assert compared(sql) == compared(rulebook)
    assert {y for y, _, _ in sql} == {2017, 2018, 2019}
    assert any(r.level == "structural" and r.total > 0 for r in sql.values())
    assert any(r.level == "individual" and r.other > 0 for r in sql.values())


def test_national_participants_equal_the_sum_of_the_rulebook_per_intervention(installation,
                                                                                django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        totals = national_participants()
    expected = year_totals(intervention_participants_rulebook())
    assert [t.as_tuple() for t in totals.values()] == [t.as_tuple() for t in expected.values()]
    assert totals[2018].women > totals[2018].men > totals[2018].other > 0
    assert list(national_participants(years=[2018]).values()) == [totals[2018]]


def test_the_hand_written_sql_gives_the_same_rows(installation):
    with connection.cursor() as cursor:
        cursor.execute(followup_totals_sql(connection.vendor))
        rows = cursor.fetchall()
    assert [tuple(int(v) for v in row) for row in rows] == [t.as_tuple() for t in national_participants().values()]


def test_count_mode_individual_interventions_and_missing_counts_agree(db):
    """Södra Vätterbygden 2020 with Enter followed up by counts: women, men and others
    counted per tertial and month; the other count-mode interventions have no counts for
    the year (no figure) — the SQL and the rulebook alike."""
    from samordna.accounts.permissions import SYSTEM
    from samordna.economy.services import plan_load
    from samordna.followup.services import count_save
    from tests.conftest import plan_path

    text = plan_path("sodra-vatterbygden-2020").read_text(encoding="utf-8")
    counted = text.replace("  - id: enter\n    name: Enter\n    level: individual\n",
                           "  - id: enter\n    name: Enter\n    level: individual\n    follow_up: count\n")
    association = plan_load(data=counted.encode()).plan.association
    enter = association.interventions.get(slug="enter")
    assert (enter.level, enter.follow_up) == ("individual", "count")
    for entry in (fu.CountEntry("enter", 2020, "tertial", 1, women=7, men=4, other=1),
                  fu.CountEntry("enter", 2020, "month", 6, women=2, men=3)):
        count_save(actor=SYSTEM, association=association, intervention=enter, entry=entry)
    sql = intervention_participants()
    assert compared(sql) == compared(intervention_participants_rulebook())
    row = sql[(2020, association.slug, "enter")]
    assert (row.women, row.men, row.other, row.reported) == (9, 7, 1, True)
    assert [r.intervention for r in sql.values() if not r.reported]
    assert [t.as_tuple() for t in national_participants().values()] == \
        [t.as_tuple() for t in year_totals(sql).values()]
