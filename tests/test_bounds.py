"""No input can poison stored data: every form field and every service bounds numbers and
texts to what the database stores (finsam.bounds), so a value is refused with a Swedish
message at the edge — never stored where it cannot be read back."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from decimal import Decimal

import pytest
from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.urls import reverse

import samordna
from samordna.core.forms import Bounded
from samordna.core.storable import row_check
from samordna.economy.models import BudgetLine, Plan
from samordna.economy.selectors import plan_data
from samordna.economy.store import assign
from samordna.interventions.models import InterventionAmount, PlanIntervention
from samordna.interventions.services import intervention_save
from samordna.organisation.models import Association

HUGE = "99999999999999999999"
pytestmark = pytest.mark.django_db


def _pages(slug: str, iv: str) -> list[str]:
    return [reverse("overview", args=[slug]), reverse("budget", args=[slug]),
            reverse("intervention_list", args=[slug]), reverse("intervention_detail", args=[slug, iv]),
            reverse("intervention_edit", args=[slug, iv]), reverse("review", args=[slug]),
            reverse("catalogue", args=[slug]), reverse("goals", args=[slug])]


def _edit_form(admin, slug, iv) -> dict:
    """The intervention's edit form as the page fills it in (what a browser would send back)."""
    from tests.web.html_forms import page_forms

    url = reverse("intervention_edit", args=[slug, iv])
    return next(f for f in page_forms(admin.get(url).content.decode(), url) if f.action == url).values


