"""The change log as people see it: a web edit and a plan load with before and after, filters,
the auditor may read it and a board member may not; a stale web edit shows the conflict."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from samordna.audit.models import ChangeRecord
from samordna.economy.models import BudgetLine
from samordna.economy.services import plan_load
from tests.conftest import login_as, plan_path

pytestmark = pytest.mark.django_db

LINE_URL = ("budget_line_edit", ["sydnarke", 2022, "budget", "cost", "revision"])


def line_form(client, **changes):
    form = client.get(reverse(LINE_URL[0], args=LINE_URL[1])).context["form"]
    data = {k: ("" if v is None else str(v)) for k, v in form.initial.items()}
    data.update(changes)
    return data


def test_a_budget_edit_in_the_web_and_a_plan_load_appear_with_before_and_after(admin, sydnarke_plan):
    response = admin.post(reverse(LINE_URL[0], args=LINE_URL[1]), line_form(admin, amount="65 000"))
    assert response.status_code == 302
    text = plan_path("sydnarke-2022").read_text(encoding="utf-8").replace(
        "budget: {2022: 30000, 2023: 30000, 2024: 30000}", "budget: {2022: 35000, 2023: 30000, 2024: 30000}")
    plan_load(data=text)
    html = admin.get(reverse("change_log", args=["sydnarke"])).content.decode()
    text = re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", html))
    assert "kansli Ändrade Budgetrad Revisionstjänster (budget 2022)" in text
    assert "kommandoraden (samordna) Läste in planfil Verksamhetsplan Samordningsförbundet Sydnärke 2022" in text
    edit = ChangeRecord.objects.get(object_type="budget_line")
    detail = admin.get(reverse("change_detail", args=["sydnarke", edit.pk])).content.decode()
    assert "60000" in detail and "65000" in detail and "kansli" in detail
    load = ChangeRecord.objects.filter(action="load").order_by("-pk").first()
    detail = admin.get(reverse("change_detail", args=["sydnarke", load.pk])).content.decode()
    assert "Insatser › Rehabiliteringsmässan › budget › 2022" in detail
    assert "30000" in detail and "35000" in detail


def test_the_change_log_filters_by_object_and_person(admin, sydnarke_plan):
    admin.post(reverse(LINE_URL[0], args=LINE_URL[1]), line_form(admin, amount="65 000"))
    url = reverse("change_log", args=["sydnarke"])
    lines = admin.get(url, {"object_type": "budget_line"}).context["page"]
    assert [r.object_type for r in lines] == ["budget_line"]
    assert list(admin.get(url, {"person": "ingen-sadan"}).context["page"]) == []
    plans = admin.get(url, {"object_type": "plan"}).context["page"]
    assert [r.action for r in plans] == ["load"]


@pytest.mark.parametrize(("role", "status"), [("auditor", 200), ("board_member", 403),
                                              ("provider_reporter", 403)])
def test_the_auditor_reads_the_change_log_and_others_do_not(client, sydnarke_plan, role, status):
    login_as(client, "person", sydnarke_plan.association, role)
    assert client.get(reverse("change_log", args=["sydnarke"])).status_code == status


def test_a_stale_web_edit_gets_the_conflict_message_and_overwrites_nothing(admin, sydnarke_plan):
    stale = line_form(admin, amount="70 000")
    BudgetLine.objects.filter(slug="revision", entry__year=2022).update(amount=Decimal(65000), revision=9)
    response = admin.post(reverse(LINE_URL[0], args=LINE_URL[1]), stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "har ändrats" in html and "Inget av det du skrev har sparats" in html
    assert "Så här ser det ut nu" in html and "65000" in html
    assert BudgetLine.objects.get(slug="revision", entry__year=2022).amount == 65000


def test_a_delete_asks_for_confirmation_and_is_logged(admin, sydnarke_plan):
    url = reverse("budget_line_delete", args=LINE_URL[1])
    page = admin.get(url)
    assert page.status_code == 200 and "Ja, ta bort" in page.content.decode()
    assert BudgetLine.objects.filter(slug="revision", entry__year=2022).exists()
    assert admin.post(url).status_code == 302
    assert not BudgetLine.objects.filter(slug="revision", entry__year=2022).exists()
    assert ChangeRecord.objects.get(action="delete").before["amount"] == "60000"
