"""Reading and writing plan files (samordna.finsam.planfile, docs: shared/formats/plan-file.md)."""

import copy
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from samordna.finsam import plan as p
from samordna.finsam.planfile import MAX_BYTES, PlanFileError, dump_plan, plan_to_dict, read_plan
from tests.finsam.builders import yaml_of

PLANS = Path(__file__).resolve().parents[2] / "src" / "samordna" / "demo" / "plans"
EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "formats" / "examples" / "sydnarke-2022.yaml"

BASE = {
    "format": "samordna/1",
    "association": {"id": "test", "name": "Samordningsförbundet Test"},
    "members": [
        {"id": "fk", "name": "Försäkringskassan", "kind": "forsakringskassan"},
        {"id": "af", "name": "Arbetsförmedlingen", "kind": "arbetsformedlingen"},
        {"id": "region", "name": "Regionen", "kind": "region"},
        {"id": "a", "name": "A kommun", "kind": "kommun",
         "population": [{"date": "2021-06-30", "count": 3000}]},
        {"id": "b", "name": "B kommun", "kind": "kommun",
         "population": [{"date": "2021-06-30", "count": 1000}]},
    ],
    "plan": {"year": 2022, "plan_years": [2023, 2024]},
    "financing": [{"year": 2022, "state": 400000}],
}


def to_yaml(doc: dict) -> str:
    return yaml_of(doc)


def plan_text(**overrides) -> str:
    """The minimal valid plan as YAML, with top-level keys replaced (None removes a key)."""
    doc = copy.deepcopy(BASE)
    for key, value in overrides.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    return to_yaml(doc)


def make(**overrides) -> p.Plan:
    plan, _ = read_plan(plan_text(**overrides))
    return plan


def errors_of(text: str | bytes) -> list[str]:
    with pytest.raises(PlanFileError) as info:
        read_plan(text)
    return info.value.errors


def members_with(*extra: dict) -> list[dict]:
    return copy.deepcopy(BASE["members"]) + list(extra)


# ---------------------------------------------------------------- a valid file


def test_read_plan_minimal_file_gives_the_plan_and_no_warnings():
    plan, warnings = read_plan(plan_text())
    assert warnings == []
    assert plan.association == p.Association(id="test", name="Samordningsförbundet Test")
    assert [(m.id, m.kind) for m in plan.members] == [
        ("fk", "forsakringskassan"), ("af", "arbetsformedlingen"), ("region", "region"),
        ("a", "kommun"), ("b", "kommun")]
    assert plan.member("a").population == (p.PopulationCount(date(2021, 6, 30), 3000),)
    assert plan.plan.year == 2022
    assert plan.plan.plan_years == (2023, 2024)
    assert plan.financing == (p.FinancingYear(year=2022, state=Decimal("400000")),)
    assert plan.interventions == ()
    assert plan.budget == ()
    assert plan.risks is None


def test_read_plan_accepts_bytes_and_str_alike():
    text = plan_text()
    assert read_plan(text.encode("utf-8"))[0] == read_plan(text)[0]


def test_read_plan_reads_yaml_floats_as_exact_decimals():
    text = plan_text().replace("state: 400000", "state: 1308500.10")
    plan, _ = read_plan(text)
    assert plan.financing[0].state == Decimal("1308500.10")
    assert isinstance(plan.financing[0].state, Decimal)


def test_read_plan_reads_grouped_string_amounts():
    plan = make(financing=[{"year": 2022, "state": "1 308 500,50"}])
    assert plan.financing[0].state == Decimal("1308500.50")


def test_read_plan_default_column_is_budget_for_plan_year_and_plan_for_plan_years():
    plan = make(budget=[{"year": 2021}, {"year": 2022}, {"year": 2023}, {"year": 2024, "column": "forecast"}])
    assert [(e.year, e.column) for e in plan.budget] == [
        (2021, "budget"), (2022, "budget"), (2023, "plan"), (2024, "forecast")]


def test_read_plan_reads_unquoted_times_as_clock_times():
    text = plan_text() + (
        "calendar:\n"
        "  - {date: 2022-03-18, start: 13:00, end: 16:00, body: styrelse}\n"
        "  - {date: 2022-01-26, start: '09:00', end: 9:30}\n"
        "  - {date: 2022-04-13, start: 00:15}\n"
    )
    plan, _ = read_plan(text)
    assert [(c.date, c.start, c.end) for c in plan.calendar] == [
        (date(2022, 3, 18), "13:00", "16:00"),
        (date(2022, 1, 26), "09:00", "09:30"),
        (date(2022, 4, 13), "00:15", None),
    ]
    assert plan.calendar[0].body == "styrelse"


