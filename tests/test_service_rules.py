"""Every rule holds in the service, whoever calls it: a breaking input gets a Swedish refusal
and nothing is written; a role without the right is refused; a stale edit is a conflict;
what the stored data already broke does not block an unrelated edit."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from samordna.accounts.permissions import SYSTEM
from samordna.audit.models import ChangeRecord
from samordna.core.exceptions import Conflict
from samordna.economy import services as economy
from samordna.economy.models import BudgetLine, Plan
from samordna.economy.selectors import intervention_data, plan_data
from samordna.interventions import services as interventions
from samordna.interventions.models import PlanIntervention
from samordna.organisation import services as organisation
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
OWN = [m for m in apps.get_models() if m.__module__.startswith("samordna.")]


def rows():
    return {m._meta.label: list(m.objects.order_by("pk").values_list()) for m in OWN}


@pytest.fixture
def plan(sydnarke_plan):
    return Plan.objects.get(pk=sydnarke_plan.pk)


@pytest.fixture
def kansli(plan):
    return make_user("kansli", plan.association, "secretariat_admin")


def stored_iv(plan, slug):
    return intervention_data(PlanIntervention.objects.get(plan=plan, intervention__slug=slug))


def refused(call, *messages):
    """Run a service call that must be refused with these Swedish messages, writing nothing."""
    before = rows()
    with pytest.raises(ValidationError) as error:
        call()
    for message in messages:
        assert any(message in m for m in error.value.messages), error.value.messages
    assert rows() == before


def test_an_intervention_with_one_party_is_refused(plan, kansli):
    iv = replace(stored_iv(plan, "mottagningsteam"), id="ny", name="Ny insats", members=("laxa", "kumla"))
    refused(lambda: interventions.intervention_save(actor=kansli, association=plan.association, plan=plan,
                                                     iv=iv),
            "En insats kräver minst två parter")


@pytest.mark.parametrize(("change", "message"), [
    ({"level": "structural", "category": None}, "Nivån kan inte ändras"),
    ({"follow_up": "count"}, "Uppföljningssättet kan inte ändras"),
    ({"markings": ("esf_owner",)}, "ESF-markeringen"),
])
def test_a_locked_field_cannot_be_changed_through_the_service(plan, kansli, change, message):
    iv = replace(stored_iv(plan, "mottagningsteam"), **change)
    refused(lambda: interventions.intervention_save(actor=kansli, association=plan.association, plan=plan,
                                                     iv=iv, slug="mottagningsteam"), message)


def test_the_lifecycle_cannot_jump_to_implemented_without_an_end_date(plan, kansli):
    iv = replace(stored_iv(plan, "mottagningsteam"), status="implemented", implementation="I ordinarie drift")
    refused(lambda: interventions.intervention_save(actor=kansli, association=plan.association, plan=plan,
                                                     iv=iv, slug="mottagningsteam"),
            "Status kan inte gå från pågående till implementerad")


def test_an_intervention_with_a_stranger_kommun_or_negative_budget_is_refused(plan, kansli):
    iv = replace(stored_iv(plan, "mottagningsteam"), budget={2022: {"orebro": Decimal(5)}})
    refused(lambda: interventions.intervention_save(actor=kansli, association=plan.association, plan=plan,
                                                     iv=iv, slug="mottagningsteam"),
            "orebro är inte medlemskommuner")
    iv = replace(stored_iv(plan, "mottagningsteam"), budget={2022: {"common": Decimal(-5)}})
    refused(lambda: interventions.intervention_save(actor=kansli, association=plan.association, plan=plan,
                                                     iv=iv, slug="mottagningsteam"),
            "Budget 2022: belopp kan inte vara negativa.")


def test_an_old_breach_does_not_block_an_unrelated_edit(plan, kansli):
    # Drivbänk lists no parties in the plan file: renaming it is still allowed ...
    old = stored_iv(plan, "drivbank")
    assert old.members is None
    saved = interventions.intervention_save(actor=kansli, association=plan.association, plan=plan,
                                            iv=replace(old, name="Drivbänk Sydnärke"), slug="drivbank")
    assert saved.name == "Drivbänk Sydnärke"
    # ... but giving it exactly one party breaks the rule anew.
    refused(lambda: interventions.intervention_save(
        actor=kansli, association=plan.association, plan=plan,
        iv=replace(old, members=("region",)), slug="drivbank"), "En insats kräver minst två parter")


def test_a_negative_contribution_is_refused(plan, kansli):
    refused(lambda: economy.financing_year_update(
        actor=kansli, association=plan.association, plan=plan, year=2022, state=Decimal(2617000),
        status="adopted", population_date=None, explicit={"laxa": Decimal(-1)}),
        "Medlemsbidraget för Laxå kommun kan inte vara negativt.")


def test_a_duplicate_line_label_is_refused(plan, kansli):
    refused(lambda: economy.budget_line_save(
        actor=kansli, association=plan.association, plan=plan, year=2022, column="budget", side="cost",
        line_slug=None, label="revisionstjänster", kind="audit", amount=Decimal(1)),
        "Det finns redan en rad ”revisionstjänster”")


def test_a_line_kind_must_fit_its_side(plan, kansli):
    refused(lambda: economy.budget_line_save(
        actor=kansli, association=plan.association, plan=plan, year=2022, column="budget",
        side="revenue", line_slug=None, label="Styrelse", kind="board", amount=Decimal(1)),
        "Slaget passar inte")


def test_population_only_for_kommun_and_region(plan, kansli):
    refused(lambda: organisation.population_save(
        actor=kansli, association=plan.association, member_slug="fk", pk=None, date=date(2022, 6, 30),
        count=100), "Befolkning anges bara för kommuner och regioner.")


def test_a_role_without_the_right_is_refused_by_the_service(plan):
    board = make_user("ledamot", plan.association, "board_member")
    before = rows()
    with pytest.raises(PermissionDenied, match="Din roll får inte ändra budgeten"):
        economy.budget_line_save(actor=board, association=plan.association, plan=plan, year=2022,
                                 column="budget", side="cost", line_slug="revision", label="Revision",
                                 kind="audit", amount=Decimal(1))
    outsider = make_user("utomstaende")
    with pytest.raises(PermissionDenied, match="ingen roll"):
        organisation.member_update(actor=outsider, association=plan.association, member_slug="laxa",
                                   name="X", note=None)
    assert rows() == before


def test_a_stale_edit_is_a_conflict_that_shows_the_other_change_and_writes_nothing(plan, kansli):
    line = BudgetLine.objects.get(entry__plan=plan, entry__year=2022, slug="revision")
    opened_at = line.revision
    other = make_user("ekonom", plan.association, "economy")
    economy.budget_line_save(actor=other, association=plan.association, plan=plan, year=2022,
                             column="budget", side="cost", line_slug="revision", label="Revisionstjänster",
                             kind="audit", amount=Decimal(65000), expected_revision=opened_at)
    before = rows()
    with pytest.raises(Conflict) as conflict:
        economy.budget_line_save(actor=kansli, association=plan.association, plan=plan, year=2022,
                                 column="budget", side="cost", line_slug="revision",
                                 label="Revisionstjänster", kind="audit", amount=Decimal(70000),
                                 expected_revision=opened_at)
    assert conflict.value.by == "ekonom" and conflict.value.current["amount"] == "65000"
    assert "har ändrats av ekonom" in conflict.value.messages[0]
    assert rows() == before


def test_every_write_records_who_and_before_and_after(plan, kansli):
    economy.budget_line_save(actor=kansli, association=plan.association, plan=plan, year=2022,
                             column="budget", side="cost", line_slug="revision", label="Revisionstjänster",
                             kind="audit", amount=Decimal(61000))
    entry = ChangeRecord.objects.order_by("-pk").first()
    assert (entry.actor, entry.action, entry.object_type) == (kansli, "update", "budget_line")
    assert entry.before["amount"] == "60000" and entry.after["amount"] == "61000"
    economy.budget_line_delete(actor=kansli, association=plan.association, plan=plan, year=2022,
                               column="budget", side="cost", line_slug="revision")
    entry = ChangeRecord.objects.order_by("-pk").first()
    assert (entry.action, entry.before["label"], entry.after) == ("delete", "Revisionstjänster", None)


def test_an_unchanged_save_writes_no_change_log_row(plan, kansli):
    count = ChangeRecord.objects.count()
    economy.budget_line_save(actor=kansli, association=plan.association, plan=plan, year=2022,
                             column="budget", side="cost", line_slug="revision", label="Revisionstjänster",
                             kind="audit", amount=Decimal(60000))
    assert ChangeRecord.objects.count() == count


def test_the_plan_moves_through_its_stages_and_keeps_each_version(plan, kansli):
    assert plan.stage == "adopted"  # the Sydnärke file gives its adoption date
    before = plan.versions.count()
    refused(lambda: economy.plan_stage_set(actor=kansli, association=plan.association, plan=plan,
                                           stage="proposal"), "nästa version kan vara reviderad")
    economy.plan_stage_set(actor=kansli, association=plan.association, plan=plan, stage="revised")
    refused(lambda: economy.plan_stage_set(actor=kansli, association=plan.association, plan=plan,
                                           stage="adopted"), "Ange datum och organ")
    economy.plan_stage_set(actor=kansli, association=plan.association, plan=plan, stage="adopted",
                           adopted_on=date(2022, 6, 10), adopted_by="Styrelsen", reference="2022/7")
    plan.refresh_from_db()
    assert (plan.stage, plan.adopted_on, plan.reference) == ("adopted", date(2022, 6, 10), "2022/7")
    assert plan.versions.count() == before + 2
    assert "adopted_on: 2022-06-10" in plan.versions.order_by("-number").first().snapshot


def test_the_command_line_acts_as_the_system_actor(plan):
    data = plan_data(plan)
    result = economy.plan_save(actor=SYSTEM, plan=data)
    assert result.changes == []
