"""The three seed documents as loaded demo plans: the commands print the seeds' figures.

Every figure below is the one printed in the seed (FINSAM.md §3, §4) or derived there,
in kronor, as the `--json` outputs write them. Each test loads the demo plans with
`samordna load` and reads through `samordna financing | budget | review --json`.
"""

import io
import json
from collections import Counter
from importlib.resources import files
from pathlib import Path

import pytest
from django.core.management import call_command

from samordna.finsam.checks import CODES
from samordna.organisation.models import Association

pytestmark = pytest.mark.django_db

PLANS = Path(str(files("samordna.demo").joinpath("plans")))
SEEDS = ("sjuharad-2022", "sodra-vatterbygden-2020", "sydnarke-2022")


def run_json(*args: str) -> dict:
    out = io.StringIO()
    call_command(*args, "--json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def seeds(django_db_setup, django_db_blocker):
    """The three demo plans, loaded once for the module (the tests only read) and removed after."""
    with django_db_blocker.unblock():
        for name in SEEDS:
            call_command("load", str(PLANS / f"{name}.yaml"), stdout=io.StringIO(), stderr=io.StringIO())
    yield
    with django_db_blocker.unblock():
        Association.objects.filter(slug__in=["sjuharad", "sodra-vatterbygden", "sydnarke"]).delete()


def amounts(financing: dict) -> dict[str, str | None]:
    return {m["id"]: m["amount"] for m in financing["members"]}


# ---------------------------------------------------------------- financing

SYDNARKE_KOMMUNER = {"laxa": "135231", "hallsberg": "382733", "kumla": "519139", "askersund": "271397"}


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_sydnarke_financing_reproduces_printed_table(seeds, year):
    f = run_json("financing", "sydnarke", "--year", str(year))
    assert amounts(f) == {"fk": "2617000", "af": "0", "region": "1308500", **SYDNARKE_KOMMUNER}
    assert f["parties"] == {"state": "2617000", "region": "1308500", "municipalities": "1308500"}
    assert f["total"] == "5234000"
    assert (f["association"], f["year"], f["status"], f["population_date"]) == (
        "sydnarke", year, "adopted", "2021-06-30")


def test_sydnarke_financing_shows_population_and_exact_share(seeds):
    f = run_json("financing", "sydnarke", "--year", "2022")
    kommuner = {m["id"]: (m["population"], m["share"], m["explicit"]) for m in f["members"]
                if m["kind"] == "kommun"}
    # 5637 / 54544 = 0.10334776… ; never the printed, rounded percentages.
    assert kommuner == {"laxa": (5637, "0.103348", False), "hallsberg": (15954, "0.292498", False),
                        "kumla": (21640, "0.396744", False), "askersund": (11313, "0.207411", False)}


SJUHARAD_KOMMUNER = {"bollebygd": "211000", "boras": "2504000", "herrljunga": "208000", "mark": "770000",
                     "svenljunga": "236000", "tranemo": "261000", "ulricehamn": "544000",
                     "vargarda": "266000"}


@pytest.mark.parametrize(("year", "state_member", "state", "total", "status"), [
    (2021, "4516000", "9032000", "19032000", "adopted"),
    (2022, "5000000", "10000000", "20000000", "requested"),
    (2023, "5000000", "10000000", "20000000", "requested"),
])
def test_sjuharad_financing_reproduces_printed_table(seeds, year, state_member, state, total, status):
    # 2021 precedes the plan's years (2022–2023), so it is read from the 2022 plan explicitly.
    f = run_json("financing", "sjuharad", "--year", str(year), "--plan", "2022")
    assert amounts(f) == {"fk": state_member, "af": state_member, "region": "5000000", **SJUHARAD_KOMMUNER}
    assert f["parties"] == {"state": state, "region": "5000000", "municipalities": "5000000"}
    assert (f["total"], f["status"]) == (total, status)


@pytest.mark.parametrize(("year", "state", "region", "kommuner", "total", "status"), [
    (2019, "3036000", "1518000",
     {"habo": "106400", "jonkoping": "1225700", "mullsjo": "65200", "vaggeryd": "120700"},
     "6072000", "adopted"),
    (2020, "3340000", "1670000",
     {"habo": "118400", "jonkoping": "1345100", "mullsjo": "70600", "vaggeryd": "135900"},
     "6680000", "adopted"),
    (2021, "3340000", "1670000",
     {"habo": "118400", "jonkoping": "1345100", "mullsjo": "70600", "vaggeryd": "135900"},
     "6680000", "preliminary"),
    (2022, "3340000", "1670000",
     {"habo": "118400", "jonkoping": "1345100", "mullsjo": "70600", "vaggeryd": "135900"},
     "6680000", "preliminary"),
])
def test_vatterbygden_financing_reproduces_printed_table(seeds, year, state, region, kommuner, total, status):
    f = run_json("financing", "sodra-vatterbygden", "--year", str(year), "--plan", "2020")
    assert amounts(f) == {"fk": state, "af": "0", "region": region, **kommuner}
    assert f["parties"] == {"state": state, "region": region, "municipalities": region}
    assert (f["total"], f["status"]) == (total, status)


@pytest.mark.parametrize("year", [2020, 2021, 2022])
def test_vatterbygden_financing_of_plan_years_needs_no_plan_option(seeds, year):
    assert run_json("financing", "sodra-vatterbygden", "--year", str(year)) == run_json(
        "financing", "sodra-vatterbygden", "--year", str(year), "--plan", "2020")


def test_vatterbygden_scenario_jonkoping_binds_the_total(seeds):
    s = run_json("financing", "sodra-vatterbygden", "--year", "2020", "--scenario")
    assert s["binding_member"] == "jonkoping"
    # Q_max = 1 348 270 / (Jönköping's share 80.54 %) = 1 673 935.69…; T = 4·Q rounded down.
    assert s["max_total"] == "6695742"
    assert (s["state_offer"], s["state_used"], s["state_unused"]) == ("5600000", "3340000", "2260000")
    assert s["adopted_total"] == "6680000"
    assert [c["member"] for c in s["caps"]] == ["state", "region", "habo", "vaggeryd", "jonkoping", "mullsjo"]
    caps = {c["member"]: c["max_quarter"] for c in s["caps"]}
    assert caps["state"] == "2800000"
    assert caps["region"] == "1821600"
    assert caps["jonkoping"] == "1673935.69"
    assert {c["member"]: c["headroom"] for c in s["caps"]}["jonkoping"] == "0"


# ---------------------------------------------------------------- budget

@pytest.mark.parametrize(("year", "column", "interventions", "costs", "result"), [
    (2022, "budget", "4469000", "5780500", "-546500"),
    (2023, "plan", "4561300", "5881000", "-647000"),
    (2024, "plan", "4655800", "6005000", "-771000"),
])
def test_sydnarke_budget_reproduces_printed_result(seeds, year, column, interventions, costs, result):
    b = run_json("budget", "sydnarke", "--year", str(year))
    assert (b["year"], b["column"]) == (year, column)
    assert b["revenue"]["contributions"] == "5234000"
    assert b["revenue"]["total"] == "5234000"
    assert b["costs"]["interventions"] == interventions
    assert b["costs"]["total"] == costs
    assert b["result"] == result
    # The seed states no equity (FINSAM.md §9: equity_unknown).
    assert (b["opening_equity"], b["closing_equity"]) == (None, None)


def test_sydnarke_budget_lists_cost_lines_in_file_order(seeds):
    b = run_json("budget", "sydnarke", "--year", "2022")
    assert [(x["id"], x["amount"]) for x in b["costs"]["lines"]] == [
        ("admin-tjanster", "314000"), ("forbundschef", "455000"), ("revision", "60000"),
        ("arvoden", "237000"), ("ovrigt", "55000"), ("lokal", "74000"), ("resor", "50000"),
        ("representation", "25000"), ("kurser", "40000"), ("finansiella", "1500")]
    assert [(x["id"], x["amount"]) for x in b["costs"]["by_intervention"]] == [
        ("strukturinsatser", "200000"), ("drivbank", "0"), ("esf-ansokan", "100000"),
        ("mottagningsteam", "1208800"), ("rehabiliteringsmassan", "30000"), ("coachingteam", "2930200")]


def test_sjuharad_budget_2022_gives_the_recomputed_result(seeds):
    b = run_json("budget", "sjuharad", "--year", "2022")
    assert b["column"] == "budget"
    assert b["costs"]["total"] == "19605000"
    assert b["revenue"]["total"] == "20000000"
    assert b["result"] == "395000"
    assert b["costs"]["interventions"] == "16755000"
    assert b["admin_costs"] == "2850000"


def test_sjuharad_budget_2023_has_no_budget(seeds):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("budget", "sjuharad", "--year", "2023", "--json", stdout=out)
    assert exc.value.code == 1
    b = json.loads(out.getvalue())
    assert (b["year"], b["column"]) == (2023, "plan")
    assert b["revenue"]["total"] is None
    assert b["costs"]["total"] is None
    assert b["result"] is None
    assert b["closing_equity"] is None


def test_sjuharad_budget_2023_says_so_in_text(seeds):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("budget", "sjuharad", "--year", "2023", stdout=out)
    assert exc.value.code == 1
    assert "Ingen budget för detta år" in out.getvalue()


@pytest.mark.parametrize(("year", "column", "costs", "result", "opening", "closing"), [
    (2019, "budget", "7925150", "-1853150", "1855011", "1861"),
    (2019, "forecast", "7409300", "-1337300", "2122970", "785670"),
    (2020, "budget", "7328800", "-648800", "785670", "136870"),
    (2021, "plan", "6718300", "-38300", "136870", "98570"),
    (2022, "plan", "6715000", "-35000", "98570", "63570"),
])
def test_vatterbygden_budget_reproduces_equity_rollforward(seeds, year, column, costs, result, opening, closing):
    b = run_json("budget", "sodra-vatterbygden", "--year", str(year), "--column", column, "--plan", "2020")
    assert b["column"] == column
    assert b["costs"]["total"] == costs
    assert b["result"] == result
    assert b["opening_equity"] == opening
    assert b["closing_equity"] == closing
    # Opening equity is never revenue: revenue is the year's contributions only.
    contributions = "6072000" if year == 2019 else "6680000"
    assert b["revenue"]["contributions"] == b["revenue"]["total"] == contributions


def test_vatterbygden_budget_2020_opens_at_the_2019_forecast(seeds):
    b = run_json("budget", "sodra-vatterbygden", "--year", "2020")
    assert (b["column"], b["opening_equity"], b["closing_equity"]) == ("budget", "785670", "136870")


# ---------------------------------------------------------------- review (FINSAM.md §9)

def review_findings(association: str) -> list[dict]:
    data = run_json("review", association)
    assert data["association"] == association
    return data["findings"]


@pytest.mark.parametrize("association", ["sjuharad", "sodra-vatterbygden", "sydnarke"])
def test_review_codes_are_known(seeds, association):
    findings = review_findings(association)
    assert findings
    for f in findings:
        assert set(f) == {"code", "severity", "year", "message", "key"}
        assert f["key"].startswith(f"{f['code']}:{f['year'] or ''}:")
        assert f["code"] in CODES
        assert f["severity"] in ("error", "warning", "info")
        assert f["message"].strip()


@pytest.mark.parametrize(("association", "expected"), [
    ("sjuharad", [("split", 2021), ("sum", 2022), ("balance", 2022), ("shown_share", 2021), ("shown_share", 2022),
                  ("shown_share", 2023), ("population_stale", 2021), ("board", None)]),
    ("sodra-vatterbygden", [("equity_as_revenue", 2020), ("balance", 2020), ("equity_ceiling", 2020)]),
    ("sydnarke", [("labels", 2022), ("labels", 2022), ("external_funding", 2022), ("decision_text", 2022),
                  ("name", None), ("narrative", 2022), ("equity_unknown", 2022), ("adoption", 2022)]),
])
def test_review_finds_seed_inconsistencies(seeds, association, expected):
    found = Counter((f["code"], f["year"]) for f in review_findings(association))
    missing = Counter(expected) - found
    assert not missing, f"review {association} misses {sorted(missing.elements(), key=str)}"


def message(findings: list[dict], code: str, year: int | None = None) -> str:
    matches = [f["message"] for f in findings if f["code"] == code and (year is None or f["year"] == year)]
    assert len(matches) == 1, (code, year, matches)
    return matches[0]


def test_review_sjuharad_messages_carry_the_seed_figures(seeds):
    findings = review_findings("sjuharad")
    assert "47,5 %" in message(findings, "split", 2021)
    assert "395 000 kr" in message(findings, "sum", 2022)
    assert "−573 000 kr" in message(findings, "sum", 2022)
    balance = message(findings, "balance", 2022)
    assert "573tkr" in balance and "överskott på 395 000 kr" in balance
    shown = message(findings, "shown_share", 2021)
    assert "Marks kommun" in shown and "0,16" in shown and "0,15" in shown
    assert "2021–2023" in message(findings, "population_stale")


def test_review_vatterbygden_messages_carry_the_seed_figures(seeds):
    findings = review_findings("sodra-vatterbygden")
    assert "648 800 kr" in message(findings, "balance", 2020)
    ceiling = message(findings, "equity_ceiling", 2020)
    assert "1 200 000 kr" in ceiling and "1 336 000 kr" in ceiling and "2019" in ceiling
    assert "785 670 kr" in message(findings, "equity_as_revenue", 2020)


def test_review_sydnarke_messages_carry_the_seed_figures(seeds):
    findings = review_findings("sydnarke")
    assert "1 964 500 kr" in message(findings, "equity_unknown")
    assert "437 940 kr" in message(findings, "external_funding", 2022)
    assert "4 469 000 kr" in message(findings, "decision_text")
    assert "Sydärke" in message(findings, "name")
    assert "2022-02-18" in message(findings, "adoption")
    labels = [f["message"] for f in findings if f["code"] == "labels"]
    assert any("Medlemsbidrag 2021" in m for m in labels)
    assert any("Budgetöversikt 2021–2023" in m for m in labels)
