"""Identified follow-up: identity and consent, access log, withdrawal, erasure, purge, rotation."""

import json
from datetime import date

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from samordna.accounts.permissions import SYSTEM
from samordna.audit.models import ChangeRecord
from samordna.followup import identities as ids
from samordna.followup import sealing
from samordna.followup.models import Consent, Enrolment, IdentifiedSetup, Identity, IdentityAccess

from .conftest import person

NUMBER = "811228-9874"  # a test personnummer (Luhn-valid)
OTHER = "19701063-2383"  # a samordningsnummer
NAME = "Greta Provdeltagare"


@pytest.fixture
def switched_on(association, enter):
    from django.utils import timezone

    enter.follow_up = "identified"
    enter.save()
    IdentifiedSetup.objects.create(intervention=enter, controller=association.members.get(slug="region"),
                                   agreement_reference="PUB-1", switched_on_at=timezone.now())
    return enter


@pytest.fixture
def officer(association, switched_on):
    return person(association, "participant_officer", "handlaggare", [switched_on])


def enrolment(association, intervention, code, start=date(2022, 1, 1), end=None):
    return Enrolment.objects.create(association=association, intervention=intervention, code=code, gender="kvinna",
                                    start_month=start, end_month=end)


def register(officer, association, e, number=NUMBER, name=NAME, **kw):
    values = {"personal_number": number, "name": name, "protected": False, "consent_given_on": date(2022, 1, 10),
              "consent_version": "2022:1"}
    values.update(kw)
    return ids.identity_register(actor=officer, association=association, enrolment=e, today=date(2026, 12, 7),
                                 **values)


def test_an_identity_is_sealed_and_found_by_its_keyed_hash(association, switched_on, officer):
    e = enrolment(association, switched_on, "ENT-2022-0001")
    identity = register(officer, association, e)
    assert NUMBER.replace("-", "") not in identity.sealed and "Greta" not in identity.sealed
    assert identity.person_key == sealing.person_key("198112289874")
    assert sealing.unseal(identity.sealed) == {"personal_number": "198112289874", "name": NAME}
    consent = Consent.objects.get(enrolment=e)
    assert (consent.given_on, consent.text_version, consent.recorded_by) == (date(2022, 1, 10), "2022:1", officer)
    row = ChangeRecord.objects.get(object_type="identity")
    assert (row.action, row.object_label, row.after) == ("create", "ENT-2022-0001",
                                                         {"samtycke": "2022-01-10", "samtyckestext": "2022:1"})
    assert list(IdentityAccess.objects.values_list("kind", "enrolment_code")) == [("register", "ENT-2022-0001")]


def test_the_same_person_in_an_overlapping_period_is_refused(association, switched_on, officer):
    register(officer, association, enrolment(association, switched_on, "ENT-2022-0001", end=date(2022, 6, 1)))
    with pytest.raises(ValidationError) as exc:
        register(officer, association, enrolment(association, switched_on, "ENT-2022-0002", start=date(2022, 6, 1)),
                 number="19811228-9874")
    assert exc.value.message_dict == {"personal_number": [
        "Personen är redan inskriven i insatsen under samma period (deltagarpost ENT-2022-0001)."]}
    later = enrolment(association, switched_on, "ENT-2022-0003", start=date(2022, 7, 1))
    assert register(officer, association, later, number="8112289874") is not None


def test_registration_refuses_bad_input_field_by_field(association, switched_on, officer):
    e = enrolment(association, switched_on, "ENT-2022-0001")
    with pytest.raises(ValidationError) as exc:
        register(officer, association, e, number="811228-9875", name=" ", consent_given_on=date(2027, 1, 1),
                 consent_version="")
    assert exc.value.message_dict == {
        "personal_number": ["Kontrollsiffran stämmer inte: kontrollera numret."],
        "name": ["Skriv deltagarens namn."],
        "consent_version": ["Ange samtyckestextens version (högst 40 tecken)."],
        "consent_given_on": ["Ange när samtycket lämnades (inte ett datum framåt i tiden)."]}
    assert Identity.objects.count() == 0


