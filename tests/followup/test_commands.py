"""`samordna import-records` and `samordna followup --json`, and the demo's follow-up."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samordna.economy.models import Plan
from samordna.economy.selectors import plan_data
from samordna.finsam import followup as fu
from samordna.followup.models import Enrolment
from samordna.followup.selectors import followup_data, measures_of

pytestmark = pytest.mark.django_db

FILE = ("intervention;code;gender;start;end;occupation_after;end_reason\n"
        "enter;K1;kvinna;2020-01;2020-06;arbete;arbete\n"
        "enter;K2;man;2019-11;2020-03;studier;studier\n"
        "enter;K3;kvinna;2020-02;2020-05;annat;avbrott\n"
        "enter;K4;annat;2020-04;;;\n"
        "enter;K5;kvinna;2020-01;2020-02;;felregistrering\n"
        "enter;K6;man;2019-01;2019-12;arbete;arbete\n"
        "fia;F1;man;2020-05;2020-12;arbetssokande;praktik\n")


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def file(tmp_path):
    path = tmp_path / "uppfoljning.csv"
    path.write_text(FILE, encoding="utf-8")
    return path


def test_import_records_saves_a_good_file(association, file):
    assert run("import-records", "sodra-vatterbygden", str(file)) == (
        "Sparade 7 rader (deltagarposter): 7 nya, 0 ändrade, 0 oförändrade.\n")
    assert Enrolment.objects.count() == 7


def test_import_records_dry_run_saves_nothing(association, file):
    assert run("import-records", "sodra-vatterbygden", str(file), "--dry-run").startswith("Skulle spara 7 rader")
    assert Enrolment.objects.count() == 0


def test_import_records_lists_every_error_and_exits_2(association, tmp_path):
    path = tmp_path / "fel.csv"
    path.write_text("intervention;code;gender;start\nenter;K1;kvinna;2020-13\nokand;900101-1234;x;2020-01\n",
                    encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        run("import-records", "sodra-vatterbygden", str(path))
    assert exc.value.returncode == 2
    assert str(exc.value) == (
        f"{path}: 4 fel, inget har sparats:\n"
        "  Rad 2, kolumn start: ”2020-13”: månaden ska vara 01–12.\n"
        "  Rad 3, kolumn intervention: ”okand” är inte en insats i förbundets plan.\n"
        "  Rad 3, kolumn code: koden ser ut som ett personnummer. Använd utförarens egen löpande kod; personnummer "
        "får inte lagras.\n"
        "  Rad 3, kolumn gender: ”x” är inte en könsuppgift (kvinna, man, annat).")
    assert Enrolment.objects.count() == 0


@pytest.mark.parametrize(("args", "message"), [
    (("okand", "x.csv"), 'Förbundet "okand" finns inte'),
    (("sodra-vatterbygden", "/finns/inte.csv"), "/finns/inte.csv: filen finns inte"),
])
def test_import_records_refuses_bad_arguments(association, args, message):
    with pytest.raises(CommandError) as exc:
        run("import-records", *args)
    assert (str(exc.value), exc.value.returncode) == (message, 2)


def test_import_records_as_a_user_without_the_right(association, file):
    from tests.conftest import make_user

    make_user("kansli", association, "secretariat_admin")
    with pytest.raises(CommandError) as exc:
        run("import-records", "sodra-vatterbygden", str(file), "--user", "kansli")
    assert "Din roll får inte registrera deltagarposter" in str(exc.value)


def test_followup_json_has_exactly_the_formats_shape(association, file):
    run("import-records", "sodra-vatterbygden", str(file))
    data = json.loads(run("followup", "sodra-vatterbygden", "--year", "2020", "--json"))
    assert data == {"association": "sodra-vatterbygden", "year": 2020, "interventions": [
        {"id": "enter", "participants": {"kvinna": 2, "man": 1, "annat": 1, "total": 4}, "started": 3, "ended": 3,
         "ended_to_work_or_studies": {"numerator": 2, "denominator": 3},
         "ended_to_work": {"numerator": 1, "denominator": 3}},
        {"id": "fia", "participants": {"kvinna": 0, "man": 1, "annat": 0, "total": 1}, "started": 1, "ended": 1,
         "ended_to_work_or_studies": {"numerator": 0, "denominator": 1},
         "ended_to_work": {"numerator": 0, "denominator": 1}}]}
    assert json.loads(run("followup", "sodra-vatterbygden", "--year", "2019", "--json"))["interventions"] == [
        {"id": "enter", "participants": {"kvinna": 0, "man": 2, "annat": 0, "total": 2}, "started": 2, "ended": 1,
         "ended_to_work_or_studies": {"numerator": 1, "denominator": 1},
         "ended_to_work": {"numerator": 1, "denominator": 1}}]


def test_followup_text(association, file):
    run("import-records", "sodra-vatterbygden", str(file))
    assert run("followup", "sodra-vatterbygden", "--year", "2020").splitlines()[1] == (
        "  enter: 4 deltagare (2 kvinnor, 1 män, 1 annat), 3 påbörjade, 3 avslutade, till arbete eller studier "
        "66,7\u00a0% (2 av 3)")
    assert run("followup", "sodra-vatterbygden", "--year", "2018") == (
        "Samordningsförbundet Södra Vätterbygden 2018: inga inskrivningar.\n")


def test_demo_gives_the_seeds_goals_computed_figures(django_user_model, settings):
    settings.DEBUG = True  # the demo users are made only in development
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    run("demo")
    plan = Plan.objects.get(association__slug="sodra-vatterbygden")
    data = plan_data(plan)
    rows = fu.goal_rows(data, followup_data(association=plan.association, plan=data), fu.Period.year(2020),
                        year=2020, measures=measures_of(plan))
    computed = {(r.owner, r.goal.text[:30]): r.result for r in rows if r.result and r.result.figure}
    enter = computed[("enter", "40% av deltagarna som bedöms h")]
    assert enter.measure.base == "ended_able" and enter.figure.denominator > 0 and enter.met is not None
    fia = computed[("fia", "30% av deltagarna ska ha arbet")]
    assert fia.measure.outcomes == frozenset({"arbete", "praktik"}) and fia.measure.target == Decimal("0.3")
    sjuharad = Plan.objects.get(association__slug="sjuharad")
    data = plan_data(sjuharad)
    rows = fu.goal_rows(data, followup_data(association=sjuharad.association, plan=data), fu.Period.year(2022),
                        year=2022, measures=measures_of(sjuharad))
    completeness = next(r.result for r in rows if r.goal.indicator == "registration_completeness")
    assert completeness.figure.denominator == 660 + 70 + 30 + 10 + 20  # planned 2022, record-mode interventions
    assert Decimal("0.8") < completeness.figure.share_decimal < Decimal("0.95")
    before = Enrolment.objects.count()
    run("demo")
    assert Enrolment.objects.count() == before
