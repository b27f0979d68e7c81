"""The organisation in the plan file, through the database: export → load → export is
identical, a load upserts by id and keeps identities, and a file that leaves the
association's own data out (an older year's plan) keeps it."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from samordna.economy.models import Plan
from samordna.economy.services import plan_load
from samordna.organisation import plan_services as ps
from samordna.organisation import services
from samordna.organisation.models import BoardSeat, Body
from tests.conftest import make_user, plan_path

pytestmark = pytest.mark.django_db


def export(slug="sydnarke") -> str:
    out = io.StringIO()
    call_command("export", slug, stdout=out)
    return out.getvalue()


@pytest.fixture
def edited(sydnarke_plan):
    """Sydnärke with everything the app adds: a named board, a body, an ended member, a new
    calendar entry, a goal, a target group and a risk control."""
    plan = Plan.objects.get(pk=sydnarke_plan.pk)
    assoc = plan.association
    kansli = make_user("kansli", assoc, "secretariat_admin")
    services.seat_save(actor=kansli, association=assoc, pk=None, name="Anna Ek",
                       member_slug="laxa", role="regular", office="chair",
                       term_start=date(2019, 1, 1), term_end=date(2022, 12, 31))
    services.seat_save(actor=kansli, association=assoc, pk=None, name="Bo Berg",
                       member_slug="laxa", role="deputy", deputy_order=1)
    au = services.body_save(actor=kansli, association=assoc, pk=None, name="Arbetsutskottet",
                            kind="working_committee")
    services.body_person_save(actor=kansli, association=assoc, body_pk=au.pk, pk=None,
                              name="Anna Ek", member_slug="laxa", role="ordförande")
    services.member_end(actor=kansli, association=assoc, member_slug="laxa",
                        ended_on=date(2024, 12, 31))
    ps.calendar_event_save(actor=kansli, association=assoc, plan=plan, pk=None,
                           date=date(2022, 12, 21), start="09:00", body="styrelse")
    ps.plan_entry_save(actor=kansli, association=assoc, plan=plan, list_name="target_groups",
                       key=None, values={"name": "Nyanlända", "priority": True})
    ps.plan_entry_save(actor=kansli, association=assoc, plan=plan, list_name="controls",
                       key=None, values={"risk": "Fel utbetalning", "likelihood": 2,
                                         "consequence": 4})
    return plan


def test_export_load_export_is_identical_with_the_organisation(edited, tmp_path):
    first = export()
    assert "board_seats:\n- {id: anna-ek, name: Anna Ek, member: laxa, role: regular" in first
    assert "ended_on: 2024-12-31" in first and "bodies:\n- id: arbetsutskottet\n" in first
    assert "  controls:\n  - id: fel-utbetalning\n" in first
    path = tmp_path / "export.yaml"
    path.write_text(first, encoding="utf-8")
    result = plan_load(data=path.read_bytes())
    assert result.changes == []  # the stored plan already is the file
    assert export() == first


def test_a_load_upserts_by_id_and_keeps_identities(edited, tmp_path):
    seat = BoardSeat.objects.get(slug="anna-ek")
    event = edited.calendar.get(date=date(2022, 12, 21))
    goal_keys = [g["key"] for g in Plan.objects.get(pk=edited.pk).target_groups]
    text = export().replace("name: Anna Ek, member: laxa", "name: Anna Eklund, member: laxa")
    plan_load(data=text)
    seat.refresh_from_db()
    assert (BoardSeat.objects.get(slug="anna-ek").pk, seat.name) == (seat.pk, "Anna Eklund")
    assert edited.calendar.get(date=date(2022, 12, 21)).pk == event.pk
    assert [g["key"] for g in Plan.objects.get(pk=edited.pk).target_groups] == goal_keys


def test_an_older_file_without_the_organisation_keeps_it(edited):
    plan_load(data=plan_path("sydnarke-2022").read_bytes())
    assert BoardSeat.objects.count() == 2 and Body.objects.count() == 1
    assoc = edited.association
    assert assoc.members.get(slug="laxa").ended_on == date(2024, 12, 31)


def test_the_same_file_twice_changes_nothing(edited):
    text = export()
    plan_load(data=text)
    revision = Plan.objects.get(pk=edited.pk).revision
    assert plan_load(data=text).changes == []
    assert Plan.objects.get(pk=edited.pk).revision == revision
