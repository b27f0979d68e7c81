"""Follow-up files (finsam.followup_file): every cell checked, every error by row and column."""

from datetime import date

import pytest

from samordna.finsam import followup as fu
from samordna.finsam import followup_file as ff

TARGETS = {"enter": ff.Target("deidentified", "individual"), "fia": ff.Target("identified", "individual"),
           "lokala": ff.Target("count", "structural"), "volym": ff.Target("count", "individual")}
KOMMUNER = {"habo", "mullsjo"}
HEADER = ["intervention", "code", "gender", "start", "end", "occupation_after", "end_reason", "support_before",
          "municipality", "assessed_work_capacity"]


def parse(header, rows, **kw):
    return ff.parse_table(header, rows, interventions=TARGETS, kommuner=KOMMUNER, **kw)


def errors(parsed) -> list[tuple[int, str | None, str]]:
    return [(e.row, e.column, e.message) for e in parsed.errors]


def test_a_good_file_gives_records_without_codes():
    parsed = parse(HEADER, [
        ["enter", "K1", "kvinna", "2022-01", "2022-06", "arbete", "arbete", "forsorjningsstod:100", "habo", "ja"],
        ["fia", "K1", "man", "2022-03", "", "", "", "ingen", "", "nej"],
    ])
    assert parsed.ok and parsed.kind == "records" and parsed.rows == 2
    first, second = (r.record for r in parsed.records)
    assert first == fu.Record(intervention="enter", code="", provider_code="K1", gender="kvinna",
                              start=date(2022, 1, 1), end=date(2022, 6, 1), occupation_after="arbete",
                              end_reason="arbete", support_before=(fu.Support("forsorjningsstod", 100),),
                              municipality="habo", assessed_work_capacity=True)
    assert (second.intervention, second.end, second.support_before, second.assessed_work_capacity) == (
        "fia", None, (), False)
    assert [r.row for r in parsed.records] == [2, 3]


def test_column_order_is_free_and_a_bom_is_ignored():
    parsed = parse(["\ufeffstart", "gender", "code", "intervention"], [["2022-01", "annat", "X", "enter"]])
    assert parsed.ok and parsed.records[0].record.gender == "annat"


def test_header_errors_name_the_column():
    parsed = parse(["intervention", "code", "gender", "namn", "code", ""], [])
    assert errors(parsed) == [(1, "namn", "okänd kolumn."), (1, "(tom)", "kolumnen saknar namn."),
                              (1, "code", "kolumnen står två gånger."),
                              (1, "start", "kolumnen saknas (den är obligatorisk).")]


def test_every_bad_cell_is_reported_by_row_and_column():
    parsed = parse(HEADER, [
        ["enter", "900101-1234", "k", "2022-13", "2021-01", "arbete", "lotto", "sjukpenning:150", "oslo", "kanske"],
        ["okand", "", "", "", "", "", "", "", "", ""] + ["x"],
        ["lokala", "A", "man", "2022-01", "", "", "", "", "", ""],
        ["enter", "B", "man", "2022-05", "2022-03", "", "", "", "", ""],
        ["enter", "C", "man", "2022-05", "", "arbete", "avbrott", "", "", ""],
    ])
    assert not parsed.ok and parsed.records == ()
    assert errors(parsed) == [
        (2, "code", "koden ser ut som ett personnummer. Använd utförarens egen löpande kod; personnummer får inte "
                    "lagras."),
        (2, "gender", "”k” är inte en könsuppgift (kvinna, man, annat)."),
        (2, "municipality", "”oslo” är inte en medlemskommun i förbundet."),
        (2, "start", "”2022-13”: månaden ska vara 01–12."),
        (2, "support_before", "Omfattningen för ”sjukpenning” ska vara ett heltal 1–100 (procent av heltid)."),
        (2, "assessed_work_capacity", "”kanske” är inte ett giltigt svar (ja, nej)."),
        (2, "end_reason", "”lotto” är inte en avslutsorsak (arbete, studier, praktik, annan_insats, sjukdom, avbrott, "
                          "flytt, annan_orsak, felregistrering)."),
        (3, None, "raden har fler värden än rubrikraden har kolumner."),
        (3, "intervention", "”okand” är inte en insats i förbundets plan."),
        (3, "code", "värde saknas."), (3, "gender", "värde saknas."), (3, "start", "värde saknas."),
        (4, "intervention", "insatsen ”lokala” följs upp med antal per period, inte med deltagarposter."),
        (5, "end", "slutmånaden ligger före startmånaden."),
        (6, "occupation_after", "anges först när inskrivningen har en slutmånad (end)."),
        (6, "end_reason", "anges först när inskrivningen har en slutmånad (end)."),
    ]


