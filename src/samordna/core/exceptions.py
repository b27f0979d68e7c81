"""Errors the services raise for a person to read: Swedish, never a 500."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class Conflict(ValidationError):
    """A stale edit: someone saved the object after this person opened it.

    `current` describes the object as it is now (field → value) and `by`/`at` who changed
    it last, so the page can show the other person's change; nothing was written.
    """

    def __init__(self, *, what: str, current: dict | None = None, by: str | None = None,
                 at=None):
        who = f" av {by}" if by else ""
        when = f" {at:%Y-%m-%d %H:%M}" if at else ""
        super().__init__(f"{what} har ändrats{who}{when} sedan du öppnade sidan. Inget av det du "
                         f"skrev har sparats: se ändringen nedan, och gör om din ändring om den "
                         f"fortfarande behövs.")
        self.current = current or {}
        self.by = by
        self.at = at
