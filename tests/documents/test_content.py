"""The neutral document model: figures come from the rulebook, optional parts drop out cleanly."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from samordna.documents.blocks import Chart, Heading, ItemList, Paragraph, Swot, Table
from samordna.documents.content import decision_points, plan_document, tables_document
from samordna.documents.generate import UnsupportedDocument, check_request
from samordna.documents.letters import LetterRequest, letters_document
from samordna.documents.markdown_blocks import markdown_blocks
from samordna.documents.reports import annual_document, tertial_document
from samordna.finsam import plan as p

NB = "\u00a0"


def plain(value: str) -> str:
    return value.replace(NB, " ")


def headings(document, level=None) -> list[str]:
    return [b.full for b in document.blocks if isinstance(b, Heading) and (level is None or b.level == level)]


def table_after(document, heading_text: str) -> Table:
    found = False
    for b in document.blocks:
        if isinstance(b, Heading) and b.text == heading_text:
            found = True
        elif found and isinstance(b, Table):
            return b
    raise AssertionError(f"ingen tabell efter {heading_text}")


def row(table: Table, label: str) -> list[str]:
    return next([plain(c.text) for c in r.cells] for r in table.rows if r.cells[0].text == label)


def all_text(document) -> str:
    parts = []
    for b in document.blocks:
        if isinstance(b, Heading):
            parts.append(b.full)
        elif isinstance(b, Paragraph):
            parts.append(b.text)
        elif isinstance(b, ItemList):
            parts += ["".join(r.text for r in item.runs) for item in b.items]
        elif isinstance(b, Table):
            parts += [*b.headers, b.caption, *(c.text for r in b.rows for c in r.cells)]
    if document.title_page:
        parts += [document.title_page.title, document.title_page.subtitle, *document.title_page.lines]
    return plain("\n".join(parts))


def test_plan_chapters_follow_the_seed_structure(sydnarke):
    document = plan_document(sydnarke)
    # The plan's own chapters in its own order (seed 002: 1 Bakgrund … 6 Ekonomi), each
    # generated part inside the chapter the plan file puts it in (sections[].parts).
    assert headings(document, 1) == [
        "1 Förord", "2 Bakgrund Samordningsförbund", "3 Samordningsförbundet Sydnärke",
        "4 Förbundets huvudmål 2022", "5 Arbetsorganisation", "6 Målgrupper 2022",
        "7 Verksamhetsinriktning och mål", "8 Planerade insatser 2022", "9 Uppföljning och utvärdering",
        "10 Förväntad utveckling", "11 Ekonomi", "Bilagor"]
    assert [h for h in headings(document, 2) if h.startswith(("3.", "11."))] == [
        "3.1 Vision", "3.2 Värdegrund", "11.1 Finansiering", "11.2 Budget 2022–2024", "11.3 Beslut"]
    assert [h for h in headings(document, 2) if h.startswith("Bilaga")] == [
        "Bilaga 1. Gemensamma begrepp", "Bilaga 2. Årsplanering 2022", "Bilaga 3. Riskanalys"]
    assert document.title_page.title == "Verksamhetsplan 2022"
    assert document.title_page.subtitle == "med budget 2022–2024"
    assert document.title_page.association == "Samordningsförbundet Sydnärke"
    assert "Fastställd av Styrelsen den 18 februari 2022" in document.title_page.lines


def test_plan_population_table_has_the_largest_remainder_amounts(sydnarke):
    table = table_after(plan_document(sydnarke), "Medlemsbidrag 2022")
    assert row(table, "Laxå kommun") == ["Laxå kommun", "5 637", "10,33 %", "135 231"]
    assert row(table, "Askersunds kommun") == ["Askersunds kommun", "11 313", "20,74 %", "271 397"]
    assert row(table, "Kommunerna tillsammans") == ["Kommunerna tillsammans", "54 544", "100,00 %", "1 308 500"]
    assert row(table, "Försäkringskassan (statens del)")[-1] == "2 617 000"
    assert row(table, "Summa medlemsbidrag")[-1] == "5 234 000"
    assert table.rows[0].cells[3].value == Decimal("135231")


def test_plan_budget_table_has_results_of_every_column(sydnarke):
    table = table_after(plan_document(sydnarke), "Budget 2022–2024")
    assert table.headers == ("Kr", "Budget 2022", "Plan 2023", "Plan 2024")
    assert row(table, "Resultat") == ["Resultat", "−546 500", "−647 000", "−771 000"]
    assert row(table, "Insatser") == ["Insatser", "4 469 000", "4 561 300", "4 655 800"]
    assert row(table, "Summa intäkter") == ["Summa intäkter", "5 234 000", "5 234 000", "5 234 000"]
    assert "Utgående eget kapital" not in [r.cells[0].text for r in table.rows]


def test_plan_decision_points_take_amounts_and_name_from_the_data(sydnarke):
    points = [plain(x) for x in decision_points(sydnarke)]
    assert points[2].startswith("anslå 1 310 000 kr för förbundets sekretariat 2022")
    assert points[3] == "anslå 4 469 000 kr i insatsmedel till insatser under 2022,"
    assert points[1] == "fastställa budgeten för 2022 och planen för 2023–2024,"
    text = all_text(plan_document(sydnarke))
    assert "Styrelsen för Samordningsförbundet Sydnärke beslutar att" in text
    assert "Sydärke" not in text
    assert "4 4 69" not in text


def test_plan_goals_mark_computable_indicators_and_written_assessments(sydnarke):
    table = table_after(plan_document(sydnarke), "Verksamhetsinriktning och mål")
    follow_up = {r.cells[0].text: r.cells[3].text for r in table.rows}
    assert follow_up["Strukturinsatser (utbildning, workshops, Finsamkonferens, omvärldsbevakning): Ca 200 "
                     "personer ska ha tagit del av förbundets anordnade insatser (behöver ej vara unika "
                     "individer)."] == "Beräknas ur deltagaruppföljningen"
    assert follow_up["Mottagningsteam: Ett nästa steg mot egen försörjning har identifierats för individen."] == (
        "Skriftlig bedömning")


def test_plan_interventions_table_totals_the_budget_year(sydnarke):
    table = table_after(plan_document(sydnarke), "Planerade insatser 2022")
    assert row(table, "Summa insatser")[3:] == ["4 469 000", "4 561 300", "4 655 800"]
    assert [r.cells[0].text for r in table.rows if r.style == "group"] == [
        "Individinriktade insatser", "Strukturövergripande insatser"]


def test_plan_municipality_summary_like_seed_000(sjuharad):
    document = plan_document(sjuharad)
    table = table_after(document, "Insatsmedel per kommun 2022")
    assert row(table, "Individinriktat, Borås Stad") == ["Individinriktat, Borås Stad", "8 750 000"]
    assert row(table, "Individinriktat, gemensamt") == ["Individinriktat, gemensamt", "135 000"]
    board = table_after(document, "Styrelse")
    assert row(board, "Summa") == ["Summa", "4", "10"]


def test_plan_without_optional_parts_leaves_them_out(minimal):
    document = plan_document(minimal)
    assert headings(document, 1) == ["1 Organisation", "2 Beslut", "Bilagor"]
    assert headings(document, 2) == ["Bilaga 1. Gemensamma begrepp"]
    assert not any(isinstance(b, Swot) for b in document.blocks)
    text = all_text(document)
    assert "None" not in text
    assert [plain(x) for x in decision_points(minimal)][:2] == [
        "godkänna verksamhetsplan 2024,", "fastställa budgeten för 2024,"]
    assert not any("anslå" in x for x in decision_points(minimal))


def test_markdown_sections_become_blocks_and_raw_html_stays_text():
    blocks = markdown_blocks("Inledning **viktig** <script>x</script>\n\n### Del\n\n- ett\n- två\n",
                             anchor_prefix="x")
    assert blocks[0].text == "Inledning viktig <script>x</script>"
    assert blocks[0].runs[1].bold is True
    assert isinstance(blocks[1], Heading) and blocks[1].text == "Del" and blocks[1].in_toc is False
    assert [item.runs[0].text for item in blocks[2].items] == ["ett", "två"]


def test_tertial_report_shows_the_follow_up_per_line_and_intervention(followup):
    document = tertial_document(followup, year=2023, tertial=2)
    table = table_after(document, "Ekonomi per post och insats")
    assert tuple(map(plain, table.headers)) == (
        "Kr", "Budget 2023", "Utfall t.o.m. augusti", "Förbrukat (66,7 % av året)",
                             "Prognos helår", "Avvikelse (prognos − budget)", "Kommentar")
    # Steget: 500 000 of 2 000 000 used (25 %), forecast 1 800 000 given.
    assert row(table, "Steget") == ["Steget", "2 000 000", "500 000", "25,0 %", "1 800 000", "−200 000",
                                    "Färre deltagare än planerat."]
    assert row(table, "Kansli") == ["Kansli", "1 300 000", "820 000", "63,1 %", "1 250 000", "−50 000",
                                    "Vakant tjänst under våren."]
    # Alfa kommun has nothing entered: its forecast is its budget, computed (*).
    assert row(table, "Alfa kommun") == ["Alfa kommun", "600 200", "–", "–", "600 200*", "0", ""]
    assert row(table, "Summa kostnader") == ["Summa kostnader", "3 800 000", "1 420 000", "37,4 %",
                                             "3 500 000", "−300 000", ""]
    assert row(table, "Resultat") == ["Resultat", "200 000", "80 000", "", "500 000", "300 000", ""]
    assert row(table, "Utgående eget kapital") == ["Utgående eget kapital", "1 400 000", "1 280 000", "",
                                                   "1 700 000", "300 000", ""]
    charts = [b for b in document.blocks if isinstance(b, Chart)]
    assert [c.chart for c in charts] == ["bars", "bars", "line"]
    assert [s.label for s in charts[1].series] == ["Budget 2023", "Utfall t.o.m. augusti", "Prognos helår"]
    assert charts[2].reference_lines == (("Mål: lägsta eget kapital", Decimal("500000")),)
    text = all_text(document)
    assert "Inga deltagare är registrerade ännu." in text
    assert "Utgående eget kapital enligt prognos: 1 700 000 kr." in text
    assert "Av årets kostnadsbudget är 37,4 % förbrukad när 66,7 % av året har gått." in text
    assert "Siffrorna är uttagna 12 september 2023." in text
    assert "Steget: prognosen är 200 000 kr lägre än budget. Färre deltagare än planerat." in text


def _cells(document) -> dict:
    table = table_after(document, "Ekonomi per post och insats")
    grid = {("header", i): plain(h) for i, h in enumerate(table.headers)}
    grid |= {(r.cells[0].text, i): plain(c.text) for r in table.rows for i, c in enumerate(r.cells)}
    return grid


def test_tertial_reports_t1_and_t2_differ_exactly_by_the_entered_figures(followup):
    """The two periods differ only in the office's outcome (400 000 → 820 000), with every
    forecast given: so do their tables, cell by cell, and their charts' outcome bars."""
    t1 = tertial_document(followup, year=2023, tertial=1)
    t2 = tertial_document(followup, year=2023, tertial=2)
    a, b = _cells(t1), _cells(t2)
    assert a.keys() == b.keys()
    assert {k: (a[k], b[k]) for k in a if a[k] != b[k]} == {
        ("header", 2): ("Utfall t.o.m. april", "Utfall t.o.m. augusti"),
        ("header", 3): ("Förbrukat (33,3 % av året)", "Förbrukat (66,7 % av året)"),
        ("Kansli", 2): ("400 000", "820 000"),
        ("Kansli", 3): ("30,8 %", "63,1 %"),  # of 1 300 000
        ("Summa övriga kostnader", 2): ("400 000", "820 000"),
        ("Summa övriga kostnader", 3): ("28,6 %", "58,6 %"),  # of 1 400 000
        ("Summa kostnader", 2): ("1 000 000", "1 420 000"),
        ("Summa kostnader", 3): ("26,3 %", "37,4 %"),  # of 3 800 000
        ("Resultat", 2): ("500 000", "80 000"),  # revenue to date 1 500 000
        ("Utgående eget kapital", 2): ("1 700 000", "1 280 000"),  # 1 200 000 + the result to date
    }
    charts1 = [c for c in t1.blocks if isinstance(c, Chart)]
    charts2 = [c for c in t2.blocks if isinstance(c, Chart)]
    assert charts1[0].series[1].values == (Decimal("1500000"), Decimal("1000000"), Decimal("500000"))
    assert charts2[0].series[1].values == (Decimal("1500000"), Decimal("1420000"), Decimal("80000"))
    assert [s.values for s in charts1[0].series if s.role != "outcome"] == \
        [s.values for s in charts2[0].series if s.role != "outcome"]
    # The interventions' bars and the equity line hold the same figures; only a label names the period.
    assert [s.values for s in charts1[1].series] == [s.values for s in charts2[1].series]
    assert charts1[1] == replace(charts2[1], series=tuple(
        replace(s, label=s.label.replace("augusti", "april")) for s in charts2[1].series),
        alt=charts2[1].alt.replace("augusti", "april"))
    assert charts1[2] == charts2[2]


