"""Forms at the edge: every field bounded to what the database stores (`Form`, `ModelForm`),
and a service's refusal shown on the form with the person's input kept."""

from __future__ import annotations

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError

from samordna.finsam import bounds
from samordna.finsam.bounds import bad_character, date_problem, number_problem

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


# ---------------------------------------------------------------- bounds at the edge

def text_characters(value: str) -> None:
    """Refuse control characters (NUL …), lone surrogates and XML's non-characters: what no
    column, Word file or Excel file can hold. Tabs and line breaks are text."""
    ch = bad_character(str(value))
    if ch is not None:
        raise ValidationError(f"Texten innehåller ett tecken som inte är tillåtet (U+{ord(ch):04X}).",
                              code="character")


def date_in_range(value) -> None:
    problem = date_problem(value.date() if hasattr(value, "date") else value)
    if problem:
        raise ValidationError(f"Datumet {problem}.", code="date_range")


def number_in_range(value) -> None:
    problem = number_problem(value)
    if problem:
        raise ValidationError(f"Talet {problem}.", code="number_range")


def bound_field(field: forms.Field) -> None:
    """Bound one field to what the database stores, unless it says how itself
    (`max_length`, `max_value`, or `bounded = True` on a field that parses its own text)."""
    if getattr(field, "_samordna_bounded", False):
        return
    field._samordna_bounded = True
    if getattr(field, "bounded", False):
        return
    if isinstance(field, forms.CharField):
        if field.max_length is None:
            field.max_length = bounds.TEXT
            field.validators.append(validators.MaxLengthValidator(bounds.TEXT))
            field.widget.attrs.setdefault("maxlength", str(bounds.TEXT))
        field.validators.append(text_characters)
    elif isinstance(field, forms.IntegerField):  # DecimalField too
        if isinstance(field, forms.DecimalField):
            field.validators.append(number_in_range)
        else:
            if field.max_value is None:
                field.max_value = bounds.MAX_INTEGER
                field.validators.append(validators.MaxValueValidator(bounds.MAX_INTEGER))
            if field.min_value is None:
                field.min_value = -bounds.MAX_INTEGER
                field.validators.append(validators.MinValueValidator(-bounds.MAX_INTEGER))
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        field.validators.append(date_in_range)


class Bounded:
    """Every form of Samordna: each field is bounded to what the database stores before the
    form is shown or cleaned (`bound_field`), whatever fields the form adds in `__init__`."""

    def __getitem__(self, name):
        bound_field(self.fields[name])
        return super().__getitem__(name)

    def full_clean(self):
        for field in self.fields.values():
            bound_field(field)
        super().full_clean()


class Form(Bounded, forms.Form):
    pass


class ModelForm(Bounded, forms.ModelForm):
    pass
