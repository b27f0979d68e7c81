"""The plan commands: load (all or nothing, idempotent), export, the --plan option, demo."""

import io
import json
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from samordna.accounts.models import Membership
from samordna.economy.models import Plan
from samordna.finsam.planfile import MAX_BYTES
from samordna.organisation.models import Association

pytestmark = pytest.mark.django_db

PLANS = Path(str(files("samordna.demo").joinpath("plans")))
DEMO = sorted(PLANS.glob("*.yaml"))
SYDNARKE = PLANS / "sydnarke-2022.yaml"
EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "formats" / "examples" / "sydnarke-2022.yaml"
OWN_MODELS = [m for m in apps.get_models() if m.__module__.startswith("samordna.")]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_json(*args: str) -> dict:
    return json.loads(run(*args, "--json"))


def load(path: Path) -> str:
    return run("load", str(path))


def counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in OWN_MODELS}


def primary_keys() -> dict[str, list[int]]:
    return {m._meta.label: list(m.objects.order_by("pk").values_list("pk", flat=True))
            for m in OWN_MODELS}


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every Samordna table, to show that a refused load wrote nothing."""
    return {m._meta.label: list(m.objects.order_by("pk").values_list()) for m in OWN_MODELS}


def mutate(text: str, *changes: tuple[str, str]) -> str:
    """Apply each (old, new) replacement once; `old` must be in the text."""
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> CommandError:
    with pytest.raises(CommandError) as exc:
        load(path)
    return exc.value


# ---------------------------------------------------------------- load


@pytest.mark.parametrize("plan", DEMO, ids=lambda p: p.stem)
def test_load_twice_is_idempotent(plan):
    first = load(plan)
    assert first.startswith("Läste in ")
    rows = counts()
    exported = run("export", Plan.objects.get().association.slug)
    keys = primary_keys()
    second = load(plan)
    assert second.startswith("Ingen ändring i ")
    assert counts() == rows
    assert primary_keys() == keys
    assert run("export", Plan.objects.get().association.slug) == exported


def test_load_reports_counts_of_what_it_read():
    assert load(SYDNARKE) == "Läste in Samordningsförbundet Sydnärke: verksamhetsplan 2022 (6 insatser).\n"


def test_load_unknown_key_warns_and_loads(tmp_path):
    path = write(tmp_path, mutate(SYDNARKE.read_text(encoding="utf-8"),
                                  ("  county: Örebro län\n", "  county: Örebro län\n  kommunkod: 1880\n")))
    err = io.StringIO()
    call_command("load", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == "varning: association.kommunkod: okänd nyckel, ignoreras\n"
    assert Plan.objects.filter(association__slug="sydnarke", year=2022).exists()


def test_load_missing_file_fails_with_returncode_2(tmp_path):
    exc = load_error(tmp_path / "finns-inte.yaml")
    assert exc.returncode == 2
    assert "filen finns inte" in str(exc)


BAD_FILES = {
    "wrong_types": (
        [("    population: [{date: 2021-06-30, count: 15954}]",
          '    population: [{date: 2021-06-30, count: "många"}]'),
         ("  adopted_on: 2022-02-18", "  adopted_on: 18 februari 2022"),
         ("    members: [fk, af, region, laxa, hallsberg, kumla, askersund]", "    members: fk"),
         ('start: "09:00", end: "12:00", body: beredningsgrupp',
          'start: "9 på morgonen", end: "12:00", body: beredningsgrupp'),
         ("      - {id: revision, label: Revisionstjänster, kind: audit, amount: 60000}",
          "      - {id: revision, label: Revisionstjänster, kind: revision, amount: 60000}")],
        ['members[4].population[0].count: "många" ska vara ett heltal',
         'plan.adopted_on: "18 februari 2022" ska vara ett datum (ÅÅÅÅ-MM-DD)',
         'interventions[0].members: ska vara en lista, inte "fk"',
         'budget[0].costs[2].kind: "revision" är inte tillåtet; välj en av: board, office, audit, economy, '
         'information, development, evaluation, unallocated, financial, other',
         'calendar[0].start: "9 på morgonen" ska vara ett klockslag TT:MM'],
    ),
    "unknown_member_ids": (
        [("    state: 2617000\n    population_date: 2021-06-30\n    total: 5234000",
          "    state: 2617000\n    contributions: {lindesberg: 100000}\n    population_date: 2021-06-30\n"
          "    total: 5234000"),
         ("    members: [fk, af, region, laxa, hallsberg, kumla, askersund]",
          "    members: [fk, af, region, laxa, hallsberg, kumla, askersund, orebro]"),
         ("    budget: {2022: 30000, 2023: 30000, 2024: 30000}",
          "    budget: {2022: {kumla: 20000, lindesberg: 10000}, 2023: {region: 30000}, 2024: 30000}")],
        ['financing[0].contributions.lindesberg: "lindesberg" är ingen känd medlem',
         'interventions[0].members[7]: "orebro" är ingen känd medlem',
         'interventions[4].budget.2022.lindesberg: "lindesberg" är ingen känd kommun bland medlemmarna',
         'interventions[4].budget.2023.region: "region" är ingen känd kommun bland medlemmarna'],
    ),
    "amounts_with_units": (
        [("    budget: {2022: 100000, 2023: 100000, 2024: 100000}",
          '    budget: {2022: "12 000 kr", 2023: 100000, 2024: 100000}'),
         ("  - year: 2023\n    state: 2617000", '  - year: 2023\n    state: "2,6 mkr"'),
         ("kind: financial, amount: 1500}", 'kind: financial, amount: "1 500:-"}')],
        ['financing[1].state: "2,6 mkr" är inte ett belopp',
         'interventions[2].budget.2022: "12 000 kr" är inte ett belopp',
         'budget[0].costs[9].amount: "1 500:-" är inte ett belopp'],
    ),
    "missing_required_keys": (
        [("  name: Samordningsförbundet Sydnärke\n", ""),
         ("  - {id: af, name: Arbetsförmedlingen, kind: arbetsformedlingen}",
          "  - {id: af, kind: arbetsformedlingen}"),
         ("  - id: drivbank\n    name: Drivbänk\n    level: individual\n",
          "  - id: drivbank\n    name: Drivbänk\n"),
         ("  - year: 2023\n    label: Budget 2023", "  - label: Budget 2023"),
         ("  - {date: 2022-02-18, start:", "  - {start:")],
        ["association.name: saknas (obligatorisk)",
         "members[1].name: saknas (obligatorisk)",
         "interventions[1].level: saknas (obligatorisk)",
         "budget[1].year: saknas (obligatorisk)",
         "calendar[2].date: saknas (obligatorisk)"],
    ),
}


@pytest.mark.parametrize("preloaded", [False, True], ids=["empty", "after-valid-plan"])
@pytest.mark.parametrize("case", BAD_FILES, ids=str)
def test_load_bad_file_lists_every_error_and_writes_nothing(tmp_path, case, preloaded):
    changes, errors = BAD_FILES[case]
    if preloaded:
        load(SYDNARKE)
    before = snapshot()
    path = write(tmp_path, mutate(SYDNARKE.read_text(encoding="utf-8"), *changes))
    exc = load_error(path)
    assert exc.returncode == 2
    assert str(exc) == f"{path}: {len(errors)} fel, inget har sparats:\n" + "\n".join(f"  {e}" for e in errors)
    assert snapshot() == before


@pytest.mark.parametrize("preloaded", [False, True], ids=["empty", "after-valid-plan"])
def test_load_yaml_syntax_error_writes_nothing(tmp_path, preloaded):
    if preloaded:
        load(SYDNARKE)
    before = snapshot()
    text = mutate(SYDNARKE.read_text(encoding="utf-8"),
                  ("    state: 2617000\n    population_date: 2021-06-30\n    total: 5234000",
                   "    state: [2617000\n    population_date: 2021-06-30\n    total: 5234000"))
    exc = load_error(write(tmp_path, text))
    assert exc.returncode == 2
    lines = str(exc).split("\n")
    assert lines[0].endswith(": 1 fel, inget har sparats:")
    assert lines[1].startswith("  filen: YAML-syntaxfel (rad ")
    assert len(lines) == 2
    assert snapshot() == before


@pytest.mark.parametrize("preloaded", [False, True], ids=["empty", "after-valid-plan"])
def test_load_file_over_5_mb_is_refused(tmp_path, preloaded):
    if preloaded:
        load(SYDNARKE)
    before = snapshot()
    text = SYDNARKE.read_text(encoding="utf-8")
    padding = "# " + "x" * 98 + "\n"
    path = write(tmp_path, text + padding * (MAX_BYTES // len(padding) + 1))
    assert path.stat().st_size > 5 * 1024 * 1024
    exc = load_error(path)
    assert exc.returncode == 2
    assert "MB" in str(exc)
    assert "Inget har sparats" in str(exc)
    assert snapshot() == before


def test_load_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("format: samordna/1\nassociation: {id: orebro, name: Örebro}\n".encode("latin-1"))
    exc = load_error(path)
    assert exc.returncode == 2
    assert "filen: är inte UTF-8" in str(exc)
    assert counts() == dict.fromkeys(counts(), 0)


def test_load_amount_too_large_to_store_is_refused(tmp_path):
    """An amount the database cannot hold (MONEY: 16 digits, 2 decimals) must be refused by path.

    Found by this test: `load` accepts it, and every later read of the plan (budget, review,
    export) crashes with decimal.InvalidOperation on SQLite (on PostgreSQL the load itself
    fails with a numeric overflow, not a CommandError).
    """
    load(SYDNARKE)
    before = snapshot()
    path = write(tmp_path, mutate(SYDNARKE.read_text(encoding="utf-8"),
                                  ("kind: audit, amount: 60000}", "kind: audit, amount: 100000000000000}")))
    exc = load_error(path)
    assert exc.returncode == 2
    assert "budget[0].costs[2].amount" in str(exc)
    assert snapshot() == before


# ---------------------------------------------------------------- export


@pytest.mark.parametrize("plan", DEMO, ids=lambda p: p.stem)
def test_export_load_export_is_identical(tmp_path, plan):
    load(plan)
    slug = Plan.objects.get().association.slug
    first = run("export", slug)
    load(write(tmp_path, first))
    assert run("export", slug) == first


def test_export_of_the_shared_example_round_trips(tmp_path):
    if not EXAMPLE.is_file():
        pytest.skip(f"{EXAMPLE} finns inte")
    load(EXAMPLE)
    first = run("export", "sydnarke")
    load(write(tmp_path, first))
    assert run("export", "sydnarke") == first
    assert run_json("financing", "sydnarke", "--year", "2022")["total"] == "5234000"


def test_export_to_file_writes_what_stdout_shows(tmp_path):
    load(SYDNARKE)
    target = tmp_path / "ut.yaml"
    assert run("export", "sydnarke", "-o", str(target)) == ""
    assert target.read_text(encoding="utf-8") == run("export", "sydnarke")


def test_export_is_canonical_kronor(tmp_path):
    load(PLANS / "sjuharad-2022.yaml")  # written in tkr
    text = run("export", "sjuharad")
    assert "unit: kr\n" in text
    assert "contributions: {fk: 4516000, af: 4516000, region: 5000000," in text


# ---------------------------------------------------------------- plans of several years


def sydnarke_2023() -> str:
    """The Sydnärke plan as its 2023 version: new years, a raised state part in 2023."""
    return mutate(SYDNARKE.read_text(encoding="utf-8"),
                  ("  year: 2022\n  plan_years: [2023, 2024]", "  year: 2023\n  plan_years: [2024, 2025]"),
                  ("  - year: 2023\n    state: 2617000", "  - year: 2023\n    state: 2800000"),
                  ("  - year: 2024\n    state: 2617000\n    population_date: 2021-06-30\n",
                   "  - year: 2024\n    state: 2617000\n    population_date: 2021-06-30\n"
                   "  - year: 2025\n    state: 2617000\n    population_date: 2021-06-30\n"))


def test_load_of_another_year_keeps_the_first_plan(tmp_path):
    load(SYDNARKE)
    export_2022 = run("export", "sydnarke")
    financing_2022 = run_json("financing", "sydnarke", "--year", "2022")
    assert load(write(tmp_path, sydnarke_2023())).startswith("Läste in ")
    assert sorted(Plan.objects.values_list("year", flat=True)) == [2022, 2023]
    assert run("export", "sydnarke", "--plan", "2022") == export_2022
    assert run_json("financing", "sydnarke", "--year", "2022") == financing_2022


def test_load_of_another_year_keeps_the_population_the_first_plan_uses(tmp_path):
    """A 2023 plan file gives the population its own split uses (2022-06-30).

    Found by this test: loading it deletes the members' 2021-06-30 counts (services.plan_save
    replaces each listed member's population), so the kept 2022 plan can no longer divide the
    kommuner's part: its four kommun amounts become null.
    """
    load(SYDNARKE)
    financing_2022 = run_json("financing", "sydnarke", "--year", "2022")
    text = mutate(sydnarke_2023(),
                  ("[{date: 2021-06-30, count: 5637,", "[{date: 2022-06-30, count: 5650,"),
                  ("[{date: 2021-06-30, count: 15954}]", "[{date: 2022-06-30, count: 15980}]"),
                  ("[{date: 2021-06-30, count: 21640}]", "[{date: 2022-06-30, count: 21700}]"),
                  ("[{date: 2021-06-30, count: 11313}]", "[{date: 2022-06-30, count: 11300}]"))
    load(write(tmp_path, text.replace("population_date: 2021-06-30", "population_date: 2022-06-30")))
    after = run_json("financing", "sydnarke", "--year", "2022")
    assert {m["id"]: m["amount"] for m in after["members"] if m["kind"] == "kommun"} == {
        "laxa": "135231", "hallsberg": "382733", "kumla": "519139", "askersund": "271397"}
    assert after == financing_2022


def test_load_replaces_the_plan_entirely(tmp_path):
    load(SYDNARKE)
    text = mutate(SYDNARKE.read_text(encoding="utf-8"),
                  ("  - id: rehabiliteringsmassan\n    name: Rehabiliteringsmässan\n    level: structural\n"
                   "    category: dialog\n    budget: {2022: 30000, 2023: 30000, 2024: 30000}\n", ""),
                  ("  - {date: 2022-12-16, start: \"09:00\", end: \"12:00\", body: styrelse, title: Styrelsemöte}\n",
                   ""),
                  ("  - year: 2024\n    state: 2617000\n    population_date: 2021-06-30\n", ""))
    reduced = write(tmp_path, text)
    load(reduced)
    plan = Plan.objects.get()
    assert list(plan.interventions.values_list("intervention__slug", flat=True).order_by("position")) == [
        "strukturinsatser", "drivbank", "esf-ansokan", "mottagningsteam", "coachingteam"]
    assert plan.calendar.count() == 22
    assert list(plan.financing.values_list("year", flat=True).order_by("position")) == [2022, 2023]
    # The same file into an empty database gives the same export.
    exported = run("export", "sydnarke")
    Plan.objects.all().delete()
    load(reduced)
    assert run("export", "sydnarke") == exported


def test_export_without_plan_gives_the_latest_plan(tmp_path):
    load(SYDNARKE)
    load(write(tmp_path, sydnarke_2023()))
    assert "  year: 2023\n  plan_years: [2024, 2025]\n" in run("export", "sydnarke")
    assert "  year: 2022\n  plan_years: [2023, 2024]\n" in run("export", "sydnarke", "--plan", "2022")


def test_plan_option_selects_the_plan(tmp_path):
    load(SYDNARKE)
    load(write(tmp_path, sydnarke_2023()))
    # 2023 is the 2023 plan's budget year: by default its figures come from that plan.
    assert run_json("financing", "sydnarke", "--year", "2023")["total"] == str(4 * 1400000)
    assert run_json("financing", "sydnarke", "--year", "2023", "--plan", "2022")["total"] == "5234000"
    assert run_json("financing", "sydnarke", "--year", "2023", "--plan", "2023")["parties"] == {
        "state": "2800000", "region": "1400000", "municipalities": "1400000"}
    # 2024 is covered by both: the latest plan that covers it.
    assert run_json("budget", "sydnarke", "--year", "2024")["column"] == "plan"
    assert run_json("review", "sydnarke")["plan"] == 2023
    assert run_json("review", "sydnarke", "--plan", "2022")["plan"] == 2022


def test_plan_option_for_a_missing_plan_fails_with_returncode_2():
    load(SYDNARKE)
    with pytest.raises(CommandError) as exc:
        run("financing", "sydnarke", "--year", "2022", "--plan", "2030")
    assert exc.value.returncode == 2
    assert str(exc.value) == "Samordningsförbundet Sydnärke har ingen plan för 2030"


def test_financing_of_a_year_no_plan_covers_fails_with_returncode_2():
    load(SYDNARKE)
    with pytest.raises(CommandError) as exc:
        run("financing", "sydnarke", "--year", "2030")
    assert exc.value.returncode == 2
    assert str(exc.value) == "Samordningsförbundet Sydnärke har ingen plan som omfattar 2030"


@pytest.mark.parametrize("command", [["financing", "--year", "2022"], ["budget", "--year", "2022"],
                                     ["review"], ["export"]])
def test_command_for_unknown_association_fails_in_swedish(command):
    load(SYDNARKE)
    with pytest.raises(CommandError) as exc:
        run(command[0], "okant-forbund", *command[1:])
    assert exc.value.returncode == 2
    assert str(exc.value) == 'Förbundet "okant-forbund" finns inte (kända: sydnarke)'


def test_financing_unknown_association_on_empty_database():
    with pytest.raises(CommandError) as exc:
        run("financing", "okant-forbund", "--year", "2022", "--json")
    assert exc.value.returncode == 2
    assert str(exc.value) == 'Förbundet "okant-forbund" finns inte (kända: inga)'


def test_financing_scenario_without_offers_fails_with_returncode_1():
    load(SYDNARKE)
    with pytest.raises(CommandError) as exc:
        run("financing", "sydnarke", "--year", "2022", "--scenario")
    assert exc.value.returncode == 1


# ---------------------------------------------------------------- demo


@pytest.fixture
def fast_hasher(settings):
    """The demo is a development configuration (`make demo` sets SAMORDNA_DEBUG=1)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = True


