"""Document pages, downloads, the section editor and the `samordna document` command."""

import io
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook
from tests.conftest import make_user, sign_in

from samordna.core.exceptions import Conflict
from samordna.documents import services
from samordna.economy.models import Plan
from samordna.organisation.models import Association

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def outsider(client, sydnarke_plan, other_plan):
    return sign_in(client, make_user("annan", other_plan.association, "secretariat_admin"))


def sections_of(plan: Plan) -> list[str]:
    plan.refresh_from_db()
    return [s["title"] for s in plan.sections]


def section_id(plan: Plan, position: int) -> str:
    plan.refresh_from_db()
    return plan.sections[position]["id"]


READ_PAGES = [("documents", []), ("document_sections", []), ("document_view", ["verksamhetsplan"]),
              ("document_view", ["tertialrapport"]), ("document_view", ["medlemsbrev"]),
              ("document_download", ["tabeller", "xlsx"])]


@pytest.mark.parametrize(("name", "args"), READ_PAGES)
def test_document_pages_answer_200_to_admin(admin, name, args):
    response = admin.get(reverse(name, args=["sydnarke", *args]))
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "args"), READ_PAGES)
def test_document_pages_answer_404_to_outsider(outsider, name, args):
    assert outsider.get(reverse(name, args=["sydnarke", *args])).status_code == 404


def test_documents_page_lists_every_kind_and_format(admin):
    html = admin.get(reverse("documents", args=["sydnarke"])).content.decode()
    for path in ("verksamhetsplan.docx", "verksamhetsplan.pdf", "verksamhetsplan.html", "tertialrapport.pdf",
                 "arsredovisning.docx", "tabeller.xlsx", "medlemsbrev.pdf", "medlemsbrev.docx"):
        assert f'action="/f/sydnarke/dokument/{path}/skapa?' in html, path
    # The letters of the plan's decision; other letters are chosen on the letters page.
    assert 'action="/f/sydnarke/dokument/medlemsbrev.pdf/skapa?plan=2022&amp;ar=2022&amp;typ=beslut"' in html
    assert "tertial=2" in html
    overview = admin.get(reverse("overview", args=["sydnarke"])).content.decode()
    assert 'href="/f/sydnarke/dokument/?plan=2022"' in overview


def test_document_view_renders_inside_the_app_layout(admin):
    response = admin.get(reverse("document_view", args=["sydnarke", "verksamhetsplan"]))
    html = response.content.decode()
    assert '<nav class="tabs"' in html
    assert "Styrelsen för Samordningsförbundet Sydnärke beslutar att" in html
    assert "4\u00a0469\u00a0000\u00a0kr" in html
    assert ' style="' not in html and "<style" not in html
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


def download(client, kind: str, fmt: str, query: str = ""):
    """The file through the background path: ask for it (POST), then fetch it (GET). The tests'
    task backend runs the job at once."""
    start = client.post(reverse("document_job_start", args=["sydnarke", kind, fmt]) + query)
    assert start.status_code == 302
    assert start["Location"].startswith(reverse("document_download", args=["sydnarke", kind, fmt]))
    return client.get(start["Location"])


def test_download_has_content_type_and_swedish_file_name(admin):
    response = download(admin, "verksamhetsplan", "docx")
    assert response["Content-Type"] == DOCX
    name = "Verksamhetsplan 2022 Samordningsförbundet Sydnärke.docx"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    document = docx.Document(io.BytesIO(response.content))
    assert any(p.style.name == "Heading 2" and p.text == "11.3 Beslut" for p in document.paragraphs)