def test_a_protected_identity_is_never_stored(association, switched_on, officer):
    e = enrolment(association, switched_on, "ENT-2022-0001")
    assert register(officer, association, e, protected=True) is None
    assert (Identity.objects.count(), Consent.objects.count(), IdentityAccess.objects.count()) == (0, 0, 0)


def test_only_an_assigned_officer_of_a_switched_on_intervention_registers(association, switched_on, fia, officer):
    e = enrolment(association, switched_on, "ENT-2022-0001")
    for role in ("intervention_manager", "provider_reporter", "secretariat_admin"):
        with pytest.raises(PermissionDenied):
            register(person(association, role, role, [switched_on]), association, e)
    unassigned = person(association, "participant_officer", "annan")
    with pytest.raises(PermissionDenied):
        register(unassigned, association, e)
    IdentifiedSetup.objects.update(switched_on_at=None)
    with pytest.raises(ValidationError, match="inte påslagen"):
        register(officer, association, e)


def test_opening_and_searching_are_logged_with_the_purpose(association, switched_on, officer):
    e = enrolment(association, switched_on, "ENT-2022-0001")
    register(officer, association, e, number=OTHER)
    with pytest.raises(ValidationError) as exc:
        ids.identity_open(actor=officer, association=association, enrolment=e, purpose=" ")
    assert exc.value.message_dict == {"purpose": ["Ange varför du behöver se uppgiften (syftet loggas)."]}
    shown = ids.identity_open(actor=officer, association=association, enrolment=e, purpose="Uppföljningssamtal")
    assert shown == {"personal_number": "19701063-2383", "name": NAME}
    found = ids.identity_search(actor=officer, association=association, intervention=switched_on,
                                personal_number="701063-2383", purpose="Ringde in")
    assert found == [e]
    assert ids.identity_search(actor=officer, association=association, intervention=switched_on,
                               personal_number=NUMBER, purpose="Ringde in") == []
    log = list(IdentityAccess.objects.order_by("pk").values_list("kind", "enrolment_code", "purpose", "actor_name"))
    assert log == [("register", "ENT-2022-0001", "Registrering med samtycke", "handlaggare"),
                   ("view", "ENT-2022-0001", "Uppföljningssamtal", "handlaggare"),
                   ("search", "ENT-2022-0001", "Ringde in", "handlaggare"),
                   ("search", "", "Ringde in", "handlaggare")]


def test_withdrawal_erases_the_identity_and_keeps_the_record(association, switched_on, officer):
    e = enrolment(association, switched_on, "ENT-2022-0001")
    register(officer, association, e)
    ids.consent_withdraw(actor=officer, association=association, enrolment=e, withdrawn_on=date(2022, 5, 1))
    assert Identity.objects.count() == 0
    assert Enrolment.objects.filter(pk=e.pk).exists()
    consent = Consent.objects.get(enrolment=e)
    assert (consent.withdrawn_on, consent.withdrawn_by) == (date(2022, 5, 1), officer)
    with pytest.raises(ValidationError, match="inget gällande samtycke"):
        ids.consent_withdraw(actor=officer, association=association, enrolment=e)
    with pytest.raises(ValidationError, match="återkallat"):
        register(officer, association, e)
    assert ChangeRecord.objects.filter(object_type="identity", action="withdraw").count() == 1


