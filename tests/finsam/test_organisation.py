"""The organisation's rules: members, the board from named seats or counts, risk scoring,
goals, target groups and calendar entries, and what a load keeps for the association."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from samordna.finsam import checks
from samordna.finsam import organisation as o
from samordna.finsam import plan as p
from samordna.finsam.financing import contribution_split
from tests.finsam.builders import read_doc, two_kommuner


def members(*extra):
    return (p.Member("fk", "FK", p.FK), p.Member("af", "AF", p.AF),
            p.Member("reg", "Regionen", p.REGION), p.Member("a", "A kommun", p.KOMMUN), *extra)


def seat(id_, member, role="regular", **kw):
    return p.BoardSeat(id=id_, name=kw.pop("name", id_.capitalize()), member=member, role=role, **kw)


# ---------------------------------------------------------------- members


def test_member_problems_accepts_one_fk_one_af_a_region_and_a_kommun():
    assert o.member_problems(members()) == []


@pytest.mark.parametrize(("change", "message"), [
    (lambda ms: ms + (p.Member("fk2", "FK 2", p.FK),),
     "Förbundet ska ha exakt en medlem som är Försäkringskassan (har 2)."),
    (lambda ms: tuple(m for m in ms if m.kind != p.AF),
     "Förbundet ska ha exakt en medlem som är Arbetsförmedlingen (har 0)."),
    (lambda ms: tuple(m for m in ms if m.kind != p.REGION),
     "Förbundet ska ha minst en region som medlem."),
    (lambda ms: tuple(replace(m, ended_on=date(2025, 12, 31)) if m.kind == p.KOMMUN else m
                      for m in ms),
     "Förbundet ska ha minst en kommun som medlem."),
    (lambda ms: ms + (p.Member("a", "A igen", p.KOMMUN),),
     "Id:t a används av fler än en medlem."),
    (lambda ms: tuple(replace(m, population=(p.PopulationCount(date(2021, 6, 30), 5),))
                      if m.kind == p.FK else m for m in ms),
     "FK: befolkning anges bara för kommuner och regioner."),
])
def test_member_problems_names_each_broken_rule(change, message):
    assert o.member_problems(change(members())) == [message]


def test_member_problems_counts_only_members_that_have_not_left():
    old_fk = p.Member("fk-old", "FK (gammal)", p.FK, ended_on=date(2020, 12, 31))
    assert o.member_problems(members(old_fk)) == []


@pytest.mark.parametrize(("ended_on", "year", "expected"), [
    (None, 2030, True), (date(2026, 6, 30), 2026, True), (date(2026, 12, 31), 2027, False),
    (date(2027, 1, 1), 2027, True), (date(2025, 12, 31), 2026, False)])
def test_member_takes_part_in_the_years_that_begin_before_it_left(ended_on, year, expected):
    assert p.Member("a", "A", p.KOMMUN, ended_on=ended_on).takes_part_in(year) is expected


def test_an_ended_kommun_leaves_the_split_of_later_years_only():
    doc = two_kommuner()
    doc["members"][4]["ended_on"] = "2022-12-31"
    doc["financing"].append({"year": 2023, "state": 400000})
    plan, _ = read_doc(doc)
    in_2022 = contribution_split(plan=plan, year=2022)
    in_2023 = contribution_split(plan=plan, year=2023)
    assert {m.id: m.amount for m in in_2022.members if m.kind == "kommun"} == {
        "a": Decimal("150000"), "b": Decimal("50000")}
    assert {m.id: m.amount for m in in_2023.members if m.kind == "kommun"} == {
        "a": Decimal("200000")}
    assert in_2023.municipalities == Decimal("200000")


# ---------------------------------------------------------------- the board


def plan_with(seats=(), board=(), extra_members=()):
    return p.Plan(association=p.Association("t", "T"), members=members(*extra_members),
                  plan=p.PlanInfo(year=2026), seats=tuple(seats), board=tuple(board))


EVERY_MEMBER = [seat(f"{m}-l", m) for m in ("fk", "af", "reg", "a")] + \
    [seat(f"{m}-e", m, "deputy") for m in ("fk", "af", "reg", "a")]


def test_board_counts_come_from_the_named_seats_when_there_are_any():
    plan = plan_with(EVERY_MEMBER, board=[p.BoardSeats(("a",), 0, 3)])
    assert o.board_counts(plan) == {"fk": (1, 1), "af": (1, 1), "reg": (1, 1), "a": (1, 1)}
    assert o.board_lacking(plan) == ()


def test_board_counts_come_from_the_seat_counts_without_named_seats():
    plan = plan_with(board=[p.BoardSeats(("fk",), 1, 1), p.BoardSeats(("af", "reg"), 1, 1)])
    assert o.board_counts(plan) == {"fk": (1, 1)}
    assert [m.id for m in o.board_lacking(plan)] == ["af", "reg", "a"]


def test_board_lacking_finds_unequal_numbers_and_a_missing_deputy():
    seats = [s for s in EVERY_MEMBER if s.id != "a-e"] + [seat("fk-l2", "fk")]
    assert [m.id for m in o.board_lacking(plan_with(seats))] == ["fk", "a"]


def test_board_lacking_counts_only_seats_whose_term_covers_the_year():
    seats = [s if s.member != "reg" else replace(s, term_end=date(2025, 12, 31))
             for s in EVERY_MEMBER]
    plan = plan_with(seats)
    assert [m.id for m in o.board_lacking(plan, 2026)] == ["reg"]
    assert o.board_lacking(plan, 2025) == ()


def test_board_lacking_leaves_out_members_that_left_before_the_year():
    gone = p.Member("b", "B kommun", p.KOMMUN, ended_on=date(2025, 12, 31))
    assert o.board_lacking(plan_with(EVERY_MEMBER, extra_members=[gone]), 2026) == ()
    assert [m.id for m in o.board_lacking(plan_with(EVERY_MEMBER, extra_members=[gone]), 2025)] \
        == ["b"]


def test_review_board_finding_is_computed_from_the_named_seats():
    ok = plan_with(EVERY_MEMBER)
    broken = plan_with([s for s in EVERY_MEMBER if s.id != "reg-e"])
    assert checks.check_board(ok) == []
    assert [f.message for f in checks.check_board(broken)] == [
        "Varje medlem ska utse minst en ledamot och en ersättare, lika många av varje; det "
        "saknas för Regionen."]


@pytest.mark.parametrize(("new", "field", "message"), [
    (seat("x", "a", name=" "), "name", "Ange personens namn."),
    (seat("x", "zz"), "member", "Välj den medlem som personen representerar."),
    (seat("x", "a", "boss"), "role", "Välj ledamot eller ersättare."),
    (seat("x", "a", term_start=date(2026, 1, 1), term_end=date(2025, 1, 1)), "term_end",
     "Mandatperioden kan inte sluta innan den börjar."),
    (seat("x", "a", "deputy", office="chair"), "office",
     "Ordförande och vice ordförande väljs bland ledamöterna."),
    (seat("x", "a", office="chair"), "office", "Styrelsen har redan en ordförande: Ordf."),
    (seat("x", "a", office="vice_chair"), "office",
     "Styrelsen har redan 2 vice ordförande: V1, V2."),
    (seat("x", "a", deputy_order=1), "deputy_order", "Bara ersättare har en inkallelseordning."),
    (seat("x", "a", "deputy", deputy_order=0), "deputy_order", "Inkallelseordningen börjar på 1."),
    (seat("x", "a", "deputy", deputy_order=1), "deputy_order",
     "Ers kallas redan in som nummer 1 för samma medlem."),
    (seat("x", "a", email="inte en adress"), "email",
     "Skriv en e-postadress i formen namn@exempel.se."),
])
def test_seat_problems_names_each_rule(new, field, message):
    others = [seat("c", "fk", office="chair", name="Ordf"),
              seat("v1", "af", office="vice_chair", name="V1"),
              seat("v2", "reg", office="vice_chair", name="V2"),
              seat("d", "a", "deputy", deputy_order=1, name="Ers")]
    assert o.seat_problems(new, members=members(), others=others) == {field: message}


def test_seat_problems_allows_a_new_chair_after_the_old_term_ends():
    old = seat("c", "fk", office="chair", term_start=date(2019, 1, 1), term_end=date(2022, 12, 31))
    new = seat("n", "a", office="chair", term_start=date(2023, 1, 1), term_end=date(2026, 12, 31))
    assert o.seat_problems(new, members=members(), others=[old]) == {}


def test_seat_problems_refuses_a_seat_for_a_member_that_has_left():
    gone = p.Member("b", "B kommun", p.KOMMUN, ended_on=date(2024, 12, 31))
    assert o.seat_problems(seat("x", "b", term_start=date(2025, 1, 1)), members=members(gone)) \
        == {"member": "B kommun har lämnat förbundet 2024-12-31."}
    assert o.seat_problems(seat("x", "b", term_start=date(2023, 1, 1)), members=members(gone)) \
        == {}


def test_term_years_and_seat_order():
    x = seat("x", "a", term_start=date(2023, 1, 1), term_end=date(2026, 12, 31))
    assert o.term_years(x) == Decimal("4.0")
    seats = [seat("e2", "fk", "deputy", deputy_order=2), seat("l", "a"),
             seat("e1", "fk", "deputy", deputy_order=1), seat("fl", "fk")]
    assert [s.id for s in o.seats_in_order(seats, members())] == ["fl", "e1", "e2", "l"]


def test_body_and_body_member_problems():
    au = p.Body("au", "working_committee", "Arbetsutskottet")
    assert o.body_problems(p.Body("x", "working_committee", "arbetsutskottet"), others=[au]) == {
        "name": "Det finns redan ett organ som heter ”arbetsutskottet”."}
    assert o.body_problems(p.Body("x", "club", "Klubben")) == {
        "kind": "Välj vilket slags organ det är."}
    assert o.body_member_problems(p.BodyMember("Eva"), members=members()) == {
        "organisation": "Ange vilken medlem eller organisation personen kommer från."}
    assert o.body_member_problems(p.BodyMember("Eva", member="zz"), members=members()) == {
        "member": "Välj en av förbundets medlemmar."}
    assert o.body_member_problems(p.BodyMember("Eva", organisation="Kansliet"),
                                  members=members()) == {}


# ---------------------------------------------------------------- risks

EXPECTED_LEVELS = {1: "low", 2: "low", 3: "low", 4: "medium", 6: "medium", 8: "high",
                   9: "high", 12: "very_high", 16: "very_high"}


@pytest.mark.parametrize("likelihood", [1, 2, 3, 4])
@pytest.mark.parametrize("consequence", [1, 2, 3, 4])
def test_risk_score_is_likelihood_times_consequence_with_its_level(likelihood, consequence):
    score = o.risk_score(likelihood, consequence)
    assert score == likelihood * consequence
    assert o.risk_level(score) == EXPECTED_LEVELS[score]


@pytest.mark.parametrize(("likelihood", "consequence"), [(0, 1), (5, 1), (1, 5), (2, None)])
def test_risk_score_refuses_values_outside_the_scale(likelihood, consequence):
    with pytest.raises(ValueError):
        o.risk_score(likelihood, consequence)


def test_risk_problems_and_order():
    assert o.risk_problems(p.RiskControl("r", " ", 5, 0)) == {
        "risk": "Beskriv risken.", "likelihood": "Sannolikheten är 1–4.",
        "consequence": "Konsekvensen är 1–4."}
    low, high, mid = (p.RiskControl("l", "L", 1, 2), p.RiskControl("h", "H", 4, 3),
                      p.RiskControl("m", "M", 2, 2))
    assert [c.id for c in o.risks_by_score([low, high, mid])] == ["h", "m", "l"]


# ---------------------------------------------------------------- goals, target groups, calendar


@pytest.mark.parametrize(("goal", "errors"), [
    (p.Goal("40 % till arbete", "ended_to_work_or_studies", Decimal("0.4")), {}),
    (p.Goal("", None), {"text": "Skriv målet."}),
    (p.Goal("x", "ended_to_work", Decimal("1.2")),
     {"target": "Andelen ska vara mellan 0 och 100 procent."}),
    (p.Goal("x", "participants", Decimal("10.5")),
     {"target": "Antalet deltagare ska vara ett heltal, noll eller mer."}),
    (p.Goal("x", "equity_min", Decimal("0.001")),
     {"target": "Beloppet är orimligt (högst 13 siffror, öre som mest)."}),
    (p.Goal("x", "budget_balance", Decimal("1")), {"target": "Budget i balans har inget målvärde."}),
    (p.Goal("x", "nope"), {"indicator": "Okänd indikator."}),
    (p.Goal("x", "participants", question="Hur?"),
     {"question": "En fråga hör bara till indikatorn enkätandel."}),
    (p.Goal("x", "survey_share", Decimal("0.75"), "Mår du bättre?", Decimal("4")), {}),
])
def test_goal_problems(goal, errors):
    assert o.goal_problems(goal) == errors


def test_target_group_problems_refuses_a_name_twice():
    unga = p.TargetGroup("Unga vuxna", id="unga")
    assert o.target_group_problems(p.TargetGroup(" unga vuxna "), others=[unga]) == {
        "name": "Målgruppen ”unga vuxna” finns redan."}
    assert o.target_group_problems(replace(unga, description="16–29 år"), others=[]) == {}


@pytest.mark.parametrize(("item", "errors"), [
    (p.CalendarItem(date(2026, 2, 1), "09:00", "12:00", "styrelse"), {}),
    (p.CalendarItem(date(2026, 2, 1), "9.00", None, "styrelse"),
     {"start": "Skriv klockslaget som TT:MM, t.ex. 09:00."}),
    (p.CalendarItem(date(2026, 2, 1), "13:00", "12:00", "styrelse"),
     {"end": "Sluttiden 12:00 ligger före starttiden 13:00."}),
    (p.CalendarItem(date(2026, 2, 1), None, "12:00", "styrelse"),
     {"start": "Ange starttiden när en sluttid anges."}),
    (p.CalendarItem(date(2026, 2, 1)), {"title": "Ange en rubrik eller välj ett organ."}),
    (p.CalendarItem(date(2026, 2, 1), body="Styrelsen!"), {"body": "Välj ett organ ur listan."}),
])
def test_calendar_problems(item, errors):
    assert o.calendar_problems(item) == errors


def test_body_label_prefers_the_associations_own_body():
    bodies = [p.Body("styrelse", "other", "Förbundsstyrelsen")]
    assert o.body_label("styrelse", bodies) == "Förbundsstyrelsen"
    assert o.body_label("styrelse") == "Styrelsen"
    assert o.body_label("okand") == "Okänt värde"


def test_slug_of_is_readable_and_unique():
    assert o.slug_of("Åsa Öberg", []) == "asa-oberg"
    assert o.slug_of("Åsa Öberg", ["asa-oberg", "asa-oberg-2"]) == "asa-oberg-3"
    assert o.slug_of("!!!", [], fallback="plats") == "plats"


# ---------------------------------------------------------------- a load keeps the association's


def test_association_kept_fills_what_a_file_leaves_out_and_keeps_what_it_gives():
    plan = plan_with()
    kept = o.association_kept(plan, ended_on={"a": date(2025, 12, 31)}, seats=tuple(EVERY_MEMBER),
                              bodies=(p.Body("au", "working_committee", "AU"),))
    assert kept.member("a").ended_on == date(2025, 12, 31)
    assert kept.seats == tuple(EVERY_MEMBER) and [b.id for b in kept.bodies] == ["au"]
    given = replace(plan, seats=(seat("ny", "a"),))
    assert o.association_kept(given, seats=tuple(EVERY_MEMBER)).seats == (seat("ny", "a"),)


def test_review_board_counts_the_seats_sitting_in_the_budget_year():
    ended = [replace(s, term_end=date(2025, 12, 31)) if s.member == "a" else s
             for s in EVERY_MEMBER]
    assert [f.message for f in checks.check_board(plan_with(ended))] == [
        "Varje medlem ska utse minst en ledamot och en ersättare, lika många av varje; det "
        "saknas för A kommun."]
