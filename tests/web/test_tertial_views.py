"""The tertial pages: the grid (GET; a whole-form POST without JavaScript; a cell's own POST with
htmx), the sheet import (a preview that saves nothing, then all or nothing), the template, the
charts, and /budget/<year>/forecast/ leading to the grid. Same actors as every view test."""

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from samordna.audit.models import ChangeRecord
from samordna.economy.models import Plan, Tertial, TertialCell
from samordna.economy.selectors import plan_data
from samordna.economy.tertial_services import CellEdit, tertial_save
from tests.conftest import login_as, make_user

pytestmark = pytest.mark.django_db
D = Decimal
GRID = "/f/sydnarke/tertial/2022/T1/"
IMPORT = "/f/sydnarke/tertial/2022/T1/importera/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def visible(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


def cells() -> dict:
    return {(c.measure, c.part, c.item): (c.amount if c.measure != "comment" else c.text)
            for c in TertialCell.objects.all()}


def grid_post(client, data: dict, **headers):
    """A grid POST as the page sends it: every field given, plus what the test changes."""
    page = client.get(GRID).content.decode()
    fields = dict(re.findall(r'<input type="(?:text|hidden|date)" id="[^"]*" name="([^"]+)" value="([^"]*)"', page))
    fields.update(data)
    return client.post(GRID, fields, **headers)


# ---------------------------------------------------------------- the grid


def test_grid_shows_every_item_with_budget_inputs_and_the_rule(admin):
    response = admin.get(GRID)
    assert response.status_code == 200
    text = visible(response)
    assert "Tertialuppföljning T1 2022" in text
    assert "Försäkringskassan 2 617 000" in text
    assert "Köp av tjänst förbundschef" in text and "Drivbänk" in text
    html = response.content.decode()
    assert 'name="outcome-lines-forbundschef"' in html and 'name="comment-interventions-drivbank"' in html
    assert 'hx-post="/f/sydnarke/tertial/2022/T1/?plan=2022"' in html
    assert 'aria-label="Laxå kommun, utfall t.o.m. april"' in html
    assert "Inget är registrerat för T1 2022 ännu" in text


def test_grid_is_read_only_for_a_reader(reader):
    response = reader.get(GRID)
    assert response.status_code == 200
    assert 'name="outcome-' not in response.content.decode()
    assert "Spara alla ändringar" not in visible(response)
    assert reader.post(GRID, {"outcome-lines-forbundschef": "1"}).status_code == 403
    assert not TertialCell.objects.exists()


def test_grid_of_another_association_is_404(admin, other_plan):
    assert admin.get("/f/sjuharad/tertial/2022/T1/").status_code == 404


@pytest.mark.parametrize("path", ["/f/sydnarke/tertial/2022/T4/", "/f/sydnarke/tertial/2031/T1/",
                                  "/f/sydnarke/tertial/2022/T1/?plan=2019"])
def test_grid_unknown_period_year_or_plan_is_404(admin, path):
    assert admin.get(path).status_code == 404


def test_grid_post_without_javascript_saves_the_changed_cells_and_redirects(admin):
    response = grid_post(admin, {"outcome-lines-forbundschef": "352 500", "forecast-lines-forbundschef": "1 080 000",
                                 "comment-lines-forbundschef": "Vakans i mars.", "reported_on": "2022-05-09",
                                 "outcome-contributions-laxa": "45000,50"})
    assert response.status_code == 302
    assert response["Location"] == GRID + "?plan=2022"
    assert cells() == {("outcome", "lines", "forbundschef"): D(352500),
                       ("forecast", "lines", "forbundschef"): D(1080000),
                       ("comment", "", "forbundschef"): "Vakans i mars.",
                       ("outcome", "contributions", "laxa"): D("45000.50")}
    assert ChangeRecord.objects.filter(object_type="tertial").count() == 1
    page = visible(admin.get(response["Location"]))
    assert "Tertialuppföljningen T1 2022 är sparad (5 uppgifter)." in page


