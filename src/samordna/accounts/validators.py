"""Password rules beyond Django's own: words an attacker tries first against this site."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ContextWordsValidator:
    """Refuses a password that contains the name of the system or of the Finsam field
    (NIST SP 800-63B: context-specific words), whatever surrounds it."""

    WORDS = ("samordna", "samordning", "finsam")

    def validate(self, password: str, user=None) -> None:
        lowered = password.casefold()
        for word in self.WORDS:
            if word in lowered:
                raise ValidationError(f"Lösenordet får inte innehålla ”{word}”.", code="password_context_word")

    def get_help_text(self) -> str:
        return "Lösenordet får inte innehålla ”samordna” eller ”finsam”."
