"""Every URL × every actor: anonymous, each role of the association, and a user of another
association, with the status the permission table promises.

The URLs come from the URL configuration itself, so a new URL without an entry in `URLS`
fails `test_every_url_has_an_entry_and_declares_its_action`. The table names the action
each URL requires, and each view must declare the same (`@requires`, `@public`,
`@signed_in`); the expected status follows from
`accounts.permissions.ROLE_ACTIONS`:
anonymous → the login page, outsider → 404, a role without the action → 403 (and a POST
from it writes nothing), a role with it → the page. The data that could leak (another
association's plan, and its own money and notes) is loaded first.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samordna.accounts.decorators import PUBLIC
from samordna.accounts.permissions import INTERVENTION_SCOPED, ROLES, role_may
from samordna.accounts.selectors import TWO_FACTOR_ACTIONS
from samordna.audit.models import ChangeRecord
from samordna.economy.models import Plan
from tests.conftest import login_as, make_user, sign_in

pytestmark = pytest.mark.django_db

# URL name → (the action it requires, how to fill its arguments from the Sydnärke demo, the
# status of a permitted GET). The action is written here, not read from the view, so a view
# that declares a weaker action fails. Arguments naming an object ("line", "population" …)
# are resolved once the data is loaded (`_kwargs`).
URLS: dict[str, tuple[str, dict, int]] = {
    "login": ("public", {}, 200),
    "logout": ("public", {}, 405),  # logging out is a POST
    "association_list": ("signed_in", {}, 200),
    "overview": ("association.read", {"slug": "sydnarke"}, 200),
    "members": ("association.read", {"slug": "sydnarke"}, 200),
    "association_edit": ("organisation.edit", {"slug": "sydnarke"}, 200),
    "member_edit": ("organisation.edit", {"slug": "sydnarke", "member_slug": "laxa"}, 200),
    "population_new": ("organisation.edit", {"slug": "sydnarke", "member_slug": "laxa"}, 200),
    "population_edit": ("organisation.edit", {"slug": "sydnarke", "member_slug": "laxa", "pk": "population"}, 200),
    "population_delete": ("organisation.edit", {"slug": "sydnarke", "member_slug": "laxa", "pk": "population"}, 200),
    "financing": ("financing.read", {"slug": "sydnarke"}, 200),
    "financing_edit": ("financing.edit", {"slug": "sydnarke", "year": 2022}, 200),
    "budget": ("budget.read", {"slug": "sydnarke"}, 200),
    "budget_entry_edit": ("budget.edit", {"slug": "sydnarke", "year": 2022, "column": "budget"}, 200),
    "budget_line_new": ("budget.edit", {"slug": "sydnarke", "year": 2022, "column": "budget", "side": "cost"}, 200),
    "budget_line_edit": ("budget.edit", {"slug": "sydnarke", "year": 2022, "column": "budget", "side": "cost",
                          "line_slug": "line"}, 200),
    "budget_line_delete": ("budget.edit", {"slug": "sydnarke", "year": 2022, "column": "budget", "side": "cost",
                            "line_slug": "line"}, 200),
    "tertial_index": ("budget.read", {"slug": "sydnarke"}, 200),
    "tertial_grid": ("budget.read", {"slug": "sydnarke", "year": 2022, "period": "T1"}, 200),
    "tertial_import": ("budget.edit", {"slug": "sydnarke", "year": 2022, "period": "T2"}, 200),
    "tertial_template": ("budget.read", {"slug": "sydnarke", "year": 2022, "period": "T1", "fmt": "xlsx"}, 200),
    "tertial_chart": ("budget.read", {"slug": "sydnarke", "year": 2022, "period": "T1", "kind": "summa"}, 200),
    "budget_row_new": ("budget.edit", {"slug": "sydnarke", "side": "cost"}, 200),
    "budget_row": ("budget.edit", {"slug": "sydnarke", "side": "cost", "line_slug": "line"}, 200),
    "budget_row_show": ("budget.read", {"slug": "sydnarke", "side": "cost", "line_slug": "line"}, 200),
    "budget_row_delete": ("budget.edit", {"slug": "sydnarke", "side": "cost", "line_slug": "line"}, 200),
    "budget_stated": ("budget.edit", {"slug": "sydnarke", "year": 2022, "column": "budget"}, 200),
    "review": ("plan.read", {"slug": "sydnarke"}, 200),
    "finding_handle": ("review.handle", {"slug": "sydnarke"}, 404),  # GET needs ?nyckel=
    "finding_reopen": ("review.handle", {"slug": "sydnarke"}, 405),  # POST only
    "plan_new": ("plan.create", {"slug": "sydnarke"}, 200),
    "plan_adopt": ("plan.adopt", {"slug": "sydnarke"}, 200),
    "plan_compare": ("plan.read", {"slug": "sydnarke"}, 200),
    "plan_versions": ("plan.read", {"slug": "sydnarke"}, 200),
    "plan_stage": ("plan.adopt", {"slug": "sydnarke"}, 405),  # POST only
    "intervention_list": ("intervention.read", {"slug": "sydnarke"}, 200),
    "intervention_new": ("intervention.edit", {"slug": "sydnarke"}, 200),
    "intervention_detail": ("intervention.read", {"slug": "sydnarke", "iv_slug": "intervention"}, 200),
    "intervention_edit": ("intervention.edit", {"slug": "sydnarke", "iv_slug": "intervention"}, 200),
    "goals": ("plan.read", {"slug": "sydnarke"}, 200),
    "catalogue": ("public", {"slug": "sydnarke"}, 200),
    "documents": ("document.read", {"slug": "sydnarke"}, 200),
    "document_sections": ("plan.read", {"slug": "sydnarke"}, 200),
    "document_section_new": ("plan.edit", {"slug": "sydnarke"}, 200),
    "document_section_edit": ("plan.edit", {"slug": "sydnarke", "section_id": "section"}, 200),
    "document_section_delete": ("plan.edit", {"slug": "sydnarke", "section_id": "section"}, 200),
    "document_section_move": ("plan.edit", {"slug": "sydnarke", "section_id": "section"}, 405),  # POST only
    "document_view": ("document.read", {"slug": "sydnarke", "kind": "verksamhetsplan"}, 200),
    "document_download": ("document.read", {"slug": "sydnarke", "kind": "tabeller", "fmt": "xlsx"}, 200),
    "document_job_start": ("document.read", {"slug": "sydnarke", "kind": "tabeller", "fmt": "xlsx"}, 405),  # POST only
    "letters": ("document.read", {"slug": "sydnarke"}, 200),
    "letter_download": ("document.read", {"slug": "sydnarke", "member": "laxa", "fmt": "html"}, 200),
    "letter_job_start": ("document.read", {"slug": "sydnarke", "member": "laxa", "fmt": "pdf"}, 405),  # POST only
    "letters_zip": ("document.read", {"slug": "sydnarke"}, 200),
    "letters_dispatch": ("letter.send", {"slug": "sydnarke"}, 405),  # POST only
    "member_new": ("organisation.edit", {"slug": "sydnarke"}, 200),
    "member_end": ("organisation.edit", {"slug": "sydnarke", "member_slug": "laxa"}, 200),
    "board": ("association.read", {"slug": "sydnarke"}, 200),
    "seat_new": ("organisation.edit", {"slug": "sydnarke"}, 200),
    "seat_edit": ("organisation.edit", {"slug": "sydnarke", "pk": "seat"}, 200),
    "seat_delete": ("organisation.edit", {"slug": "sydnarke", "pk": "seat"}, 200),
    "body_new": ("organisation.edit", {"slug": "sydnarke"}, 200),
    "body_edit": ("organisation.edit", {"slug": "sydnarke", "pk": "body"}, 200),
    "body_delete": ("organisation.edit", {"slug": "sydnarke", "pk": "body"}, 200),
    "body_person_new": ("organisation.edit", {"slug": "sydnarke", "body_pk": "body"}, 200),
    "body_person_edit": ("organisation.edit", {"slug": "sydnarke", "body_pk": "body", "pk": "person"}, 200),
    "body_person_delete": ("organisation.edit", {"slug": "sydnarke", "body_pk": "body", "pk": "person"}, 200),
    "calendar": ("plan.read", {"slug": "sydnarke"}, 200),
    "calendar_new": ("plan.edit", {"slug": "sydnarke"}, 200),
    "calendar_edit": ("plan.edit", {"slug": "sydnarke", "pk": "event"}, 200),
    "calendar_delete": ("plan.edit", {"slug": "sydnarke", "pk": "event"}, 200),
    "plan_content": ("plan.read", {"slug": "sydnarke"}, 200),
    "risks": ("plan.read", {"slug": "sydnarke"}, 200),
    "plan_item_new": ("plan.edit", {"slug": "sydnarke", "kind": "mal"}, 200),
    "plan_item_edit": ("plan.edit", {"slug": "sydnarke", "kind": "mal", "key": "goal"}, 200),
    "plan_item_delete": ("plan.edit", {"slug": "sydnarke", "kind": "mal", "key": "goal"}, 200),
    "plan_item_move": ("plan.edit", {"slug": "sydnarke", "kind": "mal", "key": "goal"}, 405),  # POST only
    "change_log": ("changelog.read", {"slug": "sydnarke"}, 200),
    "change_detail": ("changelog.read", {"slug": "sydnarke", "pk": "change"}, 200),
    "followup_overview": ("followup.aggregate.read", {"slug": "sydnarke"}, 200),
    "followup_import": ("followup.edit", {"slug": "sydnarke"}, 200),
    "followup_template": ("followup.edit", {"slug": "sydnarke", "kind": "deltagarposter"}, 200),
    "followup_assignments": ("users.manage", {"slug": "sydnarke"}, 200),
    "followup_detail": ("followup.aggregate.read", {"slug": "sydnarke", "iv_slug": "followed"}, 200),
    "followup_identified": ("followup.configure", {"slug": "sydnarke", "iv_slug": "followed"}, 200),
    "enrolment_new": ("followup.edit", {"slug": "sydnarke", "iv_slug": "followed"}, 200),
    "enrolment_edit": ("followup.edit", {"slug": "sydnarke", "iv_slug": "followed", "code": "enrolment"}, 200),
    "count_edit": ("followup.edit", {"slug": "sydnarke", "iv_slug": "counted"}, 200),
    "count_delete": ("followup.edit", {"slug": "sydnarke", "iv_slug": "counted", "period": "2022-T1"}, 200),
    "followup_national": ("followup.national", {"slug": "sydnarke"}, 200),
    "identity_page": ("participant.identity.read", {"slug": "sydnarke", "iv_slug": "followed", "code": "enrolment"},
                      200),
    # Export, withdrawal and erasure answer 404 for a record without an identity (the loaded one).
    "identity_action": ("participant.identity.read", {"slug": "sydnarke", "iv_slug": "followed", "code": "enrolment",
                                                      "what": "utdrag"}, 404),
    "identity_search": ("participant.identity.read", {"slug": "sydnarke", "iv_slug": "followed"}, 200),
    "identity_access_log": ("identity.log.read", {"slug": "sydnarke"}, 200),
    "followup_national_download": ("followup.national", {"slug": "sydnarke", "fmt": "xlsx"}, 200),
    "goal_measure": ("plan.edit", {"slug": "sydnarke", "owner": "counted", "key": "measured_goal"}, 200),
    # People and sign-in. e-ID is off unless configured: its two pages answer 404 then.
    "eid_start": ("public", {}, 404),
    "eid_callback": ("public", {}, 404),
    "password_reset": ("public", {}, 200),
    "password_reset_done": ("public", {}, 200),
    "password_reset_confirm": ("public", {"uidb64": "MQ", "token": "ogiltig-lank"}, 200),  # "the link is invalid"
    "invitation_accept": ("public", {"uidb64": "MQ", "token": "ogiltig-lank"}, 200),
    "account": ("signed_in", {}, 200),
    "password_change": ("signed_in", {}, 200),
    "reauthenticate": ("signed_in", {}, 200),
    "sessions_end_all": ("signed_in", {}, 405),  # POST only
    "two_factor": ("signed_in", {}, 200),
    "two_factor_verify": ("signed_in", {}, 200),
    "recovery_codes": ("signed_in", {}, 405),  # POST only
    "two_factor_disable": ("signed_in", {}, 200),
    "users": ("users.manage", {"slug": "sydnarke"}, 200),
    "roles": ("users.manage", {"slug": "sydnarke"}, 200),
    "user_invite": ("users.manage", {"slug": "sydnarke"}, 200),
    "user_edit": ("users.manage", {"slug": "sydnarke", "user_id": "account"}, 200),
    "user_end": ("users.manage", {"slug": "sydnarke", "user_id": "account"}, 200),
    "user_unlock": ("users.manage", {"slug": "sydnarke", "user_id": "account"}, 405),  # POST only
    "user_invitation_resend": ("users.manage", {"slug": "sydnarke", "user_id": "account"}, 405),  # POST only
    "user_two_factor_reset": ("users.manage", {"slug": "sydnarke", "user_id": "account"}, 405),  # POST only
}


def _patterns(resolver=None, prefix=""):
    """(name, view) of every named URL in the configuration."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield entry.name, entry.callback