def test_read_plan_common_mapping_and_plain_amount_mean_the_same():
    plain = make(interventions=[{"id": "x", "name": "X", "level": "individual", "budget": {2022: 5000}}])
    common = make(interventions=[{"id": "x", "name": "X", "level": "individual",
                                  "budget": {2022: {"common": 5000}}}])
    assert plain == common
    assert plain.interventions[0].budget == {2022: {"common": Decimal("5000")}}
    assert plain.interventions[0].amount("budget", 2022) == Decimal("5000")


def test_read_plan_per_kommun_budget_keeps_the_parts():
    plan = make(interventions=[{"id": "x", "name": "X", "level": "individual",
                                "budget": {2022: {"a": 3000, "b": 1000, "common": 500}},
                                "planned_participants": {2022: {"a": 3, "common": 2}}}])
    iv = plan.interventions[0]
    assert iv.budget == {2022: {"a": Decimal("3000"), "b": Decimal("1000"), "common": Decimal("500")}}
    assert iv.amount("budget", 2022) == Decimal("4500")
    assert iv.amount("plan", 2022) == Decimal("4500")
    assert iv.amount("forecast", 2022) is None
    assert iv.participants(2022) == Decimal("5")


def test_read_plan_effective_defaults():
    plan = make(interventions=[{"id": "i", "name": "I", "level": "individual"},
                               {"id": "s", "name": "S", "level": "structural"}])
    assert [iv.effective_follow_up for iv in plan.interventions] == ["individual", "count"]
    assert [iv.effective_status for iv in plan.interventions] == ["ongoing", "ongoing"]
    assert plan.interventions[0].members is None
    assert plan.financing[0].effective_status == "adopted"
    assert plan.financing[0].effective_population_date == date(2021, 6, 30)


# ---------------------------------------------------------------- warnings


def test_read_plan_unknown_keys_are_warnings_not_errors():
    doc = copy.deepcopy(BASE)
    doc["colour"] = "red"
    doc["association"]["motto"] = "x"
    doc["members"][0]["phone"] = "1"
    doc["financing"][0]["extra"] = 1
    doc["interventions"] = [{"id": "x", "name": "X", "level": "individual", "colour": "blue"}]
    plan, warnings = read_plan(to_yaml(doc))
    assert warnings == [
        "filen.colour: okänd nyckel, ignoreras",
        "association.motto: okänd nyckel, ignoreras",
        "members[0].phone: okänd nyckel, ignoreras",
        "financing[0].extra: okänd nyckel, ignoreras",
        "interventions[0].colour: okänd nyckel, ignoreras",
    ]
    assert plan.interventions[0].id == "x"