def test_grid_post_with_errors_keeps_what_was_typed_and_saves_nothing(admin):
    response = grid_post(admin, {"outcome-lines-forbundschef": "12 000 kr", "outcome-lines-revision": "5000",
                                 "forecast-lines-revision": "1,234"})
    assert response.status_code == 200
    assert not TertialCell.objects.exists() and not Tertial.objects.exists()
    html = response.content.decode()
    assert 'name="outcome-lines-forbundschef" value="12 000 kr"' in html
    assert 'name="outcome-lines-revision" value="5000"' in html
    assert 'id="f-outcome-lines-forbundschef" name="outcome-lines-forbundschef" value="12 000 kr"' in html
    assert re.search(r'name="forecast-lines-revision" value="1,234"[^>]*aria-invalid="true"', html)
    text = visible(response)
    assert "Inget har sparats. Rätta 2 uppgifter:" in text
    assert ("Köp av tjänst förbundschef, utfall t.o.m. april: ”12 000 kr” är inte ett belopp. Skriv bara "
            "siffror, t.ex. 1 308 500 eller 12,50.") in text
    assert "Revisionstjänster, prognos helår: Beloppet får ha högst två decimaler (öre)." in text
    assert '<a href="#f-outcome-lines-forbundschef">' in html


def test_grid_post_of_a_cell_someone_else_saved_is_a_conflict_that_keeps_the_typing(admin, sydnarke_plan):
    page = admin.get(GRID).content.decode()
    other = make_user("ekonom", sydnarke_plan.association, "economy")
    tertial_save(actor=other, association=sydnarke_plan.association, plan=Plan.objects.get(pk=sydnarke_plan.pk),
                 year=2022, period="T1", edits=[CellEdit("lines", "revision", "outcome", D(9000), 0)])
    fields = dict(re.findall(r'<input type="(?:text|hidden|date)" id="[^"]*" name="([^"]+)" value="([^"]*)"', page))
    fields["outcome-lines-revision"] = "8000"
    response = admin.post(GRID, fields)
    assert response.status_code == 200
    text = visible(response)
    assert "Revisionstjänster – utfall (T1 2022) har ändrats av ekonom" in text
    assert "Så här ser det ut nu Revisionstjänster – utfall 9 000 kr" in text
    assert 'name="outcome-lines-revision" value="8000"' in response.content.decode()
    assert cells() == {("outcome", "lines", "revision"): D(9000)}


def test_grid_post_that_changes_nothing_says_so(admin):
    response = grid_post(admin, {})
    assert response.status_code == 302
    assert "Inget var ändrat." in visible(admin.get(response["Location"]))
    assert not Tertial.objects.exists()


# ---------------------------------------------------------------- htmx: one cell


def test_htmx_cell_save_answers_with_the_cell_and_what_it_changed(admin):
    response = grid_post(admin, {"outcome-lines-forbundschef": "400000"},
                         HTTP_HX_TRIGGER_NAME="outcome-lines-forbundschef", **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert cells() == {("outcome", "lines", "forbundschef"): D(400000)}
    assert ('<input type="text" id="f-outcome-lines-forbundschef" name="outcome-lines-forbundschef" '
            'value="400 000"') in html
    assert re.search(r'id="rev-outcome-lines-forbundschef" name="rev-outcome-lines-forbundschef" value="1" '
                     r'hx-swap-oob="true"', html)
    assert re.search(r'id="was-outcome-lines-forbundschef"[^>]*value="400 000"', html)
    assert re.search(r'<span id="msg-outcome-lines-forbundschef"[^>]*>Sparat</span>', html)
    # The row's share used and its deviation, the default forecast, the sums and the stats.
    budget = sum(x.amount for x in plan_data(Plan.objects.get()).entry(2022, "budget").costs
                 if x.id == "forbundschef")
    assert re.search(r'<td id="used-cost-forbundschef" hx-swap-oob="true">', html)
    assert 'data-placeholder-for="f-forecast-lines-forbundschef"' in html
    default = D(400000) + budget * 8 / 12
    assert f'data-placeholder="{format(round(default), ",").replace(",", " ")}"' in html
    assert re.search(r'<tr id="t-costs" class="sum" hx-swap-oob="true">', html)
    assert 'id="tertial-stats"' in html and html.count("hx-swap-oob") >= 15
    # The answer names only that cell's input: the others (perhaps being typed in) stay.
    assert 'id="f-forecast-lines-forbundschef"' not in html


def test_htmx_cell_with_an_error_keeps_the_typing_and_saves_nothing(admin):
    response = grid_post(admin, {"outcome-lines-forbundschef": "tolv"},
                         HTTP_HX_TRIGGER_NAME="outcome-lines-forbundschef", **HTMX)
    html = response.content.decode()
    assert re.search(r'name="outcome-lines-forbundschef" value="tolv"[^>]*aria-invalid="true"', html)
    assert re.search(r'<span id="msg-outcome-lines-forbundschef" class="cell-msg error" role="alert"'
                     r'[^>]*>[^<]*”tolv” är inte ett belopp', html)
    assert not TertialCell.objects.exists()


def test_htmx_cell_conflict_shows_the_new_value_and_what_was_typed(admin, sydnarke_plan):
    page = admin.get(GRID).content.decode()
    other = make_user("ekonom", sydnarke_plan.association, "economy")
    tertial_save(actor=other, association=sydnarke_plan.association, plan=Plan.objects.get(pk=sydnarke_plan.pk),
                 year=2022, period="T1", edits=[CellEdit("lines", "revision", "outcome", D(9000), 0)])
    fields = dict(re.findall(r'<input type="(?:text|hidden|date)" id="[^"]*" name="([^"]+)" value="([^"]*)"', page))
    fields["outcome-lines-revision"] = "8000"
    html = admin.post(GRID, fields, HTTP_HX_TRIGGER_NAME="outcome-lines-revision", **HTMX).content.decode()
    assert 'name="outcome-lines-revision" value="9 000"' in html  # what is stored now
    assert re.search(r'id="rev-outcome-lines-revision" name="rev-outcome-lines-revision" value="1"', html)
    assert "har ändrats av ekonom" in html and "Nu: 9\u00a0000\u00a0kr. Du skrev: ”8000”." in html
    assert cells() == {("outcome", "lines", "revision"): D(9000)}


def test_htmx_cell_save_of_the_date(admin):
    response = grid_post(admin, {"reported_on": "2022-05-09"}, HTTP_HX_TRIGGER_NAME="reported_on", **HTMX)
    assert 'id="f-reported_on" name="reported_on" value="2022-05-09"' in response.content.decode()
    assert Tertial.objects.get().reported_on.isoformat() == "2022-05-09"


def test_htmx_cell_save_by_a_reader_is_refused(reader):
    response = reader.post(GRID, {"outcome-lines-forbundschef": "1"}, HTTP_HX_TRIGGER_NAME="outcome-lines-forbundschef",
                           **HTMX)
    assert response.status_code == 403
    assert not Tertial.objects.exists()


# ---------------------------------------------------------------- import


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, name: str, content: bytes):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})


