"""Follow-up pages with the same actors (reporter, kansli, board member, outsider), after first
creating the data that could leak: records of an intervention the reporter is not assigned
to, and another association's records."""

from datetime import date

import pytest
from django.urls import reverse

from samordna.accounts.permissions import SYSTEM
from samordna.audit.models import ChangeRecord
from samordna.finsam import followup as fu
from samordna.followup.models import Enrolment, ParticipantCount
from samordna.followup.services import followup_import
from tests.conftest import sign_in

from .conftest import person

pytestmark = pytest.mark.django_db

RECORDS = ["intervention;code;gender;start;end;occupation_after;end_reason;assessed_work_capacity"]
RECORDS += [f"enter;E{i:02d};{'kvinna' if i % 2 else 'man'};2020-0{1 + i % 6};2020-1{i % 2};"
            f"{'arbete' if i % 2 == 0 else 'annat'};{'arbete' if i % 2 == 0 else 'avbrott'};ja" for i in range(12)]
RECORDS += ["fia;HEMLIG-FIA;kvinna;2020-02;2020-06;arbete;arbete;ja", "fia;F2;man;2020-02;;;;"]


@pytest.fixture
def data(association, other, enter, fia, sams):
    header, *rows = [line.split(";") for line in RECORDS]
    assert followup_import(actor=SYSTEM, association=association, header=header, rows=rows).ok
    ParticipantCount.objects.create(association=association, intervention=sams, year=2020, kind="tertial", period=1,
                                    head_count=40)
    return association


def client_for(client, user):
    return sign_in(client, user)


def url(name, *args):
    return reverse(name, args=["sodra-vatterbygden", *args]) + "?plan=2020"


def test_a_reporter_sees_and_edits_only_the_assigned_interventions_records(client, data, reporter):
    http = client_for(client, reporter)
    page = http.get(url("followup_detail", "enter")).content.decode()
    assert "ENT-2020-0001" in page and "E00" in page and "Ny deltagarpost" in page
    fia_page = http.get(url("followup_detail", "fia"))
    assert fia_page.status_code == 200
    html = fia_page.content.decode()
    assert "HEMLIG-FIA" not in html and "FIA-2020-0001" not in html and "Ny deltagarpost" not in html
    assert http.get(url("enrolment_edit", "fia", "FIA-2020-0001")).status_code == 404
    assert http.get(url("enrolment_new", "fia")).status_code == 404
    assert http.get(url("enrolment_edit", "enter", "ENT-2020-0001")).status_code == 200
    assert http.get(reverse("followup_overview", args=["sjuharad"])).status_code == 404
    assert "HEMLIG-SJU" not in page


def test_the_kansli_sees_aggregates_but_no_record(client, data):
    http = client_for(client, person(data, "secretariat_admin", "kansli"))
    for name, args in (("followup_overview", ()), ("followup_detail", ("enter",)), ("followup_detail", ("fia",)),
                       ("goals", ())):
        html = http.get(url(name, *args)).content.decode()
        for secret in ("HEMLIG-FIA", "ENT-2020-0001", "E03", "HEMLIG-SJU"):
            assert secret not in html, f"{secret} on {name}"
    assert http.get(url("enrolment_edit", "enter", "ENT-2020-0001")).status_code == 403
    overview = http.get(url("followup_overview")).content.decode()
    assert "Läs in fil" not in overview and "Tilldela insatser" in overview


def test_a_reader_without_rights_sees_small_counts_hidden(client, data):
    http = client_for(client, person(data, "board_member", "ledamot"))
    html = http.get(url("followup_detail", "fia")).content.decode()
    assert "&lt;5" in html
    rows = http.get(url("followup_overview")).content.decode()
    assert "färre än 5 av" not in rows or "&lt;5" in rows
    enter = http.get(url("followup_detail", "enter")).content.decode()
    assert "(6 av 12)" in enter  # large enough to show: ended 12, to work 6