def test_the_same_code_twice_for_an_intervention_is_refused_with_the_other_row():
    parsed = parse(["intervention", "code", "gender", "start", "end"], [
        ["enter", "K1", "kvinna", "2022-01", "2022-06"],
        ["enter", "K1", "kvinna", "2022-03", ""],
        ["enter", "K2", "kvinna", "2022-01", "2022-02"],
        ["enter", "K2", "kvinna", "2022-05", ""],
        ["fia", "K1", "kvinna", "2022-01", ""],
    ])
    assert errors(parsed) == [
        (2, "code", "samma kod ”K1” för insatsen enter står också på rad 3 med överlappande period. En kod hör "
                    "till en inskrivning."),
        (3, "code", "samma kod ”K1” för insatsen enter står också på rad 2 med överlappande period. En kod hör "
                    "till en inskrivning."),
        (4, "code", "samma kod ”K2” för insatsen enter står också på rad 5. En kod hör till en inskrivning."),
        (5, "code", "samma kod ”K2” för insatsen enter står också på rad 4. En kod hör till en inskrivning."),
    ]


def test_blank_rows_are_skipped_and_felregistrering_voids():
    parsed = parse(["intervention", "code", "gender", "start", "end", "end_reason"], [
        ["", "", "", "", "", ""], ["enter", "A", "man", "2022-01", "2022-02", "wrongly_registered"], []])
    assert parsed.ok and parsed.skipped_blank == 2
    record = parsed.records[0].record
    assert (record.end_reason, record.voided) == ("felregistrering", True)


def test_too_many_rows_are_refused_before_parsing():
    config = fu.Config(max_rows=2)
    parsed = parse(["intervention", "code", "gender", "start"], [["enter", str(i), "man", "2022-01"] for i in range(3)],
                   config=config)
    assert errors(parsed) == [(1, None, "Filen har 3 rader; högst 2 tas emot åt gången.")]


def test_a_very_long_cell_is_refused():
    parsed = parse(["intervention", "code", "gender", "start"], [["enter", "K", "man", "2" * 201]])
    assert errors(parsed) == [(2, "start", "värdet är längre än 200 tecken.")]


def test_a_file_of_neither_kind():
    assert errors(parse(["namn"], [])) == [
        (1, None, "Filen har varken kolumnen code (deltagarposter) eller period (antal per period).")]


def test_row_error_text():
    assert ff.RowError(3, "gender", "värde saknas.").text() == "Rad 3, kolumn gender: värde saknas."
    assert ff.RowError(1, None, "x").text() == "Rad 1: x"


# ---------------------------------------------------------------- counts


def test_a_count_file():
    parsed = parse(["intervention", "period", "antal"], [["lokala", "2022-T1", "40"], ["lokala", "2022-05", "7"]])
    assert parsed.ok and parsed.kind == "counts"
    assert [c.entry for c in parsed.counts] == [fu.CountEntry("lokala", 2022, "tertial", 1, head_count=40),
                                                fu.CountEntry("lokala", 2022, "month", 5, head_count=7)]
    people = parse(["intervention", "period", "kvinna", "man", "annat"], [["volym", "2022-02", "3", "4", ""]])
    assert people.counts[0].entry == fu.CountEntry("volym", 2022, "month", 2, 3, 4, 0)


def test_count_file_errors():
    parsed = parse(["intervention", "period", "kvinna", "antal"], [
        ["enter", "2022-T1", "1", ""],
        ["lokala", "2022-T4", "", "3"],
        ["lokala", "2022-T1", "2", ""],
        ["lokala", "2022-T2", "", "-1"],
        ["lokala", "2022-T2", "", "5"],
        ["lokala", "2022-06", "", "5"],
        ["lokala", "2022-T2", "", "6"],
        ["", "", "", "1"],
    ])
    assert errors(parsed) == [
        (2, "intervention", "insatsen ”enter” följs upp med deltagarposter, inte med antal."),
        (3, "period", "”2022-T4” är inte en period (ÅÅÅÅ-MM eller ÅÅÅÅ-T1/T2/T3)."),
        (4, None, "En strukturövergripande insats redovisar bara antal personer, inte kön."),
        (5, "antal", "”-1” är inte ett heltal."),
        (7, None, "Det finns redan ett antal för tertial 2 2022, som täcker samma månader. Ändra det i stället."),
        (8, "period", "samma insats och period står också på rad 6."),
        (9, "intervention", "värde saknas."), (9, "period", "värde saknas."),
    ]


@pytest.mark.parametrize(("text", "parsed"), [("2022-03", (2022, "month", 3)), ("2022-T3", (2022, "tertial", 3))])
def test_parse_period(text, parsed):
    assert ff.parse_period(text) == parsed
    entry = fu.CountEntry("x", *parsed)
    assert ff.period_str(entry) == text


@pytest.mark.parametrize("text", ["2022-13", "2022-T0", "22-03", "1800-01"])
def test_parse_period_refuses(text):
    with pytest.raises(ValueError):
        ff.parse_period(text)


def test_records_table_round_trips_through_the_parser():
    record = fu.Record(intervention="enter", code="", provider_code="K9", gender="man", start=date(2022, 1, 1),
                       end=date(2022, 9, 1), age_band="25-29", municipality="mullsjo", occupation_before="annat",
                       occupation_after="studier", support_before=(fu.Support("sjukpenning", 50),
                                                                   fu.Support("aktivitetsstod", 50)),
                       support_after=(), months_on_support_before=14, assessed_work_capacity=False,
                       end_reason="studier", education_level="gymnasial", progression_start=2, progression_end=5,
                       employment_months=None)
    header, rows = ff.records_table([record])
    assert header == list(ff.RECORD_COLUMNS)
    assert parse(header, rows).records[0].record == record
