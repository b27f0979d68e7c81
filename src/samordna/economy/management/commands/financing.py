from django.core.management.base import CommandError

from samordna.economy.selectors import plan_data
from samordna.finsam.checks import kr
from samordna.finsam.financing import contribution_split
from samordna.finsam.money import as_decimal
from samordna.finsam.report import financing_json, scenario_json
from samordna.finsam.scenario import financing_scenario

from ._base import PlanCommand


class Command(PlanCommand):
    help = "Medlemsbidragen ett år (fördelning 50/25/25, kommunerna efter befolkning)."

    def add_arguments(self, parser):
        self.add_association(parser)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--scenario", action="store_true",
                            help="största totalen som erbjudandena tillåter")

    def handle(self, *args, association, plan, json, year, scenario, **options):
        data = plan_data(self.get_plan(association, plan, year))
        if scenario:
            s = financing_scenario(plan=data, year=year)
            if s is None:
                raise CommandError(f"{year}: inga erbjudanden (state_offer, offers) att räkna på",
                                   returncode=1)
            if json:
                self.emit_json(scenario_json(data, s))
                return
            name = (data.member(s.binding_member).name if data.member(s.binding_member)
                    else "statens erbjudande")
            self.stdout.write(f"{year}: största möjliga total {kr(s.max_total)}; "
                              f"styrs av {name}.")
            for c in s.caps:
                who = data.member(c.member_id).name if data.member(c.member_id) else "Staten"
                self.stdout.write(f"  {who:30} erbjuder {kr(c.offer):>14}  tak för kvartsdelen "
                                  f"{kr(round(as_decimal(c.cap))):>14}  marginal "
                                  f"{kr(round(as_decimal(c.headroom))):>14}")
            if s.state_unused is not None:
                self.stdout.write(f"Statens erbjudande som inte används: {kr(s.state_unused)} "
                                  f"(vid största möjliga total: {kr(s.max_state_unused)}).")
            return
        f = contribution_split(plan=data, year=year)
        if f is None:
            raise CommandError(f"{data.association.name} har ingen finansiering för {year}",
                               returncode=1)
        if json:
            self.emit_json(financing_json(data, f))
            return
        self.stdout.write(f"{data.association.name}, medlemsbidrag {year} ({f.status})")
        for m in f.members:
            self.stdout.write(f"  {m.name:30} {kr(m.amount):>14}")
        self.stdout.write(f"  {'Staten':30} {kr(f.state):>14}\n  {'Region':30} {kr(f.region):>14}"
                          f"\n  {'Kommunerna':30} {kr(f.municipalities):>14}"
                          f"\n  {'Summa':30} {kr(f.total):>14}")