def test_import_preview_lists_every_bad_row_by_row_and_column_and_saves_nothing(admin):
    content = xlsx([["Typ", "Id", "Post", "Budget", "Utfall t.o.m. april", "Prognos helår", "Kommentar"],
                    ["Kostnad", "forbundschef", "Köp av tjänst förbundschef", 1, 352500, None, "Vakans"],
                    ["Kostnad", "hyra", "Hyra", None, 100, None, None],
                    ["Insats", "drivbank", None, None, "mycket", 12.345, None],
                    ["Lön", None, "Kansli", None, 5, None, None],
                    ["Kostnad", "forbundschef", None, None, 1, None, None]])
    response = upload(admin, "t1.xlsx", content)
    assert response.status_code == 200
    text = visible(response)
    assert "Filen har 5 fel. Inget har sparats." in text
    for error in ("Rad 3, kolumn Id: ”hyra” är inget id i uppföljningen.",
                  "Rad 4, kolumn Utfall: ”mycket” är inte ett belopp.",
                  "Rad 4, kolumn Prognos: Beloppet får ha högst två decimaler (öre).",
                  "Rad 5, kolumn Typ: ”Lön” är ingen typ; skriv Medlemsbidrag, Intäkt, Insats eller Kostnad.",
                  "Rad 6, kolumn Id: posten står redan på rad 2."):
        assert error in text
    assert "Spara" not in re.sub(r"Spara (alla|\d)", "", text) or 'name="confirm"' not in response.content.decode()
    assert 'name="confirm"' not in response.content.decode()
    assert not Tertial.objects.exists() and not ChangeRecord.objects.filter(object_type="tertial").exists()


