"""Intervention rules: parties, locked fields, per-kommun parts, lifecycle, granted vs budgeted."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from samordna.finsam import interventions as rules
from samordna.finsam import plan as p


def _iv(**kw):
    return replace(p.Intervention(id="x", name="X", level="individual"), **kw)


def test_parties_counts_kommuner_as_one_party(sjuharad):
    assert rules.parties(sjuharad, ["boras", "mark", "tranemo"]) == {p.KOMMUN}
    problem = rules.parties_problem(sjuharad, ["boras", "mark"])
    assert problem.startswith("En insats kräver minst två parter")
    assert "bara kommunerna" in problem


def test_parties_accepts_two_parties(sjuharad):
    assert rules.parties_problem(sjuharad, ["boras", "af"]) is None
    assert rules.parties(sjuharad, ["fk", "af", "region"]) == {p.FK, p.AF, p.REGION}


def test_parties_problem_names_no_party_when_empty(sjuharad):
    assert "ingen part" in rules.parties_problem(sjuharad, [])


def test_locked_changes_refuse_level_follow_up_and_esf_flag():
    old = _iv(markings=("esf_owner",))
    assert rules.locked_changes(old, replace(old, name="Nytt namn", markings=("esf_owner", "lts_prio"))) == []
    messages = rules.locked_changes(old, replace(old, level="structural", markings=()))
    assert len(messages) == 3  # structural changes the default follow-up too
    assert messages[0].startswith("Nivån kan inte ändras")
    assert all("skapa en ny insats" in m for m in messages)
    assert rules.locked_changes(old, replace(old, follow_up="count"))[0].startswith("Uppföljningssättet")
    assert rules.locked_changes(old, replace(old, markings=("esf_cofinancer",)))[0].startswith("ESF-markeringen")


def test_parts_problem_when_parts_do_not_sum_to_total():
    parts = {"boras": Decimal("6050000"), "common": Decimal("135000")}
    assert rules.parts_problem(parts, Decimal("6185000"), "Budget 2022") is None
    message = rules.parts_problem(parts, Decimal("6200000"), "Budget 2022")
    assert message == "Budget 2022: delarna per kommun summerar till 6 185 000 men totalen är angiven till 6 200 000."


def test_kommun_problem_names_non_members(sjuharad):
    assert rules.kommun_problem(sjuharad, ["boras", "common"]) is None
    assert rules.kommun_problem(sjuharad, ["boras", "goteborg"]) == "goteborg är inte medlemskommuner i förbundet."
    assert rules.kommun_problem(sjuharad, ["region"]) is not None


def test_status_moves_one_step_forward():
    assert rules.status_problem(_iv(status="granted"), old_status="applied", decision_date=date(2022, 1, 1),
                                decision_reference="2022:1") is None
    message = rules.status_problem(_iv(status="ended", period_end=date(2022, 6, 30)), old_status="applied")
    assert message == "Status kan inte gå från ansökt till avslutad; nästa steg är: beviljad."
    assert rules.status_problem(_iv(status="applied"), old_status="granted").startswith("Status kan inte gå")


def test_status_granted_needs_a_board_decision():
    assert rules.status_problem(_iv(status="granted"), old_status="applied").startswith(
        "En beviljad insats kräver styrelsens beslut")
    assert rules.status_problem(_iv(status="ongoing"), old_status=None) is not None
    assert rules.status_problem(_iv(status="applied"), old_status=None) is None


def test_status_ended_needs_end_date_and_implemented_needs_note():
    assert rules.status_problem(_iv(status="ended"), old_status="ongoing") == "En avslutad insats kräver ett slutdatum."
    done = _iv(status="implemented", period_end=date(2022, 2, 28))
    assert rules.status_problem(done, old_status="ended").startswith("En implementerad insats kräver")
    assert rules.status_problem(done, old_status="ended", implementation="Lever vidare i Aktiv kraft") is None


def test_suggested_budget_deducts_expected_underspend():
    assert rules.suggested_budget(Decimal("3067000"), Decimal("0.05")) == Decimal("2913700")
    assert rules.suggested_budget(Decimal("600000"), None) == Decimal("600000")


def test_underspend_history_suggests_share_from_earlier_years():
    ivs = (_iv(id="a", granted={2019: {"common": Decimal("700000")}}, outcome={2019: {"common": Decimal("644880")}}),
           _iv(id="b", granted={2019: {"common": Decimal("300000")}}, forecast={2019: {"common": Decimal("276000")}}),
           _iv(id="c", granted={2020: {"common": Decimal("100")}}))
    plan = p.Plan(association=p.Association("a", "A"), members=(), plan=p.PlanInfo(year=2020), interventions=ivs)
    history = rules.underspend_history(plan, before_year=2020)
    assert (history.granted, history.used, history.years) == (Decimal("1000000"), Decimal("920880"), (2019,))
    assert history.suggested == Decimal("0.079")


def test_goal_follow_up_says_computed_or_written():
    assert rules.goal_follow_up(p.Goal("Text")) == "Skriftlig bedömning"
    assert rules.goal_follow_up(p.Goal("Text", indicator="equity_min")) == "Beräknas ur budgeten"
    assert rules.goal_follow_up(p.Goal("T", indicator="ended_to_work_or_studies")) == "Beräknas ur deltagaruppföljning"


# ---------------------------------------------------------------- goal targets as shown


def test_goal_target_without_indicator_is_shown_as_written_not_as_percent():
    # A target "40" typed without an indicator once showed as "4000 %".
    assert rules.goal_target_text(p.Goal("40 deltagare ska börja studera.", target=Decimal("40"))) == "40"
    assert rules.goal_target_text(p.Goal("Minst 2,5 dagar.", target=Decimal("2.50"))) == "2,5"
    assert rules.goal_target_text(p.Goal("12 000 besök.", target=Decimal("12000"))) == "12\u00a0000"


def test_goal_target_by_indicator():
    def shown(indicator, target):
        return rules.goal_target_text(p.Goal("Mål", indicator=indicator,
                                             target=None if target is None else Decimal(target)))
    assert shown("ended_to_work_or_studies", "0.4") == "40\u00a0%"
    assert shown("registration_completeness", "0.855") == "85,5\u00a0%"
    assert shown("equity_max_share", "0.2") == "20\u00a0%"
    assert shown("participants", "200") == "200 personer"
    assert shown("equity_min", "2000000") == "2\u00a0000\u00a0000\u00a0kr"
    assert shown("budget_balance", None) == "Intäkter ≥ kostnader"
    assert shown(None, None) == "–"