# ---------------------------------------------------------------- errors, one kind at a time


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"association": {"id": "test"}}, "association.name: saknas (obligatorisk)"),
        ({"association": {"name": "T"}}, "association.id: saknas (obligatorisk)"),
        ({"association": None}, "association: saknas (obligatorisk)"),
        ({"plan": None}, "plan: saknas (obligatorisk)"),
        ({"members": None}, "members: saknas (obligatorisk)"),
        ({"plan": {"plan_years": [2023]}}, "plan.year: saknas (obligatorisk)"),
        ({"association": "Test"}, 'association: ska vara en mappning (nyckel: värde), inte "Test"'),
        ({"plan": [2022]}, "plan: ska vara en mappning (nyckel: värde), inte en lista"),
        ({"members": 5}, 'members: ska vara en lista, inte "5"'),
        ({"financing": {"year": 2022}}, "financing: ska vara en lista, inte en mappning"),
        ({"plan": {"year": "tjugotjugotvå"}}, 'plan.year: "tjugotjugotvå" ska vara ett heltal'),
        ({"plan": {"year": 1066}}, "plan.year: 1066 är inte ett rimligt år"),
        ({"plan": {"year": 2022, "plan_years": [2022]}},
         "plan.plan_years[0]: planåret 2022 ska komma efter budgetåret 2022"),
        ({"plan": {"year": 2022, "adopted_on": "18/2 2022"}},
         'plan.adopted_on: "18/2 2022" ska vara ett datum (ÅÅÅÅ-MM-DD)'),
        ({"association": {"id": "Test Förbund", "name": "T"}},
         'association.id: "Test Förbund" är inte ett giltigt id (små bokstäver a–z, siffror, - och _)'),
        ({"association": {"id": "t", "name": "T", "org_number": "2220002600"}},
         'association.org_number: "2220002600" ska skrivas NNNNNN-NNNN'),
        ({"unit": "mkr"}, 'unit: "mkr" är inte tillåtet; välj kr eller tkr'),
        ({"format": "samordna/2"}, 'format: ska vara "samordna/1", inte "samordna/2"'),
        ({"financing": [{"year": 2022, "state": "12 000 kr"}]},
         'financing[0].state: "12 000 kr" är inte ett belopp'),
        ({"financing": [{"year": 2022, "state": ".inf"}]}, 'financing[0].state: ".inf" är inte ett belopp'),
        ({"financing": [{"year": 2022, "contributions": {"nobody": 5}}]},
         'financing[0].contributions.nobody: "nobody" är ingen känd medlem'),
        ({"financing": [{"year": 2022, "offers": {"nobody": 5}}]},
         'financing[0].offers.nobody: "nobody" är ingen känd medlem'),
        ({"financing": [{"year": 2022, "contributions": [5]}]},
         "financing[0].contributions: ska vara en mappning medlem: belopp, inte en lista"),
        ({"financing": [{"year": 2022, "status": "beslutad"}]},
         'financing[0].status: "beslutad" är inte tillåtet; välj en av: adopted, requested, preliminary'),
        ({"financing": [{"year": 2022, "shown_shares": {"a": 10.33}}]},
         'financing[0].shown_shares.a: "10.33" ska vara en andel mellan 0 och 1 (t.ex. 0.85)'),
        ({"financing": [{"year": 2022}, {"year": 2022}]},
         'financing[1].year: året "2022" förekommer mer än en gång'),
        ({"interventions": [{"id": "x", "name": "X", "level": "individual", "members": ["fk", "ghost"]}]},
         'interventions[0].members[1]: "ghost" är ingen känd medlem'),
        ({"interventions": [{"id": "x", "name": "X", "level": "individual", "municipalities": ["region"]}]},
         'interventions[0].municipalities[0]: "region" är ingen känd kommun bland medlemmarna'),
        ({"interventions": [{"id": "x", "name": "X", "level": "individual", "budget": {2022: {"zzz": 5}}}]},
         'interventions[0].budget.2022.zzz: "zzz" är ingen känd kommun bland medlemmarna'),
        ({"interventions": [{"id": "x", "name": "X", "level": "individual", "budget": {2022: {"region": 5}}}]},
         'interventions[0].budget.2022.region: "region" är ingen känd kommun bland medlemmarna'),
        ({"interventions": [{"id": "x", "name": "X", "level": "individual", "budget": 5}]},
         'interventions[0].budget: ska vara en mappning år: belopp, inte "5"'),
        ({"interventions": [{"id": "x", "name": "X", "level": "individual", "budget": {2022: None}}]},
         "interventions[0].budget.2022: saknar värde"),
        ({"interventions": [{"id": "x", "name": "X", "level": "individual", "budget": {"nästa år": 5}}]},
         'interventions[0].budget.nästa år: "nästa år" ska vara ett heltal'),
        ({"interventions": [{"id": "x", "name": "X", "level": "individual",
                             "planned_participants": {2022: 1.5}}]},
         'interventions[0].planned_participants.2022: "1.5" ska vara ett heltal'),
        ({"interventions": [{"id": "x", "name": "X", "level": "individual", "capacity": -1}]},
         "interventions[0].capacity: -1 får inte vara mindre än 0"),
        ({"interventions": [{"id": "x", "name": "X", "level": "mixed"}]},
         'interventions[0].level: "mixed" är inte tillåtet; välj en av: individual, structural'),
        ({"interventions": [{"id": "x", "name": "X", "level": "structural", "category": "rehabilitering"}]},
         'interventions[0].category: "rehabilitering" är inte tillåtet; välj en av: kartlaggning, utbildning, '
         "dialog"),
        ({"interventions": [{"id": "x", "name": "X", "level": "individual", "markings": ["prio"]}]},
         'interventions[0].markings[0]: "prio" är inte tillåtet; välj en av: lts_prio, unga_ae_prio, '
         "unga_funk_prio, esf_owner, esf_cofinancer"),
        ({"interventions": [{"id": "x", "name": "X", "level": "individual", "status": "klar"}]},
         'interventions[0].status: "klar" är inte tillåtet; välj en av: applied, granted, ongoing, ended, '
         "implemented"),
        ({"interventions": [{"id": "x", "name": "X", "level": "individual",
                             "period": {"start": "2022-05-01", "end": "2022-01-01"}}]},
         "interventions[0].period: slutdatum 2022-01-01 ligger före startdatum 2022-05-01"),
        ({"interventions": [{"id": "x", "name": "X", "level": "individual", "duration_weeks": [30, 20]}]},
         "interventions[0].duration_weeks: min är större än max"),
        ({"interventions": [{"id": "x", "name": "X", "level": "individual", "duration_weeks": [6]}]},
         "interventions[0].duration_weeks: ska vara [min, max] (null för okänt)"),
        ({"interventions": [{"id": "x", "name": "X", "level": "individual",
                             "external_funding": [{"source": "eu"}]}]},
         'interventions[0].external_funding[0].source: "eu" är inte tillåtet; välj en av: esf, leader, '
         "arvsfonden, other"),
        ({"interventions": [{"id": "x", "name": "X", "level": "individual"},
                            {"id": "x", "name": "Y", "level": "structural"}]},
         'interventions[1].id: id "x" förekommer mer än en gång'),
        ({"interventions": [{"name": "X", "level": "individual"}]}, "interventions[0].id: saknas (obligatorisk)"),
        ({"budget": [{"year": 2022, "column": "actual"}]},
         'budget[0].column: "actual" är inte tillåtet; välj en av: budget, plan, forecast, outcome'),
        ({"budget": [{"year": 2022}, {"year": 2022, "column": "budget"}]},
         'budget[1]: år och kolumn "2022 budget" förekommer mer än en gång'),
        ({"budget": [{"year": 2022, "costs": [{"id": "k", "label": "K", "kind": "food"}]}]},
         'budget[0].costs[0].kind: "food" är inte tillåtet; välj en av: board, office, audit, economy, '
         "information, development, evaluation, unallocated, financial, other"),
        ({"budget": [{"year": 2022, "revenue": [{"id": "k", "label": "K", "kind": "office"}]}]},
         'budget[0].revenue[0].kind: "office" är inte tillåtet; välj en av: external, financial, other'),
        ({"budget": [{"year": 2022, "costs": [{"id": "k", "label": "K", "kind": "office"},
                                               {"id": "k", "label": "L", "kind": "board"}]}]},
         'budget[0].costs[1].id: id "k" förekommer mer än en gång'),
        ({"budget": [{"year": 2022, "costs": [{"id": "k", "label": "K", "kind": "office", "amount": "abc"}]}]},
         'budget[0].costs[0].amount: "abc" är inte ett belopp'),
        ({"budget": [{"year": 2022, "costs": "kansli"}]}, 'budget[0].costs: ska vara en lista, inte "kansli"'),
        ({"budget": [{"year": 2022, "stated": {"result": "−573 tkr"}}]},
         'budget[0].stated.result: "−573 tkr" är inte ett belopp'),
        ({"calendar": [{"date": "2022-01-01", "start": "25:00"}]},
         'calendar[0].start: "25:00" ska vara ett klockslag TT:MM'),
        ({"calendar": [{"date": "2022-01-01", "start": "13:00", "end": "09:00"}]},
         "calendar[0].end: sluttiden 09:00 ligger före starttiden 13:00"),
        ({"calendar": [{"date": "2022-01-01", "body": "Styrelse"}]},
         'calendar[0].body: "Styrelse" är inte ett giltigt id (små bokstäver a–z, siffror, - och _)'),
        ({"calendar": [{"date": "2022-01-01", "tentative": "ja"}]},
         'calendar[0].tentative: "ja" ska vara true eller false'),
        ({"plan": {"year": 2022, "goals": [{"indicator": "equity_min"}]}},
         "plan.goals[0].text: saknas (obligatorisk)"),
        ({"plan": {"year": 2022, "goals": [{"text": "g", "indicator": "happiness"}]}},
         'plan.goals[0].indicator: "happiness" är inte tillåtet; välj en av: ended_to_work_or_studies, '
         "ended_to_work, survey_share, participants, registration_completeness, equity_min, equity_max_share, "
         "budget_balance"),
        ({"plan": {"year": 2022, "goals": [{"text": "g", "indicator": "equity_max_share", "target": 20}]}},
         'plan.goals[0].target: "20" ska vara en andel mellan 0 och 1 (t.ex. 0.85)'),
        ({"risks": {"strengths": "allt"}}, 'risks.strengths: ska vara en lista, inte "allt"'),
    ],
)
def test_read_plan_reports_each_error_by_path(overrides, expected):
    assert expected in errors_of(plan_text(**overrides))


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        (BASE["members"][:3], "members: ska ha minst en kommun"),
        ([m for m in BASE["members"] if m["kind"] != "region"], "members: ska ha minst en region"),
        (BASE["members"][1:], "members: ska ha exakt en medlem av slaget forsakringskassan (har 0)"),
        (members_with({"id": "af2", "name": "AF2", "kind": "arbetsformedlingen"}),
         "members: ska ha exakt en medlem av slaget arbetsformedlingen (har 2)"),
        (members_with({"id": "a", "name": "A igen", "kind": "kommun"}),
         'members[5].id: id "a" förekommer mer än en gång'),
        (members_with({"id": "c", "name": "C", "kind": "stad"}),
         'members[5].kind: "stad" är inte tillåtet; välj en av: forsakringskassan, arbetsformedlingen, region, '
         "kommun"),
        (members_with({"id": "Ö", "name": "Ö", "kind": "kommun"}),
         'members[5].id: "Ö" är inte ett giltigt id (små bokstäver a–z, siffror, - och _)'),
        (members_with({"id": "c", "name": "C"}), "members[5].kind: saknas (obligatorisk)"),
        ([{**BASE["members"][0], "population": [{"date": "2021-06-30", "count": 5}]}] + BASE["members"][1:],
         "members[0].population: befolkning anges bara för kommuner och regioner"),
        (members_with({"id": "c", "name": "C", "kind": "kommun", "population": [{"date": "2021-06-30", "count": 0}]}),
         "members[5].population[0].count: 0 får inte vara mindre än 1"),
        (members_with({"id": "c", "name": "C", "kind": "kommun",
                       "population": [{"date": "2021-06-30", "count": 5}, {"date": "2021-06-30", "count": 6}]}),
         'members[5].population: datumet "2021-06-30" förekommer mer än en gång'),
    ],
)
def test_read_plan_reports_member_errors(members, expected):
    assert expected in errors_of(plan_text(members=members))


