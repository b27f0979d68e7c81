import sys

from django.core.management.base import CommandError

from samordna.economy.selectors import plan_data
from samordna.finsam import plan as p
from samordna.finsam.budget import budget_figures, municipality_summary
from samordna.finsam.checks import kr
from samordna.finsam.report import budget_json
from samordna.finsam.vocabulary import COLUMNS, LEVEL_SHORT, PERIODS, lower

from ._base import PlanCommand


class Command(PlanCommand):
    help = "Budgeten ett år och en kolumn: intäkter, kostnader, resultat och eget kapital."

    def add_arguments(self, parser):
        self.add_association(parser)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--column", choices=p.COLUMNS)
        parser.add_argument("--period", choices=p.PERIODS,
                            help="tertial: --column forecast ger prognosen för helåret gjord vid "
                                 "tertialet, --column outcome utfallet till och med tertialet")

    def handle(self, *args, association, plan, json, year, column, period, **options):
        if period is not None and column not in ("forecast", "outcome"):
            raise CommandError("--period anges med --column forecast (prognos) eller --column "
                               "outcome (utfall hittills).", returncode=2)
        data = plan_data(self.get_plan(association, plan, year))
        b = budget_figures(plan=data, year=year, column=column, period=period)
        if json:
            self.emit_json(budget_json(data, b))
        else:
            when = f", {PERIODS[period]}" if period else ""
            self.stdout.write(f"{data.association.name}, {lower(COLUMNS)[b.column]} {year}{when}")
            if not b.has_budget:
                self.stdout.write("  Ingen budget för detta år (kostnaderna är varken listade "
                                  "eller angivna).")
            else:
                rows = [("Medlemsbidrag", b.contributions)]
                rows += [(x.label, x.amount) for x in b.revenue_lines]
                rows += [("Summa intäkter", b.revenue)]
                rows += [(c.name, c.amount) for c in b.interventions]
                rows += [(x.label, x.amount) for x in b.cost_lines]
                rows += [("Summa kostnader", b.costs), ("Resultat", b.result),
                         ("Ingående eget kapital", b.opening_equity),
                         ("Utgående eget kapital", b.closing_equity)]
                for label, value in rows:
                    self.stdout.write(f"  {label[:44]:44} {kr(value):>14}")
                summary = municipality_summary(plan=data, year=year, column=b.column)
                if summary:
                    names = {m.id: m.name for m in data.members}
                    self.stdout.write("  Insatsmedel per nivå och kommun:")
                    for level, key, amount in summary:
                        label = f"{LEVEL_SHORT[level]}, {names.get(key, 'gemensamt')}"
                        self.stdout.write(f"    {label[:42]:42} {kr(amount):>14}")
        if not b.has_budget:
            sys.exit(1)
