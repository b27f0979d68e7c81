"""Follow-up services: each refuses in Swedish with nothing written, writes one change-log row,
and reaches only the interventions the person is assigned to."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samordna.accounts.models import InterventionAssignment
from samordna.accounts.permissions import SYSTEM
from samordna.accounts.services import assignment_set
from samordna.audit.models import ChangeRecord
from samordna.core.exceptions import Conflict
from samordna.economy.services import plan_load
from samordna.finsam import followup as fu
from samordna.finsam.planfile import PlanFileError
from samordna.followup import services
from samordna.followup.models import Enrolment, GoalMeasure, IdentifiedSetup, ParticipantCount
from tests.conftest import plan_path

from .conftest import person, record

pytestmark = pytest.mark.django_db


def log_count(association) -> int:
    return ChangeRecord.objects.filter(association=association).count()


def test_enrolment_create_issues_running_codes_per_intervention_and_year(association, enter, fia, reporter):
    InterventionAssignment.objects.create(user=reporter, intervention=fia)
    codes = [services.enrolment_create(actor=reporter, association=association, intervention=iv,
                                       record=record(provider_code=code, start=date(*start, 1))).code
             for iv, code, start in ((enter, "A", (2020, 1)), (enter, "B", (2020, 5)), (enter, "C", (2021, 2)),
                                     (fia, "A", (2020, 3)))]
    assert codes == ["ENT-2020-0001", "ENT-2020-0002", "ENT-2021-0001", "FIA-2020-0001"]
    stored = Enrolment.objects.get(code="ENT-2020-0001")
    assert (stored.provider_code, stored.gender, stored.start_month, stored.voided) == (
        "A", "kvinna", date(2020, 1, 1), False)
    entry = ChangeRecord.objects.filter(object_type="enrolment").order_by("id").first()
    assert (entry.action, entry.object_label, entry.actor_name) == ("create", "ENT-2020-0001 (enter)", "rapportor")
    assert entry.after == {"code": "A", "gender": "kvinna", "start": "2020-01"}


def test_enrolment_create_stores_every_field(association, enter, reporter):
    full = record(end=date(2020, 9, 1), age_band="25-29", municipality="habo", occupation_before="annat",
                  occupation_after="arbete", support_before=(fu.Support("sjukpenning", 50), fu.Support("a-kassa", 50)),
                  support_after=(), months_on_support_before=12, assessed_work_capacity=True, end_reason="arbete",
                  education_level="gymnasial", progression_start=2, progression_end=4, employment_months=7)
    e = services.enrolment_create(actor=reporter, association=association, intervention=enter, record=full)
    assert (e.municipality.slug, e.support_before, e.support_after, e.months_on_support_before,
            e.assessed_work_capacity, e.employment_months) == ("habo", [["sjukpenning", 50], ["a-kassa", 50]], [],
                                                               12, True, 7)


@pytest.mark.parametrize(("kw", "message"), [
    ({"provider_code": "19900101-1234"}, "Koden ser ut som ett personnummer"),
    ({"municipality": "boras"}, "Kommunen är inte medlem i förbundet."),
    ({"end": date(2019, 1, 1)}, "Slutmånaden ligger före startmånaden."),
    ({"gender": "x"}, "Okänd könsuppgift."),
])
def test_enrolment_create_refuses_and_writes_nothing(association, enter, reporter, kw, message):
    before = log_count(association)
    with pytest.raises(ValidationError) as exc:
        services.enrolment_create(actor=reporter, association=association, intervention=enter, record=record(**kw))
    assert any(m.startswith(message) for m in exc.value.messages)
    assert Enrolment.objects.count() == 0 and log_count(association) == before


def test_a_provider_code_is_unique_per_intervention(association, enter, reporter):
    services.enrolment_create(actor=reporter, association=association, intervention=enter, record=record())
    with pytest.raises(ValidationError) as exc:
        services.enrolment_create(actor=reporter, association=association, intervention=enter, record=record())
    assert exc.value.messages == ["Koden ”K1” finns redan för insatsen (ENT-2020-0001). Ändra den posten i stället."]


def test_a_count_mode_intervention_takes_no_records(association, sams):
    officer = person(association, "participant_officer", assigned=[sams])
    with pytest.raises(ValidationError) as exc:
        services.enrolment_create(actor=officer, association=association, intervention=sams,
                                  record=record(intervention="sams"))
    assert exc.value.messages == ["Insatsen följs upp med antal per period, inte med deltagarposter."]


def test_only_assigned_people_register_records(association, enter, fia, reporter):
    with pytest.raises(PermissionDenied) as exc:
        services.enrolment_create(actor=reporter, association=association, intervention=fia,
                                  record=record(intervention="fia"))
    assert str(exc.value) == "Du är inte tilldelad den här insatsen; be kansliet om tilldelning."
    admin = person(association, "secretariat_admin", "kansli")
    with pytest.raises(PermissionDenied) as exc:
        services.enrolment_create(actor=admin, association=association, intervention=enter, record=record())
    assert str(exc.value) == "Din roll får inte registrera deltagarposter och antal för sina insatser."
    assert Enrolment.objects.count() == 0


def test_another_associations_intervention_is_refused(association, other, reporter):
    with pytest.raises(PermissionDenied):
        services.enrolment_create(actor=reporter, association=association,
                                  intervention=other.interventions.get(slug="aktiv-kraft"), record=record())


def test_enrolment_update_changes_logs_and_voids(association, enter, reporter):
    e = services.enrolment_create(actor=reporter, association=association, intervention=enter, record=record())
    services.enrolment_update(actor=reporter, association=association, enrolment=e, expected_revision=1,
                              record=record(end=date(2020, 4, 1), end_reason="felregistrering"))
    e.refresh_from_db()
    assert (e.voided, e.revision, e.end_month, e.code) == (True, 2, date(2020, 4, 1), "ENT-2020-0001")
    entry = ChangeRecord.objects.filter(object_type="enrolment", action="update").get()
    assert entry.before == {"code": "K1", "gender": "kvinna", "start": "2020-01"}
    assert entry.after["end_reason"] == "felregistrering"


def test_an_unchanged_update_writes_nothing(association, enter, reporter):
    e = services.enrolment_create(actor=reporter, association=association, intervention=enter, record=record())
    before = log_count(association)
    services.enrolment_update(actor=reporter, association=association, enrolment=e, record=record(),
                              expected_revision=1)
    e.refresh_from_db()
    assert e.revision == 1 and log_count(association) == before


def test_a_stale_update_is_a_conflict(association, enter, reporter):
    e = services.enrolment_create(actor=reporter, association=association, intervention=enter, record=record())
    services.enrolment_update(actor=reporter, association=association, enrolment=e, record=record(gender="man"),
                              expected_revision=1)
    with pytest.raises(Conflict) as exc:
        services.enrolment_update(actor=reporter, association=association, enrolment=e,
                                  record=record(gender="annat"), expected_revision=1)
    assert exc.value.current == {"code": "K1", "gender": "man", "start": "2020-01"}
    assert Enrolment.objects.get().gender == "man"


def test_count_save_creates_updates_and_refuses_overlaps(association, sams):
    officer = person(association, "participant_officer", assigned=[sams])
    entry = fu.CountEntry("sams", 2020, "tertial", 1, head_count=40)
    row = services.count_save(actor=officer, association=association, intervention=sams, entry=entry)
    services.count_save(actor=officer, association=association, intervention=sams,
                        entry=fu.CountEntry("sams", 2020, "tertial", 1, head_count=45), expected_revision=1)
    row.refresh_from_db()
    assert (row.head_count, row.revision) == (45, 2)
    with pytest.raises(ValidationError) as exc:
        services.count_save(actor=officer, association=association, intervention=sams,
                            entry=fu.CountEntry("sams", 2020, "month", 2, head_count=3))
    assert exc.value.messages == ["Det finns redan ett antal för tertial 1 2020, som täcker samma månader. "
                                  "Ändra det i stället."]
    with pytest.raises(ValidationError) as exc:
        services.count_save(actor=officer, association=association, intervention=sams,
                            entry=fu.CountEntry("sams", 2020, "month", 6, women=3))
    assert exc.value.messages == ["En strukturövergripande insats redovisar bara antal personer, inte kön."]
    assert ParticipantCount.objects.count() == 1
    services.count_delete(actor=officer, association=association, count=row)
    assert ParticipantCount.objects.count() == 0
    assert list(ChangeRecord.objects.filter(object_type="participant_count").order_by("id")
                .values_list("action", flat=True)) == ["create", "update", "delete"]


def test_counts_belong_to_count_mode_interventions(association, enter, reporter):
    with pytest.raises(ValidationError) as exc:
        services.count_save(actor=reporter, association=association, intervention=enter,
                            entry=fu.CountEntry("enter", 2020, "month", 1, 1, 1, 0))
    assert exc.value.messages == ["Insatsen följs upp med deltagarposter, inte med antal per period."]


def test_identified_follow_up_switches_on_only_with_controller_and_agreement(association, enter):
    admin = person(association, "secretariat_admin", "kansli")
    with pytest.raises(ValidationError) as exc:
        services.identified_setup_save(actor=admin, association=association, intervention=enter, controller=None,
                                       agreement_reference="PUB-1", agreement_signed_on=None)
    assert exc.value.messages[0].startswith("Bara en insats med identifierad uppföljning")
    enter.follow_up = "identified"
    enter.save()
    with pytest.raises(ValidationError) as exc:
        services.identified_switch_on(actor=admin, association=association, intervention=enter)
    assert exc.value.messages == ["Ange personuppgiftsansvarig: den medlemsorganisation som driver insatsen."]
    region = association.members.get(slug="region")
    services.identified_setup_save(actor=admin, association=association, intervention=enter,
                                   controller=region, agreement_reference=None, agreement_signed_on=None)
    with pytest.raises(ValidationError) as exc:
        services.identified_switch_on(actor=admin, association=association, intervention=enter)
    assert exc.value.messages == ["Registrera personuppgiftsbiträdesavtalet med den personuppgiftsansvariga först."]
    assert IdentifiedSetup.objects.get().switched_on_at is None
    setup = services.identified_setup_save(actor=admin, association=association, intervention=enter,
                                           controller=region, agreement_reference="PUB-2020-1",
                                           agreement_signed_on=date(2020, 1, 15), expected_revision=1)
    assert (setup.controller, setup.agreement_reference, setup.switched_on_at) == (region, "PUB-2020-1", None)
    reporter = person(association, "provider_reporter", assigned=[enter])
    with pytest.raises(PermissionDenied):
        services.identified_switch_on(actor=reporter, association=association, intervention=enter)
    setup = services.identified_switch_on(actor=admin, association=association, intervention=enter)
    assert setup.switched_on_at is not None
    row = ChangeRecord.objects.get(object_type="identified_setup", action="switch_on")
    assert (row.before["switched_on"], row.after["switched_on"], row.after["agreement_reference"]) == (
        False, True, "PUB-2020-1")
    again = services.identified_switch_on(actor=admin, association=association, intervention=enter)
    assert again.switched_on_at == setup.switched_on_at
    assert ChangeRecord.objects.filter(object_type="identified_setup", action="switch_on").count() == 1


def test_goal_measures_are_saved_idempotently_and_forgotten(association, vatterbygden, fia):
    admin = person(association, "secretariat_admin", "kansli")
    measure = fu.Measure("share", frozenset({"arbete", "praktik"}), target=Decimal("0.3"))
    text = "30% av deltagarna ska ha arbete eller praktik vid avslut"
    row = services.goal_measure_save(actor=admin, association=association, plan=vatterbygden, owner=fia,
                                     goal_text=text, measure=measure)
    again = services.goal_measure_save(actor=admin, association=association, plan=vatterbygden, owner=fia,
                                       goal_text=text, measure=measure)
    assert again.revision == row.revision == 1
    with pytest.raises(ValidationError) as exc:
        services.goal_measure_save(actor=admin, association=association, plan=vatterbygden, owner=fia,
                                   goal_text=text, measure=fu.Measure("share"))
    assert exc.value.messages == ["Välj vad som räknas som resultat (arbete, studier, praktik)."]
    reporter = person(association, "provider_reporter")
    with pytest.raises(PermissionDenied):
        services.goal_measure_save(actor=reporter, association=association, plan=vatterbygden, owner=fia,
                                   goal_text=text, measure=measure)
    services.goal_measure_delete(actor=admin, association=association, measure=row)
    assert GoalMeasure.objects.count() == 0
    assert list(ChangeRecord.objects.filter(object_type="goal_measure").values_list("action", flat=True)) == [
        "delete", "create"]


def test_assignment_set_replaces_the_assignments_and_logs(association, enter, fia):
    admin = person(association, "secretariat_admin", "kansli")
    officer = person(association, "participant_officer")
    assignment_set(actor=admin, association=association, user=officer, interventions=[enter, fia])
    assignment_set(actor=admin, association=association, user=officer, interventions=[fia])
    assert list(InterventionAssignment.objects.filter(user=officer).values_list("intervention__slug", flat=True)) == [
        "fia"]
    entry = ChangeRecord.objects.filter(object_type="assignment").first()
    assert (entry.before, entry.after) == ({"interventions": ["enter", "fia"]}, {"interventions": ["fia"]})
    board = person(association, "board_member")
    with pytest.raises(ValidationError):
        assignment_set(actor=admin, association=association, user=board, interventions=[enter])
    with pytest.raises(PermissionDenied):
        assignment_set(actor=officer, association=association, user=officer, interventions=[enter])


def test_a_plan_load_keeps_the_follow_up_mode_and_refuses_to_remove_an_intervention_with_records(
        association, enter, reporter):
    assert enter.follow_up == "deidentified"
    assert association.interventions.get(slug="sams").follow_up == "count"
    services.enrolment_create(actor=reporter, association=association, intervention=enter, record=record())
    text = plan_path("sodra-vatterbygden-2020").read_text(encoding="utf-8")
    start = text.index("  - id: enter")
    end = text.index("  - id: fia")
    with pytest.raises(PlanFileError) as exc:
        plan_load(data=(text[:start] + text[end:]).encode())
    assert any("insatsen ”Enter” (enter) kan inte tas bort: uppföljningen har 1 deltagarposter" in e
               for e in exc.value.errors)


def test_an_exported_plan_writes_deidentified_as_individual(association, vatterbygden):
    from samordna.economy.selectors import plan_data
    from samordna.finsam.planfile import dump_plan

    text = dump_plan(plan_data(vatterbygden))
    assert "follow_up: deidentified" not in text
    assert plan_load(data=text.encode()).changes == []


def test_an_individual_plan_file_value_cannot_become_count(association, enter):
    text = plan_path("sodra-vatterbygden-2020").read_text(encoding="utf-8")
    changed = text.replace("  - id: enter\n    name: Enter\n    level: individual\n",
                           "  - id: enter\n    name: Enter\n    level: individual\n    follow_up: count\n")
    assert changed != text
    with pytest.raises(PlanFileError) as exc:
        plan_load(data=changed.encode(), actor=SYSTEM)
    assert any("Uppföljningssättet kan inte ändras" in e for e in exc.value.errors)
