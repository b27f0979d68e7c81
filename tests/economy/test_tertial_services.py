"""The tertial follow-up's one write, `tertial_save`: permission, every rule with a Swedish
refusal that writes nothing, the revision of each cell (a conflict only when the same cell was
saved by someone else), one change-log entry per save with before and after, and what the
stored data then says (`plan_data`, the plan file)."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from samordna.audit.models import ChangeRecord
from samordna.core.exceptions import Conflict
from samordna.economy import services as economy
from samordna.economy.models import Plan, Tertial, TertialCell
from samordna.economy.selectors import plan_data
from samordna.economy.tertial_services import CellEdit, tertial_save
from samordna.finsam.planfile import dump_plan
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
D = Decimal
OWN = [m for m in apps.get_models() if m.__module__.startswith("samordna.")]


def rows():
    return {m._meta.label: list(m.objects.order_by("pk").values_list()) for m in OWN}


@pytest.fixture
def plan(sydnarke_plan):
    return Plan.objects.get(pk=sydnarke_plan.pk)


@pytest.fixture
def kansli(plan):
    return make_user("kansli", plan.association, "secretariat_admin")


@pytest.fixture
def ekonom(plan):
    return make_user("ekonom", plan.association, "economy")


def save(actor, plan, *edits, period="T1", year=2022, **kwargs):
    return tertial_save(actor=actor, association=plan.association, plan=plan, year=year, period=period,
                        edits=list(edits), **kwargs)


def outcome(item, value, rev=None, part="lines"):
    return CellEdit(part=part, item=item, measure="outcome", value=value, expected_revision=rev)


def refused(call, *messages, error=ValidationError):
    before = rows()
    with pytest.raises(error) as info:
        call()
    for message in messages:
        said = getattr(info.value, "messages", [str(info.value)])
        assert any(message in m for m in said), said
    assert rows() == before
    return info.value


def test_tertial_save_writes_cells_and_one_change_with_before_and_after(plan, kansli):
    revision = plan.revision
    tertial = save(kansli, plan, outcome("forbundschef", D("352500")),
                   CellEdit("lines", "forbundschef", "forecast", D(1080000), 0),
                   CellEdit("interventions", "drivbank", "comment", " Färre deltagare. ", 0),
                   outcome("laxa", D(45000), part="contributions"), reported_on=date(2022, 5, 9))
    assert (tertial.year, tertial.period, tertial.reported_on) == (2022, "T1", date(2022, 5, 9))
    cells = {(c.measure, c.part, c.item): (c.amount, c.text, c.revision) for c in tertial.cells.all()}
    assert cells == {("outcome", "lines", "forbundschef"): (D("352500"), None, 1),
                     ("forecast", "lines", "forbundschef"): (D(1080000), None, 1),
                     ("comment", "", "drivbank"): (None, "Färre deltagare.", 1),
                     ("outcome", "contributions", "laxa"): (D(45000), None, 1)}
    record = ChangeRecord.objects.get(object_type="tertial")
    assert (record.action, record.object_label, record.actor_name) == ("create", "T1 2022 (plan 2022)", "kansli")
    assert record.before == {"Köp av tjänst förbundschef – utfall": None, "Köp av tjänst förbundschef – prognos": None,
                             "Drivbänk – kommentar": None, "Laxå kommun – utfall": None,
                             "Uttagsdatum": None}
    assert record.after == {"Köp av tjänst förbundschef – utfall": "352500",
                            "Köp av tjänst förbundschef – prognos": "1080000",
                            "Drivbänk – kommentar": "Färre deltagare.", "Laxå kommun – utfall": "45000",
                            "Uttagsdatum": "2022-05-09"}
    plan.refresh_from_db()
    assert plan.revision == revision + 1
    t1 = plan_data(plan).tertial(2022, "T1")
    assert (t1.outcome.lines, t1.forecast.lines, t1.comments, t1.outcome.contributions) == (
        {"forbundschef": D(352500)}, {"forbundschef": D(1080000)}, {"drivbank": "Färre deltagare."},
        {"laxa": D(45000)})


def test_tertial_save_of_the_same_values_writes_nothing(plan, kansli):
    save(kansli, plan, outcome("forbundschef", D(1000)))
    before = rows()
    save(kansli, plan, outcome("forbundschef", D("1000.00"), rev=1))
    assert rows() == before


def test_tertial_save_needs_budget_edit(plan, kansli):
    reader = make_user("ledamot", plan.association, "board_member")
    refused(lambda: save(reader, plan, outcome("forbundschef", D(1))), "Din roll får inte ändra budgeten.",
            error=PermissionDenied)


def test_tertial_save_refuses_an_outsider(plan, other_plan):
    outsider = make_user("utomstaende", other_plan.association, "secretariat_admin")
    refused(lambda: save(outsider, plan, outcome("forbundschef", D(1))), "Du har ingen roll",
            error=PermissionDenied)


def test_tertial_save_refuses_another_associations_plan(plan, other_plan, kansli):
    refused(lambda: tertial_save(actor=kansli, association=plan.association, plan=other_plan, year=2022,
                                 period="T1", edits=[]), error=PermissionDenied)


@pytest.mark.parametrize(("edit", "key", "message"), [
    (outcome("hyra", D(1)), "outcome-lines-hyra", "hyra – utfall: ”hyra” finns inte bland budgetraderna för 2022."),
    (outcome("nisse", D(1), part="contributions"), "outcome-contributions-nisse",
     "”nisse” finns inte bland planens medlemmar."),
    (CellEdit("interventions", "okand", "forecast", D(1)), "forecast-interventions-okand",
     "”okand” finns inte bland planens insatser."),
    (outcome("forbundschef", D("1e13")), "outcome-lines-forbundschef",
     "Köp av tjänst förbundschef – utfall: Beloppet är orimligt stort"),
    (outcome("forbundschef", D("0.001")), "outcome-lines-forbundschef",
     "Köp av tjänst förbundschef – utfall: Beloppet får ha högst två decimaler (öre)."),
    (CellEdit("lines", "forbundschef", "comment", "x" * 2001), "comment-lines-forbundschef",
     "Köp av tjänst förbundschef – kommentar: Kommentaren får vara högst 2000 tecken (den har 2001)."),
    (CellEdit("lines", "forbundschef", "comment", D(5)), "comment-lines-forbundschef", "Ingen text."),
    (CellEdit("lines", "forbundschef", "outcome", "mycket"), "outcome-lines-forbundschef", "Inget belopp."),
    (CellEdit("lines", "forbundschef", "budget", D(5)), "budget-lines-forbundschef",
     "Köp av tjänst förbundschef – uppgift: Okänd uppgift."),
])
def test_tertial_save_refuses_a_bad_cell_by_its_key(plan, kansli, edit, key, message):
    error = refused(lambda: save(kansli, plan, outcome("revision", D(5000)), edit), message)
    assert list(error.message_dict) == [key]


def test_tertial_save_refuses_the_same_cell_twice(plan, kansli):
    refused(lambda: save(kansli, plan, outcome("revision", D(1)), outcome("revision", D(2))),
            "Samma uppgift förekommer två gånger.")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"period": "T4"}, "Okänd period; välj T1, T2, T3."),
    ({"year": 2031}, "Verksamhetsplanen 2022 har ingen budget för 2031."),
    ({"reported_on": date(2021, 12, 31)}, "Uttagsdatumet ska ligga mellan 1 januari 2022 och 31 december 2024."),
])
def test_tertial_save_refuses_a_period_year_or_date_outside_the_plan(plan, kansli, kwargs, message):
    refused(lambda: save(kansli, plan, outcome("revision", D(1)), **kwargs), message)


def test_tertial_save_same_cell_saved_meanwhile_is_a_conflict_naming_who(plan, kansli, ekonom):
    save(ekonom, plan, outcome("forbundschef", D(350000), rev=0))
    error = refused(lambda: save(kansli, plan, outcome("forbundschef", D(360000), rev=0)), error=Conflict)
    assert error.by == "ekonom"
    assert error.current == {"Köp av tjänst förbundschef – utfall": "350\u00a0000\u00a0kr"}
    assert "Köp av tjänst förbundschef – utfall (T1 2022) har ändrats av ekonom" in error.messages[0]


def test_tertial_save_different_cells_never_conflict(plan, kansli, ekonom):
    # Both opened the grid while everything was empty (revision 0).
    save(ekonom, plan, outcome("forbundschef", D(350000), rev=0))
    save(kansli, plan, CellEdit("lines", "forbundschef", "forecast", D(1050000), 0),
         outcome("revision", D(20000), rev=0))
    t1 = plan_data(plan).tertial(2022, "T1")
    assert (t1.outcome.lines, t1.forecast.lines) == (
        {"forbundschef": D(350000), "revision": D(20000)}, {"forbundschef": D(1050000)})
    assert ChangeRecord.objects.filter(object_type="tertial").count() == 2


def test_tertial_save_a_stale_cell_already_holding_the_value_is_no_conflict(plan, kansli, ekonom):
    save(ekonom, plan, outcome("forbundschef", D(350000), rev=0))
    before = rows()
    save(kansli, plan, outcome("forbundschef", D(350000), rev=0))
    assert rows() == before


def test_tertial_save_emptied_cell_keeps_its_row_and_counts_on(plan, kansli, ekonom):
    save(kansli, plan, outcome("forbundschef", D(350000), rev=0))
    save(kansli, plan, outcome("forbundschef", None, rev=1))
    cell = TertialCell.objects.get(item="forbundschef")
    assert (cell.amount, cell.revision) == (None, 2)
    assert plan_data(plan).tertial(2022, "T1").outcome.lines == {}
    assert "forbundschef" not in dump_plan(plan_data(plan)).split("tertials:")[1]
    # Someone who saw the value (revision 1) and now saves is late: the cell was emptied since.
    refused(lambda: save(ekonom, plan, outcome("forbundschef", D(1), rev=1)), error=Conflict)


def test_tertial_save_reported_on_has_the_tertials_revision(plan, kansli, ekonom):
    save(kansli, plan, reported_on=date(2022, 5, 2))
    tertial = Tertial.objects.get()
    save(ekonom, plan, reported_on=date(2022, 5, 3), expected_revision=tertial.revision)
    refused(lambda: save(kansli, plan, reported_on=date(2022, 5, 4), expected_revision=tertial.revision),
            error=Conflict)


def test_tertial_save_nothing_asked_creates_no_tertial(plan, kansli):
    before = rows()
    assert save(kansli, plan) is None
    assert save(kansli, plan, outcome("forbundschef", None, rev=0)) is None
    assert rows() == before


def test_tertial_save_new_cells_come_after_the_stored_ones_in_the_file(plan, kansli):
    save(kansli, plan, outcome("revision", D(1)), outcome("forbundschef", D(2)))
    save(kansli, plan, outcome("arvoden", D(3)))
    assert list(plan_data(plan).tertial(2022, "T1").outcome.lines) == ["revision", "forbundschef", "arvoden"]


def test_a_budget_line_with_tertial_figures_is_not_deleted(plan, kansli):
    save(kansli, plan, outcome("forbundschef", D(1)))
    refused(lambda: economy.budget_line_delete(actor=kansli, association=plan.association, plan=plan, year=2022,
                                               column="budget", side="cost", line_slug="forbundschef"),
            "Raden ”Köp av tjänst förbundschef” har utfall, prognos eller kommentar i tertialuppföljningen (T1 2022).")
    # Once emptied, it may go.
    save(kansli, plan, outcome("forbundschef", None))
    economy.budget_line_delete(actor=kansli, association=plan.association, plan=plan, year=2022,
                               column="budget", side="cost", line_slug="forbundschef")
