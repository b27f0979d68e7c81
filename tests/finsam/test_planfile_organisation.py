"""The plan file's organisation extensions: named board seats, bodies, member end dates,
risk controls and ids of calendar entries, goals and target groups; read, written, and
written → read → written identically."""

from datetime import date

import pytest

from samordna.finsam import plan as p
from samordna.finsam.planfile import PlanFileError, dump_plan, read_plan
from tests.finsam.builders import read_doc, two_kommuner, yaml_of


def organisation_doc() -> dict:
    doc = two_kommuner()
    doc["members"][4]["ended_on"] = "2022-12-31"
    doc["plan"]["goals"] = [{"text": "40 % till arbete", "indicator": "ended_to_work",
                             "target": 0.4, "id": "arbete"}]
    doc["plan"]["target_groups"] = [{"name": "Unga vuxna", "priority": True, "id": "unga"}]
    doc["calendar"] = [{"date": "2022-02-18", "start": "09:00", "end": "12:00",
                        "body": "styrelse", "id": "styrelse-feb"}]
    doc["risks"] = {"strengths": ["Gott samarbete"], "controls": [
        {"id": "utbetalning", "risk": "Fel utbetalning", "likelihood": 2, "consequence": 4,
         "control": "Attest av två", "owner": "Förbundschefen", "frequency": "Varje månad"}]}
    doc["board_seats"] = [
        {"id": "anna", "name": "Anna Ek", "member": "a", "role": "regular", "office": "chair",
         "term_start": "2019-01-01", "term_end": "2022-12-31"},
        {"id": "bo", "name": "Bo Berg", "member": "a", "role": "deputy", "deputy_order": 1,
         "email": "bo.berg@a.se"}]
    doc["bodies"] = [{"id": "au", "kind": "working_committee", "name": "Arbetsutskottet",
                      "members": [{"name": "Anna Ek", "member": "a", "role": "ordförande"},
                                  {"name": "Cia Lund", "organisation": "Kansliet",
                                   "role": "sekreterare"}]}]
    return doc


def test_organisation_extensions_are_read_into_the_plan():
    plan, warnings = read_doc(organisation_doc())
    assert warnings == []
    assert plan.member("b").ended_on == date(2022, 12, 31)
    assert plan.plan.goals[0].id == "arbete" and plan.plan.target_groups[0].id == "unga"
    assert plan.calendar[0].id == "styrelse-feb"
    assert plan.risks.controls == (p.RiskControl(
        "utbetalning", "Fel utbetalning", 2, 4, "Attest av två", "Förbundschefen", "Varje månad"),)
    assert plan.seats == (
        p.BoardSeat("anna", "Anna Ek", "a", "regular", date(2019, 1, 1), date(2022, 12, 31),
                    "chair"),
        p.BoardSeat("bo", "Bo Berg", "a", "deputy", deputy_order=1, email="bo.berg@a.se"))
    assert plan.bodies == (p.Body("au", "working_committee", "Arbetsutskottet", (
        p.BodyMember("Anna Ek", "a", role="ordförande"),
        p.BodyMember("Cia Lund", organisation="Kansliet", role="sekreterare"))),)


def test_organisation_extensions_round_trip_identically():
    plan, _ = read_doc(organisation_doc())
    text = dump_plan(plan)
    again, _ = read_plan(text)
    assert again == plan
    assert dump_plan(again) == text
    assert "board_seats:\n- {id: anna, name: Anna Ek, member: a, role: regular" in text
    assert "  controls:\n  - id: utbetalning\n    risk: Fel utbetalning\n    likelihood: 2\n" in text


def test_a_file_without_the_extensions_reads_as_before():
    plan, warnings = read_doc(two_kommuner())
    assert (plan.seats, plan.bodies, warnings) == ((), (), [])
    assert "board_seats" not in dump_plan(plan) and "ended_on" not in dump_plan(plan)


def test_an_ended_member_is_not_counted_in_the_members_rule():
    doc = organisation_doc()
    doc["members"].append({"id": "fk-old", "name": "FK gammal", "kind": "forsakringskassan",
                           "ended_on": "2019-12-31"})
    plan, _ = read_doc(doc)
    assert [m.id for m in plan.members_of(p.FK)] == ["fk", "fk-old"]


@pytest.mark.parametrize(("change", "error"), [
    (lambda d: d["risks"]["controls"][0].update(likelihood=5),
     "risks.controls[0].likelihood: 5 ska vara 1, 2, 3 eller 4"),
    (lambda d: d["risks"]["controls"][0].pop("consequence"),
     "risks.controls[0].consequence: saknas (obligatorisk)"),
    (lambda d: d["board_seats"][0].update(member="zz"),
     'board_seats[0].member: "zz" är ingen känd medlem'),
    (lambda d: d["board_seats"][0].update(role="boss"),
     'board_seats[0].role: "boss" är inte tillåtet; välj en av: regular, deputy'),
    (lambda d: d["board_seats"][1].update(office="vice_chair"),
     "board_seats[1].office: ordförande och vice ordförande är ledamöter, inte ersättare"),
    (lambda d: d["board_seats"][0].update(deputy_order=2),
     "board_seats[0].deputy_order: bara ersättare har en inkallelseordning"),
    (lambda d: d["board_seats"][0].update(term_end="2018-12-31"),
     "board_seats[0].term_end: mandatperioden slutar 2018-12-31, före starten 2019-01-01"),
    (lambda d: d["board_seats"][1].update(id="anna"),
     'board_seats[1].id: id "anna" förekommer mer än en gång'),
    (lambda d: d["bodies"][0].update(kind="club"),
     'bodies[0].kind: "club" är inte tillåtet; välj en av: working_committee, '
     'preparatory_group, other'),
    (lambda d: d["bodies"][0]["members"][0].update(member="zz"),
     'bodies[0].members[0].member: "zz" är ingen känd medlem'),
    (lambda d: d["calendar"].append({"date": "2022-03-01", "id": "styrelse-feb"}),
     'calendar[1].id: id "styrelse-feb" förekommer mer än en gång'),
    (lambda d: d["plan"]["goals"].append({"text": "Igen", "id": "arbete"}),
     'plan.goals[1].id: id "arbete" förekommer mer än en gång'),
    (lambda d: d["members"][3].update(ended_on="snart"),
     'members[3].ended_on: "snart" ska vara ett datum (ÅÅÅÅ-MM-DD)'),
])
def test_organisation_extensions_are_refused_by_their_path(change, error):
    doc = organisation_doc()
    change(doc)
    with pytest.raises(PlanFileError) as refused:
        read_plan(yaml_of(doc))
    assert error in refused.value.errors