def test_export_gives_one_persons_data_and_erasure_erases_it(association, switched_on, officer):
    first = enrolment(association, switched_on, "ENT-2021-0001", start=date(2021, 1, 1), end=date(2021, 6, 1))
    second = enrolment(association, switched_on, "ENT-2022-0001")
    someone = enrolment(association, switched_on, "ENT-2022-0002")
    register(officer, association, first)
    register(officer, association, second)
    register(officer, association, someone, number=OTHER, name="Någon Annan")
    data = json.loads(ids.identity_export(actor=officer, association=association, enrolment=second,
                                          purpose="Begäran om registerutdrag"))
    assert (data["personnummer"], data["namn"]) == ("19811228-9874", NAME)
    assert [r["kod"] for r in data["deltagarposter"]] == ["ENT-2021-0001", "ENT-2022-0001"]
    assert data["deltagarposter"][0]["samtycke"] == {"lämnat": "2022-01-10", "version": "2022:1"}
    assert IdentityAccess.objects.filter(kind="export").count() == 2
    assert ids.identity_erase(actor=officer, association=association, enrolment=first,
                              purpose="Begäran om radering") == 2
    assert list(Identity.objects.values_list("enrolment__code", flat=True)) == ["ENT-2022-0002"]
    assert Enrolment.objects.filter(association=association, intervention=switched_on).count() == 3
    assert IdentityAccess.objects.filter(kind="erase").count() == 2


def test_purge_erases_identities_the_set_months_after_the_last_end(association, switched_on, officer):
    old = enrolment(association, switched_on, "ENT-2021-0001", start=date(2021, 1, 1), end=date(2022, 3, 1))
    again = enrolment(association, switched_on, "ENT-2024-0001", start=date(2024, 1, 1), end=date(2024, 2, 1))
    ongoing = enrolment(association, switched_on, "ENT-2022-0002")
    register(officer, association, old)
    register(officer, association, again)  # the same person, ended in February 2024
    register(officer, association, ongoing, number=OTHER)
    assert ids.identities_purge(actor=SYSTEM, today=date(2026, 2, 28), months=24) == 0
    assert ids.identities_purge(actor=SYSTEM, today=date(2026, 3, 1), months=24, dry_run=True) == 2
    assert Identity.objects.count() == 3
    assert ids.identities_purge(actor=SYSTEM, today=date(2026, 3, 1), months=24) == 2
    assert list(Identity.objects.values_list("enrolment__code", flat=True)) == ["ENT-2022-0002"]
    assert Enrolment.objects.filter(intervention=switched_on).count() == 3
    row = ChangeRecord.objects.get(action="purge")
    assert row.after == {"antal": 2, "månader": 24}
    with pytest.raises(PermissionError):
        ids.identities_purge(actor=officer)


def test_purge_command_dry_run_and_default_months(association, switched_on, officer, capsys, settings):
    register(officer, association, enrolment(association, switched_on, "ENT-2021-0001", start=date(2021, 1, 1),
                                             end=date(2021, 2, 1)))
    settings.SAMORDNA_IDENTITY_RETENTION_MONTHS = 24
    call_command("purge-identities", "--dry-run")
    assert capsys.readouterr().out == "1 identiteter skulle gallras.\n"
    assert Identity.objects.count() == 1
    call_command("purge-identities")
    assert capsys.readouterr().out == "1 identiteter gallrades.\n"
    assert Identity.objects.count() == 0


def test_rotating_the_key_re_encrypts_and_old_keys_can_go(association, switched_on, officer, settings, capsys):
    identity = register(officer, association, enrolment(association, switched_on, "ENT-2022-0001"))
    old_key = settings.SAMORDNA_IDENTITY_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.SAMORDNA_IDENTITY_KEYS = [new_key, old_key]
    call_command("rotate-identity-key")
    assert capsys.readouterr().out == "1 identiteter krypterades om med den nyaste nyckeln.\n"
    settings.SAMORDNA_IDENTITY_KEYS = [new_key]
    identity.refresh_from_db()
    assert sealing.unseal(identity.sealed)["name"] == NAME
    settings.SAMORDNA_IDENTITY_HASH_KEY = "a-new-hash-key"
    call_command("rotate-identity-key")
    identity.refresh_from_db()
    assert identity.person_key == sealing.person_key("198112289874")


def test_without_keys_nothing_is_registered(association, switched_on, officer, settings):
    settings.SAMORDNA_IDENTITY_KEYS = []
    with pytest.raises(ValidationError, match="saknar nycklar"):
        register(officer, association, enrolment(association, switched_on, "ENT-2022-0001"))