def test_tertial_goal_status_from_the_forecast(followup):
    table = table_after(tertial_document(followup, year=2023, tertial=1), "Måluppfyllelse")
    status = {r.cells[0].text: plain(r.cells[3].text) for r in table.rows}
    assert status["Budgeten ska vara i balans."] == "Uppfyllt enligt prognos: resultat 500 000 kr."
    assert status["Eget kapital ska vara minst 500 000 kr."] == (
        "Uppfyllt enligt prognos: utgående eget kapital 1 700 000 kr.")
    assert status["40 % av de avslutade ska gå till arbete eller studier."] == (
        "Följs upp när deltagaruppföljningen finns.")
    assert status["Samverkan ska fördjupas."] == "Skriftlig bedömning"


def test_tertial_without_figures_shows_the_budget_and_says_so(sydnarke):
    document = tertial_document(sydnarke, tertial=1)
    assert "Utfall och prognos för T1 2022 är inte registrerade ännu." in all_text(document)
    table = table_after(document, "Ekonomi per post och insats")
    assert row(table, "Laxå kommun") == ["Laxå kommun", "135 231", "–", "–", "135 231", "0", ""]
    assert row(table, "Resultat") == ["Resultat", "−546 500", "–", "", "−546 500", "0", ""]
    assert [c.chart for c in document.blocks if isinstance(c, Chart)] == []


