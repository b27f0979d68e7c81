"""Template filters: money and shares the Swedish way (`1 308 500 kr`, `14,5 %`)."""

from decimal import Decimal
from fractions import Fraction

from django import template

from samordna.finsam.money import as_decimal, format_percent, format_sek, round_kronor

register = template.Library()


@register.filter
def sek(value):
    """1 308 500 kr; refuses floats (money is Decimal)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, float):
        raise TypeError("Belopp får inte vara float")
    if isinstance(value, Fraction):
        value = round_kronor(as_decimal(value))
    return format_sek(Decimal(value))


@register.filter
def sek_bare(value):
    """1 308 500 (no unit), for table cells under a 'kr' heading."""
    if value is None or value == "":
        return "–"
    if isinstance(value, float):
        raise TypeError("Belopp får inte vara float")
    return format_sek(Decimal(value), unit="")


@register.filter
def percent(value, decimals=1):
    if value is None or value == "":
        return "–"
    return format_percent(as_decimal(value) if isinstance(value, Fraction) else Decimal(value), int(decimals))


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def get_field(form, name):
    """A bound field by name (for forms laid out as grids)."""
    return form[name]
