"""The follow-up rulebook (finsam.followup): modes, codes, months, support, records, counts,
every indicator with its numerator and denominator, narrowing, voiding and suppression."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from samordna.finsam import followup as fu
from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab

Y2022 = fu.Period.year(2022)


def rec(code="A1", *, iv="enter", gender="kvinna", start=(2022, 1), end=None, **kw) -> fu.Record:
    return fu.Record(intervention=iv, code=code, gender=gender, start=date(*start, 1),
                     end=date(*end, 1) if end else None, **kw)


def ended(code, after=None, *, gender="kvinna", end=(2022, 6), **kw) -> fu.Record:
    return rec(code, gender=gender, end=end, occupation_after=after, **kw)


# ---------------------------------------------------------------- modes


@pytest.mark.parametrize(("value", "level", "mode"), [
    ("individual", "individual", "deidentified"), ("count", "individual", "count"),
    ("identified", "individual", "identified"), (None, "individual", "deidentified"),
    (None, "structural", "count"), ("individual", "structural", "deidentified"),
])
def test_mode_for_maps_the_plan_file_value(value, level, mode):
    assert fu.mode_for(value, level) == mode


@pytest.mark.parametrize(("mode", "value"), [("deidentified", "individual"), ("count", "count"),
                                             ("identified", "identified")])
def test_plan_value_for_writes_deidentified_as_individual(mode, value):
    assert fu.plan_value_for(mode) == value


def test_modes_are_the_vocabulary():
    assert fu.MODES == ("count", "deidentified", "identified")
    assert set(fu.RECORD_MODES) == {"deidentified", "identified"}


def test_identified_problem_refuses_without_two_factor_first():
    assert fu.identified_problem(controller=True, agreement=True, two_factor=False) == fu.IDENTIFIED_REFUSAL
    assert "kräver tvåfaktorsinloggning" in fu.IDENTIFIED_REFUSAL


def test_identified_problem_needs_controller_and_agreement():
    assert fu.identified_problem(controller=False, agreement=True, two_factor=True).startswith(
        "Ange personuppgiftsansvarig")
    assert fu.identified_problem(controller=True, agreement=False, two_factor=True).startswith(
        "Registrera personuppgiftsbiträdesavtalet")
    assert fu.identified_problem(controller=True, agreement=True, two_factor=True) is None


# ---------------------------------------------------------------- codes


@pytest.mark.parametrize("code", ["199001011234", "9001011234", "900101-1234", "19900101-1234", "900101+1234",
                                  "ABC9001011234", "kod 900101-1234 x", "9001 011234"])
def test_a_code_that_looks_like_a_personnummer_is_refused(code):
    assert fu.looks_like_personnummer(code)
    assert fu.provider_code_problem(code).startswith("Koden ser ut som ett personnummer")


@pytest.mark.parametrize("code", ["ENT-2022-0007", "K2020001", "123456789", "12345678901", "1234567890123",
                                  "900101-123", "AK-22017"])
def test_a_code_that_is_no_personnummer_is_accepted(code):
    assert not fu.looks_like_personnummer(code)
    assert fu.provider_code_problem(code) is None


@pytest.mark.parametrize(("code", "message"), [
    ("", "Ange utförarens kod."), ("x" * 41, "Koden får vara högst 40 tecken."),
    ("a\tb", "Koden innehåller otillåtna tecken."), ("=SUM(A1)", "Koden får inte börja med =, +, - eller @."),
    ("@x", "Koden får inte börja med =, +, - eller @."),
])
def test_provider_code_problem_names_the_rule(code, message):
    assert fu.provider_code_problem(code) == message


def test_forty_characters_are_allowed():
    assert fu.provider_code_problem("x" * 40) is None


@pytest.mark.parametrize(("slug", "prefix"), [("enter", "ENT"), ("fia", "FIA"), ("se-n-individ", "SEN"),
                                              ("a", "AXX"), ("123", "DEL"), ("aktiv-kraft", "AKT")])
def test_code_prefix_is_three_letters_of_the_id(slug, prefix):
    assert fu.code_prefix(slug) == prefix


def test_enrolment_code_is_prefix_year_and_running_number():
    assert fu.enrolment_code("ENT", 2022, 7) == "ENT-2022-0007"
    assert fu.enrolment_code("ENT", 2022, 12345) == "ENT-2022-12345"


# ---------------------------------------------------------------- months and periods


def test_parse_month_gives_the_first_of_the_month():
    assert fu.parse_month("2022-03") == date(2022, 3, 1)
    assert fu.parse_month(" 2022-12 ") == date(2022, 12, 1)


@pytest.mark.parametrize(("text", "message"), [
    ("2022-3", "”2022-3” är inte en månad (ÅÅÅÅ-MM)."), ("mars 2022", "”mars 2022” är inte en månad (ÅÅÅÅ-MM)."),
    ("2022-13", "”2022-13”: månaden ska vara 01–12."), ("2022-00", "”2022-00”: månaden ska vara 01–12."),
    ("1212-01", "”1212-01”: året ska vara 1990–2100."),
])
def test_parse_month_refuses_in_swedish(text, message):
    with pytest.raises(ValueError) as exc:
        fu.parse_month(text)
    assert str(exc.value) == message


def test_month_str_writes_the_file_form():
    assert fu.month_str(date(2022, 3, 1)) == "2022-03"
    assert fu.month_str(None) == ""


def test_periods_of_a_year_and_its_tertials():
    assert (Y2022.first, Y2022.last) == (date(2022, 1, 1), date(2022, 12, 1))
    t2 = fu.Period.tertial(2022, 2)
    assert (t2.first, t2.last, t2.label) == (date(2022, 5, 1), date(2022, 8, 1), "T2 2022")
    to_t2 = fu.Period.to_tertial(2022, 2)
    assert (to_t2.first, to_t2.last) == (date(2022, 1, 1), date(2022, 8, 1))
    t3 = fu.Period.tertial(2022, 3)
    assert (t3.first, t3.last) == (date(2022, 9, 1), date(2022, 12, 1))
    assert fu.Period.month(2022, 4) == fu.Period(date(2022, 4, 1), date(2022, 4, 1), "2022-04")


def test_period_contains_and_overlaps():
    t1 = fu.Period.tertial(2022, 1)
    assert t1.contains(date(2022, 4, 1)) and not t1.contains(date(2022, 5, 1)) and not t1.contains(None)
    assert t1.overlaps(fu.Period.month(2022, 4)) and not t1.overlaps(fu.Period.month(2022, 5))


# ---------------------------------------------------------------- support


def test_parse_support_reads_sources_and_extents():
    assert fu.parse_support("forsorjningsstod:100") == (fu.Support("forsorjningsstod", 100),)
    assert fu.parse_support("sjukpenning:50+aktivitetsstod:50") == (
        fu.Support("sjukpenning", 50), fu.Support("aktivitetsstod", 50))
    assert fu.parse_support("ingen") == ()


@pytest.mark.parametrize(("text", "message"), [
    ("sjukpenning", "”sjukpenning” ska skrivas KÄLLA:OMFATTNING, t.ex. forsorjningsstod:100."),
    ("ingen+sjukpenning:50", "”ingen” kan inte kombineras med andra källor."),
    ("lotto:100", "”lotto” är inte en känd försörjningskälla."),
    ("sjukpenning:50+sjukpenning:25", "”sjukpenning” står två gånger."),
    ("sjukpenning:0", "Omfattningen för ”sjukpenning” ska vara ett heltal 1–100 (procent av heltid)."),
    ("sjukpenning:101", "Omfattningen för ”sjukpenning” ska vara ett heltal 1–100 (procent av heltid)."),
    ("sjukpenning:halv", "Omfattningen för ”sjukpenning” ska vara ett heltal 1–100 (procent av heltid)."),
    ("sjukpenning:75+a-kassa:50", "Försörjningen är sammanlagt mer än 100 % av heltid."),
])
def test_parse_support_refuses_in_swedish(text, message):
    with pytest.raises(ValueError) as exc:
        fu.parse_support(text)
    assert str(exc.value) == message


def test_support_sources_are_configurable():
    config = replace(fu.DEFAULT_CONFIG, support_sources=("sjukpenning", "ingen"))
    with pytest.raises(ValueError):
        fu.parse_support("forsorjningsstod:100", config)
    assert fu.parse_support("sjukpenning:100", config) == (fu.Support("sjukpenning", 100),)


def test_support_str_round_trips():
    for text in ("ingen", "sjukpenning:50+aktivitetsstod:50", "a-kassa:100"):
        assert fu.support_str(fu.parse_support(text)) == text
    assert fu.support_str(None) == ""


# ---------------------------------------------------------------- records


def test_a_record_is_ongoing_in_a_period_it_overlaps():
    r = rec(start=(2021, 11), end=(2022, 1))
    assert r.ongoing_in(Y2022) and r.ongoing_in(fu.Period.year(2021))
    assert not r.ongoing_in(fu.Period.year(2023))
    assert rec(start=(2021, 3)).ongoing_in(fu.Period.year(2030))
    assert not rec(start=(2023, 1)).ongoing_in(Y2022)


def test_record_state():
    assert rec().state == "ongoing"
    assert rec(end=(2022, 2)).state == "ended"
    assert rec(end=(2022, 2), voided=True).state == "voided"


COMPLETE_START = {"age_band": "20-24", "municipality": "habo", "occupation_before": "annat",
                  "support_before": ()}
COMPLETE_END = {"end_reason": "arbete", "occupation_after": "arbete", "support_after": ()}


def test_a_record_is_complete_with_every_start_field_and_end_field_once_ended():
    assert fu.is_complete(rec(**COMPLETE_START))
    assert not fu.is_complete(rec(**{**COMPLETE_START, "support_before": None}))
    assert not fu.is_complete(rec(end=(2022, 5), **COMPLETE_START))
    assert fu.is_complete(rec(end=(2022, 5), **COMPLETE_START, **COMPLETE_END))
    assert not fu.is_complete(rec(end=(2022, 5), **COMPLETE_START, **{**COMPLETE_END, "end_reason": None}))


def test_record_problems_names_every_broken_field():
    bad = rec(gender="okänd", age_band="10-15", municipality="oslo", start=(2022, 5), end=(2022, 3),
              occupation_before="x", occupation_after="y", end_reason="z", education_level="q",
              months_on_support_before=601, employment_months=-1, progression_start=0, progression_end=8,
              provider_code="900101-1234", support_before=(fu.Support("lotto", 10),))
    problems = fu.record_problems(bad, kommuner={"habo"})
    assert problems == {
        "gender": "Okänd könsuppgift.", "age_band": "Okänd åldersgrupp.",
        "occupation_before": "Okänd sysselsättning.", "occupation_after": "Okänd sysselsättning.",
        "end_reason": "Okänd avslutsorsak.", "education_level": "Okänd utbildningsnivå.",
        "municipality": "Kommunen är inte medlem i förbundet.",
        "provider_code": "Koden ser ut som ett personnummer. Använd utförarens egen löpande kod; "
                         "personnummer får inte lagras.",
        "end": "Slutmånaden ligger före startmånaden.",
        "support_before": "”lotto” är inte en känd försörjningskälla.",
        "months_on_support_before": "Ange ett heltal 0–600.", "employment_months": "Ange ett heltal 0–600.",
        "progression_start": "Stegskalan går från 1 till 7.", "progression_end": "Stegskalan går från 1 till 7.",
    }


def test_record_problems_end_fields_need_an_end():
    problems = fu.record_problems(rec(end_reason="arbete", occupation_after="arbete", support_after=()))
    assert problems == {name: "Anges först när inskrivningen har en slutmånad." for name in
                        ("end_reason", "occupation_after", "support_after")}


def test_a_valid_record_has_no_problems():
    assert fu.record_problems(rec(end=(2022, 5), **COMPLETE_START, **COMPLETE_END), kommuner={"habo"}) == {}


def test_felregistrering_voids_and_the_list_is_configurable():
    assert fu.is_voiding("felregistrering") and not fu.is_voiding("arbete") and not fu.is_voiding(None)
    config = replace(fu.DEFAULT_CONFIG, voiding_end_reasons=("felregistrering", "flytt"))
    assert fu.is_voiding("flytt", config)
    assert fu.END_REASON_ALIASES["wrongly_registered"] == "felregistrering"


def test_overlapping_codes_finds_the_same_enrolment_twice():
    a = rec("1", provider_code="K1", start=(2022, 1), end=(2022, 6))
    b = rec("2", provider_code="K1", start=(2022, 5))
    c = rec("3", provider_code="K1", start=(2022, 7), iv="fia")
    d = rec("4", provider_code="K1", start=(2022, 7))
    assert fu.overlapping_codes([a, b, c]) == [(a, b)]
    assert fu.overlapping_codes([a, d]) == []
    assert fu.overlapping_codes([a, replace(b, voided=True)]) == []


# ---------------------------------------------------------------- counts


def entry(**kw) -> fu.CountEntry:
    return fu.CountEntry(**{"intervention": "lokala", "year": 2022, "kind": "month", "period": 3, **kw})


@pytest.mark.parametrize(("kw", "level", "message"), [
    ({"kind": "week"}, "individual", "Okänd periodtyp."),
    ({"year": 1800}, "individual", "Året ska vara 1990–2100."),
    ({"period": 13}, "individual", "Perioden ska vara 1–12."),
    ({"kind": "tertial", "period": 4}, "individual", "Perioden ska vara 1–3."),
    ({"women": -1}, "individual", "Antalen ska vara heltal 0–100000."),
    ({"men": 100_001}, "individual", "Antalen ska vara heltal 0–100000."),
    ({"women": 3}, "structural", "En strukturövergripande insats redovisar bara antal personer, inte kön."),
    ({"head_count": 3}, "individual", "En individinriktad insats redovisar kvinnor, män och annat kön."),
])
def test_count_problems_refuse_in_swedish(kw, level, message):
    assert fu.count_problems(entry(**kw), level=level) == [message]


def test_count_problems_refuse_a_month_inside_a_counted_tertial():
    tertial = entry(kind="tertial", period=1)
    assert fu.count_problems(entry(period=3), level="individual", others=[tertial]) == [
        "Det finns redan ett antal för tertial 1 2022, som täcker samma månader. Ändra det i stället."]
    assert fu.count_problems(entry(period=5), level="individual", others=[tertial]) == []
    assert fu.count_problems(entry(period=3), level="individual", others=[entry(period=3)]) == []
    assert fu.count_problems(entry(period=3), level="individual", others=[entry(intervention="x", kind="tertial",
                                                                                period=1)]) == []


def test_counted_adds_the_periods_inside_the_period():
    entries = [entry(period=1, women=2, men=3), entry(period=5, other=1), entry(kind="tertial", period=3, women=4),
               entry(year=2021, period=12, women=100), entry(period=2, head_count=7)]
    assert fu.counted(entries, Y2022) == fu.GenderCounts(6, 3, 1, 7)
    assert fu.counted(entries, fu.Period.to_tertial(2022, 1)) == fu.GenderCounts(2, 3, 0, 7)
    assert fu.counted(entries, fu.Period.month(2022, 9)) == fu.GenderCounts()  # a tertial is not split
    assert fu.GenderCounts(6, 3, 1, 7).total == 17


# ---------------------------------------------------------------- indicators


RECORDS = [
    ended("1", "arbete"), ended("2", "studier", gender="man"), ended("3", "arbetssokande"),
    ended("4", "annat", gender="annat"), ended("5", "arbete", end=(2021, 12), start=(2021, 1)),
    rec("6", gender="man"),  # ongoing
    ended("7", "arbete", voided=True, end_reason="felregistrering"),
    rec("8", start=(2023, 1)),  # after the year
]


def test_participants_count_enrolments_ongoing_in_the_period_by_gender():
    assert fu.participants(RECORDS, Y2022) == fu.GenderCounts(kvinna=2, man=2, annat=1)
    assert fu.participants(RECORDS, fu.Period.year(2021)) == fu.GenderCounts(kvinna=1)


def test_started_and_ended_in_the_period():
    assert [r.code for r in fu.started_in(RECORDS, Y2022)] == ["1", "2", "3", "4", "6"]
    assert [r.code for r in fu.ended_in(RECORDS, Y2022)] == ["1", "2", "3", "4"]


def test_ended_to_work_or_studies_is_occupation_after_over_ended():
    assert fu.ended_to_work_or_studies(RECORDS, Y2022) == fu.Figure(2, 4)
    assert fu.ended_to_work(RECORDS, Y2022) == fu.Figure(1, 4)
    assert fu.ended_to_work_or_studies(RECORDS, fu.Period.year(2021)) == fu.Figure(1, 1)
    assert fu.ended_to_work_or_studies(RECORDS, fu.Period.year(2023)) == fu.Figure(0, 0)


def test_a_voided_record_counts_nowhere():
    voided = [replace(r, voided=True) for r in RECORDS]
    assert fu.participants(voided, Y2022).total == 0
    assert fu.ended_to_work_or_studies(voided, Y2022) == fu.Figure(0, 0)
    assert fu.year_figures(voided, 2022) == []


def test_the_base_can_be_narrowed_to_those_judged_able_to_work():
    records = [ended("1", "arbete", assessed_work_capacity=True), ended("2", "arbete", assessed_work_capacity=False),
               ended("3", "annat", assessed_work_capacity=True), ended("4", "annat"),
               ended("5", "studier", assessed_work_capacity=True)]
    assert fu.share_reaching(records, Y2022, outcomes={"arbete", "studier"}) == fu.Figure(3, 5)
    assert fu.share_reaching(records, Y2022, outcomes={"arbete", "studier"}, base="ended_able") == fu.Figure(2, 3)


def test_internship_counts_through_the_end_reason():
    records = [ended("1", "annat", end_reason="praktik"), ended("2", "arbete"), ended("3", "annat")]
    assert fu.outcomes_of(records[0]) == frozenset({"praktik"})
    assert fu.share_reaching(records, Y2022, outcomes={"arbete", "praktik"}) == fu.Figure(2, 3)
    assert fu.ended_to_work(records, Y2022) == fu.Figure(1, 3)


def test_count_in_work_at_least_six_months():
    records = [ended("1", "arbete", employment_months=6), ended("2", "arbete", employment_months=5),
               ended("3", "arbete"), ended("4", "studier", employment_months=12)]
    assert fu.count_reaching(records, Y2022, outcomes={"arbete"}, min_months=6) == fu.Figure(1)
    assert fu.count_reaching(records, Y2022, outcomes={"arbete"}) == fu.Figure(3)


def test_progression_counts_ended_enrolments_that_moved_up():
    records = [ended("1", progression_start=2, progression_end=4), ended("2", progression_start=3, progression_end=3),
               ended("3", progression_start=5, progression_end=4), ended("4", progression_start=2),
               rec("5", progression_start=1, progression_end=6)]
    assert fu.progression(records, Y2022) == fu.Figure(1, 3)
    assert fu.mean_steps(records, Y2022) == Fraction(1, 3)
    assert fu.mean_steps([], Y2022) is None


def test_registration_completeness_against_planned_per_kommun():
    complete = {**COMPLETE_START}
    records = [rec("1", **{**complete, "municipality": "habo"}), rec("2", **{**complete, "municipality": "habo"}),
               rec("3", **{**complete, "municipality": "mullsjo"}),
               rec("4", **{**complete, "municipality": "vaggeryd"}),
               rec("5", **{**complete, "age_band": None, "municipality": "habo"}),
               rec("6", **complete, voided=True)]
    total, per_key = fu.registration_completeness(records, {"habo": 4, "mullsjo": 1, p.COMMON: 5}, Y2022)
    assert total == fu.Figure(4, 10)
    assert per_key == {"habo": fu.Figure(2, 4), "mullsjo": fu.Figure(1, 1), p.COMMON: fu.Figure(1, 5)}


def test_registration_completeness_without_a_common_key_counts_unkeyed_kommuner_in_the_total_only():
    records = [rec("1", **{**COMPLETE_START, "municipality": "vaggeryd"})]
    total, per_key = fu.registration_completeness(records, {"habo": 2}, Y2022)
    assert total == fu.Figure(1, 2)
    assert per_key == {"habo": fu.Figure(0, 2)}


def test_planned_for_reads_the_plan():
    iv = p.Intervention("x", "X", "individual", planned_participants={2022: {"habo": Decimal(3), "common": Decimal(2)}})
    assert fu.planned_for(iv, 2022) == {"habo": 3, "common": 2}
    assert fu.planned_for(iv, 2023) == {}


# ---------------------------------------------------------------- goals


def test_measure_of_a_plan_indicator():
    goal = p.Goal("40 %", indicator="ended_to_work_or_studies", target=Decimal("0.4"))
    assert fu.measure_of(goal) == fu.Measure("share", frozenset({"arbete", "studier"}), target=Decimal("0.4"))
    assert fu.measure_of(p.Goal("x", indicator="ended_to_work")).outcomes == frozenset({"arbete"})
    assert fu.measure_of(p.Goal("x", indicator="participants", target=Decimal(14))).kind == "participants"
    assert fu.measure_of(p.Goal("x", indicator="registration_completeness")).kind == "completeness"
    assert fu.measure_of(p.Goal("x", indicator="survey_share")).kind == "survey_share"
    assert fu.measure_of(p.Goal("x", indicator="equity_min")) is None
    assert fu.measure_of(p.Goal("written")) is None


def test_the_kanslis_measure_overrides_the_indicator():
    own = fu.Measure("share", frozenset({"arbete"}), base="ended_able", target=Decimal("0.4"))
    assert fu.measure_of(p.Goal("x", indicator="ended_to_work_or_studies"), own) is own
    assert fu.measure_of(p.Goal("written"), own) is own


@pytest.mark.parametrize(("measure", "problems"), [
    (fu.Measure("rate"), ["Okänt sätt att mäta."]),
    (fu.Measure("share"), ["Välj vad som räknas som resultat (arbete, studier, praktik)."]),
    (fu.Measure("count", frozenset({"lotto"})), ["Okänt resultat."]),
    (fu.Measure("share", frozenset({"arbete"}), base="all"), ["Okänd bas."]),
    (fu.Measure("count", frozenset({"arbete"}), min_months=0), ["Antal månader ska vara 1–600."]),
    (fu.Measure("share", frozenset({"arbete"}), target=Decimal("1.5")), ["Målvärdet för en andel ska vara 0–100 %."]),
    (fu.Measure("count", frozenset({"arbete"}), target=Decimal("2.5")),
     ["Målvärdet för ett antal ska vara ett heltal 0–100000."]),
    (fu.Measure("milestone"), ["Ett delmål med datum behöver ett datum."]),
    (fu.Measure("share", frozenset({"arbete"}), target=Decimal("0.3")), []),
])
def test_measure_problems(measure, problems):
    assert measure.problems() == problems


def data_of(records=(), counts=(), interventions=None, modes=None) -> fu.FollowUpData:
    interventions = interventions or (p.Intervention("enter", "Enter", "individual"),)
    modes = modes or {iv.id: "deidentified" for iv in interventions}
    return fu.FollowUpData(tuple(records), tuple(counts), tuple(interventions), modes)


def test_goal_result_share_with_gender_kommun_and_intervention_parts():
    records = [ended("1", "arbete", municipality="habo"), ended("2", "annat", municipality="habo"),
               ended("3", "arbete", gender="man", municipality="mullsjo"), ended("4", "studier", gender="man")]
    measure = fu.Measure("share", frozenset({"arbete", "studier"}), target=Decimal("0.7"))
    result = fu.goal_result(measure, data_of(records), Y2022, year=2022)
    assert result.figure == fu.Figure(3, 4)
    assert result.met is True
    assert result.by_gender == {"kvinna": fu.Figure(1, 2), "man": fu.Figure(2, 2), "annat": fu.Figure(0, 0)}
    assert result.by_municipality == {"common": fu.Figure(1, 1), "habo": fu.Figure(1, 2), "mullsjo": fu.Figure(1, 1)}
    assert result.by_intervention == {"enter": fu.Figure(3, 4)}
    assert result.status == "Uppfyllt: 75,0\u00a0% (3 av 4), mål 70\u00a0%."
    missed = fu.goal_result(replace(measure, target=Decimal("0.8")), data_of(records), Y2022, year=2022)
    assert missed.met is False and missed.status == "Ej uppfyllt: 75,0\u00a0% (3 av 4), mål 80\u00a0%."
    untargeted = fu.goal_result(replace(measure, target=None), data_of(records), Y2022, year=2022)
    assert untargeted.met is None and untargeted.status == "75,0\u00a0% (3 av 4); inget målvärde att jämföra med."


def test_goal_result_at_exactly_the_target_is_met():
    records = [ended("1", "arbete"), ended("2", "annat"), ended("3", "annat"), ended("4", "annat"), ended("5", "annat")]
    assert fu.goal_result(fu.Measure("share", frozenset({"arbete"}), target=Decimal("0.2")), data_of(records),
                          Y2022, year=2022).met is True


def test_goal_result_without_ended_participants_is_not_judged():
    result = fu.goal_result(fu.Measure("share", frozenset({"arbete"}), target=Decimal("0.4")),
                            data_of([rec("1")]), Y2022, year=2022)
    assert (result.figure, result.met, result.status) == (
        fu.Figure(0, 0), None, "Inga avslutade deltagare under perioden ännu.")


def test_goal_result_count_and_participants_from_records_and_counts():
    ivs = (p.Intervention("sen", "SE-N", "individual"), p.Intervention("lokala", "Lokala", "structural"))
    records = [ended("1", "arbete", iv="sen", employment_months=8), ended("2", "arbete", iv="sen", gender="man"),
               rec("3", iv="sen")]
    counts = [fu.CountEntry("lokala", 2022, "tertial", 1, head_count=40),
              fu.CountEntry("lokala", 2022, "tertial", 2, head_count=30)]
    data = data_of(records, counts, ivs, {"sen": "deidentified", "lokala": "count"})
    count = fu.goal_result(fu.Measure("count", frozenset({"arbete"}), min_months=6, target=Decimal(10)),
                           data.for_interventions(["sen"]), Y2022, year=2022)
    assert (count.figure, count.met) == (fu.Figure(1), False)
    people = fu.goal_result(fu.Measure("participants", target=Decimal(14)), data, Y2022, year=2022)
    assert people.figure == fu.Figure(73)
    assert people.met is True
    assert people.by_gender == {"kvinna": fu.Figure(2), "man": fu.Figure(1), "annat": fu.Figure(0)}
    assert people.by_intervention == {"sen": fu.Figure(3), "lokala": fu.Figure(70)}
    assert fu.goal_result(fu.Measure("participants"), data, fu.Period.to_tertial(2022, 1),
                          year=2022).figure == fu.Figure(43)


def test_goal_result_completeness_adds_interventions_with_planned_participants():
    ivs = (p.Intervention("a", "A", "individual", planned_participants={2022: {"habo": Decimal(4)}}),
           p.Intervention("b", "B", "individual", planned_participants={2022: {"common": Decimal(6)}}),
           p.Intervention("c", "C", "individual"),
           p.Intervention("d", "D", "structural", planned_participants={2022: {"common": Decimal(200)}}))
    full = {**COMPLETE_START}
    records = [rec("1", iv="a", **full), rec("2", iv="a", **full), rec("3", iv="b", **full),
               rec("4", iv="b", **{**full, "support_before": None}), rec("5", iv="c", **full)]
    data = data_of(records, (), ivs, {"a": "deidentified", "b": "deidentified", "c": "deidentified", "d": "count"})
    result = fu.goal_result(fu.Measure("completeness", target=Decimal("0.85")), data, Y2022, year=2022)
    assert result.figure == fu.Figure(3, 10)
    assert result.by_intervention == {"a": fu.Figure(2, 4), "b": fu.Figure(1, 6)}
    assert result.by_municipality == {"habo": fu.Figure(2, 4), "common": fu.Figure(1, 6)}
    assert result.met is False
    assert result.status == "Ej uppfyllt: 30,0\u00a0% (3 av 10), mål 85\u00a0%."


def test_goal_result_completeness_without_planned_participants():
    result = fu.goal_result(fu.Measure("completeness", target=Decimal("0.85")), data_of([rec("1")]), Y2022, year=2022)
    assert (result.figure, result.met, result.status) == (fu.Figure(0, 0), None,
                                                          "Inga planerade deltagare att jämföra med.")


def test_goal_result_progression():
    records = [ended("1", progression_start=1, progression_end=3), ended("2", progression_start=2, progression_end=2)]
    result = fu.goal_result(fu.Measure("progression", target=Decimal("0.5")), data_of(records), Y2022, year=2022)
    assert (result.figure, result.met, result.mean_steps) == (fu.Figure(1, 2), True, Fraction(1))


@pytest.mark.parametrize(("due", "achieved", "today", "met", "status"), [
    (date(2020, 8, 31), date(2020, 6, 15), date(2020, 9, 1), True, "Uppnått 2020-06-15."),
    (date(2020, 8, 31), date(2020, 10, 1), date(2020, 12, 1), False,
     "Uppnått 2020-10-01, efter målets datum 2020-08-31."),
    (date(2020, 8, 31), None, date(2020, 9, 1), False, "Inte uppnått; datumet 2020-08-31 har passerat."),
    (date(2020, 8, 31), None, date(2020, 8, 31), None, "Pågår; ska vara uppnått 2020-08-31."),
])
def test_goal_result_milestone(due, achieved, today, met, status):
    result = fu.goal_result(fu.Measure("milestone", due=due, achieved_on=achieved), data_of(), Y2022,
                            year=2022, today=today)
    assert (result.met, result.status) == (met, status)


def test_survey_goals_wait_for_surveys():
    result = fu.goal_result(fu.Measure("survey_share", target=Decimal("0.75")), data_of(), Y2022, year=2022)
    assert (result.figure, result.met, result.status) == (None, None, "Enkätsvar finns inte i Samordna ännu.")


def test_count_mode_records_do_not_enter_record_measures():
    data = data_of([ended("1", "arbete")], modes={"enter": "count"})
    assert fu.goal_result(fu.Measure("share", frozenset({"arbete"})), data, Y2022, year=2022).figure == fu.Figure(0, 0)


# ---------------------------------------------------------------- suppression


def test_hide_small_counts_and_shares_over_small_bases():
    assert fu.hide(fu.Figure(4), 5) == fu.Figure(None, None, True)
    assert fu.hide(fu.Figure(5), 5) == fu.Figure(5)
    assert fu.hide(fu.Figure(0), 5) == fu.Figure(0)
    assert fu.hide(fu.Figure(3, 4), 5) == fu.Figure(None, None, True)
    assert fu.hide(fu.Figure(3, 40), 5) == fu.Figure(None, 40, True)
    assert fu.hide(fu.Figure(0, 40), 5) == fu.Figure(0, 40)
    assert fu.hide(fu.Figure(20, 40), 5) == fu.Figure(20, 40)
    assert fu.hide(None, 5) is None


def test_the_threshold_is_configurable():
    assert fu.hide(fu.Figure(4), 3) == fu.Figure(4)
    assert fu.hide(fu.Figure(2), 3).hidden


def test_suppress_hides_a_second_part_when_one_could_be_worked_out():
    counts = fu.suppress_counts(fu.GenderCounts(kvinna=40, man=30, annat=2), 5)
    assert counts == {"kvinna": fu.Figure(40), "man": fu.Figure(None, None, True, secondary=True),
                      "annat": fu.Figure(None, None, True), "total": fu.Figure(72)}
    two = fu.suppress_counts(fu.GenderCounts(kvinna=40, man=3, annat=2), 5)
    assert two["kvinna"] == fu.Figure(40)


def test_plain_counts_and_head_counts():
    assert fu.plain_counts(fu.GenderCounts(1, 2, 0)) == {"kvinna": fu.Figure(1), "man": fu.Figure(2),
                                                         "annat": fu.Figure(0), "total": fu.Figure(3)}
    head = fu.plain_counts(fu.GenderCounts(unspecified=40))
    assert head == {"kvinna": None, "man": None, "annat": None, "unspecified": fu.Figure(40), "total": fu.Figure(40)}


def test_suppress_a_goal_result_hides_the_verdict_with_the_figure():
    records = [ended("1", "arbete"), ended("2", "annat", gender="man"), ended("3", "arbete", gender="man")]
    result = fu.goal_result(fu.Measure("share", frozenset({"arbete"}), target=Decimal("0.5")), data_of(records),
                            Y2022, year=2022)
    assert result.met is True
    hidden = fu.suppress(result, 5)
    assert hidden.figure == fu.Figure(None, None, True)
    assert hidden.met is None
    assert hidden.by_gender["kvinna"].hidden and hidden.by_gender["man"].hidden
    assert hidden.status == "För få deltagare för att redovisas (färre än 5)."


def test_suppress_keeps_large_figures():
    records = [ended(str(i), "arbete" if i % 2 else "annat", gender="kvinna" if i < 10 else "man") for i in range(20)]
    result = fu.suppress(fu.goal_result(fu.Measure("share", frozenset({"arbete"}), target=Decimal("0.4")),
                                        data_of(records), Y2022, year=2022), 5)
    assert (result.figure, result.met) == (fu.Figure(10, 20), True)
    assert result.by_gender == {"kvinna": fu.Figure(5, 10), "man": fu.Figure(5, 10), "annat": fu.Figure(0, 0)}


# ---------------------------------------------------------------- texts


@pytest.mark.parametrize(("figure", "text"), [
    (fu.Figure(18, 40), "45,0\u00a0% (18 av 40)"), (fu.Figure(12), "12"), (fu.Figure(0, 0), "inga avslutade"),
    (fu.Figure(None, None, True), "färre än 5"), (fu.Figure(None, 40, True), "färre än 5 av 40"),
    (fu.Figure(None, None, True, secondary=True), "dolt"), (None, "–"),
])
def test_figure_text(figure, text):
    assert fu.figure_text(figure) == text


def test_target_and_measure_texts():
    share = fu.Measure("share", frozenset({"arbete", "studier"}), base="ended_able", target=Decimal("0.4"))
    assert fu.target_text(share) == "40\u00a0%"
    assert fu.target_text(fu.Measure("count", frozenset({"arbete"}), target=Decimal(10))) == "10"
    assert fu.target_text(fu.Measure("progression")) == "–"
    assert fu.measure_text(share) == "Andel avslutade till arbete eller studier, av dem som bedöms ha arbetsförmåga"
    assert fu.measure_text(fu.Measure("count", frozenset({"arbete"}), min_months=6)) == (
        "Antal avslutade till arbete med anställning minst 6 månader")
    assert fu.measure_text(fu.Measure("share", frozenset({"praktik", "arbete"}))) == (
        "Andel avslutade till arbete eller praktik eller arbetsprövning")


def test_goal_key_ignores_spacing_and_case():
    assert fu.goal_key("40% av  deltagarna\nska") == fu.goal_key("40% AV deltagarna ska")
    assert fu.goal_key("a") != fu.goal_key("b")


def test_config_problems():
    assert fu.DEFAULT_CONFIG.problems() == []
    bad = fu.Config(support_sources=("lotto",), end_reasons=("arbete",), progression_steps=0,
                    suppression_threshold=0)
    assert bad.problems() == ["support_sources: 'lotto' saknar etikett i vokabulären",
                              "support_sources: 'ingen' måste finnas",
                              "voiding_end_reasons: måste finnas bland end_reasons",
                              "progression_steps: 1–20", "suppression_threshold: minst 1"]


def test_every_configured_code_has_a_label():
    c = fu.DEFAULT_CONFIG
    assert set(c.support_sources) <= set(vocab.SUPPORT_SOURCES)
    assert set(c.end_reasons) <= set(vocab.END_REASONS)
    assert {"arbete", "studier", "annan_insats", "sjukdom", "avbrott", "flytt", "felregistrering"} <= set(
        c.end_reasons)
    assert {"sjukpenning", "aktivitetsersattning", "sjukersattning", "a-kassa", "aktivitetsstod", "forsorjningsstod",
            "etableringsersattning", "ingen"} <= set(c.support_sources)


# ---------------------------------------------------------------- the year and the plan


def test_year_figures_and_their_json_shape():
    records = [*RECORDS, ended("9", "arbete", iv="fia", gender="man")]
    figures = fu.year_figures(records, 2022, order=["fia", "enter"])
    assert fu.year_json("vatterbygden", 2022, figures) == {"association": "vatterbygden", "year": 2022,
                                                           "interventions": [
        {"id": "fia", "participants": {"kvinna": 0, "man": 1, "annat": 0, "total": 1}, "started": 1, "ended": 1,
         "ended_to_work_or_studies": {"numerator": 1, "denominator": 1},
         "ended_to_work": {"numerator": 1, "denominator": 1}},
        {"id": "enter", "participants": {"kvinna": 2, "man": 2, "annat": 1, "total": 5}, "started": 5, "ended": 4,
         "ended_to_work_or_studies": {"numerator": 2, "denominator": 4},
         "ended_to_work": {"numerator": 1, "denominator": 4}}]}


def plan_with(goals=(), interventions=()) -> p.Plan:
    return p.Plan(association=p.Association("f", "F"),
                  members=(p.Member("habo", "Habo kommun", "kommun"), p.Member("mullsjo", "Mullsjö kommun", "kommun")),
                  plan=p.PlanInfo(2022, goals=tuple(goals)), interventions=tuple(interventions))


def test_goal_rows_compute_plan_and_intervention_goals_and_suppress_per_reader():
    enter = p.Intervention("enter", "Enter", "individual", goals=(
        p.Goal("40 %", indicator="ended_to_work_or_studies", target=Decimal("0.4")), p.Goal("Skriftligt")))
    plan = plan_with([p.Goal("Deltagare", indicator="participants", target=Decimal(3)),
                      p.Goal("Balans", indicator="budget_balance")], [enter])
    records = [ended("1", "arbete"), ended("2", "annat"), rec("3")]
    data = data_of(records, interventions=plan.interventions)
    rows = fu.goal_rows(plan, data, Y2022, year=2022)
    assert [(r.owner, r.goal.text, r.result.figure if r.result else None) for r in rows] == [
        (None, "Deltagare", fu.Figure(3)), (None, "Balans", None),
        ("enter", "40 %", fu.Figure(1, 2)), ("enter", "Skriftligt", None)]
    hidden = fu.goal_rows(plan, data, Y2022, year=2022, unsuppressed=lambda ids: False)
    assert hidden[0].result.figure.hidden and hidden[2].result.figure.hidden
    own = fu.goal_rows(plan, data, Y2022, year=2022,
                       measures={("enter", fu.goal_key("Skriftligt")): fu.Measure("count", frozenset({"arbete"}))})
    assert own[3].result.figure == fu.Figure(1) and own[3].own_measure


def test_participants_rows_per_intervention_kommun_and_total():
    ivs = (p.Intervention("enter", "Enter", "individual"), p.Intervention("lokala", "Lokala", "structural"))
    plan = plan_with(interventions=ivs)
    records = [rec("1", municipality="mullsjo"), rec("2", gender="man", municipality="habo"), rec("3")]
    data = data_of(records, [fu.CountEntry("lokala", 2022, "tertial", 1, head_count=40)], ivs,
                   {"enter": "deidentified", "lokala": "count"})
    per_iv, per_kommun, total = fu.participants_rows(plan, data, Y2022)
    assert [(r.key, r.cells["total"]) for r in per_iv] == [("enter", fu.Figure(3)), ("lokala", fu.Figure(40))]
    assert [(r.key, r.cells["total"]) for r in per_kommun] == [("habo", fu.Figure(1)), ("mullsjo", fu.Figure(1)),
                                                                ("common", fu.Figure(1))]
    assert total.cells["total"] == fu.Figure(43) and total.cells["kvinna"] == fu.Figure(2)


def test_follow_up_report_always_hides_small_counts():
    enter = p.Intervention("enter", "Enter", "individual", goals=(p.Goal("x", indicator="ended_to_work"),))
    plan = plan_with(interventions=[enter])
    report = fu.follow_up_report(plan, data_of([ended("1", "arbete")], interventions=[enter]), Y2022, year=2022)
    assert report.per_intervention[0].cells["total"].hidden
    assert report.goal("enter", enter.goals[0]).result.figure.hidden
    assert report.has_participants
