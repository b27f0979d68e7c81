"""People and sign-in through the web: invitation → password → login → the role's pages;
password rules, reset by e-mail, lockout, session expiry, re-authentication, log out
everywhere, no-store caching and the Swedish error pages."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from samordna.accounts.middleware import AUTHENTICATED_AT, LAST_SEEN, SIGNED_IN_AT
from samordna.accounts.models import Membership
from samordna.accounts.permissions import role_may
from samordna.audit.models import ChangeRecord
from tests.conftest import login_as, make_user, sign_in

pytestmark = pytest.mark.django_db
STRONG = "sju-harad-vinter-2026"


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def invite(client, slug="sydnarke", role="economy", email="eva.lind@example.se"):
    return client.post(reverse("user_invite", args=[slug]),
                       {"email": email, "first_name": "Eva", "last_name": "Lind", "role": role})


def test_invited_person_sets_a_password_logs_in_and_sees_what_the_role_allows(
        admin, client, sydnarke_plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(admin, role="board_member")
    assert response.status_code == 302 and response["Location"] == reverse("users", args=["sydnarke"])
    assert "Eva Lind" in admin.get(reverse("users", args=["sydnarke"])).content.decode()
    admin.post(reverse("logout"))
    link = link_in(mail.outbox[0])
    page = client.get(link, follow=True)
    assert "Välkommen till Samordna – välj ett lösenord" in page.content.decode()
    weak = client.post(page.redirect_chain[-1][0], {"new_password1": "samordna", "new_password2": "samordna"})
    errors = weak.content.decode()
    assert "Det här lösenordet är för kort. Det måste innehålla minst 12 tecken." in errors
    assert "Lösenordet får inte innehålla ”samordna”." in errors
    done = client.post(page.redirect_chain[-1][0], {"new_password1": STRONG, "new_password2": STRONG})
    assert done["Location"] == reverse("login")
    assert client.get(link, follow=True).context["validlink"] is False  # the link works once
    response = client.post(reverse("login"), {"username": "eva.lind@example.se", "password": STRONG}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("association_list")
    assert "Samordningsförbundet Sydnärke" in response.content.decode()
    # Exactly the board member's pages: the budget yes, the change log and users no.
    for name, action in (("budget", "budget.read"), ("change_log", "changelog.read"), ("users", "users.manage"),
                         ("budget_entry_edit", "budget.edit")):
        args = ["sydnarke", 2022, "budget"] if name == "budget_entry_edit" else ["sydnarke"]
        assert client.get(reverse(name, args=args)).status_code == (200 if role_may("board_member", action)
                                                                    else 403)


def test_an_expired_invitation_link_is_refused(admin, client, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin)
    admin.post(reverse("logout"))
    settings.SAMORDNA_INVITATION_DAYS = 0
    time.sleep(1)  # the token's timestamp has one-second resolution
    page = client.get(link_in(mail.outbox[0]), follow=True)
    assert page.context["validlink"] is False
    assert "Länken gäller inte längre" in page.content.decode()


def test_a_new_invitation_replaces_an_expired_one(admin, client, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin)
    person = get_user_model().objects.get(username="eva.lind@example.se")
    url = reverse("user_invitation_resend", args=["sydnarke", person.pk])
    assert "Skicka ny inbjudan" in admin.get(reverse("user_edit", args=["sydnarke", person.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(url)["Location"] == reverse("user_edit", args=["sydnarke", person.pk])
    assert len(mail.outbox) == 2 and "/inbjudan/" in mail.outbox[1].body
    person.set_password(STRONG)
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url, follow=True)
    assert "Personen har redan ett lösenord." in response.content.decode()
    assert len(mail.outbox) == 2


def test_an_invitation_link_is_not_a_password_reset_link(admin, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin)
    admin.post(reverse("logout"))
    link = link_in(mail.outbox[0]).replace("/inbjudan/", "/glomt-losenord/")
    assert client.get(link, follow=True).context["validlink"] is False


def test_invite_form_shows_swedish_errors_and_keeps_the_input(admin):
    response = admin.post(reverse("user_invite", args=["sydnarke"]),
                          {"email": "fel", "first_name": "Eva", "last_name": "", "role": ""})
    html = response.content.decode()
    assert response.status_code == 200
    for message in ("Ange en giltig e-postadress.", "Ange efternamnet.", "Välj en roll."):
        assert message in html
    assert 'value="Eva"' in html


def test_admin_changes_a_role_and_ends_access_with_confirmation(admin, sydnarke_plan):
    person = make_user("person", sydnarke_plan.association, "board_member")
    url = reverse("user_edit", args=["sydnarke", person.pk])
    assert admin.post(url, {"role": "auditor"}).status_code == 302
    assert Membership.objects.get(user=person).role == "auditor"
    end = reverse("user_end", args=["sydnarke", person.pk])
    assert "Avsluta behörigheten för person?" in admin.get(end).content.decode()
    assert Membership.objects.filter(user=person).exists()  # the GET asked, nothing more
    assert admin.post(end, {"confirm": "1"}).status_code == 302
    assert not Membership.objects.filter(user=person).exists()
    assert get_user_model().objects.filter(pk=person.pk).exists()
    assert admin.get(url).status_code == 404  # no longer a person of this association
    assert list(ChangeRecord.objects.filter(object_type="membership").order_by("id")
                .values_list("action", flat=True))[-2:] == ["update", "end"]


def test_the_change_log_shows_a_role_change_by_its_swedish_labels(admin, sydnarke_plan):
    person = make_user("person", sydnarke_plan.association, "board_member")
    admin.post(reverse("user_edit", args=["sydnarke", person.pk]), {"role": "auditor"})
    record = ChangeRecord.objects.filter(object_type="membership").order_by("id").last()
    html = admin.get(reverse("change_detail", args=["sydnarke", record.pk])).content.decode()
    assert '<th scope="row">Roll</th><td>Styrelseledamot</td><td>Revisor</td>' in html
    assert "board_member" not in html and "auditor" not in html


def test_changing_roles_asks_for_the_password_again_after_a_while(admin, sydnarke_plan):
    person = make_user("person", sydnarke_plan.association, "board_member")
    admin.get(reverse("account"))
    session = admin.session
    session[AUTHENTICATED_AT] = int(time.time()) - 11 * 60
    session.save()
    url = reverse("user_edit", args=["sydnarke", person.pk])
    response = admin.post(url, {"role": "auditor"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reauthenticate") + "?next=")
    assert Membership.objects.get(user=person).role == "board_member"
    wrong = admin.post(reverse("reauthenticate"), {"password": "fel", "next": url})
    assert "Fel lösenord." in wrong.content.decode()
    from tests.conftest import PASSWORD

    right = admin.post(reverse("reauthenticate"), {"password": PASSWORD, "next": url})
    assert right["Location"] == url
    assert admin.post(url, {"role": "auditor"}).status_code == 302
    assert Membership.objects.get(user=person).role == "auditor"


def test_reauthentication_refuses_to_send_the_person_elsewhere(admin):
    from tests.conftest import PASSWORD

    response = admin.post(reverse("reauthenticate"), {"password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == reverse("account")


def test_password_change_applies_the_rules_and_ends_other_sessions(client, sydnarke_plan):
    from django.test import Client

    user = make_user("person", sydnarke_plan.association, "economy")
    elsewhere = sign_in(Client(), user)
    sign_in(client, user)
    from tests.conftest import PASSWORD

    numeric = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": "123456789012",
                                                       "new_password2": "123456789012"})
    assert "Detta lösenord är enbart numeriskt." in numeric.content.decode()
    common = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": "password1234",
                                                      "new_password2": "password1234"})
    assert "Detta lösenord är alldeles för vanligt." in common.content.decode()
    ok = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": STRONG,
                                                  "new_password2": STRONG})
    assert ok["Location"] == reverse("account")
    assert client.get(reverse("association_list")).status_code == 200
    assert elsewhere.get(reverse("association_list")).status_code == 302


def test_a_password_like_the_username_is_refused(client, sydnarke_plan):
    from tests.conftest import PASSWORD

    user = make_user("evalindqvist", sydnarke_plan.association, "economy")
    sign_in(client, user)
    bad = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": "evalindqvist1",
                                                   "new_password2": "evalindqvist1"})
    assert "Ditt lösenord är alltför likt användarnamn." in bad.content.decode()


def test_password_reset_by_email(client, sydnarke_plan):
    user = make_user("person", sydnarke_plan.association, "economy")
    user.email = "person@example.se"
    user.save()
    assert client.post(reverse("password_reset"), {"email": "person@example.se"})["Location"] == \
        reverse("password_reset_done")
    assert client.post(reverse("password_reset"), {"email": "okand@example.se"}).status_code == 302
    assert len(mail.outbox) == 1  # an unknown address gets nothing, and the page says the same
    assert mail.outbox[0].subject == "Nytt lösenord i Samordna"
    page = client.get(link_in(mail.outbox[0]), follow=True)
    assert page.context["validlink"] is True
    done = client.post(page.redirect_chain[-1][0], {"new_password1": STRONG, "new_password2": STRONG}, follow=True)
    assert "Ditt nya lösenord är sparat." in done.content.decode()
    user.refresh_from_db()
    assert user.check_password(STRONG)


def test_twenty_wrong_passwords_lock_the_account_with_a_swedish_message(client, sydnarke_plan):
    from tests.conftest import PASSWORD

    make_user("person", sydnarke_plan.association, "economy")
    for _ in range(19):
        assert client.post(reverse("login"), {"username": "person", "password": "fel"}).status_code == 200
    locked = client.post(reverse("login"), {"username": "person", "password": "fel"})
    assert locked.status_code == 429
    assert "För många felaktiga inloggningsförsök. Kontot är låst i 60 minuter." in locked.content.decode()
    refused = client.post(reverse("login"), {"username": "person", "password": PASSWORD})
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_nineteen_wrong_passwords_do_not_lock(client, sydnarke_plan):
    from tests.conftest import PASSWORD

    make_user("person", sydnarke_plan.association, "economy")
    for _ in range(19):
        client.post(reverse("login"), {"username": "person", "password": "fel"})
    assert client.post(reverse("login"), {"username": "person", "password": PASSWORD}).status_code == 302


def test_admin_sees_the_lock_and_lifts_it(admin, client, sydnarke_plan):
    from django.test import Client

    from tests.conftest import PASSWORD

    person = make_user("person", sydnarke_plan.association, "economy")
    other = Client()
    for _ in range(20):
        other.post(reverse("login"), {"username": "person", "password": "fel"})
    assert "Låst" in admin.get(reverse("users", args=["sydnarke"])).content.decode()
    admin.post(reverse("user_unlock", args=["sydnarke", person.pk]))
    assert other.post(reverse("login"), {"username": "person", "password": PASSWORD}).status_code == 302


def _age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"signed_in": SIGNED_IN_AT, "last_seen": LAST_SEEN}[key]] = now - ago
    session.save()


def test_thirty_idle_minutes_sign_the_person_out(reader):
    _age_session(reader, last_seen=31 * 60)
    response = reader.get(reverse("association_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    page = reader.get(response["Location"])
    assert "Du har loggats ut eftersom du varit inaktiv en stund." in page.content.decode()
    assert reader.get(reverse("association_list")).status_code == 302


def test_activity_keeps_a_session_only_until_its_maximum(reader):
    _age_session(reader, last_seen=29 * 60)
    assert reader.get(reverse("association_list")).status_code == 200
    _age_session(reader, signed_in=10 * 3600 + 1, last_seen=10)
    response = reader.get(reverse("association_list"))
    assert response.status_code == 302
    assert "Din inloggning har gått ut." in reader.get(response["Location"]).content.decode()


def test_log_out_everywhere_ends_every_session_of_the_person(client, sydnarke_plan):
    from django.test import Client

    user = make_user("person", sydnarke_plan.association, "economy")
    bystander = login_as(Client(), "annan", sydnarke_plan.association, "economy")
    phone = sign_in(Client(), user)
    sign_in(client, user)
    response = client.post(reverse("sessions_end_all"))
    assert response["Location"] == reverse("login")
    assert client.get(reverse("association_list")).status_code == 302
    assert phone.get(reverse("association_list")).status_code == 302
    assert bystander.get(reverse("association_list")).status_code == 200


def test_signed_in_pages_are_never_cached_and_keep_the_strict_policy(reader, client):
    response = reader.get(reverse("overview", args=["sydnarke"]))
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    reader.post(reverse("logout"))
    assert "no-store" not in client.get(reverse("catalogue", args=["sydnarke"])).get("Cache-Control", "")


@override_settings(DEBUG=False)
def test_error_pages_are_swedish(reader, client):
    missing = reader.get("/finns-inte/")
    assert missing.status_code == 404
    assert "<h1>Sidan finns inte</h1>" in missing.content.decode()
    forbidden = reader.get(reverse("change_log", args=["sydnarke"]))
    assert forbidden.status_code == 403
    html = forbidden.content.decode()
    assert "<h1>Du har inte behörighet till den här sidan</h1>" in html
    assert "Din roll får inte läsa ändringsloggen." in html
    from django.test import Client

    csrf = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert csrf.status_code == 403
    assert "Formuläret kunde inte skickas" in csrf.content.decode()


def test_server_error_page_is_swedish(client):
    from django.test import RequestFactory
    from django.views import defaults

    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Något gick fel</h1>" in html and 'lang="sv"' in html
