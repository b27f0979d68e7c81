"""Importing follow-up files: bad rows listed and nothing saved; a good file saves all rows;
a stored intervention+code updates its enrolment; duplicates found; CSV and .xlsx alike."""

import io
from datetime import date

import pytest
from openpyxl import Workbook

from samordna.accounts.permissions import SYSTEM
from samordna.audit.models import ChangeRecord
from samordna.followup.files import FileProblem, read_table, write_csv
from samordna.followup.models import Enrolment, ParticipantCount
from samordna.followup.services import followup_import

from .conftest import person

pytestmark = pytest.mark.django_db

GOOD = ("intervention;code;gender;age_band;municipality;start;end;occupation_after;end_reason;support_before\n"
        "enter;K1;kvinna;20-24;habo;2020-01;2020-06;arbete;arbete;forsorjningsstod:100\n"
        "enter;K2;man;30-39;jonkoping;2020-02;;;;sjukpenning:50+aktivitetsstod:50\n"
        "fia;K1;annat;;;2020-03;2020-09;studier;studier;ingen\n")


def table(text: str):
    return read_table(text.encode("utf-8"))


def run(association, text, actor=SYSTEM, **kw):
    header, rows = table(text)
    return followup_import(actor=actor, association=association, header=header, rows=rows, filename="fil.csv", **kw)


def test_a_good_file_saves_every_row(association):
    result = run(association, GOOD)
    assert (result.ok, result.kind, result.new, result.updated, result.unchanged, result.rows) == (
        True, "records", 3, 0, 0, 3)
    assert result.per_intervention == {"enter": 2, "fia": 1}
    assert list(Enrolment.objects.order_by("code").values_list("code", "provider_code", "gender")) == [
        ("ENT-2020-0001", "K1", "kvinna"), ("ENT-2020-0002", "K2", "man"), ("FIA-2020-0001", "K1", "annat")]
    entry = ChangeRecord.objects.get(object_type="followup_file")
    assert entry.after == {"nya": 3, "ändrade": 0, "oförändrade": 0, "rader": 3}
    assert [c["path"] for c in entry.changes] == ["ENT-2020-0001", "ENT-2020-0002", "FIA-2020-0001"]


def test_a_file_with_a_bad_row_saves_nothing_and_lists_every_error(association):
    bad = GOOD + "enter;900101-1234;kvinna;;;2020-13;;;;\nenter;K1;kvinna;;;2020-02;;;;\n"
    result = run(association, bad)
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(2, "code"), (5, "code"), (5, "start"), (6, "code")]
    assert Enrolment.objects.count() == 0
    assert not ChangeRecord.objects.filter(object_type="followup_file").exists()


def test_a_stored_code_updates_its_enrolment(association):
    run(association, GOOD)
    changed = GOOD.replace("enter;K2;man;30-39;jonkoping;2020-02;;;;", "enter;K2;man;30-39;jonkoping;2020-02;2020-11;"
                                                                     "arbetssokande;avbrott;")
    result = run(association, changed + "enter;K3;kvinna;;;2020-05;;;;\n")
    assert (result.new, result.updated, result.unchanged) == (1, 1, 2)
    k2 = Enrolment.objects.get(provider_code="K2", intervention__slug="enter")
    assert (k2.code, k2.end_month, k2.end_reason, k2.revision) == ("ENT-2020-0002", date(2020, 11, 1), "avbrott", 2)
    assert Enrolment.objects.get(provider_code="K3").code == "ENT-2020-0003"
    entry = ChangeRecord.objects.filter(object_type="followup_file").order_by("-id").first()
    assert entry.changes[1]["before"] == {"age_band": "30-39", "code": "K2", "gender": "man",
                                          "municipality": "jonkoping", "start": "2020-02",
                                          "support_before": "sjukpenning:50+aktivitetsstod:50"}


def test_the_same_file_twice_changes_nothing(association):
    run(association, GOOD)
    before = ChangeRecord.objects.count()
    result = run(association, GOOD)
    assert (result.new, result.updated, result.unchanged) == (0, 0, 3)
    assert ChangeRecord.objects.count() == before
    assert set(Enrolment.objects.values_list("revision", flat=True)) == {1}


