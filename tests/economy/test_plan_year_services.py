"""Services of the plan year: next year's plan, a first plan, budget rows, stated totals and
handled review findings. Each refuses with a Swedish message and writes nothing; each write
is in the change log."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samordna.audit.models import ChangeRecord
from samordna.core.exceptions import Conflict
from samordna.economy import services
from samordna.economy.models import BudgetEntry, BudgetLine, FindingAck, Plan, PlanMember
from samordna.economy.selectors import plan_data, plan_review
from samordna.interventions.models import PlanIntervention
from samordna.organisation.models import Association, Member
from tests.conftest import make_user
from tests.test_service_rules import refused, rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(sydnarke_plan):
    return Plan.objects.get(pk=sydnarke_plan.pk)


@pytest.fixture
def kansli(plan):
    return make_user("kansli", plan.association, "secretariat_admin")


@pytest.fixture
def economy(plan):
    return make_user("ekonom", plan.association, "economy")


@pytest.fixture
def board(plan):
    return make_user("ledamot", plan.association, "board_member")


# ---------------------------------------------------------------- next year's plan


def test_plan_create_next_makes_a_proposal_with_the_same_identities(plan, economy):
    new = services.plan_create_next(actor=economy, association=plan.association, from_plan=plan,
                                    index=Decimal("0.02"))
    assert (new.year, new.plan_years, new.stage) == (2023, [2024, 2025], "proposal")
    assert (new.adopted_on, new.adopted_by, new.reference) == (None, None, None)
    old_members = list(PlanMember.objects.filter(plan=plan).values_list("member_id", flat=True))
    assert list(PlanMember.objects.filter(plan=new).values_list("member_id", flat=True)) == old_members
    old_ivs = dict(PlanIntervention.objects.filter(plan=plan).values_list("intervention__slug",
                                                                           "intervention_id"))
    new_ivs = dict(PlanIntervention.objects.filter(plan=new).values_list("intervention__slug",
                                                                          "intervention_id"))
    assert new_ivs == old_ivs
    data = plan_data(new)
    assert [(f.year, f.status) for f in data.financing] == [(2023, None), (2024, None),
                                                           (2025, "requested")]
    assert data.entry(2025, "plan").costs[1].amount == Decimal(494700)  # förbundschef 485 000 + 2 %
    assert data.plan.sections == plan_data(plan).plan.sections
    assert plan_data(plan).plan.year == 2022  # the old plan is untouched
    version = new.versions.get()
    assert (version.number, version.stage, version.reason) == (1, "proposal",
                                                               "Skapad ur planen 2022, uppräknad 2 %")
    record = ChangeRecord.objects.get(action="create", object_type="plan")
    assert (record.object_id, record.actor_name, record.after["year"]) == (str(new.pk), "ekonom", 2023)


def test_plan_create_next_is_refused_when_next_years_plan_exists(plan, kansli):
    services.plan_create_next(actor=kansli, association=plan.association, from_plan=plan)
    refused(lambda: services.plan_create_next(actor=kansli, association=plan.association,
                                              from_plan=plan),
            "Verksamhetsplanen för 2023 finns redan.")


@pytest.mark.parametrize(("index", "message"), [
    (Decimal("0.6"), "högst 50 procent"), (Decimal("0.000001"), "högst två decimaler")])
def test_plan_create_next_refuses_a_bad_index(plan, kansli, index, message):
    refused(lambda: services.plan_create_next(actor=kansli, association=plan.association,
                                              from_plan=plan, index=index), message)


def test_plan_create_next_needs_the_right(plan, board):
    before = rows()
    with pytest.raises(PermissionDenied, match="skapa en ny verksamhetsplan"):
        services.plan_create_next(actor=board, association=plan.association, from_plan=plan)
    assert rows() == before


def test_plan_create_next_refuses_another_associations_plan(plan, kansli, other_plan):
    before = rows()
    with pytest.raises(PermissionDenied):
        services.plan_create_next(actor=kansli, association=plan.association, from_plan=other_plan)
    assert rows() == before


def test_plan_create_first_takes_the_associations_members(db):
    association = Association.objects.create(slug="nytt", name="Samordningsförbundet Nytt")
    for i, (slug, kind) in enumerate([("fk", "forsakringskassan"), ("af", "arbetsformedlingen"),
                                      ("region", "region"), ("a", "kommun")]):
        Member.objects.create(association=association, slug=slug, name=slug.upper(), kind=kind,
                              position=i)
    user = make_user("kansli", association, "secretariat_admin")
    plan = services.plan_create_first(actor=user, association=association, year=2027)
    assert (plan.year, plan.plan_years, plan.stage) == (2027, [2028, 2029], "proposal")
    assert list(plan.plan_members.values_list("member__slug", flat=True)) == ["fk", "af", "region", "a"]
    assert list(plan.financing.values_list("year", flat=True)) == [2027, 2028, 2029]
    assert Member.objects.filter(association=association).count() == 4
    assert plan.versions.get().reason == "Första planen, skapad i Samordna"
    refused(lambda: services.plan_create_first(actor=user, association=association, year=2030),
            "Förbundet har redan en verksamhetsplan")


def test_plan_create_first_refuses_a_bad_year(db):
    association = Association.objects.create(slug="nytt", name="Samordningsförbundet Nytt")
    user = make_user("kansli", association, "secretariat_admin")
    refused(lambda: services.plan_create_first(actor=user, association=association, year=1999),
            "mellan 2000 och 2100")


# ---------------------------------------------------------------- budget rows


def cells(plan, slug, side="cost"):
    return {(x.entry.year, x.entry.column): (x.label, x.kind, x.amount) for x in
            BudgetLine.objects.filter(entry__plan=plan, side=side, slug=slug).select_related("entry")}


def test_budget_row_save_changes_label_kind_and_amounts_in_every_column(plan, economy):
    slug = services.budget_row_save(
        actor=economy, association=plan.association, plan=plan, side="cost", line_slug="lokal",
        label="Lokalhyra", kind="office",
        amounts={(2022, "budget"): Decimal(75000), (2023, "plan"): None,
                 (2024, "plan"): Decimal(58000)})
    assert slug == "lokal"
    assert cells(plan, "lokal") == {(2022, "budget"): ("Lokalhyra", "office", Decimal(75000)),
                                    (2023, "plan"): ("Lokalhyra", "office", None),
                                    (2024, "plan"): ("Lokalhyra", "office", Decimal(58000))}
    assert ChangeRecord.objects.filter(object_type="budget_line", action="update").count() == 3


def test_budget_row_save_adds_a_row_with_one_id_in_every_column(plan, kansli):
    slug = services.budget_row_save(
        actor=kansli, association=plan.association, plan=plan, side="cost", line_slug=None,
        label="Utvärdering", kind="evaluation",
        amounts={(2022, "budget"): None, (2023, "plan"): Decimal(20000),
                 (2024, "plan"): Decimal(25000)})
    assert slug == "utvardering"
    assert cells(plan, "utvardering") == {(2023, "plan"): ("Utvärdering", "evaluation", Decimal(20000)),
                                          (2024, "plan"): ("Utvärdering", "evaluation", Decimal(25000))}


def test_budget_row_save_refuses_a_row_without_amounts_and_a_wrong_kind(plan, kansli):
    refused(lambda: services.budget_row_save(
        actor=kansli, association=plan.association, plan=plan, side="cost", line_slug=None,
        label="Tom", kind="office", amounts={(2022, "budget"): None}), "minst en kolumn")
    refused(lambda: services.budget_row_save(
        actor=kansli, association=plan.association, plan=plan, side="revenue", line_slug=None,
        label="Fel", kind="office", amounts={(2022, "budget"): Decimal(1)}),
        "Slaget passar inte")


def test_budget_row_save_with_a_stale_cell_writes_nothing(plan, kansli, economy):
    line = BudgetLine.objects.get(entry__plan=plan, entry__year=2023, side="cost", slug="lokal")
    opened = line.revision
    services.budget_line_save(actor=economy, association=plan.association, plan=plan, year=2023,
                              column="plan", side="cost", line_slug="lokal", label="Hyra av lokal",
                              kind="office", amount=Decimal(56000))
    before = rows()
    with pytest.raises(Conflict) as error:
        services.budget_row_save(
            actor=kansli, association=plan.association, plan=plan, side="cost", line_slug="lokal",
            label="Hyra", kind="office",
            amounts={(2022, "budget"): Decimal(1), (2023, "plan"): Decimal(2)},
            revisions={(2022, "budget"): BudgetLine.objects.get(
                entry__plan=plan, entry__year=2022, side="cost", slug="lokal").revision,
                (2023, "plan"): opened})
    assert "ändrats av ekonom" in error.value.messages[0]
    assert error.value.current["amount"] == "56000"
    assert rows() == before


def test_budget_row_delete_removes_every_column_and_logs_each(plan, kansli):
    assert services.budget_row_delete(actor=kansli, association=plan.association, plan=plan,
                                      side="cost", line_slug="representation") == 3
    assert cells(plan, "representation") == {}
    assert ChangeRecord.objects.filter(object_type="budget_line", action="delete").count() == 3
    refused(lambda: services.budget_row_delete(actor=kansli, association=plan.association,
                                               plan=plan, side="cost", line_slug="representation"),
            "Raden finns inte längre.")


def test_budget_row_services_need_the_right(plan, board):
    for call in (
        lambda: services.budget_row_save(actor=board, association=plan.association, plan=plan,
                                         side="cost", line_slug="lokal", label="X", kind="office",
                                         amounts={(2022, "budget"): Decimal(1)}),
        lambda: services.budget_row_delete(actor=board, association=plan.association, plan=plan,
                                           side="cost", line_slug="lokal"),
    ):
        before = rows()
        with pytest.raises(PermissionDenied):
            call()
        assert rows() == before


# ---------------------------------------------------------------- stated totals


def test_budget_stated_set_changes_and_clears_a_stated_total(plan, economy):
    entry = BudgetEntry.objects.get(plan=plan, year=2022, column="budget")
    services.budget_stated_set(actor=economy, association=plan.association, plan=plan, year=2022,
                               column="budget", stated={"costs": Decimal(5780000), "result": None},
                               expected_revision=entry.revision)
    entry.refresh_from_db()
    assert entry.stated == {"revenue": "5234000", "costs": "5780000"}
    record = ChangeRecord.objects.get(object_type="budget_entry")
    assert record.before == {"stated": {"revenue": "5234000", "costs": "5780500", "result": "-546500"}}
    assert record.after == {"stated": {"revenue": "5234000", "costs": "5780000"}}
    assert [f.key for f in plan_review(plan_data(plan)) if f.code == "sum"] == ["sum:2022:budget.costs"]


def test_budget_stated_set_refuses_a_stale_edit_and_unknown_keys(plan, kansli, economy):
    entry = BudgetEntry.objects.get(plan=plan, year=2022, column="budget")
    opened = entry.revision
    services.budget_stated_set(actor=economy, association=plan.association, plan=plan, year=2022,
                               column="budget", stated={"result": None})
    refused(lambda: services.budget_stated_set(
        actor=kansli, association=plan.association, plan=plan, year=2022, column="budget",
        stated={"costs": None}, expected_revision=opened), "har ändrats av ekonom")
    refused(lambda: services.budget_stated_set(
        actor=kansli, association=plan.association, plan=plan, year=2022, column="budget",
        stated={"equity": Decimal(1)}), "Okänd summa.")
    refused(lambda: services.budget_stated_set(
        actor=kansli, association=plan.association, plan=plan, year=2030, column="budget",
        stated={"costs": Decimal(1)}), "har inga angivna summor")


# ---------------------------------------------------------------- handled findings


KEY = "parties::drivbank"


def test_finding_ack_marks_a_finding_and_unack_opens_it_again(plan, economy):
    ack = services.finding_ack(actor=economy, association=plan.association, plan=plan, key=KEY,
                               comment="  Drivbänk finansieras av Leader; parterna anges i avtalet. ")
    assert (ack.code, ack.year, ack.comment, ack.by, ack.by_name) == (
        "parties", None, "Drivbänk finansieras av Leader; parterna anges i avtalet.", economy, "ekonom")
    assert ack.message.startswith("Drivbänk: deltagande medlemmar är inte angivna")
    services.finding_ack(actor=economy, association=plan.association, plan=plan, key=KEY,
                         comment="Ny kommentar.")
    assert FindingAck.objects.get().comment == "Ny kommentar."
    services.finding_unack(actor=economy, association=plan.association, plan=plan, key=KEY)
    assert not FindingAck.objects.exists()
    log = list(ChangeRecord.objects.filter(object_type="finding").order_by("id")
               .values_list("action", "object_label"))
    assert log == [("acknowledge", "Parter i insatser (plan 2022)")] * 2 + [
        ("unacknowledge", "Parter i insatser (plan 2022)")]


@pytest.mark.parametrize(("key", "comment", "message"), [
    (KEY, "   ", "Skriv en kommentar"),
    (KEY, "x" * 2001, "högst 2000 tecken"),
    ("parties::finns-inte", "Kommentar", "finns inte längre i granskningen"),
])
def test_finding_ack_refuses_bad_input(plan, kansli, key, comment, message):
    refused(lambda: services.finding_ack(actor=kansli, association=plan.association, plan=plan,
                                         key=key, comment=comment), message)


def test_finding_unack_of_an_open_finding_is_refused(plan, kansli):
    refused(lambda: services.finding_unack(actor=kansli, association=plan.association, plan=plan,
                                           key=KEY), "inte markerad som hanterad")


def test_finding_ack_needs_the_right(plan, board):
    before = rows()
    with pytest.raises(PermissionDenied, match="markera granskningens"):
        services.finding_ack(actor=board, association=plan.association, plan=plan, key=KEY,
                             comment="Ok")
    assert rows() == before


def test_adoption_in_the_app_is_checked_against_the_consultation(plan, kansli):
    from datetime import date

    fresh = services.plan_create_next(actor=kansli, association=plan.association, from_plan=plan)
    services.plan_stage_set(actor=kansli, association=plan.association, plan=fresh, stage="adopted",
                            adopted_on=date(2022, 11, 20), adopted_by="Styrelsen",
                            reference="Dnr 2022/14")
    fresh = Plan.objects.get(pk=fresh.pk)
    found = [f for f in plan_review(plan_data(fresh), fresh) if f.code in ("consultation", "adoption")]
    assert [f.key for f in found] == ["consultation:2023:"]
    with pytest.raises(ValidationError):
        services.finding_ack(actor=kansli, association=plan.association, plan=fresh,
                             key="consultation:2023:", comment="")


def test_plan_create_next_keeps_the_associations_board_seats_and_bodies(other_plan):
    plan = Plan.objects.get(pk=other_plan.pk)
    association = plan.association
    kansli = make_user("kansli", association, "secretariat_admin")

    def organisation():
        return (list(association.board.values_list("member_slugs", "regular", "deputy")),
                list(association.seats.values_list("pk", "name")),
                list(association.bodies.values_list("pk", "name")))

    before = organisation()
    assert any(before)
    services.plan_create_next(actor=kansli, association=association, from_plan=plan)
    assert organisation() == before