def test_read_plan_refuses_dates_with_a_time_of_day():
    text = plan_text(plan={"year": 2022}).replace("plan:\n  year: 2022\n",
                                                  "plan:\n  year: 2022\n  adopted_on: 2022-02-18 10:30:00\n")
    assert 'plan.adopted_on: "2022-02-18 10:30:00" ska vara ett datum utan klockslag (ÅÅÅÅ-MM-DD)' in errors_of(text)


def test_read_plan_collects_every_error_at_once():
    doc = copy.deepcopy(BASE)
    doc["association"] = {"id": "test", "org_number": "123"}
    doc["members"].append({"id": "a", "name": "Dubblett", "kind": "kommun"})
    doc["plan"] = {"year": 2022, "adopted_on": "igår"}
    doc["financing"] = [{"year": 2022, "state": "12 000 kr", "contributions": {"nobody": 5}, "status": "klar"}]
    doc["interventions"] = [
        {"id": "one", "name": "Ett", "level": "individual", "members": ["fk", "ghost"]},
        {"id": "two", "name": "Två", "level": "structural"},
        {"id": "three", "name": "Tre", "level": "individual", "budget": {2022: "12 000 kr", 2023: {"zzz": 5}}},
    ]
    doc["budget"] = [{"year": 2022, "costs": [{"id": "k", "label": "K", "kind": "food", "amount": "mycket"}]}]
    text = to_yaml(doc)
    assert errors_of(text) == [
        "association.name: saknas (obligatorisk)",
        'association.org_number: "123" ska skrivas NNNNNN-NNNN',
        'members[5].id: id "a" förekommer mer än en gång',
        'plan.adopted_on: "igår" ska vara ett datum (ÅÅÅÅ-MM-DD)',
        'financing[0].state: "12 000 kr" är inte ett belopp',
        'financing[0].contributions.nobody: "nobody" är ingen känd medlem',
        'financing[0].status: "klar" är inte tillåtet; välj en av: adopted, requested, preliminary',
        'interventions[0].members[1]: "ghost" är ingen känd medlem',
        'interventions[2].budget.2022: "12 000 kr" är inte ett belopp',
        'interventions[2].budget.2023.zzz: "zzz" är ingen känd kommun bland medlemmarna',
        'budget[0].costs[0].kind: "food" är inte tillåtet; välj en av: board, office, audit, economy, '
        "information, development, evaluation, unallocated, financial, other",
        'budget[0].costs[0].amount: "mycket" är inte ett belopp',
    ]