def test_download_of_tables_is_a_workbook(admin):
    response = download(admin, "tabeller", "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = load_workbook(io.BytesIO(response.content), data_only=True)
    assert wb["Budget"]["B2"].value is None  # the group row "Intäkter"
    assert [c.value for c in wb["Budget"][3]] == ["Medlemsbidrag", 5234000, 5234000, 5234000]


def test_download_of_letters_pdf_and_tertial_html(admin):
    pdf = download(admin, "medlemsbrev", "pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    html = download(admin, "tertialrapport", "html", "?tertial=1")
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert "Tertialrapport T1 2022" in html.content.decode()
    assert html["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@pytest.mark.parametrize("path", [("tabeller", "pdf"), ("verksamhetsplan", "xlsx"), ("okand", "pdf"),
                                  ("tertialrapport", "pdf")])
def test_impossible_downloads_answer_404(admin, path):
    assert admin.get(reverse("document_download", args=["sydnarke", *path])).status_code == 404
    assert admin.post(reverse("document_job_start", args=["sydnarke", *path])).status_code == 404


def test_reader_sees_sections_but_gets_403_on_every_write(reader, sydnarke_plan):
    before = sections_of(sydnarke_plan)
    page = reader.get(reverse("document_sections", args=["sydnarke"]))
    assert page.status_code == 200
    assert "Bakgrund Samordningsförbund" in page.content.decode()
    assert "Ta bort" not in page.content.decode()
    data = {"title": "Nytt", "text": "Text"}
    first = section_id(sydnarke_plan, 0)
    assert reader.post(reverse("document_section_new", args=["sydnarke"]), data).status_code == 403
    assert reader.post(reverse("document_section_edit", args=["sydnarke", first]), data).status_code == 403
    assert reader.post(reverse("document_section_delete", args=["sydnarke", first])).status_code == 403
    assert reader.post(reverse("document_section_move", args=["sydnarke", first]),
                       {"riktning": "ned"}).status_code == 403
    assert reader.get(reverse("document_section_edit", args=["sydnarke", first])).status_code == 403
    assert sections_of(sydnarke_plan) == before


def test_outsider_gets_404_on_section_writes(outsider, sydnarke_plan):
    before = sections_of(sydnarke_plan)
    response = outsider.post(reverse("document_section_new", args=["sydnarke"]), {"title": "x", "text": "y"})
    assert response.status_code == 404
    assert sections_of(sydnarke_plan) == before


def test_admin_adds_edits_moves_and_deletes_sections(admin, sydnarke_plan):
    titles = sections_of(sydnarke_plan)
    response = admin.post(reverse("document_section_new", args=["sydnarke"]),
                          {"title": "Uppföljning", "text": "Vi följer upp **tertialvis**."})
    assert response.status_code == 302
    assert sections_of(sydnarke_plan) == [*titles, "Uppföljning"]
    last = len(titles)
    new = section_id(sydnarke_plan, last)
    admin.post(reverse("document_section_move", args=["sydnarke", new]), {"riktning": "upp"})
    assert sections_of(sydnarke_plan)[last - 1:] == ["Uppföljning", titles[-1]]
    admin.post(reverse("document_section_edit", args=["sydnarke", new]),
               {"title": "Uppföljning och utvärdering", "text": "Ny text."})
    sydnarke_plan.refresh_from_db()
    assert sydnarke_plan.sections[last - 1] == {"id": new, "title": "Uppföljning och utvärdering",
                                                "text": "Ny text.", "note": None}
    confirm = admin.get(reverse("document_section_delete", args=["sydnarke", new]))
    assert "Ja, ta bort" in confirm.content.decode() and len(sections_of(sydnarke_plan)) == last + 1
    admin.post(reverse("document_section_delete", args=["sydnarke", new]))
    assert sections_of(sydnarke_plan) == titles
    html = admin.get(reverse("document_view", args=["sydnarke", "verksamhetsplan"])).content.decode()
    assert ">Uppföljning och utvärdering</h" not in html


def test_section_form_refuses_empty_fields_in_swedish(admin, sydnarke_plan):
    response = admin.post(reverse("document_section_new", args=["sydnarke"]), {"title": " ", "text": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ange en rubrik." in html and "Skriv avsnittets text." in html


def test_section_services_validate_and_check_the_role(sydnarke_plan, other_plan):
    admin = make_user("kansli2", sydnarke_plan.association, "secretariat_admin")
    association = sydnarke_plan.association
    with pytest.raises(ValidationError) as error:
        services.section_add(actor=admin, association=association, plan=sydnarke_plan, title="", text="x")
    assert error.value.message_dict == {"title": ["Ange en rubrik."]}
    with pytest.raises(ValidationError, match="Avsnittet finns inte längre"):
        services.section_update(actor=admin, association=association, plan=sydnarke_plan,
                                section_id="finns-inte", title="A", text="B")
    first = section_id(sydnarke_plan, 0)
    reader = make_user("ledamot2", association, "member_viewer")
    with pytest.raises(PermissionDenied):
        services.section_delete(actor=reader, association=association, plan=sydnarke_plan, section_id=first)
    with pytest.raises(PermissionDenied):
        services.section_delete(actor=admin, association=other_plan.association, plan=other_plan,
                                section_id=first)
    services.section_move(actor=admin, association=association, plan=sydnarke_plan, section_id=first,
                          offset=-1)
    assert sections_of(sydnarke_plan)[0] == "Förord"


def test_two_people_editing_two_sections_both_keep_their_change(sydnarke_plan):
    association = sydnarke_plan.association
    one = make_user("en", association, "secretariat_admin")
    two = make_user("tva", association, "secretariat_admin")
    first, second = section_id(sydnarke_plan, 0), section_id(sydnarke_plan, 1)
    opened = [dict(s) for s in sydnarke_plan.sections[:2]]
    services.section_delete(actor=one, association=association, plan=sydnarke_plan, section_id=first)
    services.section_update(actor=two, association=association, plan=sydnarke_plan, section_id=second,
                            title=opened[1]["title"], text="Ny text",
                            expected_version=services.section_version(opened[1]))
    sydnarke_plan.refresh_from_db()
    assert [(s["id"], s["text"]) for s in sydnarke_plan.sections[:1]] == [(second, "Ny text")]


def test_a_stale_section_edit_is_a_conflict_and_keeps_the_other_text(sydnarke_plan):
    association = sydnarke_plan.association
    one = make_user("en", association, "secretariat_admin")
    first = section_id(sydnarke_plan, 0)
    opened = services.section_version(sydnarke_plan.sections[0])
    services.section_update(actor=one, association=association, plan=sydnarke_plan, section_id=first,
                            title="Bakgrund", text="Den andras text", expected_version=opened)
    with pytest.raises(Conflict) as conflict:
        services.section_update(actor=one, association=association, plan=sydnarke_plan, section_id=first,
                                title="Bakgrund", text="Min text", expected_version=opened)
    assert conflict.value.current["text"] == "Den andras text"
    sydnarke_plan.refresh_from_db()
    assert sydnarke_plan.sections[0]["text"] == "Den andras text"


def test_command_writes_the_file(sydnarke_plan, tmp_path):
    out = io.StringIO()
    target = tmp_path / "plan.docx"
    call_command("document", "sydnarke", "--year", "2022", "--kind", "plan", "--format", "docx",
                 "-o", str(target), stdout=out)
    assert out.getvalue().startswith(f"Skrev {target} (")
    document = docx.Document(str(target))
    assert any(p.text == "11.3 Beslut" and p.style.name == "Heading 2" for p in document.paragraphs)


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "tables", "--format", "pdf"], "Tabeller finns inte som PDF; välj xlsx."),
    (["--kind", "tertial", "--format", "pdf"], "Ange tertial 1, 2 eller 3 för tertialrapporten."),
    (["--kind", "plan", "--format", "pdf", "--tertial", "2"], "Tertial anges bara för tertialrapporten."),
])
def test_command_refuses_unsupported_combinations_with_code_2(sydnarke_plan, args, message):
    with pytest.raises(CommandError) as error:
        call_command("document", "sydnarke", "--year", "2022", *args)
    assert error.value.returncode == 2
    assert str(error.value) == message


def test_command_refuses_unknown_association_with_code_2(sydnarke_plan):
    with pytest.raises(CommandError) as error:
        call_command("document", "okand", "--year", "2022", "--kind", "plan", "--format", "pdf")
    assert error.value.returncode == 2


def test_command_exit_code_from_the_shell():
    samordna = Path(sys.executable).with_name("samordna")
    result = subprocess.run([str(samordna), "document", "sydnarke", "--year", "2022", "--kind", "plan",
                             "--format", "xlsx"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "Verksamhetsplan finns inte som Excel; välj docx, pdf eller html." in result.stderr


def test_documents_page_of_an_association_without_plan_says_so(client):
    association = Association.objects.create(slug="ny", name="Samordningsförbundet Ny")
    sign_in(client, make_user("ny-kansli", association, "secretariat_admin"))
    response = client.get(reverse("documents", args=["ny"]))
    assert response.status_code == 200
    assert "Förbundet har ingen verksamhetsplan ännu." in response.content.decode()
    assert client.get(reverse("document_view", args=["ny", "verksamhetsplan"])).status_code == 404
