"""The figures for Uppföljning Finsam: `samordna uppfoljning` (xlsx, csv, text) on the demo, and
the page and its downloads, which only the kansli reaches (exact counts, small ones too)."""

import csv
import io

import pytest
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from samordna.accounts.permissions import SYSTEM
from samordna.economy.models import Plan
from samordna.followup.services import followup_import
from tests.conftest import make_user, sign_in

from .test_commands import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # the demo users are made only in development
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    run("demo")
    return Plan.objects.get(association__slug="sydnarke")


SYDNARKE = ["Strukturinsatser (utbildning, workshops, Finsamkonferens, omvärldsbevakning)", "Drivbänk",
            "Ev. ESF-ansökan", "Mottagningsteam", "Rehabiliteringsmässan", "Coachingteam Sydnärke"]
STRUCTURAL = {"Strukturinsatser (utbildning, workshops, Finsamkonferens, omvärldsbevakning)", "Ev. ESF-ansökan",
              "Rehabiliteringsmässan"}


def test_the_sydnarke_demo_export_gives_every_intervention_its_numbers(demo, tmp_path):
    out = tmp_path / "uf.xlsx"
    assert run("uppfoljning", "sydnarke", "--year", "2022", "-o", str(out)).startswith(
        f"Skrev {out}: 6 insatser, ")
    book = load_workbook(out)
    assert book.sheetnames == ["Förbundet", "Insatser", "Källor"]
    sheet = book["Insatser"]
    header = [c.value for c in sheet[1]]
    assert header == ["Insatsens namn", "Nivå", "Preciserad inriktning", "Målgrupp", "Uppföljningsmetod", "ESF",
                      "Budget", "Utfall", "Budgeterade deltagare", "Deltagare, kvinnor", "Deltagare, män",
                      "Antal deltagare (strukturövergripande)", "Anmärkning"]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert [r["Insatsens namn"] for r in rows] == SYDNARKE
    budgets = {r["Insatsens namn"]: r["Budget"] for r in rows}
    assert budgets == {SYDNARKE[0]: 200000, "Drivbänk": 0, "Ev. ESF-ansökan": 100000, "Mottagningsteam": 1208800,
                       "Rehabiliteringsmässan": 30000, "Coachingteam Sydnärke": 2930200}
    for r in rows:
        assert isinstance(r["Budgeterade deltagare"], int), r
        if r["Insatsens namn"] in STRUCTURAL:
            assert isinstance(r["Antal deltagare (strukturövergripande)"], int), r
            assert r["Deltagare, kvinnor"] is None and r["Deltagare, män"] is None
        else:
            assert isinstance(r["Deltagare, kvinnor"], int) and isinstance(r["Deltagare, män"], int), r
            assert r["Deltagare, kvinnor"] + r["Deltagare, män"] > 0
    assert sheet["G2"].number_format == '#,##0 "kr"'
    forbund = {row[0].value: row[1].value for row in book["Förbundet"].iter_rows(min_row=2)}
    assert forbund["Tilldelade medel, Staten (Försäkringskassan och Arbetsförmedlingen), budget"] == 2617000
    assert forbund["Administrativa kostnader, budget"] == 1310000


def test_the_csv_has_one_row_per_field_with_its_source(demo, tmp_path):
    out = tmp_path / "uf.csv"
    run("uppfoljning", "sydnarke", "--year", "2022", "-o", str(out))
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["avsnitt", "insats", "uppgift", "värde", "enhet", "källa"]
    budget = next(r for r in rows if r[1] == "mottagningsteam" and r[2] == "Budget")
    assert budget == ["Insats", "mottagningsteam", "Budget", "1208800", "kr",
                      "Verksamhetsplanen 2022: insatsens budget 2022."]
    women = next(r for r in rows if r[1] == "coachingteam" and r[2] == "Deltagare, kvinnor")
    assert women[3].isdigit() and women[5].startswith("Deltagaruppföljningen: ")


