"""The verksamhetsplan takes the named board, the bodies and the internal-control plan from
the rulebook's Plan."""

import dataclasses
from datetime import date

from samordna.documents.content import plan_document
from samordna.finsam import plan as p


def _table(document, caption):
    return next(t for t in document.tables if t.caption == caption)


def test_plan_document_shows_the_named_board_bodies_and_controls(sydnarke):
    seats = (p.BoardSeat("a", "Anna Ek", "laxa", "regular", date(2019, 1, 1), date(2022, 12, 31),
                         "chair"),
             p.BoardSeat("b", "Bo Berg", "laxa", "deputy", deputy_order=1),
             p.BoardSeat("old", "Gammal", "laxa", "regular", term_end=date(2018, 12, 31)))
    bodies = (p.Body("au", "working_committee", "Arbetsutskottet",
                     (p.BodyMember("Cia Lund", organisation="Kansliet", role="sekreterare"),)),)
    risks = dataclasses.replace(sydnarke.risks, controls=(
        p.RiskControl("r1", "Fel utbetalning", 2, 4, "Attest"),
        p.RiskControl("r2", "Dataintrång", 3, 4, owner="Kansliet")))
    document = plan_document(dataclasses.replace(sydnarke, seats=seats, bodies=bodies,
                                                 risks=risks))
    board = _table(document, "Styrelsens ledamöter och ersättare")
    assert [[c.text for c in row.cells] for row in board.rows] == [
        ["Anna Ek", "Laxå kommun", "Ledamot, ordförande", "2019-01-01–2022-12-31"],
        ["Bo Berg", "Laxå kommun", "Ersättare (1)", ""]]
    au = _table(document, "Arbetsutskottet: ledamöter")
    assert [[c.text for c in row.cells] for row in au.rows] == [["Cia Lund", "Kansliet", "sekreterare"]]
    controls = _table(document, "Internkontrollplan")
    assert [[c.text for c in row.cells][:4] for row in controls.rows] == [
        ["Dataintrång", "3", "4", "12 mycket hög"], ["Fel utbetalning", "2", "4", "8 hög"]]
