"""`samordna import-records ASSOCIATION FILE [--dry-run] [--user NAME]`: import a follow-up file
(records or counts) as the web page does: every bad row listed, all rows or none."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from samordna.accounts.permissions import SYSTEM
from samordna.followup.files import MAX_BYTES, FileProblem, read_table
from samordna.followup.services import followup_import
from samordna.organisation.models import Association


class Command(BaseCommand):
    help = ("Läs in en uppföljningsfil (CSV eller .xlsx, shared/formats/follow-up-records.md): "
            "deltagarposter eller antal per period. Allt eller inget.")

    def add_arguments(self, parser):
        parser.add_argument("association", help="förbundets id, t.ex. sydnarke")
        parser.add_argument("file", help="filen (UTF-8-CSV eller .xlsx)")
        parser.add_argument("--dry-run", action="store_true",
                            help="granska och visa vad som skulle sparas; spara inget")
        parser.add_argument("--user", help="användaren som läser in (behörighet och ändringslogg); utan: kommandoraden")

    def handle(self, *args, association, file, dry_run=False, user=None, **options):
        found = Association.objects.filter(slug=association).first()
        if found is None:
            raise CommandError(f'Förbundet "{association}" finns inte', returncode=2)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: filen finns inte", returncode=2)
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{file}: filen är större än {MAX_BYTES // 1_048_576} MB. Inget har sparats.",
                               returncode=2)
        actor = SYSTEM
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Användaren {user} finns inte", returncode=2)
        try:
            header, rows = read_table(path.read_bytes(), path.name)
            result = followup_import(actor=actor, association=found, header=header, rows=rows,
                                     filename=path.name, dry_run=dry_run)
        except FileProblem as exc:
            raise CommandError(f"{file}: {exc} Inget har sparats.", returncode=2) from exc
        except PermissionDenied as exc:
            raise CommandError(f"{file}: {exc} Inget har sparats.", returncode=2) from exc
        if not result.ok:
            lines = "\n".join(f"  {e.text()}" for e in result.errors)
            raise CommandError(f"{file}: {len(result.errors)} fel, inget har sparats:\n{lines}", returncode=2)
        what = "deltagarposter" if result.kind == "records" else "antal per period"
        verb = "Skulle spara" if dry_run else "Sparade"
        self.stdout.write(f"{verb} {result.rows} rader ({what}): {result.new} nya, {result.updated} ändrade, "
                          f"{result.unchanged} oförändrade.")
