"""Writes for identified follow-up (FINSAM.md §7): a participant's identity and consent, every
read of it written to the access log, withdrawal, erasure, purge and key rotation.

Only a participant officer assigned to the intervention (`participant.identity.read`, checked
per intervention) reaches an identity, and only on an intervention whose identified mode is
switched on. The change log and the access log hold codes and dates only: never a name or a
number. A protected identity (skyddad identitet) is never stored: the record stays
de-identified.
"""

from __future__ import annotations

import json
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samordna.accounts.selectors import intervention_authorize
from samordna.audit.services import change_record
from samordna.finsam import identity as idn
from samordna.interventions.models import Intervention
from samordna.organisation.models import Association

from . import sealing
from .models import Consent, Enrolment, IdentifiedSetup, Identity, IdentityAccess

MAX_PURPOSE = 200
MAX_CONSENT_VERSION = 40
PROTECTED_MESSAGE = ("Deltagaren har skyddad identitet: posten förblir avidentifierad, och inget namn eller "
                     "personnummer sparas.")


def _authorize(actor, association: Association, intervention: Intervention) -> None:
    intervention_authorize(actor=actor, association=association, intervention=intervention,
                           action="participant.identity.read")
    setup = IdentifiedSetup.objects.filter(intervention=intervention).first()
    if intervention.follow_up != "identified" or setup is None or setup.switched_on_at is None:
        raise ValidationError("Identifierad uppföljning är inte påslagen för insatsen.")


def _purpose(text: str) -> str:
    purpose = " ".join((text or "").split())
    if len(purpose) < 3:
        raise ValidationError({"purpose": "Ange varför du behöver se uppgiften (syftet loggas)."})
    if len(purpose) > MAX_PURPOSE:
        raise ValidationError({"purpose": f"Syftet får vara högst {MAX_PURPOSE} tecken."})
    return purpose


def _actor_name(actor) -> str:
    return ((actor.get_full_name() or actor.username) if hasattr(actor, "get_full_name") else str(actor))[:150]


def _log(*, actor, association, intervention, kind: str, purpose: str, enrolment: Enrolment | None) -> None:
    IdentityAccess.objects.create(association=association, actor=actor if getattr(actor, "pk", None) else None,
                                  actor_name=_actor_name(actor), intervention=intervention, enrolment=enrolment,
                                  enrolment_code=enrolment.code if enrolment else "", kind=kind, purpose=purpose)


def _number(text: str, today: date) -> idn.PersonalNumber:
    try:
        return idn.parse_personal_number(text, today=today)
    except idn.InvalidPersonalNumber as exc:
        raise ValidationError({"personal_number": str(exc)}) from None


@transaction.atomic
def identity_register(*, actor, association: Association, enrolment: Enrolment, personal_number: str,
                      name: str, protected: bool, consent_given_on: date | None, consent_version: str,
                      today: date | None = None) -> Identity | None:
    """Attach a participant's identity and consent to an enrolment of an identified
    intervention. With `protected` nothing is stored (None): the record stays de-identified.
    The same person enrolled in the same intervention in an overlapping period is refused."""
    intervention = enrolment.intervention
    _authorize(actor, association, intervention)
    if enrolment.association_id != association.pk:
        raise ValidationError("Deltagarposten hör inte till förbundet.")
    if protected:
        return None
    today = today or timezone.localdate()
    errors = {}
    number = None
    try:
        number = _number(personal_number, today)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        name = idn.clean_name(name)
    except ValueError as exc:
        errors["name"] = [str(exc)]
    version = " ".join((consent_version or "").split())
    if not version or len(version) > MAX_CONSENT_VERSION:
        errors["consent_version"] = [f"Ange samtyckestextens version (högst {MAX_CONSENT_VERSION} tecken)."]
    if consent_given_on is None or consent_given_on > today:
        errors["consent_given_on"] = ["Ange när samtycket lämnades (inte ett datum framåt i tiden)."]
    if errors:
        raise ValidationError(errors)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if Identity.objects.filter(enrolment=enrolment).exists():
        raise ValidationError("Deltagarposten har redan en identitet.")
    consent = Consent.objects.filter(enrolment=enrolment).first()
    if consent is not None and consent.withdrawn_on is not None:
        raise ValidationError("Samtycket för deltagarposten är återkallat: registrera en ny deltagarpost om "
                              "deltagaren samtycker på nytt.")
    key = sealing.person_key(number.digits)
    for other in (Enrolment.objects.filter(intervention=intervention, identity__person_key=key, voided=False)
                  .exclude(pk=enrolment.pk)):
        if idn.months_overlap(enrolment.start_month, enrolment.end_month, other.start_month, other.end_month):
            raise ValidationError({"personal_number": f"Personen är redan inskriven i insatsen under samma "
                                                      f"period (deltagarpost {other.code})."})
    identity = Identity.objects.create(enrolment=enrolment, person_key=key,
                                       sealed=sealing.seal(personal_number=number.digits, name=name))
    Consent.objects.update_or_create(enrolment=enrolment, defaults={
        "given_on": consent_given_on, "text_version": version, "recorded_by": actor, "withdrawn_on": None,
        "withdrawn_by": None})
    change_record(actor=actor, association=association, action="create", object_type="identity",
                  object_id=enrolment.pk, object_label=enrolment.code,
                  after={"samtycke": consent_given_on, "samtyckestext": version})
    _log(actor=actor, association=association, intervention=intervention, kind="register",
         purpose="Registrering med samtycke", enrolment=enrolment)
    return identity


