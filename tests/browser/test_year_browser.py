"""A whole year in real Chromium, as the kansli runs it: next year's plan from this year's,
its adoption, outcome and forecast typed into the tertial grid at T1 and at T2, and the two
tertial reports downloaded from the documents page — which differ by exactly the figures
typed in."""

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from samordna.economy.models import Plan, TertialCell
from samordna.economy.services import plan_load
from tests.conftest import plan_path

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)
D = Decimal


@pytest.fixture
def sydnarke():
    return plan_load(data=plan_path("sydnarke-2022").read_bytes()).plan


def grid_enter(page, base, period: str, figures: dict[str, str]) -> None:
    """Type each figure into its labelled cell of the grid; each is saved as it is left."""
    page.goto(f"{base}/tertial/2023/{period}/?plan=2023")
    for label, value in figures.items():
        cell = page.get_by_label(label, exact=True)
        cell.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
        page.keyboard.press("Tab")
        name = cell.get_attribute("name")
        page.locator(f"#msg-{name}", has_text="Sparat").wait_for()


def report_cells(page, base, period: int) -> dict[tuple[str, int, int], object]:
    """The T-report's Excel file as downloaded by a person: every non-empty cell by sheet,
    row and column. The documents page asks for it (the tests' task backend makes it at once)
    or offers the one made for this version of the plan."""
    page.goto(f"{base}/dokument/?plan=2023")
    row = page.locator("table.doc-downloads tr", has_text=f"Tertialrapport T{period}")
    make = row.get_by_role("button", name=re.compile(r"^Skapa Excel"))
    with page.expect_download() as info:
        if make.count():
            make.click()
        else:
            row.get_by_role("link", name=re.compile(r"^Hämta Excel")).click()
    book = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()), data_only=True)
    return {(i, c.row, c.column): c.value
            for i, ws in enumerate(book.worksheets) for r in ws.iter_rows() for c in r if c.value is not None}


BUDGET, OUTCOME, SHARE, FORECAST, DEVIATION = 2, 3, 4, 5, 6


def follow_up_table(cells: dict) -> dict[tuple[str, int], object]:
    """The first sheet (budget, outcome, share used, forecast, deviation per row) by row label
    and column."""
    labels = {r: v for (sheet, r, c), v in cells.items() if sheet == 0 and c == 1 and r > 1}
    return {(labels[r], c): v for (sheet, r, c), v in cells.items()
            if sheet == 0 and r in labels and BUDGET <= c <= DEVIATION}


def test_a_year_from_next_years_plan_to_the_second_tertial_report(page, live_server, sydnarke):
    login(page, live_server, sydnarke.association)
    base = f"{live_server.url}/f/sydnarke"

    # 1. The 2023 plan from the 2022 plan, as a proposal.
    page.goto(f"{base}/")
    page.get_by_role("link", name="Ny verksamhetsplan 2023").click()
    page.get_by_role("button", name="Skapa planen").click()
    page.wait_for_url(re.compile(r".*/f/sydnarke/\?plan=2023$"))
    plan = Plan.objects.get(association=sydnarke.association, year=2023)
    assert plan.stage == "proposal"

    # 2. Consultation and adoption by the board.
    page.goto(f"{base}/versioner/?plan=2023")
    page.get_by_role("button", name="Skicka på samråd").click()
    page.get_by_role("link", name="Fastställ planen").click()
    page.get_by_label("Beslutsdatum").fill("2022-11-24")
    page.get_by_label("Beslutande organ").fill("Styrelsen")
    page.get_by_label("Diarienummer").fill("Dnr 2022/31")
    page.get_by_role("button", name="Fastställ planen").click()
    page.wait_for_url(re.compile(r".*/versioner/\?plan=2023$"))
    plan.refresh_from_db()
    assert (plan.stage, str(plan.adopted_on)) == ("adopted", "2022-11-24")

    # 3. T1: outcome to date and forecast for a cost line and a member's contribution.
    t1 = {"Köp av tjänst förbundschef, utfall t.o.m. april": "352 500",
          "Köp av tjänst förbundschef, prognos helår": "1 080 000",
          "Laxå kommun, utfall t.o.m. april": "45 000"}
    grid_enter(page, base, "T1", t1)
    assert {(c.tertial.period, c.measure, c.item): c.amount for c in TertialCell.objects.all()} == {
        ("T1", "outcome", "forbundschef"): D(352500), ("T1", "forecast", "forbundschef"): D(1080000),
        ("T1", "outcome", "laxa"): D(45000)}
    first = report_cells(page, base, 1)

    # 4. T2: the same cells, further into the year.
    t2 = {"Köp av tjänst förbundschef, utfall t.o.m. augusti": "705 000",
          "Köp av tjänst förbundschef, prognos helår": "1 060 000",
          "Laxå kommun, utfall t.o.m. augusti": "90 000"}
    grid_enter(page, base, "T2", t2)
    second = report_cells(page, base, 2)

    # The two reports differ exactly where the typed figures go, by exactly those figures:
    # outcome to date, forecast (Laxå's by the default rule: outcome + the budget of the months
    # left), and what follows from them (deviation, share used, the sums and the result).
    a, b = follow_up_table(first), follow_up_table(second)
    assert a.keys() == b.keys()
    changed = {k: b[k] - a[k] for k in a if a[k] != b[k] and k[1] != SHARE}
    laxa_forecast = (D(90000) + D(135231) * 4 / 12) - (D(45000) + D(135231) * 8 / 12)
    assert laxa_forecast.quantize(D(1)) == -77
    assert changed == {
        ("Laxå kommun", OUTCOME): 45000, ("Laxå kommun", FORECAST): -77, ("Laxå kommun", DEVIATION): -77,
        ("Summa medlemsbidrag", OUTCOME): 45000, ("Summa medlemsbidrag", FORECAST): -77,
        ("Summa medlemsbidrag", DEVIATION): -77,
        ("Summa intäkter", OUTCOME): 45000, ("Summa intäkter", FORECAST): -77,
        ("Summa intäkter", DEVIATION): -77,
        ("Köp av tjänst förbundschef", OUTCOME): 352500, ("Köp av tjänst förbundschef", FORECAST): -20000,
        ("Köp av tjänst förbundschef", DEVIATION): -20000,
        ("Summa övriga kostnader", OUTCOME): 352500, ("Summa övriga kostnader", FORECAST): -20000,
        ("Summa övriga kostnader", DEVIATION): -20000,
        ("Summa kostnader", OUTCOME): 352500, ("Summa kostnader", FORECAST): -20000,
        ("Summa kostnader", DEVIATION): -20000,
        ("Resultat", OUTCOME): 45000 - 352500, ("Resultat", FORECAST): -77 + 20000,
        ("Resultat", DEVIATION): -77 + 20000,
    }, changed
    shares = {k[0] for k in a if k[1] == SHARE and a[k] != b[k]}
    assert shares == {"Laxå kommun", "Summa medlemsbidrag", "Summa intäkter", "Köp av tjänst förbundschef",
                      "Summa övriga kostnader", "Summa kostnader"}
    assert b[("Köp av tjänst förbundschef", SHARE)] == 705000 / 470000
    assert first[(0, 1, OUTCOME)] == "Utfall t.o.m. april" and second[(0, 1, OUTCOME)] == "Utfall t.o.m. augusti"
