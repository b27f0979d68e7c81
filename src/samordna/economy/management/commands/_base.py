"""Shared pieces of the plan commands."""

import json

from django.core.management.base import BaseCommand, CommandError

from samordna.economy.models import Plan
from samordna.economy.selectors import plan_for_year
from samordna.organisation.models import Association


class PlanCommand(BaseCommand):
    def add_association(self, parser, *, year_required: bool = False):
        parser.add_argument("association", help="förbundets id, t.ex. sydnarke")
        parser.add_argument("--plan", type=int, help="välj planen med detta budgetår")
        parser.add_argument("--json", action="store_true", help="maskinläsbar utdata")

    def get_plan(self, slug: str, plan_year: int | None, year: int | None) -> Plan:
        association = Association.objects.filter(slug=slug).first()
        if association is None:
            known = ", ".join(Association.objects.values_list("slug", flat=True)) or "inga"
            raise CommandError(f'Förbundet "{slug}" finns inte (kända: {known})', returncode=2)
        if plan_year is not None:
            plan = association.plans.filter(year=plan_year).first()
            if plan is None:
                raise CommandError(f"{association.name} har ingen plan för {plan_year}",
                                   returncode=2)
            return plan
        plan = plan_for_year(association=association, year=year)
        if plan is None:
            raise CommandError(f"{association.name} har ingen plan som omfattar {year}",
                               returncode=2)
        return plan

    def emit_json(self, data) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