def _identity_of(enrolment: Enrolment) -> Identity:
    identity = Identity.objects.filter(enrolment=enrolment).first()
    if identity is None:
        raise ValidationError("Deltagarposten har ingen identitet.")
    return identity


def _shown(identity: Identity) -> dict:
    data = sealing.unseal(identity.sealed)
    digits = data["personal_number"]
    return {"personal_number": f"{digits[:8]}-{digits[8:]}", "name": data["name"]}


@transaction.atomic
def identity_open(*, actor, association: Association, enrolment: Enrolment, purpose: str) -> dict:
    """The name and number of an enrolment's participant, for the officer who states why;
    the view is written to the access log first."""
    _authorize(actor, association, enrolment.intervention)
    purpose = _purpose(purpose)
    identity = _identity_of(enrolment)
    _log(actor=actor, association=association, intervention=enrolment.intervention, kind="view",
         purpose=purpose, enrolment=enrolment)
    return _shown(identity)


@transaction.atomic
def identity_search(*, actor, association: Association, intervention: Intervention, personal_number: str,
                    purpose: str, today: date | None = None) -> list[Enrolment]:
    """The intervention's enrolments of the person with this number (found by the keyed hash,
    nothing decrypted); the search is logged with the enrolment found, never the number."""
    _authorize(actor, association, intervention)
    errors = {}
    number = None
    try:
        number = _number(personal_number, today or timezone.localdate())
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        purpose = _purpose(purpose)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    found = list(Enrolment.objects.filter(intervention=intervention,
                                          identity__person_key=sealing.person_key(number.digits))
                 .order_by("start_month", "code"))
    for enrolment in found or [None]:
        _log(actor=actor, association=association, intervention=intervention, kind="search", purpose=purpose,
             enrolment=enrolment)
    return found


@transaction.atomic
def consent_withdraw(*, actor, association: Association, enrolment: Enrolment,
                     withdrawn_on: date | None = None) -> None:
    """The participant withdraws consent: the identity is erased, the de-identified record stays."""
    intervention = enrolment.intervention
    _authorize(actor, association, intervention)
    consent = Consent.objects.select_for_update().filter(enrolment=enrolment).first()
    if consent is None or consent.withdrawn_on is not None:
        raise ValidationError("Deltagarposten har inget gällande samtycke.")
    consent.withdrawn_on = withdrawn_on or timezone.localdate()
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
    Identity.objects.filter(enrolment=enrolment).delete()
    change_record(actor=actor, association=association, action="withdraw", object_type="identity",
                  object_id=enrolment.pk, object_label=enrolment.code,
                  after={"samtycke_återkallat": consent.withdrawn_on})
    _log(actor=actor, association=association, intervention=intervention, kind="withdraw",
         purpose="Samtycket återkallat", enrolment=enrolment)


def _same_person(actor, association: Association, identity: Identity) -> list[Identity]:
    """The person's identities in the interventions this officer may read identities of."""
    from samordna.accounts.selectors import followup_scope

    scope = followup_scope(actor=actor, association=association, action="participant.identity.read")
    rows = (Identity.objects.filter(person_key=identity.person_key, enrolment__association=association)
            .select_related("enrolment__intervention", "enrolment__municipality", "enrolment__consent")
            .order_by("enrolment__start_month", "enrolment__code"))
    return [r for r in rows if scope.covers(r.enrolment.intervention_id)]