def test_import_good_csv_saves_every_row_in_one_go(admin):
    content = ("\ufeffTyp;Id;Post;Budget;Utfall;Prognos;Kommentar\r\n"
               "Kostnad;forbundschef;Köp av tjänst förbundschef;;352 500;1080000;Vakans i mars.\r\n"
               "Medlemsbidrag;;Laxå kommun;;67 615,50;;\r\n"
               "Insats;drivbank;;;;;'-10 % deltagare\r\n").encode("utf-8")
    preview = upload(admin, "t1.csv", content)
    assert "Filen är felfri: 5 uppgifter ändras när du sparar." in visible(preview)
    assert not Tertial.objects.exists()
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', preview.content.decode()))
    response = admin.post(IMPORT, hidden)
    assert response.status_code == 302
    assert cells() == {("outcome", "lines", "forbundschef"): D(352500),
                       ("forecast", "lines", "forbundschef"): D(1080000),
                       ("comment", "", "forbundschef"): "Vakans i mars.",
                       ("outcome", "contributions", "laxa"): D("67615.50"),
                       ("comment", "", "drivbank"): "-10 % deltagare"}
    assert ChangeRecord.objects.filter(object_type="tertial").count() == 1
    assert "5 uppgifter från filen är sparade i T1 2022." in visible(admin.get(response["Location"]))


def test_import_good_xlsx_empties_cells_it_leaves_blank(admin, sydnarke_plan):
    tertial_save(actor=make_user("ekonom", sydnarke_plan.association, "economy"),
                 association=sydnarke_plan.association, plan=Plan.objects.get(pk=sydnarke_plan.pk), year=2022,
                 period="T1", edits=[CellEdit("lines", "revision", "outcome", D(9000), 0),
                                     CellEdit("lines", "arvoden", "outcome", D(100), 0)])
    content = xlsx([["Id", "Utfall", "Prognos"], ["revision", None, 25000.5]])
    preview = upload(admin, "t1.xlsx", content)
    assert "Filen är felfri: 2 uppgifter ändras när du sparar." in visible(preview)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', preview.content.decode()))
    assert admin.post(IMPORT, hidden).status_code == 302
    assert {k: v for k, v in cells().items() if v is not None} == {
        ("forecast", "lines", "revision"): D("25000.50"), ("outcome", "lines", "arvoden"): D(100)}


def test_import_confirm_after_someone_else_saved_is_a_conflict_and_saves_nothing(admin, sydnarke_plan):
    preview = upload(admin, "t1.csv", b"Id;Utfall\nrevision;8000\narvoden;100\n")
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', preview.content.decode()))
    tertial_save(actor=make_user("ekonom", sydnarke_plan.association, "economy"),
                 association=sydnarke_plan.association, plan=Plan.objects.get(pk=sydnarke_plan.pk), year=2022,
                 period="T1", edits=[CellEdit("lines", "revision", "outcome", D(9000), 0)])
    response = admin.post(IMPORT, hidden)
    assert response.status_code == 200
    assert "har ändrats av ekonom" in visible(response)
    assert cells() == {("outcome", "lines", "revision"): D(9000)}


@pytest.mark.parametrize(("name", "content", "message"), [
    ("t1.pdf", b"%PDF-1.4", "Välj en Excelfil (.xlsx) eller en CSV-fil (.csv)."),
    ("t1.xlsx", b"PK\x03\x04 inte en zip", "Filen kan inte läsas som en Excelfil (.xlsx)."),
    ("t1.csv", b"Namn;Belopp\nx;1\n", "Första raden ska ha rubrikerna Id (eller Post)"),
    ("t1.csv", b"", "Filen är tom."),
    ("t1.csv", b"Id;Utfall\n", "Filen har inga rader under rubrikraden."),
])
def test_import_unreadable_file_says_why(admin, name, content, message):
    response = upload(admin, name, content)
    assert response.status_code == 200
    assert message in visible(response)
    assert not Tertial.objects.exists()


def test_import_needs_budget_edit(reader):
    assert reader.get(IMPORT).status_code == 403
    assert reader.post(IMPORT, {"confirm": "1", "outcome-lines-revision": "1"}).status_code == 403
    assert not Tertial.objects.exists()