ALL = sorted((name, view) for name, view in _patterns() if name and not name.startswith("admin"))
NAMES = [name for name, _ in ALL]


def _action(view) -> str:
    action = getattr(view, "required_action", None)
    if action is None and hasattr(view, "view_class"):
        action = getattr(view.view_class, "required_action", None)
    return action


def test_every_url_has_an_entry_and_declares_its_action():
    names = {name for name, _ in ALL}
    assert names - set(URLS) == set(), "URLs without an entry in the matrix"
    assert set(URLS) - names == set(), "entries for URLs that no longer exist"
    declared = {name: _action(view) for name, view in ALL}
    assert {n: a for n, a in declared.items() if a != URLS[n][0]} == {}, "views that declare another action"


@pytest.fixture
def loaded(sydnarke_plan, other_plan):
    """The Sydnärke plan with one of everything a URL names, and another association's plan."""
    from datetime import date

    from samordna.finsam.followup import goal_key
    from samordna.followup.models import Enrolment, ParticipantCount
    from samordna.interventions.models import Intervention
    from samordna.organisation.models import BoardSeat, Body, BodyMember, Population

    plan = Plan.objects.get(association__slug="sydnarke")
    member = plan.association.members.get(slug="laxa")
    seat = BoardSeat.objects.create(association=plan.association, slug="anna", name="Anna Ek",
                                    member=member, role="regular")
    body = Body.objects.create(association=plan.association, slug="au", name="Arbetsutskottet",
                               kind="working_committee")
    person = BodyMember.objects.create(body=body, name="Anna Ek", member=member)
    line = plan.budget.get(year=2022, column="budget").lines.filter(side="cost").first()
    record = ChangeRecord.objects.filter(association=plan.association).first()
    # Follow-up: an identified-mode intervention with one record, a count-mode one with a count.
    followed = Intervention.objects.get(association=plan.association, slug="mottagningsteam")
    followed.follow_up = "identified"
    followed.save(update_fields=["follow_up"])
    enrolment = Enrolment.objects.create(association=plan.association, intervention=followed, code="MOT-2022-0001",
                                         gender="kvinna", start_month=date(2022, 3, 1))
    counted = Intervention.objects.get(association=plan.association, slug="strukturinsatser")
    ParticipantCount.objects.create(association=plan.association, intervention=counted, year=2022,
                                    kind="tertial", period=1, head_count=40)
    goal = plan.interventions.get(intervention=counted).goals[0]["text"]
    account = make_user("medlem", plan.association, "economy")
    return {
        "followed": followed.slug,
        "enrolment": enrolment.code,
        "counted": counted.slug,
        "measured_goal": goal_key(goal),
        "account": account.pk,
        "population": Population.objects.filter(member__slug="laxa",
                                                member__association=plan.association).first().pk,
        "line": line.slug,
        "intervention": plan.interventions.select_related("intervention").first().intervention.slug,
        "section": plan.sections[0]["id"],
        "seat": seat.pk, "body": body.pk, "person": person.pk,
        "event": plan.calendar.first().pk,
        "goal": plan.goals[0]["key"],
        "change": record.pk,
        "association": plan.association,
    }


