"""`samordna rotate-identity-key`: re-encrypt every participant identity under the first key of
SAMORDNA_IDENTITY_KEYS (and recompute its lookup hash), so older keys can then be removed.

Rotate: put the new key first in SAMORDNA_IDENTITY_KEYS, keep the old ones after it, run
this command, then remove the old keys."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from samordna.followup.identities import identity_keys_rotate


class Command(BaseCommand):
    help = "Krypterar om alla deltagares identiteter med den första nyckeln i SAMORDNA_IDENTITY_KEYS."

    def handle(self, *args, **options):
        try:
            count = identity_keys_rotate()
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=2) from None
        self.stdout.write(f"{count} identiteter krypterades om med den nyaste nyckeln.")
