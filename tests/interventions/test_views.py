"""Intervention pages: list, filters, per-kommun totals, forms with the rules, public catalogue."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samordna.accounts.models import Membership
from samordna.economy.services import plan_load
from samordna.interventions.models import InterventionAmount, PlanIntervention
from tests.conftest import login_as, plan_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def sjuharad_plan():
    return plan_load(data=plan_path("sjuharad-2022").read_bytes()).plan


def _login(client, association, role, username="kansli"):
    return login_as(client, username, association, role)


@pytest.fixture
def admin(client, sjuharad_plan):
    return _login(client, sjuharad_plan.association, "secretariat_admin")


def _form(**overrides):
    data = {"name": "Ny insats", "level": "individual", "category": "forberedande", "status": "applied",
            "members": ["af", "boras"], "budget_2022_boras": "100 000", "participants_2022_boras": "10"}
    data.update(overrides)
    return data


def test_list_reproduces_the_seed_economic_summary(admin):
    html = admin.get(reverse("intervention_list", args=["sjuharad"])).content.decode()
    for label, amount in [("Individinriktat, Borås Stad", "8\u00a0750\u00a0000"),
                          ("Individinriktat, Marks kommun", "2\u00a0370\u00a0000"),
                          ("Individinriktat, gemensamt", "135\u00a0000"),
                          ("Strukturövergripande, gemensamt", "200\u00a0000")]:
        assert label in html and amount in html
    assert "19\u00a0605\u00a0000\u00a0kr" in html


def test_list_filters_by_level_marking_and_municipality(admin):
    url = reverse("intervention_list", args=["sjuharad"])
    html = admin.get(url, {"level": "structural"}).content.decode()
    assert "PRIA" in html and "Aktiv kraft" not in html
    html = admin.get(url, {"marking": "esf_cofinancer"}).content.decode()
    assert "MOVES" in html and "Studiesteget" not in html
    html = admin.get(url, {"municipality": "mark", "level": "individual"}).content.decode()
    assert "Aktiv kraft" in html and "Studiesteget" not in html  # Studiesteget's money is in Borås only


def test_detail_shows_participants_and_money_per_kommun(admin):
    html = admin.get(reverse("intervention_detail", args=["sjuharad", "aktiv-kraft"])).content.decode()
    assert "310" in html and "6\u00a0050\u00a0000" in html and "13\u00a0855\u00a0000" in html and "660" in html


def test_create_intervention_with_per_kommun_money(admin, sjuharad_plan):
    response = admin.post(reverse("intervention_new", args=["sjuharad"]), _form(
        budget_2022_mark="50 000", budget_2022_common="5 000", total_2022="155 000", participants_2022_mark="4"))
    assert response.status_code == 302
    iv = PlanIntervention.objects.get(plan=sjuharad_plan, intervention__slug="ny-insats")
    amounts = {(a.measure, a.key): a.value for a in iv.amounts.filter(year=2022)}
    assert amounts == {("budget", "boras"): Decimal("100000"), ("budget", "mark"): Decimal("50000"),
                       ("budget", "common"): Decimal("5000"), ("planned_participants", "boras"): Decimal("10"),
                       ("planned_participants", "mark"): Decimal("4")}
    html = admin.get(reverse("budget", args=["sjuharad"])).content.decode()
    assert "Ny insats" in html and "19\u00a0760\u00a0000" in html


def test_create_with_one_party_is_refused_and_nothing_saved(admin):
    before = (PlanIntervention.objects.count(), InterventionAmount.objects.count())
    response = admin.post(reverse("intervention_new", args=["sjuharad"]), _form(members=["boras", "mark"]))
    assert response.status_code == 200
    assert "En insats kräver minst två parter" in response.content.decode()
    assert (PlanIntervention.objects.count(), InterventionAmount.objects.count()) == before


def test_create_with_parts_not_summing_to_total_is_refused(admin):
    response = admin.post(reverse("intervention_new", args=["sjuharad"]), _form(total_2022="90 000"))
    assert "delarna per kommun summerar till 100 000 men totalen är angiven till 90 000" in response.content.decode()
    assert not PlanIntervention.objects.filter(intervention__slug="ny-insats").exists()


def test_create_ongoing_without_decision_is_refused(admin):
    response = admin.post(reverse("intervention_new", args=["sjuharad"]), _form(status="ongoing"))
    assert "kräver styrelsens beslut" in response.content.decode()
    response = admin.post(reverse("intervention_new", args=["sjuharad"]), _form(
        status="ongoing", decision_date="2021-11-30", decision_reference="2021:40"))
    assert response.status_code == 302


def test_changing_locked_level_is_refused_and_changes_nothing(admin, sjuharad_plan):
    url = reverse("intervention_edit", args=["sjuharad", "studiesteget"])
    form = admin.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, "")}
    data.update(level="structural", category="", name="Studiesteget ändrad", members=["af", "boras"])
    response = admin.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nivån kan inte ändras efter att insatsen skapats" in html
    assert "skapa en ny insats" in html
    iv = PlanIntervention.objects.get(plan=sjuharad_plan, intervention__slug="studiesteget")
    assert (iv.level, iv.name) == ("individual", "Studiesteget")


def test_edit_keeps_amounts_and_saves_changes(admin, sjuharad_plan):
    url = reverse("intervention_edit", args=["sjuharad", "studiesteget"])
    form = admin.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, "")}
    data.update(members=["af", "boras"], budget_2022_boras="720 000", provider="Borås Stad")
    data = {k: (str(v) if not isinstance(v, list) else v) for k, v in data.items()}
    assert admin.post(url, data).status_code == 302
    iv = PlanIntervention.objects.get(plan=sjuharad_plan, intervention__slug="studiesteget")
    assert iv.provider == "Borås Stad"
    assert iv.amounts.get(measure="budget", year=2022, key="boras").value == Decimal("720000")
    assert iv.amounts.get(measure="planned_participants", year=2022).value == Decimal("30")


def test_successor_links_back_to_predecessor(admin, sjuharad_plan):
    url = reverse("intervention_new", args=["sjuharad"]) + "?efter=puls"
    response = admin.post(url, _form(name="PULS inom Aktiv kraft"))
    assert response.status_code == 302
    successor = PlanIntervention.objects.get(plan=sjuharad_plan, intervention__slug="puls-inom-aktiv-kraft")
    assert successor.successor_of == "puls"
    html = admin.get(reverse("intervention_detail", args=["sjuharad", "puls"])).content.decode()
    assert "Efterföljs av" in html and "PULS inom Aktiv kraft" in html


def test_reader_cannot_edit_and_outsider_gets_404(client, sjuharad_plan):
    _login(client, sjuharad_plan.association, "board_member", "ledamot")
    assert client.get(reverse("intervention_new", args=["sjuharad"])).status_code == 403
    assert client.post(reverse("intervention_edit", args=["sjuharad", "puls"]), {}).status_code == 403
    assert client.get(reverse("intervention_detail", args=["sjuharad", "puls"])).status_code == 200
    plan_load(data=plan_path("sydnarke-2022").read_bytes())
    assert client.get(reverse("intervention_list", args=["sydnarke"])).status_code == 404


def test_public_catalogue_shows_ongoing_interventions_without_money_or_internal_fields(client, sjuharad_plan):
    iv = PlanIntervention.objects.get(plan=sjuharad_plan, intervention__slug="studiesteget")
    iv.note = "HEMLIG-ANTECKNING"
    iv.decision_reference = "DNR-HEMLIG-42"
    iv.how_to_apply = "Ansök via din handläggare på www.sjusam.se."
    iv.goals = [{"text": "HEMLIGT-MÅL", "indicator": None, "target": None}]
    iv.save()
    response = client.get(reverse("catalogue", args=["sjuharad"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Studiesteget" in html and "Ansök via din handläggare" in html
    assert "PRIA" not in html  # applied, not ongoing
    for leak in ("HEMLIG-ANTECKNING", "DNR-HEMLIG-42", "HEMLIGT-MÅL", "700\u00a0000", "13\u00a0855", "tkr"):
        assert leak not in html, leak
    assert not re.search(r"\d[\s\u00a0]*(kr|kronor)\b", html)
    assert '<html lang="sv">' in html


def test_public_catalogue_of_unknown_association_is_404(client):
    assert client.get(reverse("catalogue", args=["finns-inte"])).status_code == 404


def test_goals_and_external_funding_are_saved_from_the_form(admin, sjuharad_plan):
    response = admin.post(reverse("intervention_new", args=["sjuharad"]), _form(
        goal_0_text="40 % till arbete eller studier", goal_0_indicator="ended_to_work_or_studies",
        goal_0_target="40", goal_1_text="Metodbok", funding_0_source="leader", funding_0_reference="2020-2619",
        funding_0_2022="150 000"))
    assert response.status_code == 302
    iv = PlanIntervention.objects.get(plan=sjuharad_plan, intervention__slug="ny-insats")
    assert iv.goals[0]["target"] == "0.4" and iv.goals[0]["indicator"] == "ended_to_work_or_studies"
    assert iv.goals[1]["indicator"] is None and iv.goals[1]["text"] == "Metodbok"
    assert iv.external_funding == [{"source": "leader", "reference": "2020-2619", "note": None,
                                    "amount": [[2022, "150000"]]}]


def test_goal_form_refuses_share_over_100_and_target_without_text(admin):
    response = admin.post(reverse("intervention_new", args=["sjuharad"]), _form(
        goal_0_indicator="ended_to_work", goal_0_target="140", goal_1_target="5"))
    html = response.content.decode()
    assert "Mål 1: en andel anges i procent, 0–100." in html
    assert "Mål 2: skriv målet i text." in html
    assert not PlanIntervention.objects.filter(intervention__slug="ny-insats").exists()


def test_editing_keeps_goals_that_the_form_shows(admin, sjuharad_plan):
    plan_load(data=plan_path("sodra-vatterbygden-2020").read_bytes())
    user = get_user_model().objects.get(username="kansli")
    stored = PlanIntervention.objects.get(intervention__slug="enter").plan
    Membership.objects.create(user=user, association=stored.association, role="secretariat_admin")
    url = reverse("intervention_edit", args=["sodra-vatterbygden", "enter"])
    form = admin.get(url).context["form"]
    data = {k: (v if isinstance(v, list) else str(v)) for k, v in form.initial.items() if v not in (None, "")}
    assert admin.post(url, data).status_code == 302
    enter = PlanIntervention.objects.get(intervention__slug="enter")
    assert len(enter.goals) == 5 and enter.goals[0]["target"] == "0.4"


def test_an_intervention_without_parties_can_be_resaved_but_not_given_one_party(admin, sjuharad_plan):
    """Sjuhärad's plan lists no parties for its interventions: the review reports it, and an
    edit that does not touch the parties is saved; one that gives it a single party is not."""
    url = reverse("intervention_edit", args=["sjuharad", "studiesteget"])
    form = admin.get(url).context["form"]
    data = {k: (str(v) if not isinstance(v, list) else v) for k, v in form.initial.items()
            if v not in (None, "", [])}
    assert "members" not in data
    assert admin.post(url, {**data, "provider": "Borås Stad"}).status_code == 302
    stored = PlanIntervention.objects.get(plan=sjuharad_plan, intervention__slug="studiesteget")
    assert stored.provider == "Borås Stad" and stored.members is None
    response = admin.post(url, {**data, "members": ["boras"], "revision": str(stored.revision)})
    assert response.status_code == 200
    assert "En insats kräver minst två parter" in response.content.decode()


# ---------------------------------------------------------------- error summary, unique names


def test_failed_save_shows_an_error_summary_linked_to_each_field(admin):
    url = reverse("intervention_new", args=["sjuharad"])
    page = admin.get(url).content.decode()
    assert f'action="{url}#fel"' in page  # after a failed POST the page opens at the summary
    response = admin.post(url, _form(name="studiesteget ", members=["boras", "mark"],
                                     budget_2022_boras="-5", total_2022="1"))
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[html.index('<div class="error-summary" role="alert" id="fel" tabindex="-1">'):]
    summary = summary[:summary.index("</div>")]
    assert "Insatsen kunde inte sparas" in summary
    assert '<a href="#id_name">Namn: Det finns redan en insats som heter ”Studiesteget” i planen.</a>' in summary
    assert '<a href="#id_members_0">Deltagande medlemmar (parter): ' in summary
    assert '<a href="#id_total_2022">Budget 2022, total: ' in summary
    assert 'id="id_name"' in html and 'id="id_members_0"' in html and 'id="id_total_2022"' in html
    assert 'value="studiesteget "' in html  # what the person typed stays


def test_renaming_to_another_interventions_name_is_refused(admin, sjuharad_plan):
    url = reverse("intervention_edit", args=["sjuharad", "studiesteget"])
    form = admin.get(url).context["form"]
    data = {k: (str(v) if not isinstance(v, list) else v) for k, v in form.initial.items() if v not in (None, "")}
    data.update(name="MOVES", members=["af", "boras"])
    html = admin.post(url, data).content.decode()
    assert "Det finns redan en insats som heter ”MOVES” i planen." in html
    assert PlanIntervention.objects.get(plan=sjuharad_plan, intervention__slug="studiesteget").name == "Studiesteget"
    data.update(name="Studiesteget")  # its own name is fine
    assert admin.post(url, data).status_code == 302


def test_service_refuses_a_duplicate_name_on_create_and_rename(sjuharad_plan):
    from dataclasses import replace

    from django.core.exceptions import ValidationError

    from samordna.accounts.permissions import SYSTEM
    from samordna.economy.selectors import plan_data
    from samordna.interventions.services import intervention_save

    data = plan_data(sjuharad_plan)
    studiesteget = next(iv for iv in data.interventions if iv.id == "studiesteget")
    with pytest.raises(ValidationError) as error:
        intervention_save(actor=SYSTEM, association=sjuharad_plan.association, plan=sjuharad_plan,
                          iv=replace(studiesteget, id="ny", name=" moves "))
    assert error.value.message_dict == {"name": ["Det finns redan en insats som heter ”MOVES” i planen."]}
    with pytest.raises(ValidationError):
        intervention_save(actor=SYSTEM, association=sjuharad_plan.association, plan=sjuharad_plan,
                          iv=replace(studiesteget, name="Aktiv Kraft"), slug="studiesteget")
    assert PlanIntervention.objects.get(plan=sjuharad_plan, intervention__slug="studiesteget").name == "Studiesteget"