def _kwargs(name, loaded) -> dict:
    _, kwargs, _ = URLS[name]
    return {k: loaded[v] if isinstance(v, str) and v in loaded else v for k, v in kwargs.items()}


ACTORS = ["anonymous", "outsider", *ROLES]


def _database_state() -> dict:
    """Rows per table and the highest revision where there is one: what a GET must not move
    (sessions and last-login times are the login's own writes)."""
    from django.apps import apps
    from django.db.models import Max

    state = {}
    for model in apps.get_models():
        if model._meta.label in ("sessions.Session", "auth.User"):
            continue
        qs = model.objects.all()
        state[model._meta.label] = (qs.count(), qs.aggregate(m=Max("revision"))["m"]
                                    if any(f.name == "revision" for f in model._meta.fields) else None)
    return state


def _expected(name, actor) -> int:
    action, _, ok = URLS[name]
    if action == PUBLIC:
        return ok
    if actor == "anonymous":
        return 302
    if action == "signed_in":
        return ok
    if actor == "outsider":
        return 404
    return ok if role_may(actor, action) else 403


def _client_for(client, actor, loaded):
    if actor == "anonymous":
        return client
    if actor == "outsider":
        other = Plan.objects.get(association__slug="sjuharad").association
        return login_as(client, "utomstaende", other, "secretariat_admin")
    http = login_as(client, actor.replace("_", ""), loaded["association"], actor)
    if actor in INTERVENTION_SCOPED:  # assigned to every intervention: their pages answer
        from django.contrib.auth import get_user_model

        from samordna.accounts.models import InterventionAssignment

        user = get_user_model().objects.get(username=actor.replace("_", ""))
        for iv in loaded["association"].interventions.all():
            InterventionAssignment.objects.create(user=user, intervention=iv)
    return http