def test_annual_income_statement_comes_from_the_outcome(followup):
    document = annual_document(followup, year=2023)
    table = table_after(document, "Resultaträkning")
    assert row(table, "Medlemsbidrag") == ["Medlemsbidrag", "4 000 000", "4 000 000", "0"]
    assert row(table, "Insatser") == ["Insatser", "−700 000", "−2 400 000", "1 700 000"]
    assert row(table, "Summa verksamhetens kostnader") == [
        "Summa verksamhetens kostnader", "−1 120 000", "−3 800 000", "2 680 000"]
    assert row(table, "Årets resultat") == ["Årets resultat", "2 880 000", "200 000", "2 680 000"]
    equity = table_after(document, "Eget kapital")
    assert [plain(r.cells[1].text) for r in equity.rows] == ["1 200 000", "2 880 000", "4 080 000"]


def test_annual_without_outcome_invents_nothing(sydnarke):
    document = annual_document(sydnarke)
    text = all_text(document)
    assert "Utfall för 2022 saknas, så resultaträkningen kan inte upprättas ännu." in text
    assert not any(isinstance(b, Table) and b.caption.startswith("Resultaträkning") for b in document.blocks)
    assert "Utfall 2022" not in text


def test_letters_explain_population_share_and_remainder(sydnarke):
    document = letters_document(sydnarke)
    text = all_text(document)
    # Six letters: every member but Arbetsförmedlingen, whose part Försäkringskassan pays.
    assert headings(document, 1).count("Medlemsbidrag 2022–2024 till Samordningsförbundet Sydnärke") == 6
    assert ("Laxå kommun hade 5 637 invånare av sammanlagt 54 544, en andel av 10,33 %. "
            "1 308 500 kr × 5 637 / 54 544 = 135 230,54 kr.") in text
    assert "Laxå kommun fick en av dem, så bidraget blir 135 231 kr." in text
    assert "Hallsbergs kommun fick ingen av dem, så bidraget blir 382 733 kr." in text
    assert "Till: Arbetsförmedlingen" not in text
    assert "Arbetsförmedlingen faktureras inget medlemsbidrag." in text


