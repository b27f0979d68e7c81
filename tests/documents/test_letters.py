"""Member letters (FINSAM.md §8): one per member and never one invoicing Arbetsförmedlingen,
dated with the decision date (or the chosen date before the consultation), signed by the
director with the decision's reference, with the change since last year to the krona; the
files opened with their own libraries; the record of letters sent."""

import io
import re
import zipfile
from datetime import date, timedelta

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader
from tests.conftest import login_as, make_user, plan_path

from samordna.audit.models import ChangeRecord
from samordna.documents import services
from samordna.documents.generate import UnsupportedDocument, document_file, letters_zip
from samordna.documents.letters import LetterRequest, Signatory, letters_document
from samordna.documents.models import LetterDispatch
from samordna.economy.services import plan_load
from samordna.organisation.models import Association

NB = "\u00a0"
DIRECTOR = Signatory("Eva Exempel", "Förbundschef")


def plain(value: str) -> str:
    return re.sub(r"\s+", " ", value.replace(NB, " ")).strip()


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return plain("\n".join(parts))


def pdf_pages(content: bytes) -> list[str]:
    return [plain(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def letter_texts(plan, request: LetterRequest, fmt: str = "docx") -> dict[str, str]:
    """{member name: the text of that member's own letter file}."""
    members = [m for m in plan.members if m.kind != "arbetsformedlingen"]
    out = {}
    for m in members:
        content = document_file(plan=plan, kind="letters", fmt=fmt,
                                letters=LetterRequest(**{**request.__dict__, "members": (m.id,)})).content
        out[m.name] = docx_text(content) if fmt == "docx" else " ".join(pdf_pages(content))
    return out


# ---------------------------------------------------------------- the letters as documents


def test_decision_letters_one_per_member_dated_signed_and_referenced(vatterbygden):
    texts = letter_texts(vatterbygden, LetterRequest(kind="decision", signatory=DIRECTOR))
    assert list(texts) == ["Försäkringskassan", "Region Jönköpings län", "Habo kommun", "Jönköpings kommun",
                           "Mullsjö kommun", "Vaggeryds kommun"]
    for name, text in texts.items():
        assert f"Till: {name}" in text
        assert "Datum: 19 november 2019" in text  # the plan's decision date, not today
        assert "Diarienummer: 2019:12 / 6" in text
        assert "fastställde verksamhetsplan 2020 den 19 november 2019 (diarienummer 2019:12 / 6)" in text
        assert "Med vänlig hälsning Samordningsförbundet Södra Vätterbygden Eva Exempel Förbundschef" in text


def test_decision_letter_shows_the_change_since_last_year_to_the_krona(vatterbygden):
    texts = letter_texts(vatterbygden, LetterRequest(kind="decision", signatory=DIRECTOR))
    habo = texts["Habo kommun"]
    # FINSAM.md F2: 106 400 → 118 400 kr; the kommuner +10,0 %, Habo's share 7,01 → 7,09 %.
    assert "Bidraget för 2020 är 118 400 kr, 12 000 kr (11,3 %) mer än 2019 (106 400 kr)." in habo
    assert "Kommunernas sammanlagda bidrag ändras från 1 518 000 kr till 1 670 000 kr (+10,0 %)." in habo
    assert "Habo kommuns andel av kommunernas bidrag ändras från 7,01 % till 7,09 %." in habo
    jonkoping = texts["Jönköpings kommun"]
    assert "Bidraget för 2020 är 1 345 100 kr, 119 400 kr (9,7 %) mer än 2019 (1 225 700 kr)." in jonkoping
    assert "ändras från 80,74 % till 80,54 %" in jonkoping
    assert "Bidraget för 2020 är 3 340 000 kr, 304 000 kr (10,0 %) mer än 2019 (3 036 000 kr)." in texts[
        "Försäkringskassan"]


def test_decision_letter_table_has_the_amount_and_change_per_year(vatterbygden):
    content = document_file(plan=vatterbygden, kind="letters", fmt="docx",
                            letters=LetterRequest(kind="decision", signatory=DIRECTOR, members=("habo",))).content
    table = docx.Document(io.BytesIO(content)).tables[0]
    rows = [[plain(c.text) for c in r.cells] for r in table.rows]
    assert rows == [["År", "Att betala, kr", "Förändring mot året före, kr", "Förändring, %", "Status"],
                    ["2020", "118 400", "12 000", "11,3 %", "beslutad"],
                    ["2021", "118 400", "0", "0,0 %", "preliminär"],
                    ["2022", "118 400", "0", "0,0 %", "preliminär"]]


def test_no_letter_invoices_arbetsformedlingen(sjuharad):
    # Seed 000 books AF 5 000 tkr for 2022; the state's half is invoiced to FK whole (F5).
    request = LetterRequest(kind="consultation", issued_on=date(2021, 10, 1), signatory=DIRECTOR)
    document = letters_document(sjuharad, request=request)
    text = plain(" ".join(b.text for b in document.blocks if hasattr(b, "text") and isinstance(b.text, str)))
    assert "Till: Arbetsförmedlingen" not in text
    texts = letter_texts(sjuharad, request)
    assert "Arbetsförmedlingen" not in texts
    fk = texts["Försäkringskassan"]
    assert "Bidraget för 2022 är 10 000 000 kr, 968 000 kr (10,7 %) mer än 2021 (9 032 000 kr)." in fk
    assert "båda delarna faktureras Försäkringskassan" in fk
    with pytest.raises(UnsupportedDocument):
        document_file(plan=sjuharad, kind="letters", fmt="pdf",
                      letters=LetterRequest(kind="consultation", issued_on=date(2021, 10, 1), members=("af",)))


def test_consultation_letter_is_dated_as_chosen_and_shows_the_headroom(vatterbygden):
    request = LetterRequest(kind="consultation", issued_on=date(2019, 3, 4), signatory=DIRECTOR)
    texts = letter_texts(vatterbygden, request, fmt="pdf")
    habo = texts["Habo kommun"]
    assert "Datum: 4 mars 2019" in habo
    assert "Underlag till medlemssamråd" in habo
    assert ("Den största total som alla besked för 2020 tillåter är 6 695 742 kr; den begränsas av "
            "Jönköpings kommun.") in habo
    assert "Habo kommuns besked är högst 127 680 kr. Förslaget innebär 118 400 kr, 9 280 kr under beskedet." in habo
    assert "Vid den största totalen skulle bidraget bli 118 679 kr, 9 001 kr under beskedet." in habo
    assert "Förslaget använder 3 340 000 kr, så 2 260 000 kr av erbjudandet lämnas outnyttjat." in habo
    assert "det är ert besked som sätter gränsen" in texts["Jönköpings kommun"]


def test_decision_letters_need_a_decision_date(minimal):
    with pytest.raises(UnsupportedDocument) as error:
        document_file(plan=minimal, kind="letters", fmt="pdf", letters=LetterRequest(kind="decision"))
    assert "inget beslutsdatum" in str(error.value)


def test_letters_without_last_year_say_so_and_use_the_previous_plan(sydnarke, vatterbygden):
    texts = letter_texts(sydnarke, LetterRequest(kind="decision", signatory=DIRECTOR))
    assert "Bidraget för 2021 finns inte i Samordna, så förändringen mot förra året kan inte visas." in texts[
        "Laxå kommun"]
    assert "Datum: 18 februari 2022" in texts["Laxå kommun"]


def test_letters_zip_has_one_pdf_per_member(sydnarke):
    result = letters_zip(plan=sydnarke, year=2022, letters=LetterRequest(kind="decision", signatory=DIRECTOR))
    assert result.filename == "Medlemsbrev 2022 Samordningsförbundet Sydnärke.zip"
    archive = zipfile.ZipFile(io.BytesIO(result.content))
    names = archive.namelist()
    assert names == [f"Medlemsbrev 2022 {n}.pdf" for n in (
        "Försäkringskassan", "Region Örebro län", "Laxå kommun", "Hallsbergs kommun", "Kumla kommun",
        "Askersunds kommun")]
    laxa = " ".join(pdf_pages(archive.read("Medlemsbrev 2022 Laxå kommun.pdf")))
    assert "Till: Laxå kommun" in laxa and "Till: Kumla kommun" not in laxa
    assert "135 231" in laxa and "Eva Exempel" in laxa


# ---------------------------------------------------------------- web


@pytest.fixture
def vatterbygden_plan(db):
    return plan_load(data=plan_path("sodra-vatterbygden-2020").read_bytes()).plan


@pytest.fixture
def kansli(client, vatterbygden_plan):
    association = vatterbygden_plan.association
    association.director_name = "Eva Exempel"
    association.director_title = "Förbundschef"
    association.save()
    return login_as(client, "kansli", association, "secretariat_admin")


def letter(client, member: str, fmt: str, query: str = ""):
    """One member's letter through the background path: ask for it (POST), then fetch it
    (GET). The tests' task backend makes it at once."""
    start = client.post(reverse("letter_job_start", args=["sodra-vatterbygden", member, fmt]) + query)
    assert start.status_code == 302
    assert start["Location"].startswith(reverse("letter_download", args=["sodra-vatterbygden", member, fmt]))
    return client.get(start["Location"])


def test_letters_page_lists_each_member_but_af_with_buttons_that_ask_for_the_files(kansli):
    html = kansli.get(reverse("letters", args=["sodra-vatterbygden"])).content.decode()
    assert "Beslut om medlemsbidrag, daterade <strong>2019-11-19</strong>, diarienummer 2019:12 / 6" in html
    assert "<strong>Eva Exempel</strong>" in html
    assert ('<form method="post" action="/f/sodra-vatterbygden/dokument/medlemsbrev/habo.pdf/skapa'
            '?plan=2020&amp;ar=2020&amp;typ=beslut"') in html
    assert "Skapa PDF<span class=\"sr-only\"> – Medlemsbrev 2020 till Habo kommun</span>" in html
    assert "/dokument/medlemsbrev/af." not in html
    assert "Arbetsförmedlingen får inget brev" in html
    assert 'action="/f/sodra-vatterbygden/dokument/medlemsbrev.zip/skapa?' in html
    assert 'action="/f/sodra-vatterbygden/dokument/medlemsbrev.pdf/skapa?' in html


def test_letters_page_offers_the_kinds_as_radio_buttons_with_the_shown_kind_chosen(kansli):
    # The kinds were once <option>s outside any <select>: unusable, and 444 px wide at 390 px.
    html = kansli.get(reverse("letters", args=["sodra-vatterbygden"])).content.decode()
    assert "<option" not in html
    assert '<input type="radio" name="typ" value="beslut" id="typ-beslut" checked>' in html
    assert '<input type="radio" name="typ" value="samrad" id="typ-samrad">' in html
    html = kansli.get(reverse("letters", args=["sodra-vatterbygden"]) + "?typ=samrad").content.decode()
    assert '<input type="radio" name="typ" value="samrad" id="typ-samrad" checked>' in html


def test_one_letter_downloads_as_word_with_the_directors_name(kansli):
    response = letter(kansli, "mullsjo", "docx", "?typ=beslut")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = docx_text(response.content)
    assert "Till: Mullsjö kommun" in text and "Eva Exempel Förbundschef" in text
    assert "Bidraget för 2020 är 70 600 kr, 5 400 kr (8,3 %) mer än 2019 (65 200 kr)." in text


def test_consultation_letters_carry_the_chosen_date(kansli):
    text = " ".join(pdf_pages(letter(kansli, "habo", "pdf", "?typ=samrad&datum=2019-03-04").content))
    assert "Datum: 4 mars 2019" in text
    page = kansli.get(reverse("letters", args=["sodra-vatterbygden"]) + "?typ=samrad&datum=2019-03-04")
    assert "typ=samrad&amp;datum=2019-03-04" in page.content.decode()


@pytest.mark.parametrize("query", ["?typ=samrad&datum=4%20mars", "?typ=samrad&datum=1899-01-01", "?typ=okand"])
def test_bad_letter_options_show_an_error_and_make_nothing(kansli, query):
    from samordna.documents.models import DocumentJob

    page = kansli.get(reverse("letters", args=["sodra-vatterbygden"]) + query)
    assert page.status_code == 200
    assert 'class="errors" role="alert"' in page.content.decode()
    assert kansli.get(reverse("letter_download", args=["sodra-vatterbygden", "habo", "pdf"]) + query).status_code == 404
    assert kansli.post(reverse("letter_job_start", args=["sodra-vatterbygden", "habo", "pdf"]) + query
                       ).status_code == 404
    assert DocumentJob.objects.count() == 0


def test_no_letter_url_for_arbetsformedlingen(kansli):
    assert kansli.get(reverse("letter_download", args=["sodra-vatterbygden", "af", "pdf"]) + "?typ=beslut"
                      ).status_code == 404
    assert kansli.post(reverse("letter_job_start", args=["sodra-vatterbygden", "af", "pdf"]) + "?typ=beslut"
                       ).status_code == 404
    assert kansli.post(reverse("letter_job_start", args=["sodra-vatterbygden", "habo", "zip"]) + "?typ=beslut"
                       ).status_code == 404


def test_zip_download(kansli):
    start = kansli.post(reverse("document_job_start", args=["sodra-vatterbygden", "medlemsbrev", "zip"])
                        + "?typ=beslut")
    assert start["Location"].startswith(reverse("letters_zip", args=["sodra-vatterbygden"]))
    response = kansli.get(start["Location"])
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert len(archive.namelist()) == 6
    habo = " ".join(pdf_pages(archive.read("Medlemsbrev 2020 Habo kommun.pdf")))
    assert "Bidraget för 2020 är 118 400 kr, 12 000 kr (11,3 %) mer än 2019 (106 400 kr)." in habo


def test_recording_letters_sent_lists_them_and_logs_who(kansli, vatterbygden_plan):
    url = reverse("letters_dispatch", args=["sodra-vatterbygden"]) + "?typ=beslut"
    response = kansli.post(url, {"members": ["habo", "fk"], "sent_on": "2019-11-25"})
    assert response.status_code == 302
    rows = LetterDispatch.objects.order_by("member__position")
    assert [(d.member.slug, d.kind, d.year, d.letter_date, d.sent_on, d.sent_by_name) for d in rows] == [
        ("fk", "decision", 2020, date(2019, 11, 19), date(2019, 11, 25), "kansli"),
        ("habo", "decision", 2020, date(2019, 11, 19), date(2019, 11, 25), "kansli")]
    record = ChangeRecord.objects.get(object_type="letter_dispatch")
    assert record.after["members"] == ["Försäkringskassan", "Habo kommun"]
    documents = kansli.get(reverse("documents", args=["sodra-vatterbygden"])).content.decode()
    assert "Skickade medlemsbrev" in documents and "<th scope=\"row\">Habo kommun</th>" in documents
    assert "2019-11-25" in documents


def test_recording_refuses_af_the_future_and_a_date_before_the_letter(kansli, vatterbygden_plan):
    url = reverse("letters_dispatch", args=["sodra-vatterbygden"]) + "?typ=beslut"
    html = kansli.post(url, {"members": ["af"], "sent_on": "2019-11-25"}).content.decode()
    assert "Välj ett giltigt alternativ" in html or "Arbetsförmedlingen" in html
    future = (date.today() + timedelta(days=2)).isoformat()
    html = kansli.post(url, {"members": ["habo"], "sent_on": future}).content.decode()
    assert "Breven kan inte registreras som skickade i framtiden." in html
    html = kansli.post(url, {"members": ["habo"], "sent_on": "2019-11-01"}).content.decode()
    assert "Breven är daterade 2019-11-19; de kan inte ha skickats före det." in html
    assert 'href="#id_sent_on"' in html
    assert LetterDispatch.objects.count() == 0


def test_dispatch_service_checks_the_role_and_the_members(vatterbygden_plan):
    association = vatterbygden_plan.association
    reader = make_user("ledamot", association, "board_member")
    admin = make_user("chef", association, "secretariat_admin")
    kwargs = dict(association=association, plan=vatterbygden_plan, kind="decision", year=2020,
                  letter_date=date(2019, 11, 19), sent_on=date(2019, 11, 20))
    with pytest.raises(PermissionDenied):
        services.letters_dispatch_record(actor=reader, member_slugs=["habo"], **kwargs)
    with pytest.raises(ValidationError) as error:
        services.letters_dispatch_record(actor=admin, member_slugs=["af"], **kwargs)
    assert "Arbetsförmedlingen får inget medlemsbrev" in str(error.value)
    with pytest.raises(ValidationError):
        services.letters_dispatch_record(actor=admin, member_slugs=["orebro"], **kwargs)
    with pytest.raises(ValidationError):
        services.letters_dispatch_record(actor=admin, member_slugs=[], **kwargs)
    with pytest.raises(ValidationError):
        services.letters_dispatch_record(actor=admin, member_slugs=["habo"], **{**kwargs, "year": 2030})
    assert LetterDispatch.objects.count() == 0
    rows = services.letters_dispatch_record(actor=admin, member_slugs=["habo", "habo"], **kwargs)
    assert [r.member.slug for r in rows] == ["habo"]


def test_director_is_edited_on_the_association_page(kansli, vatterbygden_plan):
    association = vatterbygden_plan.association
    form = kansli.get(reverse("association_edit", args=["sodra-vatterbygden"])).content.decode()
    assert 'name="director_name"' in form and "Eva Exempel" in form
    data = {"name": association.name, "director_name": "  Anna Annan ", "director_title": "Förbundschef",
            "revision": Association.objects.get(pk=association.pk).revision}
    assert kansli.post(reverse("association_edit", args=["sodra-vatterbygden"]), data).status_code == 302
    association.refresh_from_db()
    assert (association.director_name, association.director_title) == ("Anna Annan", "Förbundschef")
    record = ChangeRecord.objects.filter(object_type="association").latest("at")
    assert record.after["director_name"] == "Anna Annan"


def test_letters_command_signs_with_the_directors_name(vatterbygden_plan, tmp_path):
    # The command once left the name out: the letters were signed with the title only.
    from django.core.management import call_command

    association = vatterbygden_plan.association
    association.director_name = "Eva Exempel"
    association.save()
    target = tmp_path / "brev.docx"
    call_command("document", "sodra-vatterbygden", "--year", "2020", "--kind", "letters",
                 "--format", "docx", "-o", str(target), stdout=io.StringIO())
    text = docx_text(target.read_bytes())
    assert "Eva Exempel Förbundschef" in text