@pytest.mark.parametrize("actor", ACTORS)
def test_every_url_answers_each_actor_as_the_permission_table_says(client, loaded, actor):
    http = _client_for(client, actor, loaded)
    before = _database_state()
    wrong = []
    for name in NAMES:
        if name == "logout":
            continue  # a GET on it is refused for everyone; logging out is tested elsewhere
        url = reverse(name, kwargs=_kwargs(name, loaded))
        got = http.get(url).status_code
        want = _expected(name, actor)
        if got != want:
            wrong.append(f"{name} ({url}): {got}, expected {want}")
    assert wrong == []
    assert _database_state() == before, "a GET wrote to the database"


@pytest.mark.parametrize("actor", ["anonymous", "outsider", *[r for r in ROLES if r != "secretariat_admin"]])
def test_a_post_that_the_actor_may_not_make_writes_nothing(client, loaded, actor):
    http = _client_for(client, actor, loaded)
    before = ChangeRecord.objects.count(), Plan.objects.get(association__slug="sydnarke").revision
    refused = 0
    for name in NAMES:
        action = URLS[name][0]
        if action in (PUBLIC, "signed_in") or (actor not in ("anonymous", "outsider")
                                                and role_may(actor, action)):
            continue
        url = reverse(name, kwargs=_kwargs(name, loaded))
        got = http.post(url, {"confirm": "1"}).status_code
        assert got == _expected(name, actor), f"POST {name}: {got}"
        refused += 1
    assert refused > 0
    assert (ChangeRecord.objects.count(), Plan.objects.get(association__slug="sydnarke").revision) == before


