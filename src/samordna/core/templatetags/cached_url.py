"""`{% url %}` with its answers remembered (a template builtin: settings.TEMPLATES).

Django's `reverse` builds and matches a pattern on every call (~10 µs); a page asks for the
same 20–60 URLs on every request (the navigation, a link per table row). The URL of a view
name and its arguments is fixed while the process runs, so this tag keeps each answer, by
everything `reverse` depends on (URLconf, script prefix, current app, view name, arguments).
Only plain string and integer arguments are kept; anything else, and `{% url … as x %}`,
goes to Django's tag as before.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template import defaulttags
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

_ANSWERS: dict[tuple, str] = {}
_MOST = 20_000  # distinct URLs kept (a few per association, row and page); then it starts again


def _plain(value) -> bool:
    """A string (template literals are SafeStrings) or an integer, not a bool."""
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


class CachedURLNode(defaulttags.URLNode):
    def render(self, context):
        if self.asvar:
            return super().render(context)
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple((k, v.resolve(context)) for k, v in self.kwargs.items())
        view_name = self.view_name.resolve(context)
        if not (_plain(view_name) and all(map(_plain, args)) and all(_plain(v) for _, v in kwargs)):
            return super().render(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        key = (settings.ROOT_URLCONF, get_urlconf(), get_script_prefix(), current_app, view_name, args, kwargs)
        url = _ANSWERS.get(key)
        if url is None:
            url = reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)
            if len(_ANSWERS) >= _MOST:
                _ANSWERS.clear()
            _ANSWERS[key] = url
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """Django's `{% url %}` (same syntax and errors), answered from memory when it can be."""
    node = defaulttags.url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
