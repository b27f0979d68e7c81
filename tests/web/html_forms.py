"""The forms of an HTML page, as a browser sees them: action, method, fields and the values
a browser would send back unchanged. Used by the form fuzzer and by tests that post a page's
own form with one field changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Input:
    name: str
    kind: str  # text, number, date, hidden, checkbox, radio, select, textarea, …
    options: list[str] = field(default_factory=list)  # select options, checkbox/radio values
    multiple: bool = False


@dataclass
class HtmlForm:
    action: str  # path, without the query
    method: str
    fields: dict[str, Input] = field(default_factory=dict)
    values: dict[str, str | list[str]] = field(default_factory=dict)


class _Parser(HTMLParser):
    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[HtmlForm] = []
        self.form: HtmlForm | None = None
        self.select: dict | None = None
        self.option: dict | None = None
        self.textarea: str | None = None
        self.text = ""

    def _field(self, name: str, kind: str, multiple: bool = False) -> Input:
        return self.form.fields.setdefault(name, Input(name, kind, multiple=multiple))

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            action = urljoin(self.url, a.get("action") or self.url)
            self.form = HtmlForm(action=urlsplit(action).path, method=(a.get("method") or "get").lower())
            self.forms.append(self.form)
            return
        if tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "selected": "selected" in a}
            self.text = ""
            return
        if self.form is None or "name" not in a or "disabled" in a:
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                self._field(name, "submit").options.append(a.get("value", ""))
            elif kind in ("checkbox", "radio"):
                value = a.get("value", "on")
                self._field(name, kind, multiple=kind == "checkbox").options.append(value)
                if "checked" in a:
                    if kind == "checkbox":
                        self.form.values.setdefault(name, []).append(value)
                    else:
                        self.form.values[name] = value
            elif kind not in ("button", "reset", "file"):
                self._field(name, kind)
                self.form.values[name] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = name
            self.text = ""
        elif tag == "select":
            self.select = {"name": name, "options": [], "selected": [], "multiple": "multiple" in a}
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._field(name, "submit").options.append(a.get("value", ""))

    def handle_data(self, data):
        self.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea and self.form is not None:
            self._field(self.textarea, "textarea")
            self.form.values[self.textarea] = self.text.removeprefix("\n")
            self.textarea = None
        elif tag == "option" and self.select is not None and self.option is not None:
            value = self.option["value"] if self.option["value"] is not None else self.text.strip()
            self.select["options"].append(value)
            if self.option["selected"]:
                self.select["selected"].append(value)
            self.option = None
        elif tag == "select" and self.select is not None:
            sel, self.select = self.select, None
            if self.form is None:
                return
            entry = self._field(sel["name"], "select", multiple=sel["multiple"])
            entry.options = sel["options"]
            if sel["multiple"]:
                self.form.values[sel["name"]] = sel["selected"]
            elif sel["selected"] or sel["options"]:
                self.form.values[sel["name"]] = (sel["selected"] or sel["options"])[-1 if sel["selected"] else 0]


def page_forms(html: str, url: str) -> list[HtmlForm]:
    """Every form of the page at `url`, with the values a browser would submit unchanged."""
    parser = _Parser(url)
    parser.feed(html)
    return parser.forms
