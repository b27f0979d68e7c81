"""Stable identities: loads upsert by id, next year's plan continues the same interventions,
renamed member ids never leave a computed remainder, split_key and tertials survive the
database, and `--dry-run` writes nothing."""

import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command

from samordna.audit.models import ChangeRecord
from samordna.economy.models import Plan, PlanVersion
from samordna.economy.selectors import plan_data
from samordna.economy.services import plan_load
from samordna.finsam.financing import contribution_split
from samordna.finsam.planfile import PlanFileError, dump_plan, read_plan
from samordna.interventions.models import Intervention, PlanIntervention
from samordna.organisation.models import Member
from tests.conftest import plan_path

pytestmark = pytest.mark.django_db

SYDNARKE = plan_path("sydnarke-2022")
SJUHARAD = plan_path("sjuharad-2022")
OWN = [m for m in apps.get_models() if m.__module__.startswith("samordna.")]


def rows() -> dict[str, list[tuple]]:
    return {m._meta.label: list(m.objects.order_by("pk").values_list()) for m in OWN}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def next_year(text: str) -> str:
    """Sydnärke's 2022 file as the 2023 plan: budget year 2023, plan years 2024–2025, and a
    new 2025 amount for every intervention, its 2023 amounts kept as the new budget."""
    text = text.replace("  year: 2022\n  plan_years: [2023, 2024]", "  year: 2023\n  plan_years: [2024, 2025]")
    text = re.sub(r"budget: \{2022: (\d+), 2023: (\d+), 2024: (\d+)\}",
                  lambda m: f"budget: {{2023: {m[2]}, 2024: {m[3]}, 2025: {m[3]}}}", text)
    return text


def test_loading_the_same_file_twice_keeps_every_row_and_primary_key():
    plan_load(data=SYDNARKE.read_bytes())
    before = rows()
    result = plan_load(data=SYDNARKE.read_bytes())
    assert result.changes == [] and not result.created
    assert rows() == before


def test_dry_run_on_an_unchanged_file_reports_no_change_and_writes_nothing():
    run("load", str(SYDNARKE))
    before = rows()
    out = run("load", "--dry-run", str(SYDNARKE))
    assert out == "Torrkörning: ingen ändring av Samordningsförbundet Sydnärke 2022. Inget har sparats.\n"
    assert rows() == before


def test_dry_run_lists_what_would_be_added_changed_and_removed(tmp_path):
    run("load", str(SYDNARKE))
    before = rows()
    text = SYDNARKE.read_text(encoding="utf-8")
    text = text.replace("budget: {2022: 30000, 2023: 30000, 2024: 30000}",
                        "budget: {2022: 35000, 2023: 30000, 2024: 30000}")
    text = text.replace("  - id: rehabiliteringsmassan\n", "  - id: rehabmassan\n")
    path = tmp_path / "changed.yaml"
    path.write_text(text, encoding="utf-8")
    out = run("load", "--dry-run", str(path))
    assert "Läggs till (1):\n  interventions[rehabmassan]: ”Rehabiliteringsmässan”" in out
    assert "Tas bort (1):\n  interventions[rehabiliteringsmassan]: ”Rehabiliteringsmässan”" in out
    assert rows() == before


def test_next_years_plan_keeps_continuing_interventions_as_the_same_objects(tmp_path):
    plan_load(data=SYDNARKE.read_bytes())
    identities = dict(Intervention.objects.values_list("slug", "pk"))
    plan_load(data=next_year(SYDNARKE.read_text(encoding="utf-8")))
    assert dict(Intervention.objects.values_list("slug", "pk")) == identities
    assert Plan.objects.count() == 2
    coaching = Intervention.objects.get(slug="coachingteam")
    by_year = {r.plan.year: {a.year: a.value for a in r.amounts.filter(measure="budget")}
               for r in coaching.plan_records.select_related("plan")}
    assert sorted(by_year) == [2022, 2023]
    assert set(by_year[2022]) == {2022, 2023, 2024} and set(by_year[2023]) == {2023, 2024, 2025}
    # The 2022 plan is kept as it was: its export is the file it was loaded from.
    exported = run("export", "sydnarke", "--plan", "2022")
    assert exported == dump_plan(read_plan(SYDNARKE.read_bytes())[0])


