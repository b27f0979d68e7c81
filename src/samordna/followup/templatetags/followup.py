"""Template filters for follow-up figures: `{{ f|figure }}` → `45,0 % (18 av 40)`, `12`, or the
suppression note; `{{ f|share }}` → `45,0 %`."""

from django import template

from samordna.finsam import followup as fu
from samordna.finsam.money import format_percent

register = template.Library()


def _threshold() -> int:
    from samordna.followup.selectors import followup_config

    return followup_config().suppression_threshold


@register.filter
def figure(value):
    """A count or a share with its numerator and denominator."""
    return fu.figure_text(value, threshold=_threshold())


@register.filter
def count_cell(value):
    """A count in a table cell: the number, `<5` when hidden, – when there is none."""
    if value is None:
        return "–"
    if value.secondary:
        return "dolt"
    if value.hidden:
        return f"<{_threshold()}"
    return "–" if value.numerator is None else str(value.numerator)


@register.filter
def share(value):
    if value is None or value.hidden or value.share is None:
        return "–"
    return format_percent(value.share_decimal, 1)


@register.filter
def target(measure):
    return "–" if measure is None else fu.target_text(measure)


@register.filter
def month(value):
    return fu.month_str(value) or "–"


@register.filter
def support(value):
    """Stored support ([[source, extent], …]) in words."""
    from samordna.finsam import vocabulary as vocab

    if value is None:
        return "–"
    if not value:
        return vocab.SUPPORT_SOURCES["ingen"]
    return ", ".join(f"{vocab.label(vocab.SUPPORT_SOURCES, s)} {e} %" for s, e in value)
