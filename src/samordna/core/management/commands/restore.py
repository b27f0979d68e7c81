from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samordna.core.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Återställ en säkerhetskopia (från samordna backup) till databasen. En databas som redan "
            "innehåller uppgifter ersätts bara med --force; se docs/backup.md.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="säkerhetskopian")
        parser.add_argument("--force", action="store_true",
                            help="ersätt allt som redan finns i databasen")

    def handle(self, *args, file, force=False, **options):
        try:
            summary = restore(path=Path(file), force=force)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"Återställde {summary.rows} poster i {summary.models} tabeller från {summary.path}.")