@transaction.atomic
def identity_export(*, actor, association: Association, enrolment: Enrolment, purpose: str) -> bytes:
    """A person's data (GDPR access: registerutdrag) as JSON: the identity and every
    enrolment of that person the officer reaches, each export written to the access log."""
    _authorize(actor, association, enrolment.intervention)
    purpose = _purpose(purpose)
    identities = _same_person(actor, association, _identity_of(enrolment))
    shown = _shown(identities[0])
    out = {"personnummer": shown["personal_number"], "namn": shown["name"], "förbund": association.name,
           "utdrag_skapat": timezone.localtime().isoformat(timespec="seconds"), "deltagarposter": []}
    for identity in identities:
        e = identity.enrolment
        consent = getattr(e, "consent", None)
        out["deltagarposter"].append({
            "kod": e.code, "insats": e.intervention.slug, "kön": e.gender, "åldersgrupp": e.age_band,
            "hemkommun": e.municipality.name if e.municipality else None,
            "start": e.start_month.strftime("%Y-%m"), "slut": e.end_month.strftime("%Y-%m") if e.end_month else None,
            "sysselsättning_före": e.occupation_before, "sysselsättning_efter": e.occupation_after,
            "försörjning_före": e.support_before, "försörjning_efter": e.support_after,
            "avslutsorsak": e.end_reason,
            "samtycke": {"lämnat": consent.given_on.isoformat(), "version": consent.text_version} if consent else None,
        })
        _log(actor=actor, association=association, intervention=e.intervention, kind="export", purpose=purpose,
             enrolment=e)
    return json.dumps(out, ensure_ascii=False, indent=2).encode()


@transaction.atomic
def identity_erase(*, actor, association: Association, enrolment: Enrolment, purpose: str) -> int:
    """Erase a person's identity (GDPR erasure) from every enrolment the officer reaches;
    the de-identified records stay. Returns how many identities were erased."""
    _authorize(actor, association, enrolment.intervention)
    purpose = _purpose(purpose)
    identities = _same_person(actor, association, _identity_of(enrolment))
    for identity in identities:
        e = identity.enrolment
        identity.delete()
        change_record(actor=actor, association=association, action="delete", object_type="identity",
                      object_id=e.pk, object_label=e.code, before={"identitet": "raderad på begäran"})
        _log(actor=actor, association=association, intervention=e.intervention, kind="erase", purpose=purpose,
             enrolment=e)
    return len(identities)


def identities_due(*, today: date, months: int) -> list[Identity]:
    """Identities whose person's last enrolment (in the same association) ended `months` ago."""
    rows = list(Identity.objects.select_related("enrolment"))
    ends: dict[tuple[int, str], list] = {}
    for r in rows:
        ends.setdefault((r.enrolment.association_id, r.person_key), []).append(r.enrolment.end_month)
    return [r for r in rows if idn.purge_due(ends[(r.enrolment.association_id, r.person_key)],
                                             today=today, months=months)]


@transaction.atomic
def identities_purge(*, actor, today: date | None = None, months: int | None = None,
                     dry_run: bool = False) -> int:
    """Purge (gallra) identities `months` (SAMORDNA_IDENTITY_RETENTION_MONTHS) after the
    person's last enrolment ended, keeping the de-identified records; one change-log row per
    association with the number purged. Only the command line (`samordna purge-identities`)."""
    if not getattr(actor, "is_system", False):
        raise PermissionError("only the command line purges identities")
    months = settings.SAMORDNA_IDENTITY_RETENTION_MONTHS if months is None else months
    due = identities_due(today=today or timezone.localdate(), months=months)
    if dry_run or not due:
        return len(due)
    per_association: dict[int, list[str]] = {}
    for identity in due:
        per_association.setdefault(identity.enrolment.association_id, []).append(identity.enrolment.code)
    Identity.objects.filter(pk__in=[i.pk for i in due]).delete()
    for association in Association.objects.filter(pk__in=per_association):
        codes = sorted(per_association[association.pk])
        change_record(actor=actor, association=association, action="purge", object_type="identity",
                      object_id="gallring", object_label="gallring av identiteter",
                      after={"antal": len(codes), "månader": months},
                      changes=[{"path": c, "op": "removed"} for c in codes])
    return len(due)


@transaction.atomic
def identity_keys_rotate() -> int:
    """Re-seal every identity under the newest key and recompute its lookup key with the
    current hash key (`samordna rotate-identity-key`); returns how many rows were rewritten."""
    rows = list(Identity.objects.select_for_update())
    for row in rows:
        row.sealed = sealing.reseal(row.sealed)
        row.person_key = sealing.person_key(sealing.unseal(row.sealed)["personal_number"])
    Identity.objects.bulk_update(rows, ["sealed", "person_key"], batch_size=500)
    return len(rows)