def test_read_plan_one_bad_field_does_not_hide_the_others_of_the_same_object():
    # A bad level, member kind, line kind or plan year used to stop the object's other checks.
    doc = copy.deepcopy(BASE)
    doc["members"].append({"id": "c", "name": ["C"], "kind": "stad"})
    doc["plan"] = {"year": "nu", "adopted_on": "igår"}
    doc["interventions"] = [{"id": "Bad Id", "name": "X", "level": "mixed", "budget": {2022: "12 000 kr"}}]
    doc["budget"] = [{"year": 2022, "costs": [{"id": "k", "label": "K", "kind": "food", "admin": "ja"}]}]
    errors = errors_of(to_yaml(doc))
    for expected in (
        'members[5].kind: "stad" är inte tillåtet; välj en av: forsakringskassan, arbetsformedlingen, region, '
        "kommun",
        "members[5].name: ska vara text, inte en lista",
        'plan.year: "nu" ska vara ett heltal',
        'plan.adopted_on: "igår" ska vara ett datum (ÅÅÅÅ-MM-DD)',
        'interventions[0].level: "mixed" är inte tillåtet; välj en av: individual, structural',
        'interventions[0].id: "Bad Id" är inte ett giltigt id (små bokstäver a–z, siffror, - och _)',
        'interventions[0].budget.2022: "12 000 kr" är inte ett belopp',
        'budget[0].costs[0].admin: "ja" ska vara true eller false',
    ):
        assert expected in errors
    assert len(errors) == 9  # the eight above and budget[0].costs[0].kind


def test_plan_file_error_message_lists_every_error_on_its_own_line():
    with pytest.raises(PlanFileError) as info:
        read_plan(plan_text(association={"id": "x"}, unit="mkr"))
    assert str(info.value) == "\n".join(info.value.errors)
    assert len(info.value.errors) == 2


# ---------------------------------------------------------------- whole-file errors


