"""Turning a service's refusal into messages on the form: the person's input stays."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .exceptions import Conflict


def refusal_to_form(form, exc: ValidationError) -> None:
    """Show a service's Swedish refusal above the form; keep a conflict for the template."""
    for message in exc.messages:
        form.add_error(None, message)
    if isinstance(exc, Conflict):
        form.conflict = exc
