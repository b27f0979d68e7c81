"""Web pages: login, scoping (404 outside, 403 read-only), Swedish amounts, edit forms."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samordna.accounts.models import Membership
from samordna.economy.models import BudgetLine, Contribution, FinancingYear
from samordna.economy.services import plan_load
from samordna.organisation.models import Population
from tests.conftest import login_as, plan_path

pytestmark = pytest.mark.django_db
PAGES = ["overview", "members", "financing", "budget", "review"]


def test_pages_require_login(client, sydnarke_plan):
    for name in PAGES:
        response = client.get(reverse(name, args=["sydnarke"]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_login_page_is_swedish(client):
    response = client.get(reverse("login"))
    assert "Logga in" in response.content.decode()
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    bad = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert "korrekt användarnamn och lösenord" in bad.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_pages_show_own_association_to_admin_and_reader(admin, name):
    response = admin.get(reverse(name, args=["sydnarke"]))
    assert response.status_code == 200
    assert "Samordningsförbundet Sydnärke" in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_pages_of_other_association_answer_404(admin, other_plan, name):
    assert admin.get(reverse(name, args=["sjuharad"])).status_code == 404


def test_association_list_shows_only_own_associations(admin, other_plan):
    html = admin.get(reverse("association_list")).content.decode()
    assert "Samordningsförbundet Sydnärke" in html
    assert "Sjuhärad" not in html


def test_outsider_sees_no_association(client, sydnarke_plan):
    login_as(client, "utomstående")
    assert client.get(reverse("overview", args=["sydnarke"])).status_code == 404
    assert "Sydnärke" not in client.get(reverse("association_list")).content.decode()


def test_financing_page_shows_the_seed_amounts_the_swedish_way(admin):
    html = admin.get(reverse("financing", args=["sydnarke"])).content.decode()
    expected = ("135\u00a0231", "382\u00a0733", "519\u00a0139", "271\u00a0397", "5\u00a0234\u00a0000\u00a0kr")
    for text in expected:
        assert text in html


def test_budget_page_shows_results_and_admin_share(admin):
    html = admin.get(reverse("budget", args=["sydnarke"])).content.decode()
    expected = ("\u2212546\u00a0500", "\u2212647\u00a0000", "\u2212771\u00a0000", "4\u00a0469\u00a0000", "22,7\u00a0%")
    for text in expected:
        assert text in html


def test_review_page_lists_the_seed_slips(admin):
    html = admin.get(reverse("review", args=["sydnarke"])).content.decode()
    assert "Sydärke" in html
    assert "4 4 69 000" in html
    assert "1 964 500" in html


def test_scenario_tool_computes_what_if(admin):
    plan_load(data=plan_path("sodra-vatterbygden-2020").read_bytes())
    Membership.objects.create(user=get_user_model().objects.get(username="kansli"),
                              association=FinancingYear.objects.get(
                                  plan__association__slug="sodra-vatterbygden", year=2020).plan.association,
                              role="secretariat_admin")
    url = reverse("financing", args=["sodra-vatterbygden"])
    html = admin.get(url).content.decode()
    assert "6\u00a0695\u00a0742\u00a0kr" in html and "2\u00a0260\u00a0000\u00a0kr" in html
    html = admin.get(url, {"ar": "2020", "state_offer": "12 000 kr"}).content.decode()
    assert "”12 000 kr” är inte ett belopp" in html


def test_reader_may_not_open_edit_forms(reader):
    urls = [reverse("financing_edit", args=["sydnarke", 2022]),
            reverse("member_edit", args=["sydnarke", "laxa"]),
            reverse("budget_line_edit", args=["sydnarke", 2022, "budget", "cost", "revision"]),
            reverse("budget_entry_edit", args=["sydnarke", 2022, "budget"])]
    for url in urls:
        assert reader.get(url).status_code == 403
        assert reader.post(url, {}).status_code == 403


def test_reader_sees_no_edit_links(reader):
    html = reader.get(reverse("financing", args=["sydnarke"])).content.decode()
    assert reverse("financing_edit", args=["sydnarke", 2022]) not in html


def test_contribution_edit_saves_explicit_amount_and_review_reports_it(admin):
    url = reverse("financing_edit", args=["sydnarke", 2022])
    response = admin.post(url, {"state": "2 617 000", "status": "adopted", "population_date": "2021-06-30",
                                "member_laxa": "140 000"})
    assert response.status_code == 302
    fy = FinancingYear.objects.get(plan__association__slug="sydnarke", year=2022)
    assert fy.amounts.get(member__slug="laxa", kind="contribution").amount == Decimal("140000")
    html = admin.get(reverse("review", args=["sydnarke"])).content.decode()
    assert "Laxå kommun betalar 140 000 kr" in html


def test_contribution_edit_with_bad_amount_shows_swedish_error_and_saves_nothing(admin):
    before = list(Contribution.objects.values_list("id", "amount"))
    fy = FinancingYear.objects.get(plan__association__slug="sydnarke", year=2022)
    url = reverse("financing_edit", args=["sydnarke", 2022])
    response = admin.post(url, {"state": "2 617 000", "status": "adopted", "member_laxa": "12 000 kr",
                                "member_kumla": "-5"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "”12 000 kr” är inte ett belopp" in html
    assert list(Contribution.objects.values_list("id", "amount")) == before
    fy.refresh_from_db()
    assert fy.state == Decimal("2617000")


def test_population_edit_validates_and_updates_the_split(admin):
    url = reverse("population_new", args=["sydnarke", "laxa"])
    response = admin.post(url, {"pop-date": "2021-06-30", "pop-count": "6000"})
    assert response.status_code == 200
    assert "har redan ett befolkningstal för 2021-06-30" in response.content.decode()
    response = admin.post(url, {"pop-date": "2021-06-30", "pop-count": "0"})
    assert "större än noll" in response.content.decode()
    count = Population.objects.count()
    pk = Population.objects.get(member__slug="laxa").pk
    response = admin.post(reverse("population_edit", args=["sydnarke", "laxa", pk]),
                          {"pop-date": "2021-06-30", "pop-count": "10000"})
    assert response.status_code == 302
    assert Population.objects.count() == count
    html = admin.get(reverse("financing", args=["sydnarke"])).content.decode()
    assert "135\u00a0231" not in html  # Laxå's share moved with its population


def test_budget_line_edit_and_new_line(admin):
    url = reverse("budget_line_edit", args=["sydnarke", 2022, "budget", "cost", "revision"])
    assert admin.post(url, {"label": "Revisionstjänster", "kind": "audit", "amount": "abc"}).status_code == 200
    assert BudgetLine.objects.get(entry__year=2022, slug="revision").amount == Decimal("60000")
    assert admin.post(url, {"label": "Revisionstjänster", "kind": "audit", "amount": "70 000"}).status_code == 302
    assert BudgetLine.objects.get(entry__year=2022, slug="revision").amount == Decimal("70000")
    new = reverse("budget_line_new", args=["sydnarke", 2022, "budget", "cost"])
    assert admin.post(new, {"label": "Revisionstjänster", "kind": "audit", "amount": "1"}).status_code == 200
    assert admin.post(new, {"label": "IT-stöd", "kind": "office", "amount": "12 500"}).status_code == 302
    html = admin.get(reverse("budget", args=["sydnarke"])).content.decode()
    assert "IT-stöd" in html
    assert "\u2212569\u00a0000" in html  # −546 500 − 10 000 − 12 500


def test_budget_line_in_unknown_column_is_404(admin):
    assert admin.get(reverse("budget_line_new", args=["sydnarke", 2030, "budget", "cost"])).status_code == 404
    assert admin.get(reverse("budget_line_new", args=["sydnarke", 2022, "nonsense", "cost"])).status_code == 404


def test_association_edit_validates_and_saves_underspend_as_share(admin, sydnarke_plan):
    url = reverse("association_edit", args=["sydnarke"])
    response = admin.post(url, {"name": "Samordningsförbundet Sydnärke", "org_number": "2220002600",
                                "expected_underspend": "5"})
    assert "Skriv organisationsnumret som NNNNNN-NNNN." in response.content.decode()
    response = admin.post(url, {"name": "Samordningsförbundet Sydnärke", "org_number": "222000-2600",
                                "expected_underspend": "5,5"})
    assert response.status_code == 302
    sydnarke_plan.association.refresh_from_db()
    assert sydnarke_plan.association.expected_underspend == Decimal("0.055")


def test_reader_may_not_edit_association(reader):
    assert reader.get(reverse("association_edit", args=["sydnarke"])).status_code == 403


def test_goals_page_tells_computed_from_written(admin):
    html = admin.get(reverse("goals", args=["sydnarke"])).content.decode()
    assert "Ca 200 personer ska ha tagit del av förbundets anordnade insatser" in html
    # computed from the follow-up (counts per period), with the target as the rulebook writes it
    assert "Antal deltagare under perioden" in html and "<td>200 personer</td>" in html
    assert "Skriftlig bedömning" in html  # Mottagningsteam's goal has no indicator


def test_goal_target_without_indicator_is_not_shown_as_percent(admin, sydnarke_plan):
    """A target "40" typed without an indicator once showed as "4000 %"."""
    from samordna.economy.models import Plan

    plan = Plan.objects.get(pk=sydnarke_plan.pk)
    plan.goals = [{"text": "40 deltagare ska börja studera.", "indicator": None, "target": "40"}]
    plan.save(update_fields=["goals"])
    html = admin.get(reverse("goals", args=["sydnarke"])).content.decode()
    assert "40 deltagare ska börja studera." in html
    assert "4000" not in html and "<td>40</td>" in html


def test_overview_keeps_the_adopting_body_as_written(admin, sydnarke_plan):
    """The body that adopted the plan is a name: "Styrelsen", never "styrelsen"."""
    from samordna.economy.models import Plan

    Plan.objects.filter(pk=sydnarke_plan.pk).update(adopted_by="Styrelsen för Samordningsförbundet Sydnärke")
    html = admin.get(reverse("overview", args=["sydnarke"])).content.decode()
    assert "av Styrelsen för Samordningsförbundet Sydnärke." in html
