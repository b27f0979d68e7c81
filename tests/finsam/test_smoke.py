from decimal import Decimal

from samordna.finsam.financing import contribution_split


def test_sydnarke_kommun_split_reproduces_the_printed_table(sydnarke):
    f = contribution_split(plan=sydnarke, year=2022)
    assert {m.id: m.amount for m in f.members if m.kind == "kommun"} == {
        "laxa": Decimal("135231"), "hallsberg": Decimal("382733"),
        "kumla": Decimal("519139"), "askersund": Decimal("271397"),
    }
