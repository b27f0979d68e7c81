from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from samordna.accounts.permissions import SYSTEM
from samordna.economy.services import plan_load
from samordna.finsam.diff import ADDED, CHANGED, REMOVED
from samordna.finsam.planfile import MAX_BYTES, PlanFileError

HEADINGS = ((ADDED, "Läggs till"), (CHANGED, "Ändras"), (REMOVED, "Tas bort"))


class Command(BaseCommand):
    help = ("Läs in en planfil (samordna/1). Allt eller inget; objekt matchas på sina id, så samma "
            "fil två gånger ändrar inget.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="planfilen (YAML)")
        parser.add_argument("--dry-run", action="store_true",
                            help="visa vad inläsningen skulle lägga till, ändra och ta bort; "
                                 "spara inget")
        parser.add_argument("--user", help="användaren som läser in (behörighet och "
                                           "ändringslogg); utan: kommandoraden")

    def handle(self, *args, file, dry_run=False, user=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: filen finns inte", returncode=2)
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(
                f"{file}: filen är {path.stat().st_size / 1_048_576:.1f} MB; en planfil får vara "
                f"högst {MAX_BYTES // 1_048_576} MB. Inget har sparats.", returncode=2)
        actor = SYSTEM
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Användaren {user} finns inte", returncode=2)
        try:
            result = plan_load(actor=actor, data=path.read_bytes(), dry_run=dry_run)
        except PlanFileError as exc:
            lines = "\n".join(f"  {e}" for e in exc.errors)
            raise CommandError(f"{file}: {len(exc.errors)} fel, inget har sparats:\n{lines}",
                               returncode=2) from exc
        except PermissionDenied as exc:
            raise CommandError(f"{file}: {exc} Inget har sparats.", returncode=2) from exc
        for warning in result.warnings:
            self.stderr.write(f"varning: {warning}")
        if dry_run:
            self._report(result)
            return
        plan = result.plan
        detail = f"{plan.interventions.count()} insatser"
        if result.created:
            verb = "Läste in"
        elif result.changes:
            s = result.summary
            verb = "Uppdaterade"
            detail += (f"; {s[ADDED]} tillagda, {s[CHANGED]} ändrade, {s[REMOVED]} borttagna "
                       f"uppgifter")
        else:
            verb = "Ingen ändring i"
        self.stdout.write(f"{verb} {plan.association.name}: verksamhetsplan {plan.year} "
                          f"({detail}).")

    def _report(self, result) -> None:
        if result.plan is None:
            self.stdout.write("Torrkörning: planen finns inte ännu och skulle läggas till. "
                              "Inget har sparats.")
            return
        if not result.changes:
            self.stdout.write(f"Torrkörning: ingen ändring av {result.plan.association.name} "
                              f"{result.plan.year}. Inget har sparats.")
            return
        self.stdout.write(f"Torrkörning för {result.plan.association.name} {result.plan.year}; "
                          f"inget har sparats.")
        for op, heading in HEADINGS:
            rows = [c for c in result.changes if c.op == op]
            if rows:
                self.stdout.write(f"{heading} ({len(rows)}):")
                for c in rows:
                    self.stdout.write(f"  {c.describe()}")