def test_a_renamed_region_id_leaves_no_orphaned_or_negative_contribution():
    plan_load(data=SJUHARAD.read_bytes())
    text = SJUHARAD.read_text(encoding="utf-8")
    renamed = re.sub(r"(?<!kind: )\bregion\b(?=[,:\]}])", "vgr", text)
    assert "region:" not in renamed.split("financing:")[1].split("interventions:")[0]
    plan_load(data=renamed)
    data = plan_data(Plan.objects.get())
    split = contribution_split(plan=data, year=2021)
    assert split.total == 19_032_000
    assert all(m.amount is None or m.amount >= 0 for m in split.members)
    assert [m.id for m in data.members_of("region")] == ["vgr"]
    assert not Member.objects.filter(slug="region").exists()


def test_split_key_and_tertials_survive_load_and_export():
    text = SYDNARKE.read_text(encoding="utf-8")
    text = text.replace("  name: Samordningsförbundet Sydnärke\n",
                        "  name: Samordningsförbundet Sydnärke\n"
                        "  split_key: {laxa: 10, hallsberg: 29, kumla: 40, askersund: 21}\n", 1)
    text += ("tertials:\n  - year: 2022\n    period: T1\n    outcome:\n"
             "      interventions: {coachingteam: 400000}\n"
             "    comments: {coachingteam: Rekryteringen försenad}\n"
             "    reported_on: 2022-05-10\n")
    plan, _ = read_plan(text)
    assert plan.association.split_key and plan.tertials
    plan_load(data=text)
    assert run("export", "sydnarke") == dump_plan(plan)
    split = contribution_split(plan=plan_data(Plan.objects.get()), year=2022)
    assert split.member("laxa").amount == 130_850  # 1 308 500 × 10/100, not by population


def test_a_load_is_one_change_log_entry_with_its_diff_and_a_kept_version(tmp_path):
    plan_load(data=SYDNARKE.read_bytes())
    text = SYDNARKE.read_text(encoding="utf-8").replace(
        "budget: {2022: 30000, 2023: 30000, 2024: 30000}", "budget: {2022: 35000, 2023: 30000, 2024: 30000}")
    plan_load(data=text)
    entry = ChangeRecord.objects.filter(action="load").order_by("-pk").first()
    assert ChangeRecord.objects.filter(action="load").count() == 2
    assert entry.changes == [{"op": "changed", "path": "interventions[rehabiliteringsmassan].budget.2022",
                              "before": "30000", "after": "35000"}]
    assert entry.actor_name == "kommandoraden (samordna)"
    assert list(PlanVersion.objects.values_list("number", flat=True).order_by("number")) == [1, 2]


def test_a_file_that_changes_a_locked_level_is_refused_naming_the_intervention():
    plan_load(data=SYDNARKE.read_bytes())
    before = rows()
    text = SYDNARKE.read_text(encoding="utf-8").replace(
        "  - id: rehabiliteringsmassan\n    name: Rehabiliteringsmässan\n    level: structural\n    category: dialog\n",
        "  - id: rehabiliteringsmassan\n    name: Rehabiliteringsmässan\n    level: individual\n")
    with pytest.raises(PlanFileError) as refused:
        plan_load(data=text)
    assert any("rehabiliteringsmassan" in e and "Nivån kan inte ändras" in e for e in refused.value.errors)
    assert rows() == before


def without_mottagningsteam(text: str) -> str:
    start = text.index("  - id: mottagningsteam\n")
    end = text.index("  - id: rehabiliteringsmassan\n")
    return text[:start] + text[end:]


def test_a_file_that_removes_the_predecessor_of_another_years_intervention_is_refused():
    plan_load(data=SYDNARKE.read_bytes())
    # In 2023 Mottagningsteam is replaced by a successor (a locked field changed).
    later = without_mottagningsteam(next_year(SYDNARKE.read_text(encoding="utf-8"))).replace(
        "  - id: coachingteam\n", "  - id: mottagning-2\n    name: Mottagning\n    level: structural\n"
        "    successor_of: mottagningsteam\n  - id: coachingteam\n", 1)
    plan_load(data=later)
    without = without_mottagningsteam(SYDNARKE.read_text(encoding="utf-8"))
    before = rows()
    with pytest.raises(PlanFileError) as refused:
        plan_load(data=without)
    assert refused.value.errors == [
        "interventions: insatsen ”Mottagningsteam” (mottagningsteam) kan inte tas bort: den är "
        "föregångare till en insats i planen för 2023."]
    assert rows() == before
    assert PlanIntervention.objects.filter(intervention__slug="mottagningsteam").count() == 1
