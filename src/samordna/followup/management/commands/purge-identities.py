"""`samordna purge-identities [--dry-run]`: erase participants' identities
SAMORDNA_IDENTITY_RETENTION_MONTHS after their last enrolment ended (gallring), keeping the
de-identified records. Run it from a periodic job (cron, a systemd timer) once a day."""

from django.core.management.base import BaseCommand

from samordna.accounts.permissions import SYSTEM
from samordna.followup.identities import identities_purge


class Command(BaseCommand):
    help = "Gallrar deltagares identiteter efter den inställda tiden; de avidentifierade posterna finns kvar."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="visa bara hur många som skulle gallras")
        parser.add_argument("--months", type=int, default=None,
                            help="månader efter sista avslut (standard: SAMORDNA_IDENTITY_RETENTION_MONTHS)")

    def handle(self, *args, dry_run=False, months=None, **options):
        count = identities_purge(actor=SYSTEM, months=months, dry_run=dry_run)
        verb = "skulle gallras" if dry_run else "gallrades"
        self.stdout.write(f"{count} identiteter {verb}.")