@pytest.mark.parametrize("role", [r for r in ROLES if not role_may(r, "budget.read")])
def test_a_role_without_money_sees_no_amount_and_no_internal_note(client, loaded, role):
    """The data that could leak is present: Sydnärke's contributions, costs and a note."""
    from samordna.interventions.models import PlanIntervention

    record = PlanIntervention.objects.filter(plan__association=loaded["association"]).first()
    record.note = "HEMLIG-ANTECKNING"
    record.save(update_fields=["note"])
    http = _client_for(client, role, loaded)
    for name in NAMES:
        if _expected(name, role) != 200 or name in ("login", "logout", "catalogue"):
            continue
        response = http.get(reverse(name, kwargs=_kwargs(name, loaded)))
        html = response.content.decode() if response.get("Content-Type", "").startswith("text/html") else ""
        for secret in ("5\u00a0234\u00a0000", "1\u00a0308\u00a0500", "4\u00a0469\u00a0000"):
            assert secret not in html, f"{role} sees {secret!r} on {name}"
        if not role_may(role, "notes.read"):
            assert "HEMLIG-ANTECKNING" not in html, f"{role} reads the note on {name}"


def test_the_sensitive_actions_belong_only_to_the_roles_that_need_them():
    """FINSAM.md §7, pinned: changing who may do these is a reviewed change of this test."""
    holders = {action: {r for r in ROLES if role_may(r, action)} for action in
               ("notes.read", "users.manage", "changelog.read", "participant.identity.read", "identity.log.read",
                "budget.edit", "financing.edit", "intervention.edit", "plan.adopt", "document.read",
                "plan.create", "review.handle",
                "followup.read", "followup.edit", "followup.configure", "followup.aggregate.read",
                "followup.national", "letter.send")}
    assert holders == {
        "notes.read": {"secretariat_admin", "economy", "intervention_manager", "auditor"},
        "users.manage": {"secretariat_admin"},
        "changelog.read": {"secretariat_admin", "economy", "auditor"},
        "participant.identity.read": {"participant_officer"},
        "identity.log.read": {"auditor"},
        "budget.edit": {"secretariat_admin", "economy"},
        "financing.edit": {"secretariat_admin", "economy"},
        "intervention.edit": {"secretariat_admin", "intervention_manager"},
        "plan.adopt": {"secretariat_admin"},
        "plan.create": {"secretariat_admin", "economy"},
        "review.handle": {"secretariat_admin", "economy"},
        "document.read": {"secretariat_admin", "economy", "intervention_manager", "board_member",
                          "member_viewer", "auditor"},
        # Follow-up records (de-identified) only for those who register them, and only for their
        # assigned interventions (accounts.selectors.followup_scope); never the kansli.
        "followup.read": {"intervention_manager", "participant_officer", "provider_reporter"},
        "followup.edit": {"intervention_manager", "participant_officer", "provider_reporter"},
        "followup.configure": {"secretariat_admin"},
        # Exact counts, small ones too, for Uppföljning Finsam: the kansli that reports there.
        "followup.national": {"secretariat_admin"},
        "followup.aggregate.read": set(ROLES),
        "letter.send": {"secretariat_admin"},
    }


