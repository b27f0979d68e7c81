"""The services for people and roles: who may call them, what they refuse in Swedish, and
the change log each call leaves (one row, before and after)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from samordna.accounts.models import Membership
from samordna.accounts.services import (
    lockout_lift,
    membership_end,
    membership_grant,
    two_factor_reset,
    user_invite,
)
from samordna.audit.models import ChangeRecord
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
SITE = "https://samordna.example.se/"


@pytest.fixture
def association(sydnarke_plan):
    return sydnarke_plan.association


@pytest.fixture
def admin_user(association):
    return make_user("kansli", association, "secretariat_admin")


def invite(actor, association, **kwargs):
    data = {"email": "Anna.Berg@Example.se", "first_name": "Anna", "last_name": "Berg", "role": "economy"}
    return user_invite(actor=actor, association=association, site_url=SITE, **{**data, **kwargs})


def log_rows(association, object_type="membership"):
    return list(ChangeRecord.objects.filter(association=association, object_type=object_type)
                .order_by("id").values_list("action", "before", "after"))


def test_invite_creates_a_user_without_password_a_role_a_log_row_and_an_email(association, admin_user,
                                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(admin_user, association)
    user = invitation.user
    assert invitation.created is True
    assert (user.username, user.email, user.get_full_name()) == ("anna.berg@example.se", "anna.berg@example.se",
                                                                 "Anna Berg")
    assert user.has_usable_password() is False
    assert Membership.objects.get(user=user, association=association).role == "economy"
    assert log_rows(association)[-1] == ("invite", None, {"role": "economy", "email": "anna.berg@example.se"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna.berg@example.se"]
    assert mail.outbox[0].subject == "Inbjudan till Samordningsförbundet Sydnärke i Samordna"
    assert f"{SITE}inbjudan/" in mail.outbox[0].body


def test_invite_of_someone_with_an_account_gives_the_role_and_no_new_user(association, admin_user, other_plan,
                                                                         django_capture_on_commit_callbacks):
    existing = make_user("anna", other_plan.association, "board_member")
    existing.email = "anna.berg@example.se"
    existing.save()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(admin_user, association)
    assert (invitation.user, invitation.created) == (existing, False)
    assert get_user_model().objects.filter(email__iexact="anna.berg@example.se").count() == 1
    assert "inbjudan/" not in mail.outbox[0].body
    assert "Du loggar in som vanligt" in mail.outbox[0].body


@pytest.mark.parametrize("field, value, message", [
    ("email", "inte-en-adress", "Ange en giltig e-postadress."),
    ("email", "a" * 140 + "@example.se", "E-postadressen får vara högst 150 tecken."),
    ("first_name", " ", "Ange för- och efternamn."),
    ("last_name", "x" * 151, "Ett namn får vara högst 150 tecken."),
    ("role", "owner", "Välj en roll."),
])
def test_invite_refuses_bad_input_in_swedish_and_writes_nothing(association, admin_user, field, value, message):
    users, records = get_user_model().objects.count(), ChangeRecord.objects.count()
    with pytest.raises(ValidationError) as exc:
        invite(admin_user, association, **{field: value})
    assert exc.value.messages == [message]
    assert (get_user_model().objects.count(), ChangeRecord.objects.count()) == (users, records)


def test_invite_refuses_a_second_role_in_the_same_association(association, admin_user):
    invite(admin_user, association)
    with pytest.raises(ValidationError) as exc:
        invite(admin_user, association, role="auditor")
    assert exc.value.messages == ["Personen har redan en roll i förbundet. Ändra rollen i stället."]
    assert Membership.objects.get(user__username="anna.berg@example.se").role == "economy"


@pytest.mark.parametrize("role", ["economy", "board_member", "auditor", "participant_officer"])
def test_only_a_role_with_users_manage_may_invite_grant_or_end(association, role):
    actor = make_user("someone", association, role)
    person = make_user("person", association, "board_member")
    records = ChangeRecord.objects.count()
    for call in (lambda: invite(actor, association),
                 lambda: membership_grant(actor=actor, association=association, user=person, role="auditor"),
                 lambda: membership_end(actor=actor, association=association, user=person)):
        with pytest.raises(PermissionDenied) as exc:
            call()
        assert str(exc.value) == "Din roll får inte hantera användare och roller."
    assert ChangeRecord.objects.count() == records
    assert Membership.objects.get(user=person).role == "board_member"


def test_an_administrator_of_another_association_may_not_touch_this_one(association, other_plan):
    outsider = make_user("annan", other_plan.association, "secretariat_admin")
    with pytest.raises(PermissionDenied) as exc:
        invite(outsider, association)
    assert str(exc.value) == "Du har ingen roll i det här förbundet."


def test_changing_a_role_is_logged_with_before_and_after(association, admin_user):
    person = make_user("person", association, "board_member")
    membership_grant(actor=admin_user, association=association, user=person, role="auditor")
    assert Membership.objects.get(user=person).role == "auditor"
    assert log_rows(association)[-1] == ("update", {"role": "board_member"}, {"role": "auditor"})
    records = ChangeRecord.objects.count()
    membership_grant(actor=admin_user, association=association, user=person, role="auditor")
    assert ChangeRecord.objects.count() == records  # nothing changed, nothing logged


def test_ending_access_removes_the_role_keeps_the_user_and_logs_it(association, admin_user, other_plan):
    person = make_user("person", association, "economy")
    Membership.objects.create(user=person, association=other_plan.association, role="auditor")
    membership_end(actor=admin_user, association=association, user=person)
    assert get_user_model().objects.filter(pk=person.pk).exists()
    assert list(Membership.objects.filter(user=person).values_list("association__slug", "role")) == [
        ("sjuharad", "auditor")]
    record = ChangeRecord.objects.filter(association=association).order_by("id").last()
    assert (record.action, record.before, record.after, record.actor) == ("end", {"role": "economy"}, None,
                                                                          admin_user)
    assert record.summary == "Avslutade: behörighet person: Ekonomi"
    with pytest.raises(ValidationError) as exc:
        membership_end(actor=admin_user, association=association, user=person)
    assert exc.value.messages == ["Personen har ingen roll i förbundet."]


def test_the_last_administrator_cannot_be_removed_or_demoted(association, admin_user):
    message = ("Förbundet måste ha minst en förbundsadministratör. Ge någon annan den rollen först.")
    with pytest.raises(ValidationError) as exc:
        membership_end(actor=admin_user, association=association, user=admin_user)
    assert exc.value.messages == [message]
    with pytest.raises(ValidationError) as exc:
        membership_grant(actor=admin_user, association=association, user=admin_user, role="economy")
    assert exc.value.messages == [message]
    assert Membership.objects.get(user=admin_user).role == "secretariat_admin"
    second = make_user("kansli2", association, "secretariat_admin")
    membership_end(actor=second, association=association, user=admin_user)
    assert not Membership.objects.filter(user=admin_user).exists()


def test_lifting_a_lockout_is_logged_and_needs_a_role_here(association, admin_user, other_plan):
    from axes.models import AccessAttempt

    person = make_user("person", association, "economy")
    AccessAttempt.objects.create(username="person", ip_address="127.0.0.1", user_agent="x",
                                 failures_since_start=20, get_data="", post_data="")
    lockout_lift(actor=admin_user, association=association, user=person)
    assert not AccessAttempt.objects.filter(username="person").exists()
    assert log_rows(association, "user")[-1] == ("unlock", None, None)
    stranger = make_user("stranger", other_plan.association, "economy")
    with pytest.raises(ValidationError):
        lockout_lift(actor=admin_user, association=association, user=stranger)


def test_resetting_a_lost_second_factor_needs_the_right_in_each_of_the_persons_associations(association,
                                                                                           admin_user,
                                                                                           other_plan, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.conftest import sign_in

    person = make_user("person", association, "participant_officer")
    sign_in(client, person)
    assert TOTPDevice.objects.filter(user=person).count() == 1
    Membership.objects.create(user=person, association=other_plan.association, role="participant_officer")
    with pytest.raises(PermissionDenied):
        two_factor_reset(actor=admin_user, association=association, user=person)
    assert TOTPDevice.objects.filter(user=person).count() == 1
    Membership.objects.filter(user=person, association=other_plan.association).delete()
    two_factor_reset(actor=admin_user, association=association, user=person)
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert client.get("/").status_code == 302  # signed out everywhere
    assert log_rows(association, "user")[-1] == ("two_factor_reset", None, None)
