"""The files as a reader opens them: Word via python-docx, PDF via pypdf and poppler, Excel via openpyxl."""

import io
import re
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from matplotlib.image import imread
from openpyxl import load_workbook
from pypdf import PdfReader

from samordna.documents.generate import ALLOWED, document_file

NB = "\u00a0"


def plain(value: str) -> str:
    return value.replace(NB, " ")


def docx_of(content: bytes):
    return docx.Document(io.BytesIO(content))


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return plain("\n".join(parts))


def pdf_text(content: bytes) -> str:
    return plain("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def pdf_pages_as_png(content: bytes, tmp_path: Path, resolution: int = 50) -> list[Path]:
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), str(pdf), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    return images


def find_table(document, headers: tuple[str, ...]):
    for table in document.tables:
        if tuple(c.text for c in table.rows[0].cells) == headers:
            return table
    raise AssertionError(f"ingen tabell med rubrikerna {headers}")


def cells_of_row(table, label: str) -> list[str]:
    return next([plain(c.text) for c in r.cells] for r in table.rows if r.cells[0].text == label)


@pytest.fixture(scope="module")
def plan_docx(sydnarke):
    return docx_of(document_file(plan=sydnarke, kind="plan", fmt="docx").content)


@pytest.fixture(scope="module")
def plan_pdf(sydnarke):
    return document_file(plan=sydnarke, kind="plan", fmt="pdf")


@pytest.fixture(scope="module")
def tertial_files(followup):
    return {fmt: document_file(plan=followup, kind="tertial", fmt=fmt, year=2023, tertial=2)
            for fmt in ("docx", "pdf", "html", "xlsx")}


def test_plan_docx_uses_heading_styles(plan_docx):
    styled = [(p.style.name, p.text) for p in plan_docx.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "11 Ekonomi") in styled
    assert ("Heading 2", "11.1 Finansiering") in styled
    assert ("Heading 3", "Medlemsbidrag 2022") in styled
    assert ("Heading 2", "11.3 Beslut") in styled
    assert ("Heading 2", "Bilaga 3. Riskanalys") in styled
    assert [p.text for p in plan_docx.paragraphs if p.style.name == "Title"] == ["Verksamhetsplan 2022"]


def test_plan_docx_tables_hold_the_computed_figures(plan_docx):
    population = find_table(plan_docx, ("Medlem", "Invånare", "Andel", "Medlemsbidrag 2022, kr"))
    assert cells_of_row(population, "Laxå kommun") == ["Laxå kommun", "5 637", "10,33 %", "135 231"]
    assert cells_of_row(population, "Summa medlemsbidrag")[-1] == "5 234 000"
    budget = find_table(plan_docx, ("Kr", "Budget 2022", "Plan 2023", "Plan 2024"))
    assert cells_of_row(budget, "Resultat") == ["Resultat", "−546 500", "−647 000", "−771 000"]
    interventions = find_table(plan_docx, ("Insats", "Kategori", "Planerade deltagare 2022", "Budget 2022, kr",
                                         "Plan 2023, kr", "Plan 2024, kr"))
    assert cells_of_row(interventions, "Summa insatser")[3] == "4 469 000"
    right = [c.paragraphs[0].alignment for c in population.rows[1].cells]
    assert str(right[3]) == "RIGHT (2)"


def test_plan_docx_decisions_name_and_amounts(plan_docx):
    text = docx_text(plan_docx)
    assert "Styrelsen för Samordningsförbundet Sydnärke beslutar att" in text
    assert "anslå 4 469 000 kr i insatsmedel till insatser under 2022," in text
    assert "anslå 1 310 000 kr för förbundets sekretariat 2022" in text
    assert "Sydärke" not in text
    assert "None" not in text


def test_plan_docx_has_contents_field_and_page_numbers(plan_docx, sydnarke):
    body = plan_docx.element.xml
    assert 'TOC \\o "1-2"' in body
    footer = plan_docx.sections[0].footer.paragraphs[0]
    assert footer.text == "Sida 1 av 1"  # placeholders that Word replaces with PAGE and NUMPAGES
    assert "NUMPAGES" in footer._p.xml


def test_plan_pdf_text_and_pages(plan_pdf, tmp_path):
    assert plan_pdf.content_type == "application/pdf"
    assert plan_pdf.filename == "Verksamhetsplan 2022 Samordningsförbundet Sydnärke.pdf"
    text = pdf_text(plan_pdf.content)
    for expected in ("Laxå kommun", "135 231", "5 234 000", "−546 500", "−647 000", "−771 000",
                     "4 469 000 kr", "1 310 000 kr", "Samordningsförbundet Sydnärke", "Sida 2 av",
                     "Innehåll", "Gemensamma begrepp", "Styrkor", "Hot"):
        assert expected in text, expected
    assert "Sydärke" not in text
    images = pdf_pages_as_png(plan_pdf.content, tmp_path)
    assert len(images) > 1


def test_plan_pdf_contents_have_page_numbers(plan_pdf):
    contents = PdfReader(io.BytesIO(plan_pdf.content)).pages[1].extract_text()
    assert re.search(r"11\.1 Finansiering\s*\.+\s*\d+", plain(contents))