def test_the_assigned_reporter_sees_the_small_counts_of_their_intervention(client, data, reporter, fia):
    from samordna.accounts.models import InterventionAssignment

    InterventionAssignment.objects.create(user=reporter, intervention=fia)
    html = client_for(client, reporter).get(url("followup_detail", "fia")).content.decode()
    assert "&lt;5" not in html and "HEMLIG-FIA" in html


def test_registering_a_record_in_the_form(client, data, reporter):
    http = client_for(client, reporter)
    response = http.post(url("enrolment_new", "enter"), {
        "provider_code": "NY-1", "gender": "man", "start": "2020-09", "age_band": "20-24", "municipality": "habo",
        "support_before_forsorjningsstod": "100", "assessed_work_capacity": "ja"})
    assert response.status_code == 302
    e = Enrolment.objects.get(provider_code="NY-1")
    assert (e.code, e.support_before, e.assessed_work_capacity, e.municipality.slug) == (
        "ENT-2020-0013", [["forsorjningsstod", 100]], True, "habo")


def test_the_form_refuses_a_personnummer_and_keeps_the_input(client, data, reporter):
    http = client_for(client, reporter)
    response = http.post(url("enrolment_new", "enter"), {"provider_code": "19900101-1234", "gender": "man",
                                                         "start": "2020-09", "support_before_none": "on",
                                                         "support_before_sjukpenning": "50"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Koden ser ut som ett personnummer" in html and 'value="2020-09"' in html
    assert "Välj antingen ingen försörjning eller källor med omfattning." in html
    assert not Enrolment.objects.filter(start_month=date(2020, 9, 1)).exists()


def test_editing_a_record_with_a_stale_revision_shows_the_other_change(client, data, reporter):
    http = client_for(client, reporter)
    e = Enrolment.objects.get(code="ENT-2020-0001")
    form = {"provider_code": e.provider_code, "gender": "annat", "start": "2020-02", "revision": "1"}
    assert http.post(url("enrolment_edit", "enter", e.code), form).status_code == 302
    stale = http.post(url("enrolment_edit", "enter", e.code), {**form, "gender": "kvinna"}).content.decode()
    assert "har ändrats av rapportor" in stale and "Så här ser det ut nu" in stale
    assert Enrolment.objects.get(code="ENT-2020-0001").gender == "annat"


def test_counts_are_registered_per_period(client, data, sams):
    officer = person(data, "participant_officer", "handlaggare", [sams])
    http = client_for(client, officer)
    page = http.get(url("count_edit", "sams") + "&period=2020-T1").content.decode()
    assert 'value="40"' in page
    assert http.post(url("count_edit", "sams"), {"period": "2020-T2", "head_count": "25"}).status_code == 302
    refused = http.post(url("count_edit", "sams"), {"period": "2020-03", "head_count": "2"}).content.decode()
    assert "täcker samma månader" in refused
    assert list(ParticipantCount.objects.order_by("period").values_list("period", "head_count")) == [(1, 40), (2, 25)]
    assert http.get(url("count_delete", "sams", "2020-T2")).status_code == 200
    assert http.post(url("count_delete", "sams", "2020-T2")).status_code == 302
    assert ParticipantCount.objects.count() == 1


def test_import_shows_every_bad_row_and_saves_nothing(client, data, reporter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    http = client_for(client, reporter)
    bad = "intervention;code;gender;start\nenter;N1;kvinna;2020-13\nfia;N2;man;2020-01\n"
    before = Enrolment.objects.count()
    html = http.post(url("followup_import"), {"file": SimpleUploadedFile("fil.csv", bad.encode())}).content.decode()
    assert "Filen fil.csv har 1 fel. Inget har sparats." in html
    assert "<th scope=\"row\">2</th><td>start (startmånad)</td><td>”2020-13”: månaden ska vara 01–12.</td>" in html
    assert "du är inte tilldelad insatsen" not in html  # row errors first; scope is checked on a clean file
    assert Enrolment.objects.count() == before


def test_import_previews_then_saves_all_rows(client, data, reporter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    http = client_for(client, reporter)
    good = "intervention;code;gender;start\nenter;N1;kvinna;2020-10\nenter;E00;man;2020-01\n"
    before = Enrolment.objects.count()
    preview = http.post(url("followup_import"), {"file": SimpleUploadedFile("fil.csv", good.encode())})
    html = preview.content.decode()
    assert "Alla 2 rader är korrekta. Ingenting är sparat ännu." in html
    assert "<li>1 nya deltagarposter</li>" in html and "<li>1 ändras</li>" in html
    assert Enrolment.objects.count() == before
    token = preview.context["token"]
    assert http.post(url("followup_import"), {"token": token + "x"}).status_code == 302
    assert Enrolment.objects.count() == before
    saved = http.post(url("followup_import"), {"token": token})
    assert saved.status_code == 302
    assert Enrolment.objects.count() == before + 1
    assert Enrolment.objects.get(provider_code="E00").gender == "man"


def test_a_preview_token_is_for_its_own_person(client, data, reporter, enter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    good = "intervention;code;gender;start\nenter;N9;kvinna;2020-10\n"
    token = client_for(client, reporter).post(url("followup_import"), {
        "file": SimpleUploadedFile("fil.csv", good.encode())}).context["token"]
    client.logout()
    other = person(data, "provider_reporter", "annan", [enter])
    assert client_for(client, other).post(url("followup_import"), {"token": token}).status_code == 302
    assert not Enrolment.objects.filter(provider_code="N9").exists()


def test_an_unreadable_upload_is_a_form_error(client, data, reporter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    http = client_for(client, reporter)
    html = http.post(url("followup_import"), {"file": SimpleUploadedFile("fil.csv", "å;ä".encode("cp1252"))}
                     ).content.decode()
    assert "Filen är inte UTF-8." in html
    html = http.post(url("followup_import"), {"file": SimpleUploadedFile("fil.pdf", b"%PDF")}).content.decode()
    assert "Välj en .csv- eller .xlsx-fil." in html


def test_the_template_is_the_formats_header(client, data, reporter):
    response = client_for(client, reporter).get(reverse("followup_template", args=["sodra-vatterbygden",
                                                                                   "deltagarposter"]))
    assert response.content.decode("utf-8-sig").splitlines()[0].startswith("intervention;code;gender;age_band")


def test_the_goals_page_computes_with_numerator_and_denominator(client, data, vatterbygden):
    from decimal import Decimal

    from samordna.followup.services import goal_measure_save

    enter = vatterbygden.association.interventions.get(slug="enter")
    goal = next(g for g in vatterbygden.interventions.get(intervention=enter).goals if g["text"].startswith("40%"))
    goal_measure_save(actor=SYSTEM, association=data, plan=vatterbygden, owner=enter, goal_text=goal["text"],
                      measure=fu.Measure("share", frozenset({"arbete", "studier"}), base="ended_able",
                                         target=Decimal("0.4")))
    http = client_for(client, person(data, "secretariat_admin", "kansli"))
    html = http.get(url("goals")).content.decode()
    assert "Andel avslutade till arbete eller studier, av dem som bedöms ha arbetsförmåga" in html
    assert "50,0\u00a0% (6 av 12)" in html
    assert "Kansliets mätning" in html and 'role="img"' in html
    chart = html[html.index('<section class="goal-chart"'):]
    chart = chart[:chart.index("</section>")]  # the chart and, beside it, its figures by gender
    assert 'role="img" aria-label="Stapeldiagram: Enter, 40% av deltagarna' in chart
    assert "<caption>Siffrorna i diagrammet (målvärde 40 %)</caption>" in chart
    assert '<th scope="row" class="t">Alla</th><td>50,0 % (6 av 12)</td>' in chart
    assert '<th scope="row" class="t">Kvinnor</th><td>0,0 % (0 av 6)</td>' in chart
    assert '<th scope="row" class="t">Män</th><td>100,0 % (6 av 6)</td>' in chart
    assert "Enkätsvar finns inte i Samordna ännu." in html
    tertial = http.get(url("goals") + "&ar=2020&tertial=1").content.decode()
    assert "januari–T1 2020" in tertial
    assert http.get(url("goals") + "&ar=abc").status_code == 404


def test_the_goal_measure_page_saves_and_forgets(client, data, vatterbygden):
    http = client_for(client, person(data, "secretariat_admin", "kansli"))
    fia_goals = vatterbygden.interventions.get(intervention__slug="fia").goals
    text = next(g["text"] for g in fia_goals if g["text"].startswith("30%"))
    page = url("goal_measure", "fia", fu.goal_key(text))
    assert http.get(page).status_code == 200
    response = http.post(page, {"kind": "share", "outcomes": ["arbete", "praktik"], "base": "ended", "target": "30"})
    assert response.status_code == 302
    html = http.get(url("goals")).content.decode()
    assert "Andel avslutade till arbete eller praktik eller arbetsprövning" in html
    assert http.post(page, {"forget": "1"}).status_code == 302
    assert ChangeRecord.objects.filter(object_type="goal_measure", action="delete").exists()
    assert http.get(url("goal_measure", "fia", "0" * 64)).status_code == 404


def test_identified_setup_switches_on_once_controller_and_agreement_are_recorded(client, data, enter):
    enter.follow_up = "identified"
    enter.save()
    http = client_for(client, person(data, "secretariat_admin", "kansli"))
    html = http.post(url("followup_identified", "enter"), {"switch_on": "1"}).content.decode()
    assert "Ange personuppgiftsansvarig" in html
    assert http.post(url("followup_identified", "enter"), {"controller": "region",
                                                           "agreement_reference": "PUB-1"}).status_code == 302
    assert http.post(url("followup_identified", "enter"), {"switch_on": "1"}).status_code == 302
    html = http.get(url("followup_identified", "enter")).content.decode()
    assert "<strong>påslagen</strong>" in html
    assert http.get(url("followup_identified", "fia")).status_code == 404


def test_assignments_page_assigns(client, data, fia):
    officer = person(data, "participant_officer", "handlaggare")
    http = client_for(client, person(data, "secretariat_admin", "kansli"))
    assert "handlaggare" in http.get(url("followup_assignments")).content.decode()
    assert http.post(url("followup_assignments"), {"user": str(officer.pk), "interventions": ["fia"]}
                     ).status_code == 302
    assert list(officer.intervention_assignments.values_list("intervention__slug", flat=True)) == ["fia"]
    assert http.post(url("followup_assignments"), {"user": "999"}).status_code == 404


def test_the_records_list_filters_and_keeps_its_queries(client, data, reporter, enter):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    http = client_for(client, reporter)
    html = http.get(url("followup_detail", "enter") + "&gender=man&state=ended").content.decode()
    assert "6 deltagarposter" in html
    with CaptureQueriesContext(connection) as few:
        http.get(url("followup_detail", "enter"))
    for i in range(20):
        Enrolment.objects.create(association=data, intervention=enter, code=f"X-{i}", gender="man",
                                 start_month=date(2020, 1, 1), municipality=data.members.get(slug="habo"))
    with CaptureQueriesContext(connection) as many:
        http.get(url("followup_detail", "enter"))
    assert len(many) == len(few)  # no query per record


def test_the_tertial_report_shows_participants_from_the_follow_up(client, data):
    http = client_for(client, person(data, "secretariat_admin", "kansli"))
    html = http.get(reverse("document_view", args=["sodra-vatterbygden", "tertialrapport"]) + "?plan=2020&ar=2020"
                    "&tertial=2").content.decode()
    assert "Deltagare per insats, januari–T2 2020" in html
    assert "Inga deltagare är registrerade ännu" not in html
    assert "HEMLIG-FIA" not in html
