"""The plan year in the web: a new plan, adoption, comparing versions, budget rows in the
table, stated totals and handled findings."""

from decimal import Decimal

import pytest

from samordna.economy.models import BudgetEntry, BudgetLine, FindingAck, Plan
from samordna.organisation.models import Association, Member
from tests.conftest import login_as

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def html(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------- new plan


def test_plan_new_creates_next_years_proposal(admin, sydnarke_plan):
    page = admin.get("/f/sydnarke/planer/ny/")
    assert "Verksamhetsplan 2022 → 2023" in html(page)
    response = admin.post("/f/sydnarke/planer/ny/", {"from_year": "2022", "index": "2,5"})
    assert response.status_code == 302 and response["Location"] == "/f/sydnarke/?plan=2023"
    new = Plan.objects.get(association=sydnarke_plan.association, year=2023)
    assert new.stage == "proposal"
    assert new.budget.get(year=2025).lines.get(slug="forbundschef").amount == Decimal(497125)
    page = admin.get("/f/sydnarke/planer/ny/")
    assert "Verksamhetsplan 2023 → 2024" in html(page)


def test_plan_new_shows_a_bad_index_on_the_form(admin, sydnarke_plan):
    response = admin.post("/f/sydnarke/planer/ny/", {"from_year": "2022", "index": "två"})
    assert response.status_code == 200
    assert "”två” är inte en procentsats" in html(response)
    assert not Plan.objects.filter(year=2023).exists()


def test_plan_new_is_refused_for_a_board_member(reader, sydnarke_plan):
    assert reader.post("/f/sydnarke/planer/ny/", {"from_year": "2022"}).status_code == 403
    assert not Plan.objects.filter(year=2023).exists()


def test_an_association_without_a_plan_offers_its_first_plan(client, db):
    association = Association.objects.create(slug="nytt", name="Samordningsförbundet Nytt")
    Member.objects.create(association=association, slug="fk", name="Försäkringskassan",
                          kind="forsakringskassan")
    login_as(client, "kansli", association, "secretariat_admin")
    overview = html(client.get("/f/nytt/"))
    assert "Skapa förbundets första verksamhetsplan" in overview
    assert "Medlemmar: Försäkringskassan." in html(client.get("/f/nytt/planer/ny/"))
    response = client.post("/f/nytt/planer/ny/", {"year": "2027", "plan_years": "2"})
    assert response.status_code == 302
    plan = Plan.objects.get(association=association)
    assert (plan.year, plan.plan_years) == (2027, [2028, 2029])
    assert "Budget 2027–2029" in html(client.get("/f/nytt/budget/"))


def test_first_plan_form_refuses_a_bad_year(client, db):
    association = Association.objects.create(slug="nytt", name="Samordningsförbundet Nytt")
    login_as(client, "kansli", association, "secretariat_admin")
    response = client.post("/f/nytt/planer/ny/", {"year": "1899", "plan_years": "2"})
    assert response.status_code == 200 and "Rätta följande" in html(response)
    assert not Plan.objects.exists()


# ---------------------------------------------------------------- adoption and versions


@pytest.fixture
def proposal(admin, sydnarke_plan):
    admin.post("/f/sydnarke/planer/ny/", {"from_year": "2022"})
    return Plan.objects.get(year=2023)


def test_adoption_needs_date_and_body_and_refuses_a_future_date(admin, proposal):
    response = admin.post("/f/sydnarke/versioner/faststall/?plan=2023",
                          {"adopted_on": "", "adopted_by": " ", "revision": proposal.revision})
    text = html(response)
    assert "Ange beslutsdatum." in text and "Ange vilket organ som fattade beslutet." in text
    response = admin.post("/f/sydnarke/versioner/faststall/?plan=2023",
                          {"adopted_on": "2099-01-01", "adopted_by": "Styrelsen",
                           "revision": proposal.revision})
    assert "Beslutsdatumet kan inte ligga i framtiden." in html(response)
    proposal.refresh_from_db()
    assert proposal.stage == "proposal"


def test_adoption_saves_the_decision_and_reports_the_review(admin, proposal):
    response = admin.post("/f/sydnarke/versioner/faststall/?plan=2023",
                          {"adopted_on": "2022-12-05", "adopted_by": "Styrelsen",
                           "reference": "Dnr 2022/14", "revision": proposal.revision}, follow=True)
    proposal.refresh_from_db()
    assert (proposal.stage, str(proposal.adopted_on), proposal.adopted_by, proposal.reference) == (
        "adopted", "2022-12-05", "Styrelsen", "Dnr 2022/14")
    text = html(response)
    assert "Verksamhetsplanen 2023 är fastställd 2022-12-05 av Styrelsen." in text
    assert "Granskningen: Budgeten för 2023 ska fastställas senast 2022-11-30" in text
    assert "Granskningen: Planen är fastställd 2022-12-05 utan att ha varit på samråd." in text
    assert "fastställd 2022-12-05 av Styrelsen (Dnr 2022/14)" in text
    # adopted: the adoption page now says how to go on
    assert "En fastställd plan revideras först" in html(admin.get("/f/sydnarke/versioner/faststall/?plan=2023"))


def test_adoption_with_a_stale_revision_is_a_conflict(admin, proposal):
    response = admin.post("/f/sydnarke/versioner/faststall/?plan=2023",
                          {"adopted_on": "2022-11-20", "adopted_by": "Styrelsen",
                           "revision": proposal.revision - 1})
    assert "har ändrats" in html(response)
    proposal.refresh_from_db()
    assert proposal.stage == "proposal"


def test_compare_two_versions_line_by_line(admin, proposal):
    admin.post("/f/sydnarke/versioner/ny/?plan=2023", {"stage": "consultation",
                                                       "revision": proposal.revision})
    proposal.refresh_from_db()
    admin.post("/f/sydnarke/budget/rad/cost/lokal/?plan=2023", {
        "label": "Hyra av lokal", "kind": "office", "belopp_2023_budget": "60 000",
        "belopp_2024_plan": "57000", "belopp_2025_plan": "57000"})
    proposal.refresh_from_db()
    admin.post("/f/sydnarke/versioner/faststall/?plan=2023",
               {"adopted_on": "2022-11-25", "adopted_by": "Styrelsen", "reference": "Dnr 7",
                "revision": proposal.revision})
    versions = html(admin.get("/f/sydnarke/versioner/?plan=2023"))
    assert "Skapad ur planen 2022" in versions and "Jämför versionerna" in versions
    page = admin.get("/f/sydnarke/versioner/jamfor/?plan=2023&fran=1&till=3")
    text = html(page)
    assert ("Kostnad: Hyra av lokal</th><td>55\u00a0000\u00a0kr</td><td>60\u00a0000\u00a0kr</td>"
            "<td>5\u00a0000\u00a0kr</td>") in text
    assert "Medlemsbidrag 2023 – oförändrad" in text
    assert "Uppgift: Diarienummer" in text and "Dnr 7" in text
    assert "Budget 2023 – 3 ändrade rader" in text


def test_compare_with_one_version_says_so_and_unknown_versions_are_404(admin, proposal):
    assert "bara 1 sparad version" in html(admin.get("/f/sydnarke/versioner/jamfor/?plan=2023"))
    admin.post("/f/sydnarke/versioner/ny/?plan=2023", {"stage": "consultation",
                                                       "revision": proposal.revision})
    assert admin.get("/f/sydnarke/versioner/jamfor/?plan=2023&fran=9&till=1").status_code == 404
    assert admin.get("/f/sydnarke/versioner/jamfor/?plan=2023&fran=x&till=1").status_code == 404


# ---------------------------------------------------------------- budget rows


def test_budget_page_edits_in_the_table_without_a_wall_of_links(admin, sydnarke_plan):
    text = html(admin.get("/f/sydnarke/budget/"))
    assert "Ändra rader" not in text
    assert 'hx-get="/f/sydnarke/budget/rad/cost/lokal/?plan=2022"' in text
    assert 'href="/f/sydnarke/budget/rad/cost/lokal/?plan=2022"' in text  # without script
    assert "+ Ny kostnadsrad" in text and "budget-rows.js" in text


def test_budget_page_for_a_reader_has_no_edit_controls(reader, sydnarke_plan):
    text = html(reader.get("/f/sydnarke/budget/"))
    assert "Ändra" not in text and "budget-rows.js" not in text and "Ny kostnadsrad" not in text


def test_budget_page_tables_kept_per_plan_version_follow_the_role_and_every_write(sydnarke_plan):
    from django.test import Client

    reader, admin = Client(), Client()
    login_as(reader, "ledamot", sydnarke_plan.association, "board_member")
    login_as(admin, "kansli", sydnarke_plan.association, "secretariat_admin")
    assert "Ny kostnadsrad" not in html(reader.get("/f/sydnarke/budget/"))  # rendered for a reader first
    assert "Ny kostnadsrad" in html(admin.get("/f/sydnarke/budget/"))  # same plan version, other role
    assert "Lokalhyra" not in html(reader.get("/f/sydnarke/budget/"))
    response = admin.post("/f/sydnarke/budget/rad/cost/lokal/", {
        "label": "Lokalhyra", "kind": "office", "belopp_2022_budget": "75 000",
        "belopp_2023_plan": "55000", "belopp_2024_plan": "",
        "rev_2022_budget": "1", "rev_2023_plan": "1", "rev_2024_plan": "1"})
    assert response.status_code == 302
    text = html(reader.get("/f/sydnarke/budget/"))
    assert "Lokalhyra" in text and "5\u00a0781\u00a0500" in text and "Ny kostnadsrad" not in text


def test_budget_row_in_the_table_edits_and_answers_with_the_table(admin, sydnarke_plan):
    row = admin.get("/f/sydnarke/budget/rad/cost/lokal/", **HTMX)
    text = html(row)
    assert text.startswith('<tr id="row-cost-lokal" class="editing">')
    assert 'form="row-cost-lokal-form"' in text and "autofocus" in text
    response = admin.post("/f/sydnarke/budget/rad/cost/lokal/", {
        "label": "Lokalhyra", "kind": "office", "belopp_2022_budget": "75 000",
        "belopp_2023_plan": "55000", "belopp_2024_plan": "",
        "rev_2022_budget": "1", "rev_2023_plan": "1", "rev_2024_plan": "1"}, **HTMX)
    table = html(response)
    assert table.startswith('<div class="scroll" id="budget-wrap">')
    assert "Lokalhyra" in table and "5\u00a0781\u00a0500" in table  # summa kostnader 2022 + 1 000
    assert cells(sydnarke_plan, "lokal") == {2022: Decimal(75000), 2023: Decimal(55000), 2024: None}


def cells(plan, slug):
    return {x.entry.year: x.amount for x in BudgetLine.objects.filter(
        entry__plan=plan, slug=slug).select_related("entry")}


def test_budget_row_refusal_and_conflict_come_back_in_the_row(admin, sydnarke_plan):
    response = admin.post("/f/sydnarke/budget/rad/cost/lokal/", {
        "label": "Hyra", "kind": "office", "belopp_2022_budget": "12 000 kr"}, **HTMX)
    assert response["HX-Retarget"] == "#row-cost-lokal" and response["HX-Reswap"] == "outerHTML"
    assert "”12 000 kr” är inte ett belopp" in html(response)
    line = BudgetLine.objects.get(entry__plan=sydnarke_plan, entry__year=2022, slug="lokal")
    line.revision = 5
    line.save()
    response = admin.post("/f/sydnarke/budget/rad/cost/lokal/", {
        "label": "Hyra", "kind": "office", "belopp_2022_budget": "1", "rev_2022_budget": "1",
        "rev_2023_plan": "1", "rev_2024_plan": "1"}, **HTMX)
    text = html(response)
    assert response["HX-Retarget"] == "#row-cost-lokal"
    assert "har ändrats" in text and "Nu: Hyra av lokal (Kansli)" in text
    assert 'name="rev_2022_budget" value="5"' in text  # saving again overrides knowingly
    assert cells(sydnarke_plan, "lokal")[2022] == Decimal(74000)


def test_budget_row_without_script_is_a_page_and_redirects(admin, sydnarke_plan):
    page = admin.get("/f/sydnarke/budget/rad/cost/lokal/")
    assert "<h1>Ändra raden ”Hyra av lokal”</h1>" in html(page)
    response = admin.post("/f/sydnarke/budget/rad/revenue/ny/", {
        "label": "Ränteintäkter", "kind": "financial", "belopp_2022_budget": "500"})
    assert response["Location"] == "/f/sydnarke/budget/?plan=2022#row-revenue-ranteintakter"
    assert cells(sydnarke_plan, "ranteintakter") == {2022: Decimal(500)}


def test_budget_row_cancel_and_new_row_cancel(admin, sydnarke_plan):
    shown = html(admin.get("/f/sydnarke/budget/rad/cost/lokal/visa/", **HTMX))
    assert shown.startswith('<tr id="row-cost-lokal">') and "autofocus" in shown
    added = html(admin.get("/f/sydnarke/budget/rad/cost/ny/?avbryt=1", **HTMX))
    assert added.startswith('<tr id="row-cost-ny" class="add">')
    assert admin.get("/f/sydnarke/budget/rad/cost/finns-inte/").status_code == 404
    assert admin.get("/f/sydnarke/budget/rad/sida/lokal/").status_code == 404


def test_budget_row_delete_asks_then_removes_every_column(admin, sydnarke_plan):
    page = html(admin.get("/f/sydnarke/budget/rad/cost/lokal/ta-bort/"))
    assert "Ta bort raden ”Hyra av lokal”?" in page and "budget 2022, plan 2023, plan 2024" in page
    assert len(cells(sydnarke_plan, "lokal")) == 3
    admin.post("/f/sydnarke/budget/rad/cost/lokal/ta-bort/")
    assert cells(sydnarke_plan, "lokal") == {}


# ---------------------------------------------------------------- stated totals and findings


def test_stated_totals_are_changed_and_cleared(admin, sydnarke_plan):
    page = html(admin.get("/f/sydnarke/budget/2022/budget/angivna-summor/"))
    assert 'value="5780500"' in page and "Delarna ger 5\u00a0780\u00a0500\u00a0kr." in page
    entry = BudgetEntry.objects.get(plan=sydnarke_plan, year=2022, column="budget")
    response = admin.post("/f/sydnarke/budget/2022/budget/angivna-summor/", {
        "revenue": "5 234 000", "costs": "5 780 000", "result": "", "closing_equity": "",
        "revision": entry.revision}, follow=True)
    entry.refresh_from_db()
    assert entry.stated == {"revenue": "5234000", "costs": "5780000"}
    text = html(response)
    assert "angivet kostnader 5 780 000 kr, men delarna ger 5 780 500 kr" in text
    assert "Ändra eller ta bort den angivna summan" in text


def test_a_finding_is_handled_with_a_comment_and_opened_again(admin, sydnarke_plan):
    review = html(admin.get("/f/sydnarke/granskning/"))
    assert "Öppna iakttagelser (16)" in review and "Hanterade iakttagelser (0)" in review
    form = admin.get("/f/sydnarke/granskning/hantera/", {"nyckel": "parties::drivbank"})
    assert "Drivbänk: deltagande medlemmar är inte angivna" in html(form)
    empty = admin.post("/f/sydnarke/granskning/hantera/", {"key": "parties::drivbank", "comment": ""})
    assert "Skriv en kommentar." in html(empty) and not FindingAck.objects.exists()
    response = admin.post("/f/sydnarke/granskning/hantera/",
                          {"key": "parties::drivbank", "comment": "Leader-projekt; parterna i avtalet."},
                          follow=True)
    text = html(response)
    assert "Öppna iakttagelser (15)" in text and "Hanterade iakttagelser (1)" in text
    assert "Leader-projekt; parterna i avtalet." in text
    assert "1 fel" not in html(admin.get("/f/sydnarke/"))
    admin.post("/f/sydnarke/granskning/oppna/", {"key": "parties::drivbank"})
    assert not FindingAck.objects.exists()


def test_finding_handle_of_an_unknown_finding_is_404(admin, sydnarke_plan):
    assert admin.get("/f/sydnarke/granskning/hantera/", {"nyckel": "x::y"}).status_code == 404


def test_a_reader_sees_handled_findings_without_controls(client, sydnarke_plan):
    from samordna.economy import services
    from tests.conftest import make_user

    kansli = make_user("kansli2", sydnarke_plan.association, "secretariat_admin")
    services.finding_ack(actor=kansli, association=sydnarke_plan.association, plan=sydnarke_plan,
                         key="parties::drivbank", comment="Hanterad.")
    login_as(client, "ledamot2", sydnarke_plan.association, "board_member")
    text = html(client.get("/f/sydnarke/granskning/"))
    assert "Hanterad." in text and "Markera som hanterad" not in text and "Öppna igen" not in text
