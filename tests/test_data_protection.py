"""The register of personal data (docs/data-protection.md) names every field of every model
that may hold personal data: a new field that the recogniser below finds must get a row —
purpose, legal basis, who may read it, retention — or a row saying why it is not personal."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

REGISTER = Path(__file__).resolve().parents[1] / "docs" / "data-protection.md"

# A word of the field's name that says it may be about a person (`by_name`, `email` …).
PERSONAL_WORDS = re.compile(
    r"(^|_)(name|email|phone|mobile|address|username|password|person|personal|birth|gender|ip_address|"
    r"user_agent|token|secret|session|actor|by|note|comment|participant|identity|contact)(_|$)")
# Every field of the sign-in machinery is about a person.
SIGN_IN_APPS = {"auth", "sessions", "otp_totp", "otp_static", "axes", "accounts"}
# A record about one person: every field (a follow-up enrolment is pseudonymised personal data;
# an identity is the person; consent and identity access are about the person and the officer).
PERSON_RECORDS = {"followup.Enrolment", "followup.Identity", "followup.Consent", "followup.IdentityAccess"}
# Copies of other records, which no name pattern finds.
COPIES = {"audit.ChangeRecord.before", "audit.ChangeRecord.after", "audit.ChangeRecord.changes",
          "audit.ChangeRecord.object_label", "audit.ChangeRecord.summary", "economy.PlanVersion.snapshot"}


def _fields() -> dict[str, object]:
    return {f"{model._meta.label}.{field.name}": field
            for model in apps.get_models() for field in model._meta.concrete_fields}


def recognised() -> set[str]:
    """The fields that may hold personal data, by the rules the register states."""
    found = set()
    for name, field in _fields().items():
        app = name.split(".")[0]
        refers_to_a_user = field.is_relation and field.related_model is not None and \
            field.related_model._meta.label == settings.AUTH_USER_MODEL
        model = name.rsplit(".", 1)[0]
        if PERSONAL_WORDS.search(field.name) or refers_to_a_user or app in SIGN_IN_APPS or name in COPIES \
                or model in PERSON_RECORDS:
            found.add(name)
    return found


def _rows(section: str) -> list[list[str]]:
    """The table rows of one section of the register, as lists of cells."""
    text = REGISTER.read_text(encoding="utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in body.splitlines():
        if line.startswith("| `"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def _entries(section: str) -> set[str]:
    return {row[0].strip("`") for row in _rows(section)}


def _covers(entries: set[str], name: str) -> bool:
    return name in entries or f"*.{name.rsplit('.', 1)[1]}" in entries


def test_every_field_that_may_hold_personal_data_is_in_the_register():
    personal, not_personal = _entries("Register"), _entries("Looked at, not personal data")
    missing = {n for n in recognised() if not _covers(personal, n) and not _covers(not_personal, n)}
    assert sorted(missing) == []


def test_the_register_names_only_fields_that_exist_and_each_once():
    fields = _fields()
    personal, not_personal = _entries("Register"), _entries("Looked at, not personal data")
    stale = {e for e in personal | not_personal if not e.startswith("*.") and e not in fields}
    assert sorted(stale) == []
    assert personal & not_personal == set()
    wildcards = {e[2:] for e in personal if e.startswith("*.")}
    assert {w for w in wildcards if not any(n.rsplit(".", 1)[1] == w for n in fields)} == set()


def test_each_row_of_the_register_says_purpose_basis_readers_and_retention():
    rows = _rows("Register")
    assert len(rows) >= 60
    assert [row[0] for row in rows if len(row) != 6 or any(not cell for cell in row)] == []


def test_the_recogniser_finds_the_people_of_the_board_and_the_change_log():
    # The rules above must keep finding what the register was written for.
    assert {"organisation.BoardSeat.name", "organisation.BoardSeat.email", "organisation.BodyMember.name",
            "auth.User.email", "audit.ChangeRecord.actor_name", "audit.ChangeRecord.before",
            "economy.FindingAck.by", "followup.Enrolment.gender", "followup.Enrolment.provider_code"} <= recognised()
