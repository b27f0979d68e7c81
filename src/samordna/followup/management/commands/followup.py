"""`samordna followup ASSOCIATION --year Y [--json]`: participants, started, ended and
ended to work or studies per intervention with enrolments in the year (unsuppressed: the
command line reads everything)."""

import json

from django.core.management.base import BaseCommand, CommandError

from samordna.economy.selectors import plan_for_year
from samordna.finsam import followup as fu
from samordna.followup.selectors import records_of
from samordna.organisation.models import Association


class Command(BaseCommand):
    help = "Deltagaruppföljningens siffror för ett år, per insats (format: shared/formats/follow-up-records.md)."

    def add_arguments(self, parser):
        parser.add_argument("association", help="förbundets id, t.ex. sydnarke")
        parser.add_argument("--year", type=int, required=True, help="året")
        parser.add_argument("--json", action="store_true", help="maskinläsbar utdata")

    def handle(self, *args, association, year, json=False, **options):
        found = Association.objects.filter(slug=association).first()
        if found is None:
            raise CommandError(f'Förbundet "{association}" finns inte', returncode=2)
        if not fu.FIRST_YEAR <= year <= fu.LAST_YEAR:
            raise CommandError(f"Året ska vara {fu.FIRST_YEAR}–{fu.LAST_YEAR}", returncode=2)
        plan = plan_for_year(association=found, year=year)
        order = list(plan.interventions.order_by("position").values_list("intervention__slug", flat=True)) \
            if plan else []
        figures = fu.year_figures(records_of(association=found), year, order)
        if json:
            self.stdout.write(_dumps(fu.year_json(found.slug, year, figures)))
            return
        if not figures:
            self.stdout.write(f"{found.name} {year}: inga inskrivningar.")
            return
        self.stdout.write(f"{found.name} {year}")
        for f in figures:
            p = f.participants
            self.stdout.write(f"  {f.id}: {p.total} deltagare ({p.kvinna} kvinnor, {p.man} män, {p.annat} annat), "
                              f"{f.started} påbörjade, {f.ended} avslutade, till arbete eller studier "
                              f"{fu.figure_text(f.ended_to_work_or_studies)}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