def test_template_is_prefilled_with_every_item_and_reads_back(admin, sydnarke_plan):
    tertial_save(actor=make_user("ekonom", sydnarke_plan.association, "economy"),
                 association=sydnarke_plan.association, plan=Plan.objects.get(pk=sydnarke_plan.pk), year=2022,
                 period="T1", edits=[CellEdit("lines", "revision", "outcome", D("9000.50"), 0),
                                     CellEdit("lines", "revision", "comment", "=SUMMA(A1)", 0)])
    response = admin.get("/f/sydnarke/tertial/2022/T1/mall.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Tertialuppf%C3%B6ljning%20T1%202022" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    assert table[0] == ["Typ", "Id", "Post", "Budget 2022", "Utfall t.o.m. april", "Prognos helår", "Kommentar"]
    assert ["Medlemsbidrag", "laxa", "Laxå kommun", 135231, None, None, None] in table
    row = next(r for r in table if r[1] == "revision")
    assert row[4:] == [9000.5, None, "=SUMMA(A1)"]
    assert sheet.cell(row=table.index(row) + 1, column=7).data_type == "s"  # text, not a formula
    # Read back unchanged, it changes nothing.
    preview = upload(admin, "mall.xlsx", response.content)
    assert "Filen ändrar ingenting" in visible(preview)
    csv = admin.get("/f/sydnarke/tertial/2022/T1/mall.csv")
    assert csv.content.startswith("\ufeffTyp;Id;Post;Budget 2022;".encode())
    assert "Kostnad;revision;Revisionstjänster;" in csv.content.decode()
    assert "Filen ändrar ingenting" in visible(upload(admin, "mall.csv", csv.content))


# ---------------------------------------------------------------- charts and links


def test_chart_is_an_svg_image_without_styles(admin):
    response = admin.get("/f/sydnarke/tertial/2022/T1/diagram/summa.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    body = response.content.decode()
    assert body.startswith('<?xml version="1.0" encoding="utf-8"?>\n<svg ')
    assert "<style" not in body and ' style="' not in body and "<script" not in body
    assert admin.get("/f/sydnarke/tertial/2022/T1/diagram/annat.svg").status_code == 404


def test_overview_and_budget_show_charts_with_tables_once_figures_are_entered(admin, sydnarke_plan):
    assert "Utfall och prognos för T3 januari–december" not in visible(admin.get("/f/sydnarke/"))
    tertial_save(actor=make_user("ekonom", sydnarke_plan.association, "economy"),
                 association=sydnarke_plan.association, plan=Plan.objects.get(pk=sydnarke_plan.pk), year=2022,
                 period="T2", edits=[CellEdit("lines", "revision", "outcome", D(9000), 0)])
    for page in ("/f/sydnarke/", "/f/sydnarke/budget/"):
        html = admin.get(page).content.decode()
        assert '<img src="/f/sydnarke/tertial/2022/T2/diagram/summa.svg?plan=2022"' in html
        assert 'alt="Stapeldiagram: budget, utfall t.o.m. augusti och prognos' in html
        assert "Budget, utfall t.o.m. augusti och prognos 2022 (kr)" in visible(admin.get(page))
        assert 'href="/f/sydnarke/tertial/2022/T2/?plan=2022"' in html
    budget = admin.get("/f/sydnarke/budget/").content.decode()
    assert 'src="/f/sydnarke/tertial/2022/T2/diagram/insatser.svg?plan=2022"' in budget


def test_overview_without_figures_links_to_the_grid(admin):
    text = visible(admin.get("/f/sydnarke/"))
    assert "Utfall och prognos för T3 helår 2022 är inte registrerade ännu." in text


@pytest.mark.parametrize(("column", "period"), [("forecast", "T3"), ("outcome", "T3"), ("prognos", "T3"),
                                                ("T1", "T1"), ("T2", "T2")])
def test_budget_forecast_url_leads_to_the_grid(admin, column, period):
    response = admin.get(f"/f/sydnarke/budget/2022/{column}/")
    assert response.status_code == 302
    assert response["Location"] == f"/f/sydnarke/tertial/2022/{period}/?plan=2022"
    assert admin.get(response["Location"]).status_code == 200


def test_budget_forecast_url_of_a_stored_forecast_column_edits_its_equity(client, db):
    from samordna.economy.services import plan_load
    from tests.conftest import plan_path

    plan = plan_load(data=plan_path("sodra-vatterbygden-2020").read_bytes()).plan
    login_as(client, "kansli", plan.association, "secretariat_admin")
    year = next(e.year for e in plan_data(plan).budget if e.column == "forecast")
    response = client.get(f"/f/sodra-vatterbygden/budget/{year}/forecast/")
    assert response.status_code == 200
    assert "Ingående eget kapital" in visible(response)


def test_index_lists_years_and_periods(admin):
    text = visible(admin.get(reverse("tertial_index", args=["sydnarke"])))
    assert "T1 januari–april" in text and "2024" in text
    assert "Inte registrerad – T2 januari–augusti 2023" in text


def test_grid_and_the_reports_link_each_other(admin):
    html = admin.get(GRID).content.decode()
    assert 'href="/f/sydnarke/dokument/tertialrapport/?plan=2022&amp;ar=2022&amp;tertial=1"' in html
    assert 'href="/f/sydnarke/tertial/2022/T1/importera/?plan=2022"' in html
