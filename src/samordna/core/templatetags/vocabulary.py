"""Template filter `label`: a code's Swedish label from the vocabulary, never the code.

    {% load vocabulary %}
    {{ iv.level|label:"levels" }}   →  Individinriktad
"""

from django import template

from samordna.finsam import vocabulary as vocab

register = template.Library()


@register.filter
def label(code, codes):
    """`codes` names a list in `vocabulary.LISTS` (an unknown name is an error)."""
    return vocab.label(codes, code)
