"""The organisation and plan-list services: each rule refused in Swedish with nothing written,
a role without the right refused, a stale edit a conflict, every write in the change log."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from samordna.audit.models import ChangeRecord
from samordna.core.exceptions import Conflict
from samordna.economy.models import CalendarEvent, Contribution, Plan
from samordna.organisation import plan_services as ps
from samordna.organisation import services
from samordna.organisation.models import BoardSeat, Body, Member
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
OWN = [m for m in apps.get_models() if m.__module__.startswith("samordna.")]


def rows():
    return {m._meta.label: list(m.objects.order_by("pk").values_list()) for m in OWN}


@pytest.fixture
def plan(sydnarke_plan):
    return Plan.objects.get(pk=sydnarke_plan.pk)


@pytest.fixture
def assoc(plan):
    return plan.association


@pytest.fixture
def kansli(assoc):
    return make_user("kansli", assoc, "secretariat_admin")


@pytest.fixture
def ledamot(assoc):
    return make_user("ledamot", assoc, "board_member")


def refused(call, message=None, exc=ValidationError):
    before = rows()
    with pytest.raises(exc) as caught:
        call()
    assert rows() == before, "a refused write changed the database"
    if message is not None:
        assert message in caught.value.messages
    return caught.value


# ---------------------------------------------------------------- members


def test_member_add_gives_an_id_joins_the_plan_and_is_logged(kansli, assoc, plan):
    member = services.member_add(actor=kansli, association=assoc, name="Örebro kommun",
                                 kind="kommun", population_date=date(2021, 6, 30),
                                 population=156_000)
    assert member.slug == "orebro-kommun"
    assert plan.plan_members.filter(member=member).exists()
    assert member.population.get().count == 156_000
    record = ChangeRecord.objects.latest("pk")
    assert (record.action, record.object_type, record.after["kind"], record.after["plans"]) == (
        "create", "member", "kommun", [2022])
    assert Plan.objects.get(pk=plan.pk).revision == plan.revision + 1


@pytest.mark.parametrize(("values", "message"), [
    ({"name": "Försäkringskassan 2", "kind": "forsakringskassan"},
     "Förbundet ska ha exakt en medlem som är Försäkringskassan (har 2)."),
    ({"name": "Arbetsförmedlingen 2", "kind": "arbetsformedlingen"},
     "Förbundet ska ha exakt en medlem som är Arbetsförmedlingen (har 2)."),
    ({"name": " ", "kind": "kommun"}, "Ange medlemmens namn."),
    ({"name": "Kommunen", "kind": "stad"}, "Välj vilket slags medlem det är."),
    ({"name": "FK", "kind": "forsakringskassan", "population_date": date(2021, 6, 30),
      "population": 10}, "Befolkning anges bara för kommuner och regioner."),
    ({"name": "Kommunen", "kind": "kommun", "population": 10},
     "Ange både datum och antal invånare, eller inget av dem."),
])
def test_member_add_refuses_each_rule(kansli, assoc, values, message):
    refused(lambda: services.member_add(actor=kansli, association=assoc, **values), message)


def test_member_end_keeps_the_member_and_leaves_later_financing(kansli, assoc, plan):
    laxa = assoc.members.get(slug="laxa")
    services.member_end(actor=kansli, association=assoc, member_slug="laxa",
                        ended_on=date(2022, 12, 31), expected_revision=laxa.revision)
    laxa.refresh_from_db()
    assert laxa.ended_on == date(2022, 12, 31)
    assert Member.objects.filter(pk=laxa.pk).exists()
    record = ChangeRecord.objects.latest("pk")
    assert (record.action, record.before, record.after) == (
        "end", {"ended_on": None}, {"ended_on": "2022-12-31"})
    from samordna.economy.selectors import plan_data
    from samordna.finsam.financing import contribution_split

    data = plan_data(plan)
    assert "laxa" in [m.id for m in contribution_split(plan=data, year=2022).members]
    assert "laxa" not in [m.id for m in contribution_split(plan=data, year=2023).members]


def test_member_end_refuses_the_only_fk_and_the_last_region(kansli, assoc):
    refused(lambda: services.member_end(actor=kansli, association=assoc,
                                        member_slug="fk",
                                        ended_on=date(2023, 6, 30)),
            "Försäkringskassan kan inte avslutas: Förbundet ska ha exakt en medlem som är "
            "Försäkringskassan (har 0).")
    region = assoc.members.get(kind="region")
    refused(lambda: services.member_end(actor=kansli, association=assoc, member_slug=region.slug,
                                        ended_on=date(2023, 6, 30)))


def test_member_end_refuses_a_date_before_its_own_contributions(kansli, assoc):
    contribution = Contribution.objects.filter(member__association=assoc,
                                               member__kind="kommun").first()
    slug, year = contribution.member.slug, contribution.financing_year.year
    refused(lambda: services.member_end(actor=kansli, association=assoc, member_slug=slug,
                                        ended_on=date(year - 1, 12, 31)))


def test_member_end_is_a_conflict_when_stale_and_refused_without_the_right(kansli, ledamot, assoc):
    laxa = assoc.members.get(slug="laxa")
    services.member_update(actor=kansli, association=assoc, member_slug="laxa",
                           name="Laxå (ändrat)", note=None, expected_revision=laxa.revision)
    refused(lambda: services.member_end(actor=kansli, association=assoc, member_slug="laxa",
                                        ended_on=date(2023, 1, 1),
                                        expected_revision=laxa.revision), exc=Conflict)
    refused(lambda: services.member_end(actor=ledamot, association=assoc, member_slug="laxa",
                                        ended_on=date(2023, 1, 1)), exc=PermissionDenied)


# ---------------------------------------------------------------- the board


def seat(kansli, assoc, **kw):
    values = {"pk": None, "name": "Anna Ek", "member_slug": "laxa", "role": "regular"} | kw
    return services.seat_save(actor=kansli, association=assoc, **values)


def test_seat_save_creates_changes_and_logs(kansli, assoc):
    anna = seat(kansli, assoc, office="chair", term_start=date(2023, 1, 1),
                term_end=date(2026, 12, 31))
    assert (anna.slug, anna.member.slug, anna.office) == ("anna-ek", "laxa", "chair")
    seat(kansli, assoc, pk=anna.pk, name="Anna Ek", office="chair", term_start=date(2023, 1, 1),
         term_end=date(2026, 12, 31), email="anna.ek@laxa.se", expected_revision=anna.revision)
    anna.refresh_from_db()
    assert (anna.email, anna.revision) == ("anna.ek@laxa.se", 2)
    log = list(ChangeRecord.objects.filter(object_type="board_seat").order_by("pk"))
    assert [r.action for r in log] == ["create", "update"]
    assert log[1].before["email"] is None and log[1].after["email"] == "anna.ek@laxa.se"


@pytest.mark.parametrize(("values", "message"), [
    ({"name": ""}, "Ange personens namn."),
    ({"member_slug": "okand"}, "Välj den medlem som personen representerar."),
    ({"role": "deputy", "office": "chair"}, "Ordförande och vice ordförande väljs bland ledamöterna."),
    ({"office": "chair"}, "Styrelsen har redan en ordförande: Första Ordförande."),
    ({"deputy_order": 1}, "Bara ersättare har en inkallelseordning."),
    ({"term_start": date(2026, 1, 1), "term_end": date(2025, 1, 1)},
     "Mandatperioden kan inte sluta innan den börjar."),
    ({"email": "fel"}, "Skriv en e-postadress i formen namn@exempel.se."),
])
def test_seat_save_refuses_each_rule(kansli, assoc, values, message):
    seat(kansli, assoc, name="Första Ordförande", office="chair")
    refused(lambda: seat(kansli, assoc, **values), message)


def test_seat_save_conflict_and_delete(kansli, ledamot, assoc):
    anna = seat(kansli, assoc)
    seat(kansli, assoc, pk=anna.pk, name="Anna Eklund", expected_revision=anna.revision)
    refused(lambda: seat(kansli, assoc, pk=anna.pk, name="Anna E", expected_revision=anna.revision),
            exc=Conflict)
    refused(lambda: services.seat_delete(actor=ledamot, association=assoc, pk=anna.pk),
            exc=PermissionDenied)
    services.seat_delete(actor=kansli, association=assoc, pk=anna.pk)
    assert not BoardSeat.objects.filter(pk=anna.pk).exists()
    record = ChangeRecord.objects.latest("pk")
    assert (record.action, record.before["name"]) == ("delete", "Anna Eklund")


def test_a_member_with_a_seat_is_never_deleted_by_a_load(kansli, assoc):
    """The seat refers to the member: a file that no longer lists it keeps the member."""
    from samordna.economy.services import plan_load
    from tests.conftest import plan_path

    seat(kansli, assoc)
    text = plan_path("sydnarke-2022").read_text(encoding="utf-8")
    plan_load(data=text)
    assert assoc.members.filter(slug="laxa").exists()


# ---------------------------------------------------------------- bodies


def test_body_and_person_save_and_delete(kansli, assoc):
    au = services.body_save(actor=kansli, association=assoc, pk=None, name="Arbetsutskottet",
                            kind="working_committee")
    person = services.body_person_save(actor=kansli, association=assoc, body_pk=au.pk, pk=None,
                                       name="Anna Ek", member_slug="laxa", role="ordförande")
    assert (au.slug, person.member.slug) == ("arbetsutskottet", "laxa")
    refused(lambda: services.body_save(actor=kansli, association=assoc, pk=None,
                                       name="arbetsutskottet", kind="other"),
            "Det finns redan ett organ som heter ”arbetsutskottet”.")
    refused(lambda: services.body_person_save(actor=kansli, association=assoc, body_pk=au.pk,
                                              pk=None, name="Eva"),
            "Ange vilken medlem eller organisation personen kommer från.")
    services.body_delete(actor=kansli, association=assoc, pk=au.pk)
    assert not Body.objects.filter(pk=au.pk).exists()
    assert [r.object_type for r in ChangeRecord.objects.order_by("pk")][-3:] == [
        "body", "body_member", "body"]
    assert ChangeRecord.objects.latest("pk").before["people"][0]["name"] == "Anna Ek"


# ---------------------------------------------------------------- calendar


def test_calendar_event_save_edit_delete(kansli, assoc, plan):
    event = ps.calendar_event_save(actor=kansli, association=assoc, plan=plan, pk=None,
                                   date=date(2022, 12, 9), start="09:00", end="12:00",
                                   body="styrelse", title="Styrelsemöte")
    assert event.position == plan.calendar.count() - 1
    refused(lambda: ps.calendar_event_save(actor=kansli, association=assoc, plan=plan,
                                           pk=event.pk, date=date(2022, 12, 9), start="13:00",
                                           end="12:00", body="styrelse"),
            "Sluttiden 12:00 ligger före starttiden 13:00.")
    ps.calendar_event_save(actor=kansli, association=assoc, plan=plan, pk=event.pk,
                           date=date(2022, 12, 9), start="10:00", end="12:00", body="styrelse",
                           title="Styrelsemöte", expected_revision=1)
    refused(lambda: ps.calendar_event_save(actor=kansli, association=assoc, plan=plan,
                                           pk=event.pk, date=date(2022, 12, 9),
                                           body="styrelse", expected_revision=1), exc=Conflict)
    ps.calendar_event_delete(actor=kansli, association=assoc, plan=plan, pk=event.pk)
    assert not CalendarEvent.objects.filter(pk=event.pk).exists()
    assert [r.action for r in ChangeRecord.objects.filter(object_type="calendar_event")
            .order_by("pk")] == ["create", "update", "delete"]


# ---------------------------------------------------------------- the plan's lists


def test_goal_add_edit_move_delete(kansli, assoc, plan):
    count = len(plan.goals)
    goal = ps.plan_entry_save(actor=kansli, association=assoc, plan=plan, list_name="goals",
                              key=None, values={"text": "Minst 40 % till arbete",
                                                "indicator": "ended_to_work",
                                                "target": Decimal("0.4")})
    plan.refresh_from_db()
    assert plan.goals[-1] == goal and goal["target"] == "0.4"
    version = ps.version_of(goal)
    ps.plan_entry_save(actor=kansli, association=assoc, plan=plan, list_name="goals",
                       key=goal["key"], values={"text": "Minst 45 % till arbete",
                                                "indicator": "ended_to_work",
                                                "target": Decimal("0.45")},
                       expected_version=version)
    refused(lambda: ps.plan_entry_save(actor=kansli, association=assoc, plan=plan,
                                       list_name="goals", key=goal["key"],
                                       values={"text": "x"}, expected_version=version),
            exc=Conflict)
    refused(lambda: ps.plan_entry_save(actor=kansli, association=assoc, plan=plan,
                                       list_name="goals", key=None,
                                       values={"text": "x", "indicator": "ended_to_work",
                                               "target": Decimal("1.5")}),
            "Andelen ska vara mellan 0 och 100 procent.")
    ps.plan_entry_move(actor=kansli, association=assoc, plan=plan, list_name="goals",
                       key=goal["key"], offset=-1)
    plan.refresh_from_db()
    assert plan.goals[count - 1]["key"] == goal["key"]
    ps.plan_entry_delete(actor=kansli, association=assoc, plan=plan, list_name="goals",
                         key=goal["key"])
    plan.refresh_from_db()
    assert len(plan.goals) == count
    assert [r.action for r in ChangeRecord.objects.filter(object_type="goal").order_by("pk")] == [
        "create", "update", "move", "delete"]


def test_swot_entries_are_addressed_by_place_and_version(kansli, assoc, plan):
    first = plan.risks["strengths"][0]
    stale = ps.version_of(first)
    ps.plan_entry_move(actor=kansli, association=assoc, plan=plan, list_name="strengths",
                       key="0", offset=1, expected_version=stale)
    refused(lambda: ps.plan_entry_delete(actor=kansli, association=assoc, plan=plan,
                                         list_name="strengths", key="0", expected_version=stale),
            exc=Conflict)
    refused(lambda: ps.plan_entry_save(actor=kansli, association=assoc, plan=plan,
                                       list_name="threats", key=None, values={"text": " "}),
            "Skriv hotet.")


def test_risk_control_gets_an_id_and_is_validated(kansli, ledamot, assoc, plan):
    control = ps.plan_entry_save(actor=kansli, association=assoc, plan=plan, list_name="controls",
                                 key=None, values={"risk": "Fel utbetalning", "likelihood": 2,
                                                   "consequence": 4, "owner": "Förbundschefen"})
    assert control["id"] == "fel-utbetalning"
    refused(lambda: ps.plan_entry_save(actor=kansli, association=assoc, plan=plan,
                                       list_name="controls", key=None,
                                       values={"risk": "Brand", "likelihood": 5,
                                               "consequence": 1}),
            "Sannolikheten är 1–4.")
    refused(lambda: ps.plan_entry_save(actor=ledamot, association=assoc, plan=plan,
                                       list_name="controls", key=None,
                                       values={"risk": "Brand", "likelihood": 1,
                                               "consequence": 1}), exc=PermissionDenied)
    from samordna.economy.selectors import plan_data

    assert plan_data(Plan.objects.get(pk=plan.pk)).risks.controls[0].risk == "Fel utbetalning"


def test_target_group_and_decision_entries(kansli, assoc, plan):
    group = ps.plan_entry_save(actor=kansli, association=assoc, plan=plan,
                               list_name="target_groups", key=None,
                               values={"name": "Unga med aktivitetsersättning", "priority": True})
    refused(lambda: ps.plan_entry_save(actor=kansli, association=assoc, plan=plan,
                                       list_name="target_groups", key=None,
                                       values={"name": "unga med aktivitetsersättning"}),
            "Målgruppen ”unga med aktivitetsersättning” finns redan.")
    ps.plan_entry_save(actor=kansli, association=assoc, plan=plan, list_name="decisions",
                       key=None, values={"text": "godkänna verksamhetsplanen"})
    plan.refresh_from_db()
    assert plan.target_groups[-1]["key"] == group["key"]
    assert plan.decisions[-1] == "godkänna verksamhetsplanen"