def test_letters_say_decided_amount_when_explicit(sjuharad):
    request = LetterRequest(kind="consultation", issued_on=date(2021, 10, 1))
    text = all_text(letters_document(sjuharad, request=request))
    assert "Borås Stads bidrag, 2 504 000 kr, är ett beslutat belopp och inte beräknat ur befolkningen." in text
    assert "Bidraget 2022 är äskat och kan komma att ändras." in text


def test_tables_document_has_one_sheet_per_table(sydnarke):
    assert [t.sheet for t in tables_document(sydnarke).tables] == [
        "Mål", "Insatser", "Finansiering", "Medlemsbidrag per år", "Budget"]


@pytest.mark.parametrize(("kind", "fmt", "tertial"), [
    ("tables", "pdf", None), ("plan", "xlsx", None), ("tertial", "pdf", None), ("tertial", "pdf", 4),
    ("plan", "pdf", 2), ("brev", "pdf", None), ("plan", "odt", None)])
def test_unsupported_combinations_are_refused_in_swedish(kind, fmt, tertial):
    with pytest.raises(UnsupportedDocument) as error:
        check_request(kind=kind, fmt=fmt, tertial=tertial)
    assert any(word in str(error.value) for word in ("finns inte som", "Ange tertial", "bara för", "Okänd", "Okänt"))


