from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samordna.core.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Säkerhetskopiera hela installationen (alla förbund, användare, roller, planer, versioner "
            "och ändringsloggen) till en fil; se docs/backup.md.")

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="filen att skriva (t.ex. samordna-2026-12-07.tar.gz)")

    def handle(self, *args, output, **options):
        try:
            summary = backup(path=Path(output))
        except (BackupError, OSError) as exc:
            raise CommandError(f"{output}: säkerhetskopian kunde inte skrivas: {exc}", returncode=2) from exc
        self.stdout.write(f"Säkerhetskopia skriven: {summary.path} ({summary.rows} poster i "
                          f"{summary.models} tabeller, {summary.size / 1_048_576:.1f} MB).")
