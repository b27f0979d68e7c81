from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samordna.economy.services import plan_load
from samordna.finsam.planfile import MAX_BYTES, PlanFileError


class Command(BaseCommand):
    help = "Läs in en planfil (samordna/1). Allt eller inget; samma fil två gånger ändrar inget."

    def add_arguments(self, parser):
        parser.add_argument("file", help="planfilen (YAML)")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: filen finns inte", returncode=2)
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(
                f"{file}: filen är {path.stat().st_size / 1_048_576:.1f} MB; en planfil får vara "
                f"högst {MAX_BYTES // 1_048_576} MB. Inget har sparats.", returncode=2)
        try:
            result = plan_load(data=path.read_bytes())
        except PlanFileError as exc:
            lines = "\n".join(f"  {e}" for e in exc.errors)
            raise CommandError(f"{file}: {len(exc.errors)} fel, inget har sparats:\n{lines}",
                               returncode=2) from exc
        for warning in result.warnings:
            self.stderr.write(f"varning: {warning}")
        plan = result.plan
        verb = "Läste in" if result.created else "Ersatte"
        self.stdout.write(f"{verb} {plan.association.name}: verksamhetsplan {plan.year} "
                          f"({plan.interventions.count()} insatser).")