def test_a_huge_participant_count_is_refused_by_the_form_and_every_page_still_answers(admin):
    iv = PlanIntervention.objects.filter(plan__association__slug="sydnarke").first().intervention.slug
    data = _edit_form(admin, "sydnarke", iv)
    data["participants_2022_common"] = HUGE
    before = list(InterventionAmount.objects.values_list("pk", "value").order_by("pk"))
    response = admin.post(reverse("intervention_edit", args=["sydnarke", iv]), data)
    assert response.status_code == 200
    assert "Kontrollera att detta värde är mindre än eller lika med 1000000" in response.content.decode()
    assert list(InterventionAmount.objects.values_list("pk", "value").order_by("pk")) == before
    assert {url: admin.get(url).status_code for url in _pages("sydnarke", iv)} == \
        {url: 200 for url in _pages("sydnarke", iv)}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("capacity", "2147483648", "Kontrollera att detta värde är mindre än eller lika med 1000000"),
    ("duration_max", "100000", "Kontrollera att detta värde är mindre än eller lika med 520"),
    ("description", "x" * 50_001, "Säkerställ att detta värde har som mest 50000 tecken (den har 50001)."),
    ("description", "rad\x00två", "Null-tecken är inte tillåtna."),
    ("method", "klocka\x07", "Texten innehåller ett tecken som inte är tillåtet (U+0007)."),
    ("decision_date", "0001-01-01", "Datumet 0001-01-01 ligger utanför åren 1990–2200."),
    ("revision", HUGE, "Kontrollera att detta värde är mindre än eller lika med 2147483647"),
    ("budget_2022_common", "1" + "0" * 40, "Beloppet är orimligt långt."),
], ids=["capacity", "weeks", "long-text", "nul", "bell", "year-1", "revision", "amount-text"])
def test_the_intervention_form_refuses_what_no_column_holds(admin, field, value, message):
    iv = PlanIntervention.objects.filter(plan__association__slug="sydnarke").first().intervention.slug
    data = _edit_form(admin, "sydnarke", iv)
    data[field] = value
    response = admin.post(reverse("intervention_edit", args=["sydnarke", iv]), data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_population_count_beyond_the_column_is_refused(admin):
    url = reverse("population_new", args=["sydnarke", "laxa"])
    response = admin.post(url, {"pop-date": "2022-06-30", "pop-count": "2147483648"})
    assert response.status_code == 200
    assert "Antalet invånare är orimligt stort (högst 100 000 000)." in response.content.decode()


def test_a_budget_line_label_with_a_control_character_is_refused(admin):
    url = reverse("budget_line_new", args=["sydnarke", 2022, "budget", "cost"])
    before = BudgetLine.objects.count()
    response = admin.post(url, {"label": "Kansli\x1b[31m", "kind": "office", "amount": "100"})
    assert response.status_code == 200
    assert "Texten innehåller ett tecken som inte är tillåtet (U+001B)." in response.content.decode()
    assert BudgetLine.objects.count() == before


def test_the_service_refuses_a_participant_count_beyond_its_bound(sydnarke_plan):
    from samordna.accounts.permissions import SYSTEM

    data = plan_data(sydnarke_plan)
    iv = data.interventions[0]
    from dataclasses import replace

    bad = replace(iv, planned_participants={2022: {"common": Decimal(HUGE)}})
    before = list(InterventionAmount.objects.values_list("pk", "value").order_by("pk"))
    with pytest.raises(ValidationError) as info:
        intervention_save(actor=SYSTEM, association=sydnarke_plan.association, plan=sydnarke_plan, iv=bad,
                          slug=iv.id)
    assert "Planerade deltagare 2022: ange ett heltal från 0 till 1 000 000." in info.value.messages
    assert list(InterventionAmount.objects.values_list("pk", "value").order_by("pk")) == before


def test_the_store_refuses_a_value_its_column_cannot_hold(sydnarke_plan):
    amount = InterventionAmount.objects.filter(intervention__plan=sydnarke_plan).first()
    with pytest.raises(ValidationError) as info:
        assign(amount, value=Decimal(HUGE))
    assert info.value.messages == [
        "Insatsbelopp, värde: är orimligt stort (högst 99 999 999 999 999)."]
    amount.refresh_from_db()
    assert amount.value < Decimal(10) ** 14


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "x" * 201, "Samordningsförbund, namn: är 201 tecken lång; högst 200 tecken får plats."),
    ("note", "a\x00b", "Samordningsförbund, anteckning: innehåller ett nolltecken (NUL)."),
    ("expected_underspend", Decimal("12345"), "Samordningsförbund, förväntat underutnyttjande: är orimligt "
                                               "stort (högst 99)."),
    ("split_key", [["a", "x\udc80"]], "Samordningsförbund, fördelningsnyckel för kommunerna: innehåller "
                                      "ett otillåtet tecken (U+DC80)."),
    ("revision", 2**31, "Samordningsförbund, revision: är orimligt stort (högst 2 147 483 647)."),
])
def test_row_check_names_the_column_a_value_does_not_fit(field, value, message):
    association = Association(slug="x", name="X")
    setattr(association, field, value)
    with pytest.raises(ValidationError) as info:
        row_check(association)
    assert info.value.messages == [message]


def _form_classes():
    found = set()
    for module in pkgutil.walk_packages(samordna.__path__, "samordna."):
        if module.name.endswith(".forms") or ".forms." in module.name:
            mod = importlib.import_module(module.name)
            for _, cls in inspect.getmembers(mod, inspect.isclass):
                if issubclass(cls, django_forms.BaseForm) and cls.__module__ == mod.__name__:
                    found.add(cls)
    return found


def test_every_form_of_samordna_is_bounded():
    """A new form must derive from core.forms.Form or ModelForm, which bound every field."""
    classes = _form_classes()
    assert len(classes) >= 8
    assert sorted(c.__qualname__ for c in classes if not issubclass(c, Bounded)) == []


def test_plan_of_the_association_reads_back_after_every_refusal(sydnarke_plan):
    # The refusals above wrote nothing: the stored plan reads and exports as loaded.
    from samordna.finsam.planfile import dump_plan, read_plan

    text = dump_plan(plan_data(Plan.objects.get(pk=sydnarke_plan.pk)))
    assert read_plan(text)[0] == plan_data(sydnarke_plan)