# ---------------------------------------------------------------- the required second factor

SECOND_FACTOR_ROLES = [r for r in ROLES if any(role_may(r, a) for a in TWO_FACTOR_ACTIONS)]


@pytest.mark.parametrize("enrolled", [False, True], ids=["no-app-yet", "app-set-up"])
@pytest.mark.parametrize("role", SECOND_FACTOR_ROLES)
def test_a_role_that_needs_a_second_factor_reaches_no_url_without_it(client, loaded, role, enrolled):
    """Signed in with the password only, every URL of the configuration, GET and POST,
    sends the person to set up the app (or to type its code); only those pages and
    signing out answer. Nothing is written."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user(role.replace("_", ""), loaded["association"], role)
    if enrolled:
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    sign_in(client, user, second_factor=False)
    target = reverse("two_factor_verify" if enrolled else "two_factor")
    own_pages = {"two_factor", "two_factor_verify", "logout"}
    before = _database_state()
    wrong = []
    for name in NAMES:
        if name in own_pages:
            continue
        url = reverse(name, kwargs=_kwargs(name, loaded))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code != 302 or not response["Location"].startswith(f"{target}?next="):
                wrong.append(f"{method.upper()} {name}: {response.status_code}")
    assert wrong == []
    assert _database_state() == before
    assert client.get(target).status_code == 200
    assert client.post(reverse("logout"))["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_the_roles_that_need_a_second_factor():
    assert SECOND_FACTOR_ROLES == ["secretariat_admin", "participant_officer"]