def test_the_command_prints_text_and_refuses_in_swedish(demo):
    text = run("uppfoljning", "sydnarke", "--year", "2022")
    assert text.splitlines()[0] == "Uppföljning Finsam 2022: Samordningsförbundet Sydnärke"
    assert "  Budget: 1\u00a0208\u00a0800\u00a0kr" in text
    assert "  Eget kapital vid årets slut, budget: saknas" in text
    with pytest.raises(CommandError, match="Filen ska sluta på .xlsx eller .csv"):
        run("uppfoljning", "sydnarke", "--year", "2022", "-o", "x.pdf")
    with pytest.raises(CommandError, match='Förbundet "okänt" finns inte'):
        run("uppfoljning", "okänt", "--year", "2022")
    with pytest.raises(CommandError, match="Året ska vara"):
        run("uppfoljning", "sydnarke", "--year", "1989")


@pytest.fixture
def few(sydnarke_plan):
    """Three participants of Coachingteam: a count a report would hide, which UF takes as it is."""
    header = ["intervention", "code", "gender", "start"]
    rows = [["coachingteam", "C1", "kvinna", "2022-02"], ["coachingteam", "C2", "kvinna", "2022-03"],
            ["coachingteam", "C3", "man", "2022-03"]]
    assert followup_import(actor=SYSTEM, association=sydnarke_plan.association, header=header, rows=rows).ok
    return sydnarke_plan.association


def test_the_page_shows_the_kansli_exact_figures_with_sources(client, few):
    sign_in(client, make_user("kansli", few, "secretariat_admin"))
    response = client.get(reverse("followup_national", args=["sydnarke"]) + "?plan=2022&ar=2022")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>Coachingteam Sydnärke: uppgifter 2022</caption>" in html
    assert ('<tr><th scope="row">Deltagare, kvinnor</th><td class="v n">2</td><td class="src">Deltagaruppföljningen:'
            ' 3 avidentifierade poster') in html
    assert ">Coachingteam Sydnärke</a>: Utfall, Budgeterade deltagare</li>" in html  # the plan states none


@pytest.mark.parametrize("role", ["economy", "board_member", "member_viewer", "auditor", "intervention_manager",
                                  "provider_reporter", "participant_officer"])
def test_no_other_role_reaches_the_exact_figures(client, few, role):
    sign_in(client, make_user("person", few, role))
    for url in (reverse("followup_national", args=["sydnarke"]),
                reverse("followup_national_download", args=["sydnarke", "csv"])):
        response = client.get(url)
        assert response.status_code == 403
        assert "Deltagare, kvinnor" not in response.content.decode()


def test_an_outsider_gets_404(client, few, other_plan):
    sign_in(client, make_user("utomstaende", other_plan.association, "secretariat_admin"))
    assert client.get(reverse("followup_national", args=["sydnarke"])).status_code == 404


def test_downloads_are_excel_and_csv(client, few):
    sign_in(client, make_user("kansli", few, "secretariat_admin"))
    xlsx = client.get(reverse("followup_national_download", args=["sydnarke", "xlsx"]) + "?ar=2022")
    assert xlsx["Content-Disposition"] == 'attachment; filename="uppfoljning-finsam-sydnarke-2022.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.content))["Insatser"]
    coaching = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "Coachingteam Sydnärke")
    assert coaching[6:11] == (2930200, None, None, 2, 1)
    response = client.get(reverse("followup_national_download", args=["sydnarke", "csv"]) + "?ar=2022")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert client.get(reverse("followup_national_download", args=["sydnarke", "pdf"])).status_code == 404
    assert client.get(reverse("followup_national", args=["sydnarke"]) + "?ar=abc").status_code == 404


def test_the_codes_come_from_the_settings(client, few, settings):
    settings.SAMORDNA_UPPFOLJNING_CODES = {"levels": {"individual": "Individ (UF)"}}
    sign_in(client, make_user("kansli", few, "secretariat_admin"))
    html = client.get(reverse("followup_national", args=["sydnarke"]) + "?ar=2022").content.decode()
    assert "Individ (UF)" in html
