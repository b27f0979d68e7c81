from pathlib import Path

from samordna.economy.selectors import plan_data
from samordna.finsam.planfile import dump_plan

from ._base import PlanCommand


class Command(PlanCommand):
    help = "Skriv en plan som kanonisk planfil (senaste planen om inte --plan anges)."

    def add_arguments(self, parser):
        parser.add_argument("association")
        parser.add_argument("--plan", type=int)
        parser.add_argument("-o", "--output", help="fil att skriva (annars standard ut)")

    def handle(self, *args, association, plan, output, **options):
        stored = self.get_plan(association, plan, None)
        text = dump_plan(plan_data(stored))
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
