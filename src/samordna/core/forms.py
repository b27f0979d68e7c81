"""Turning a service's refusal into messages on the form: the person's input stays."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .exceptions import Conflict


def refusal_to_form(form, exc: ValidationError) -> None:
    """Show a service's Swedish refusal on the form: at the field it names when the form has
    that field, else above the form; keep a conflict for the template."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)
    if isinstance(exc, Conflict):
        form.conflict = exc
