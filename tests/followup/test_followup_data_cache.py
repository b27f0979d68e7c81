"""The follow-up data of an association is read once and kept while its rows are unchanged
(`followup.selectors.followup_data`): a page asks two aggregate queries instead of reading
thousands of records, and every change — a saved record, an imported record or count, a
deleted count — is seen at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samordna.accounts.permissions import SYSTEM
from samordna.economy.selectors import plan_data_cached
from samordna.followup.models import ParticipantCount
from samordna.followup.selectors import followup_data, followup_stamp
from samordna.followup.services import count_delete

from .test_import import GOOD, run


def _data(vatterbygden):
    return followup_data(association=vatterbygden.association, plan=plan_data_cached(vatterbygden))


def _women(data) -> int:
    return sum(1 for r in data.records if r.gender == "kvinna")


def _head_counts(data) -> dict:
    return {(c.intervention, c.period): c.head_count for c in data.counts}


def test_unchanged_rows_are_not_read_again(vatterbygden):
    run(vatterbygden.association, GOOD)
    first = _data(vatterbygden)
    with CaptureQueriesContext(connection) as queries:
        again = _data(vatterbygden)
    assert again.records is first.records and again.counts is first.counts
    assert not [q for q in queries.captured_queries if "FROM \"followup_enrolment\"" in q["sql"]
                and "COUNT(" not in q["sql"].upper()]
    assert len(queries.captured_queries) == 3  # the modes, and the stamp of records and of counts


def test_an_imported_record_is_seen_at_once(vatterbygden):
    run(vatterbygden.association, GOOD)
    assert _women(_data(vatterbygden)) == 1
    run(vatterbygden.association, GOOD + "enter;K3;kvinna;;;2020-05;;;;\n")
    assert _women(_data(vatterbygden)) == 2


def test_a_changed_record_is_seen_at_once(vatterbygden):
    run(vatterbygden.association, GOOD)
    assert [r.end for r in _data(vatterbygden).records if r.provider_code == "K2"] == [None]
    run(vatterbygden.association, GOOD.replace("enter;K2;man;30-39;jonkoping;2020-02;;;;",
                                               "enter;K2;man;30-39;jonkoping;2020-02;2020-11;arbetssokande;avbrott;"))
    assert [r.end.isoformat() for r in _data(vatterbygden).records if r.provider_code == "K2"] == ["2020-11-01"]


def test_a_count_replaced_by_an_import_or_deleted_is_seen_at_once(vatterbygden):
    association = vatterbygden.association
    run(association, "intervention;period;antal\nsams;2020-T1;40\nsams;2020-T2;35\n")
    assert _head_counts(_data(vatterbygden)) == {("sams", 1): 40, ("sams", 2): 35}
    stamp = followup_stamp(vatterbygden)
    run(association, "intervention;period;antal\nsams;2020-T1;41\n")  # bulk_update of the stored row
    assert followup_stamp(vatterbygden) != stamp
    assert _head_counts(_data(vatterbygden)) == {("sams", 1): 41, ("sams", 2): 35}
    count_delete(actor=SYSTEM, association=association, count=ParticipantCount.objects.get(period=2))
    assert _head_counts(_data(vatterbygden)) == {("sams", 1): 41}