def test_demo_creates_the_demo_user_with_a_membership_per_association(fast_hasher):
    out = run("demo")
    user = get_user_model().objects.get(username="demo")
    assert user.check_password("demo-samordna")
    memberships = Membership.objects.filter(user=user)
    assert sorted(m.association.slug for m in memberships) == ["sjuharad", "sodra-vatterbygden", "sydnarke"]
    assert {m.role for m in memberships} == {"secretariat_admin"}
    assert sorted(Plan.objects.values_list("association__slug", "year")) == [
        ("sjuharad", 2022), ("sodra-vatterbygden", 2020), ("sydnarke", 2022)]
    assert "användarnamn demo" in out


def test_demo_twice_changes_nothing(fast_hasher):
    run("demo")
    rows = counts()
    run("demo")
    assert counts() == rows
    assert Membership.objects.filter(user__username="demo").count() == 3


def test_demo_again_keeps_what_a_user_entered_and_says_so(fast_hasher):
    """`make demo` a second time once wiped the users' edits by loading the demo again."""
    from samordna.economy.models import BudgetLine

    run("demo")
    line = BudgetLine.objects.get(entry__plan__association__slug="sydnarke", entry__year=2022, slug="lokal")
    line.amount = Decimal("80000")
    line.save()
    out = run("demo")
    assert "Databasen innehåller redan 3 förbund; demon läses inte in igen och inget ändras." in out
    assert "samordna demo --reset" in out
    line.refresh_from_db()
    assert line.amount == Decimal("80000")
    out = run("demo", "--reset")
    assert "Demoplanerna lästes in igen (--reset):" in out
    line.refresh_from_db()
    assert line.amount == Decimal("74000")


def test_demo_signs_the_letters_with_an_example_director(fast_hasher):
    run("demo")
    assert set(Association.objects.values_list("director_name", flat=True)) == {"Eva Exempel"}
