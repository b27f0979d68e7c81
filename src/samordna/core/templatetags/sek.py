"""Template filters: money and shares the Swedish way (`1 308 500 kr`, `14,5 %`)."""

from decimal import Decimal
from fractions import Fraction

from django import template

from samordna.finsam.money import format_percent, format_sek

register = template.Library()


@register.filter
def sek(value):
    """1 308 500 kr; refuses floats (money is Decimal)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, float):
        raise TypeError("Belopp får inte vara float")
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
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return format_percent(Decimal(value), int(decimals))


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