def test_tables_xlsx_cells_are_numbers(sydnarke):
    result = document_file(plan=sydnarke, kind="tables", fmt="xlsx")
    assert result.filename == "Tabeller 2022 Samordningsförbundet Sydnärke.xlsx"
    wb = load_workbook(io.BytesIO(result.content), data_only=True)
    assert wb.sheetnames == ["Mål", "Insatser", "Finansiering", "Medlemsbidrag per år", "Budget"]
    ws = wb["Finansiering"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert rows["Laxå kommun"][1].value == 5637
    assert rows["Laxå kommun"][3].value == 135231
    assert isinstance(rows["Laxå kommun"][3].value, int)
    assert rows["Laxå kommun"][2].value == pytest.approx(5637 / 54544)
    assert rows["Laxå kommun"][3].number_format == '#,##0 "kr";-#,##0 "kr"'
    assert rows["Summa medlemsbidrag"][3].value == 5234000
    assert ws["A1"].font.bold is True
    assert ws.freeze_panes == "B2"
    budget = {r[0].value: [c.value for c in r[1:]] for r in wb["Budget"].iter_rows(min_row=2)}
    assert budget["Resultat"] == [-546500, -647000, -771000]
    assert budget["Insatser"] == [4469000, 4561300, 4655800]
    assert all(isinstance(v, int) for v in budget["Resultat"])


def test_tertial_html_has_its_charts_inline_without_styles(tertial_files):
    html = tertial_files["html"].content.decode()
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert len(svgs) == 3
    assert all(' style="' not in s and "<style" not in s for s in svgs)
    assert ('aria-label="Stapeldiagram: budget, utfall t.o.m. augusti och prognos för helåret per '
            'insats 2023"') in svgs[1]
    assert "1\u00a0420\u00a0000" in html and "Vakant tjänst under våren." in html
    assert "Inga deltagare är registrerade ännu." in html


def test_tertial_docx_has_chart_pictures_and_the_follow_up(tertial_files):
    content = tertial_files["docx"].content
    pictures = [n for n in zipfile.ZipFile(io.BytesIO(content)).namelist() if n.startswith("word/media/")]
    assert len(pictures) == 3 and all(n.endswith(".png") for n in pictures)
    document = docx_of(content)
    table = find_table(document, ("Kr", "Budget 2023", "Utfall t.o.m. augusti", "Förbrukat (66,7\u00a0% av året)",
                                  "Prognos helår", "Avvikelse (prognos − budget)", "Kommentar"))
    assert cells_of_row(table, "Steget") == ["Steget", "2 000 000", "500 000", "25,0 %", "1 800 000", "−200 000",
                                             "Färre deltagare än planerat."]


def test_tertial_pdf_shows_charts_and_the_follow_up(tertial_files, tmp_path):
    content = tertial_files["pdf"].content
    text = pdf_text(content)
    assert "Utfall t.o.m. augusti" in text
    assert "1 420 000" in text and "Vakant tjänst under våren." in text
    assert "Inga deltagare är registrerade ännu." in text
    assert "Insatser 2023: budget, utfall och prognos" in text  # the captions under the charts
    assert "Utgående eget kapital per år" in text
    images = pdf_pages_as_png(content, tmp_path, resolution=50)
    # The outcome bars and the equity line are drawn in the outcome/budget blue (#0b5cad).
    blue = 0
    for image in images:
        pixels = imread(image)[..., :3]
        near = (abs(pixels[..., 0] - 0x0B / 255) < 0.08) & (abs(pixels[..., 1] - 0x5C / 255) < 0.08) & (
            abs(pixels[..., 2] - 0xAD / 255) < 0.08)
        blue += int(near.sum())
    assert blue > 200


def test_tertial_xlsx_has_the_follow_up_as_numbers(tertial_files):
    wb = load_workbook(io.BytesIO(tertial_files["xlsx"].content))
    ws = wb["Uppföljning T2 2023"]
    rows = {r[0].value: [c.value for c in r[1:]] for r in ws.iter_rows(min_row=2)}
    assert rows["Kansli"] == [1300000, 820000, pytest.approx(820000 / 1300000), 1250000, -50000,
                              "Vakant tjänst under våren."]
    assert rows["Resultat"][:2] == [200000, 80000]


@pytest.mark.parametrize(("kind", "fmt"), [(k, f) for k, formats in ALLOWED.items() for f in formats])
def test_every_kind_and_format_works_for_a_minimal_plan(minimal, kind, fmt):
    result = document_file(plan=minimal, kind=kind, fmt=fmt, tertial=3 if kind == "tertial" else None,
                           issued_on=date(2024, 3, 1))
    assert result.content
    if fmt == "docx":
        text = docx_text(docx_of(result.content))
    elif fmt == "pdf":
        text = pdf_text(result.content)
    elif fmt == "html":
        text = result.content.decode()
    else:
        wb = load_workbook(io.BytesIO(result.content))
        text = " ".join(str(c.value) for ws in wb for r in ws.iter_rows() for c in r if c.value is not None)
    assert "None" not in text
    assert "Samordningsförbundet Minimal" in text or fmt == "xlsx"