# ---------------------------------------------------------------- the plan's own order and texts


@pytest.mark.parametrize("fixture", ["sydnarke", "sjuharad", "vatterbygden"])
def test_plan_chapters_are_the_plans_sections_in_order(fixture, request):
    """Each typed section is a chapter of its own, in the file's order (never nested under one
    heading); generated parts sit inside the section that holds them."""
    plan = request.getfixturevalue(fixture)
    document = plan_document(plan)
    chapters = [h.split(" ", 1)[1] for h in headings(document, 1) if h != "Bilagor"]
    titles = [s.title for s in plan.plan.sections]
    held = {part for s in plan.plan.sections for part in s.parts}
    expected = (["Vision och värdegrund"] if "vision" not in held and plan.association.vision else []) + titles
    assert chapters == expected
    assert "Bakgrund och syfte" not in headings(document)


def test_plan_parts_without_a_section_follow_the_sections_in_the_default_order(sydnarke):
    plain_sections = tuple(replace(s, parts=()) for s in sydnarke.plan.sections)
    plan = replace(sydnarke, plan=replace(sydnarke.plan, sections=plain_sections))
    chapters = headings(plan_document(plan), 1)
    assert chapters[0] == "1 Vision och värdegrund"
    assert chapters[-8:] == ["13 Organisation", "14 Målgrupper", "15 Mål", "16 Insatser 2022", "17 Finansiering",
                             "18 Budget 2022–2024", "19 Beslut", "Bilagor"]


def test_plan_uses_its_own_glossary(sydnarke, sjuharad):
    own = table_after(plan_document(sydnarke), "Bilaga 1. Gemensamma begrepp")
    assert [r.cells[0].text for r in own.rows] == ["Rehabilitering", "Samarbete", "Samverkan", "Samordning",
                                                   "Arbetsträning"]
    standard = table_after(plan_document(sjuharad), "Bilaga 1. Gemensamma begrepp")
    assert standard.rows[0].cells[0].text == "Samordningsförbund"


def test_deficit_justification_is_printed_only_under_a_deficit(sjuharad, vatterbygden):
    # Sjuhärad 2022: the plan justifies "−573 tkr", but the 2022 column gives +395 000 kr.
    text = all_text(plan_document(sjuharad))
    assert "Motivering 2022" not in text
    assert "överstiger intäkter med 573" not in text
    # Södra Vätterbygden 2020 has a deficit (−648 800 kr): its justification is printed.
    assert ("Motivering 2020: Under 2020 beräknas budgetens utgifter överstiga intäkterna något."
            in all_text(plan_document(vatterbygden)))


def test_adopted_by_keeps_its_capitals_on_the_title_page(sydnarke):
    body = "Samordningsförbundet Ale, Kungälv och Stenungsund"
    plan = replace(sydnarke, plan=replace(sydnarke.plan, adopted_by=body))
    document = plan_document(plan)
    assert f"Fastställd av {body} den 18 februari 2022" in document.title_page.lines
    assert f"{body} för Samordningsförbundet Sydnärke beslutar att" in all_text(document)


def test_goal_target_without_indicator_is_not_a_percentage(sydnarke):
    goal = p.Goal("40 deltagare ska börja studera.", target=Decimal("40"))
    plan = replace(sydnarke, plan=replace(sydnarke.plan, goals=(goal,)))
    table = table_after(plan_document(plan), "Verksamhetsinriktning och mål")
    assert row(table, "40 deltagare ska börja studera.")[2] == "40"