def test_read_plan_reports_yaml_syntax_errors_with_line_and_column():
    text = "format: samordna/1\nassociation:\n  id: test\n  name: [unclosed\nmembers: []\n"
    errors = errors_of(text)
    assert len(errors) == 1
    assert errors[0].startswith("filen: YAML-syntaxfel (rad 5, kolumn 8): ")


def test_read_plan_reports_yaml_mapping_errors_with_line_and_column():
    errors = errors_of("format: samordna/1\nplan:\n  year: 2022: 2023\n")
    assert errors == ["filen: YAML-syntaxfel (rad 3, kolumn 13): kolon på fel ställe "
                      "(ett värde kan inte ha ett eget kolon här)"]


def test_read_plan_refuses_a_file_over_five_megabytes_before_parsing():
    # Invalid YAML as well: only the size is reported, so nothing was parsed.
    text = "format: [\n" + "#" * (MAX_BYTES + 10)
    assert len(text.encode("utf-8")) > 5 * 1024 * 1024
    assert errors_of(text) == ["filen: är 5.0 MB; en planfil får vara högst 5 MB"]


def test_read_plan_counts_bytes_not_characters_for_the_size_limit():
    text = plan_text() + "# " + "ö" * (MAX_BYTES // 2 + 10) + "\n"
    assert len(text) < MAX_BYTES
    assert errors_of(text) == ["filen: är 5.0 MB; en planfil får vara högst 5 MB"]


def test_read_plan_refuses_one_byte_over_the_limit():
    text = plan_text()
    text += "#" * (MAX_BYTES - len(text.encode("utf-8"))) + "\n"
    assert len(text.encode("utf-8")) == MAX_BYTES + 1
    assert errors_of(text) == ["filen: är 5.0 MB; en planfil får vara högst 5 MB"]


def test_read_plan_refuses_text_that_is_not_utf8():
    assert errors_of(plan_text().encode("utf-8") + "# \xe5\n".encode("latin-1")) == [
        f"filen: är inte UTF-8 (byte {len(plan_text().encode('utf-8')) + 2})"]


def test_read_plan_refuses_alias_bombs():
    lines = ["a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    assert errors_of("\n".join(lines) + "\n") == ["filen: har fler än 200000 värden"]


@pytest.mark.parametrize(
    ("text", "shown"),
    [("- 1\n- 2\n", "en lista"), ("samordna/1\n", '"samordna/1"'), ("42\n", '"42"')],
)
def test_read_plan_refuses_a_top_level_that_is_not_a_mapping(text, shown):
    assert errors_of(text) == [
        f"filen: ska vara en mappning med nycklarna format, association, members, plan …, inte {shown}"]


def test_read_plan_refuses_an_empty_file():
    errors = errors_of("")
    assert len(errors) == 1
    assert errors[0].startswith("filen: ska vara en mappning med nycklarna format, association, members, plan")


def test_read_plan_refuses_a_wrong_or_missing_format():
    assert errors_of(plan_text(format="samordna/0")) == ['format: ska vara "samordna/1", inte "samordna/0"']
    errors = errors_of(plan_text(format=None))
    assert len(errors) == 1
    assert errors[0].startswith('format: ska vara "samordna/1", inte ')


# ---------------------------------------------------------------- unit: tkr


def _all_amounts_doc(scale: int, unit: str) -> dict:
    """A plan using every kind of amount, with amounts multiplied by `scale`."""
    doc = copy.deepcopy(BASE)
    doc["unit"] = unit
    doc["plan"] = {"year": 2022, "plan_years": [2023], "goals": [
        {"text": "Minst 2 000 tkr eget kapital", "indicator": "equity_min", "target": 2000 * scale},
        {"text": "Högst 20 %", "indicator": "equity_max_share", "target": "0.2", "stated_amount": 1200 * scale},
        {"text": "200 deltagare", "indicator": "participants", "target": 200},
        {"text": "85 %", "indicator": "registration_completeness", "target": "0.85"},
        {"text": "Enkät", "indicator": "survey_share", "target": "0.75", "question": "q", "threshold": 4},
    ]}
    doc["association"]["expected_underspend"] = "0.05"
    doc["financing"] = [{
        "year": 2022, "state": 4516 * scale, "total": 9032 * scale, "state_offer": 5600 * scale,
        "contributions": {"region": 2258 * scale, "a": "1 129,5" if scale == 1 else 1129500},
        "offers": {"b": 127 * scale, "region": 2300 * scale},
        "shown_shares": {"a": "0.75", "b": "0.25"},
    }]
    doc["interventions"] = [{
        "id": "x", "name": "X", "level": "individual", "capacity": 12, "duration_weeks": [6, 24],
        "planned_participants": {2022: {"a": 30, "common": 2}},
        "granted": {2022: 700 * scale},
        "budget": {2022: {"a": 650 * scale, "common": 135 * scale}, 2023: 800 * scale},
        "forecast": {2022: 600 * scale},
        "outcome": {2022: 590 * scale},
        "external_funding": [{"source": "leader", "amount": {2022: 437 * scale}}],
        "goals": [{"text": "Kapital", "indicator": "equity_min", "target": 10 * scale},
                  {"text": "Deltagare", "indicator": "participants", "target": 30}],
    }]
    doc["budget"] = [{
        "year": 2022, "opening_equity": 2123 * scale,
        "revenue": [{"id": "esf", "label": "ESF", "kind": "external", "amount": 100 * scale}],
        "costs": [{"id": "kansli", "label": "Kansli", "kind": "office", "amount": 1400 * scale}],
        "stated": {"revenue": 9132 * scale, "costs": 2185 * scale, "result": -573 * scale,
                   "closing_equity": 1550 * scale},
    }]
    return doc


def test_read_plan_tkr_multiplies_every_amount_and_nothing_else():
    in_tkr, _ = read_plan(to_yaml(_all_amounts_doc(1, "tkr")))
    in_kr, _ = read_plan(to_yaml(_all_amounts_doc(1000, "kr")))
    assert in_tkr == in_kr


def test_read_plan_tkr_amounts_are_kronor_inside():
    plan, _ = read_plan(to_yaml(_all_amounts_doc(1, "tkr")))
    fy = plan.financing[0]
    assert fy.state == Decimal("4516000")
    assert fy.total == Decimal("9032000")
    assert fy.state_offer == Decimal("5600000")
    assert fy.contributions == {"region": Decimal("2258000"), "a": Decimal("1129500")}
    assert fy.offers == {"b": Decimal("127000"), "region": Decimal("2300000")}
    assert fy.shown_shares == {"a": Decimal("0.75"), "b": Decimal("0.25")}
    goals = plan.plan.goals
    assert [g.target for g in goals] == [Decimal("2000000"), Decimal("0.2"), Decimal("200"), Decimal("0.85"),
                                         Decimal("0.75")]
    assert goals[1].stated_amount == Decimal("1200000")
    assert goals[4].threshold == Decimal("4")
    assert plan.association.expected_underspend == Decimal("0.05")
    iv = plan.interventions[0]
    assert iv.planned_participants == {2022: {"a": Decimal("30"), "common": Decimal("2")}}
    assert iv.capacity == 12
    assert iv.duration_weeks == (6, 24)
    assert iv.granted == {2022: {"common": Decimal("700000")}}
    assert iv.budget == {2022: {"a": Decimal("650000"), "common": Decimal("135000")},
                         2023: {"common": Decimal("800000")}}
    assert iv.forecast == {2022: {"common": Decimal("600000")}}
    assert iv.outcome == {2022: {"common": Decimal("590000")}}
    assert iv.external_funding[0].amount == {2022: Decimal("437000")}
    assert [g.target for g in iv.goals] == [Decimal("10000"), Decimal("30")]
    entry = plan.budget[0]
    assert entry.opening_equity == Decimal("2123000")
    assert entry.revenue[0].amount == Decimal("100000")
    assert entry.costs[0].amount == Decimal("1400000")
    assert entry.stated == {"revenue": Decimal("9132000"), "costs": Decimal("2185000"),
                            "result": Decimal("-573000"), "closing_equity": Decimal("1550000")}
    assert plan.member("a").population[0].count == 3000


def test_read_plan_tkr_keeps_fractions_of_a_thousand():
    plan = make(unit="tkr", financing=[{"year": 2022, "state": "4 516,5"}])
    assert plan.financing[0].state == Decimal("4516500")


def test_dump_plan_writes_a_tkr_file_in_kronor():
    plan = make(unit="tkr", financing=[{"year": 2022, "state": 4516}])
    text = dump_plan(plan)
    assert "unit: kr\n" in text
    assert "state: 4516000\n" in text
    assert read_plan(text)[0] == plan


# ---------------------------------------------------------------- writing


@pytest.mark.parametrize("name", ["sydnarke-2022", "sjuharad-2022", "sodra-vatterbygden-2020"])
def test_dump_read_dump_is_identical_for_the_demo_plans(name):
    plan, warnings = read_plan((PLANS / f"{name}.yaml").read_bytes())
    assert warnings == []
    text = dump_plan(plan)
    again, again_warnings = read_plan(text)
    assert again_warnings == []
    assert again == plan
    assert dump_plan(again) == text


def test_dump_read_dump_is_identical_for_the_shared_example():
    if not EXAMPLE.exists():
        pytest.skip("shared/formats/examples/sydnarke-2022.yaml is absent")
    plan, _ = read_plan(EXAMPLE.read_bytes())
    text = dump_plan(plan)
    again, _ = read_plan(text)
    assert again == plan
    assert dump_plan(again) == text


def test_dump_plan_is_canonical_key_order_and_kronor():
    plan = make(interventions=[{"id": "x", "name": "X", "level": "individual",
                                "budget": {2022: {"common": 5000}, 2023: {"a": 1, "b": 2}}}])
    doc = plan_to_dict(plan)
    assert list(doc) == ["format", "unit", "association", "members", "plan", "financing", "interventions"]
    assert doc["format"] == "samordna/1"
    assert doc["unit"] == "kr"
    assert doc["interventions"][0]["budget"] == {2022: Decimal("5000"), 2023: {"a": Decimal("1"), "b": Decimal("2")}}
    text = dump_plan(plan)
    assert text.startswith("# Samordningsförbundet Test: verksamhetsplan 2022 (samordna/1)\nformat: samordna/1\n")


def test_dump_plan_writes_ore_without_float_noise():
    plan = make(financing=[{"year": 2022, "state": "1 308 500,10"}])
    text = dump_plan(plan)
    assert "state: 1308500.1\n" in text
    assert read_plan(text)[0].financing[0].state == Decimal("1308500.10")


def test_dump_plan_keeps_zero_amounts_and_drops_absent_ones():
    plan = make(interventions=[{"id": "x", "name": "X", "level": "individual", "budget": {2022: 0}}],
                budget=[{"year": 2022, "costs": [{"id": "k", "label": "K", "kind": "office", "amount": 0},
                                                 {"id": "l", "label": "L", "kind": "office"}]}])
    again = read_plan(dump_plan(plan))[0]
    assert again.interventions[0].budget == {2022: {"common": Decimal("0")}}
    assert [(line.id, line.amount) for line in again.budget[0].costs] == [("k", Decimal("0")), ("l", None)]
    assert again.interventions[0].forecast == {}


def test_dump_plan_round_trips_clock_times_as_text():
    plan = make(calendar=[{"date": "2022-03-18", "start": "13:00", "end": "16:00"}])
    text = dump_plan(plan)
    assert "start: '13:00'" in text
    assert read_plan(text)[0].calendar == plan.calendar


def test_read_plan_reads_the_intervention_lifecycle_extensions_and_round_trips_them():
    plan = make(interventions=[{
        "id": "x2", "name": "X", "level": "individual",
        "decision": {"date": "2022-02-18", "reference": "§ 12"}, "successor_of": "x1",
        "implementation": "Ordinarie verksamhet i Ale", "how_to_apply": "Ring kansliet"}])
    iv = plan.interventions[0]
    assert (iv.decision_date, iv.decision_reference) == (date(2022, 2, 18), "§ 12")
    assert (iv.successor_of, iv.implementation, iv.how_to_apply) == (
        "x1", "Ordinarie verksamhet i Ale", "Ring kansliet")
    text = dump_plan(plan)
    again = read_plan(text)[0]
    assert again == plan
    assert dump_plan(again) == text


# ---------------------------------------------------------------- extensions: glossary, parts


def test_glossary_and_section_parts_are_read_and_written_back():
    plan = make(plan={"year": 2022, "sections": [
        {"title": "Ekonomi", "parts": ["financing", "budget"]},
        {"title": "Bakgrund", "text": "Text.", "parts": ["vision"]}],
        "glossary": [{"term": "Samverkan", "definition": "Sker mellan myndigheter."},
                     {"term": "Samordning", "definition": "Parternas ansvar.", "note": "Bilaga 1"}]})
    assert plan.plan.sections[0] == p.Section("Ekonomi", "", None, ("financing", "budget"))
    assert plan.plan.sections[1].parts == ("vision",)
    assert plan.plan.glossary == (p.GlossaryEntry("Samverkan", "Sker mellan myndigheter."),
                                  p.GlossaryEntry("Samordning", "Parternas ansvar.", "Bilaga 1"))
    text = dump_plan(plan)
    assert "    parts: [financing, budget]\n" in text
    assert "  - {term: Samverkan, definition: Sker mellan myndigheter.}\n" in text
    assert read_plan(text)[0] == plan


def test_plan_without_glossary_or_parts_has_none():
    plan = make()
    assert plan.plan.glossary == ()
    assert "glossary" not in dump_plan(plan)


def test_section_parts_and_glossary_refuse_what_they_cannot_hold():
    errors = errors_of(plan_text(plan={"year": 2022, "sections": [
        {"title": "A", "parts": ["budget", "kalender"]},
        {"title": "B", "parts": ["budget"]}],
        "glossary": [{"term": "Samverkan", "definition": "Ett."}, {"term": "samverkan", "definition": "Två."},
                     {"term": " ", "definition": "Tre."}, {"term": "Fyra"}]}))
    assert errors == [
        'plan.sections[0].parts[1]: "kalender" är inte tillåtet; välj en av: vision, organisation, '
        "target_groups, goals, interventions, financing, budget, decisions",
        'plan.sections[1].parts[0]: delen "budget" ligger redan i plan.sections[0]',
        'plan.glossary[1].term: "samverkan" finns redan i plan.glossary[0]',
        "plan.glossary[2].term: får inte vara tom",
        "plan.glossary[3].definition: saknas (obligatorisk)"]