def test_duplicates_in_a_file_are_found(association):
    result = run(association, GOOD + "enter;K1;kvinna;;;2020-03;;;;\n")
    assert [(e.row, e.column) for e in result.errors] == [(2, "code"), (5, "code")]
    assert "överlappande period" in result.errors[0].message
    assert Enrolment.objects.count() == 0


def test_a_dry_run_writes_nothing(association):
    result = run(association, GOOD, dry_run=True)
    assert (result.ok, result.new) == (True, 3)
    assert Enrolment.objects.count() == 0 and not ChangeRecord.objects.filter(object_type="followup_file").exists()


def test_a_reporter_imports_only_for_assigned_interventions(association, reporter):
    result = run(association, GOOD, actor=reporter)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (4, "intervention", "du är inte tilldelad insatsen ”fia”.")]
    assert Enrolment.objects.count() == 0
    ok = run(association, GOOD.rsplit("fia", 1)[0].rstrip("\n") + "\n", actor=reporter)
    assert ok.ok and Enrolment.objects.count() == 2


def test_the_kansli_may_not_import(association):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(association, GOOD, actor=person(association, "secretariat_admin", "kansli"))


def test_a_count_file_saves_and_replaces_periods(association):
    text = "intervention;period;antal\nsams;2020-T1;40\nsams;2020-T2;35\n"
    result = run(association, text)
    assert (result.kind, result.new) == ("counts", 2)
    result = run(association, "intervention;period;antal\nsams;2020-T1;41\n")
    assert (result.new, result.updated) == (0, 1)
    assert list(ParticipantCount.objects.order_by("period").values_list("period", "head_count")) == [(1, 41), (2, 35)]


def test_a_count_file_may_not_overlap_stored_periods(association):
    run(association, "intervention;period;antal\nsams;2020-T1;40\n")
    result = run(association, "intervention;period;antal\nsams;2020-02;4\n")
    assert [e.message for e in result.errors] == [
        "Det finns redan ett antal för tertial 1 2020, som täcker samma månader. Ändra det i stället."]
    assert ParticipantCount.objects.count() == 1


# ---------------------------------------------------------------- reading files


def test_csv_with_bom_comma_or_semicolon():
    for text in ("\ufeffintervention;code\nenter;K1\n", "intervention,code\r\nenter,K1\r\n"):
        assert read_table(text.encode("utf-8")) == (["intervention", "code"], [["enter", "K1"]])


def test_a_non_utf8_file_is_refused_in_swedish():
    with pytest.raises(FileProblem) as exc:
        read_table("intervention;code\nenter;Å1\n".encode("cp1252"))
    assert str(exc.value).startswith("Filen är inte UTF-8.")


@pytest.mark.parametrize(("content", "message"), [
    (b"", "Filen är tom."), (b"   \n", "Filen är tom."),
    (b"PK\x03\x04broken", "Filen kan inte läsas som Excel (.xlsx)."),
    (b"a;b\x00", "Filen innehåller ogiltiga tecken (är det en binärfil?)."),
])
def test_unreadable_files_are_refused(content, message):
    with pytest.raises(FileProblem) as exc:
        read_table(content)
    assert str(exc.value) == message


def test_too_many_columns_are_refused():
    with pytest.raises(FileProblem) as exc:
        read_table((";".join(f"c{i}" for i in range(41)) + "\n").encode())
    assert str(exc.value) == "Filen har fler än 40 kolumner."


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_first_sheet_is_read_like_csv(association):
    content = xlsx([["intervention", "code", "gender", "start", "months_on_support_before"],
                    ["enter", "K1", "kvinna", date(2020, 3, 1), 12], ["enter", 7, "man", "2020-04", 3.0], []])
    header, rows = read_table(content, "fil.xlsx")
    assert rows == [["enter", "K1", "kvinna", "2020-03", "12"], ["enter", "7", "man", "2020-04", "3"]]
    result = followup_import(actor=SYSTEM, association=association, header=header, rows=rows)
    assert result.ok and Enrolment.objects.count() == 2


def test_write_csv_is_excel_friendly():
    assert write_csv(["a", "b"], [["1", "x;y"]]) == "\ufeffa;b\r\n1;\"x;y\"\r\n".encode()
