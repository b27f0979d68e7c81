"""Thousands of generated bad inputs (hypothesis, fixed seeds) at every URL of the
configuration: each form a page shows, posted back with fields replaced by huge numbers,
impossible dates, control characters, long texts, wrong choices, lists, missing and unknown
fields, as a form post, an urlencoded body or JSON, with or without htmx's header; every
query parameter the views read; every path argument. No answer is a server error (a 500
raises here: the test client re-raises the view's exception), and a request that is not
accepted (anything but a redirect) leaves every row of every table as it was (a dump before
and after); after an accepted one, the association's pages still answer.

The endpoints are read from the URL configuration (`test_url_matrix.URLS`, which a new URL
must join) and the forms from the pages themselves (`html_forms.page_forms`), so a new form
is fuzzed without a line here. Each example runs in a transaction rolled back afterwards, so
all start from the same data. FUZZ_FORMS sets the examples per form (CI: the default).
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from hypothesis import given
from hypothesis import strategies as st

from samordna.accounts.decorators import PUBLIC
from tests.conftest import make_user, sign_in
from tests.fuzz import (
    HUGE_INTS,
    SEEN,
    any_texts,
    bad_values,
    count,
    database_dump,
    dump_difference,
    fuzz_settings,
    texts,
)
from tests.web.html_forms import HtmlForm, page_forms
from tests.web.test_url_matrix import URLS, _kwargs, loaded  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

PER_FORM = int(os.environ.get("FUZZ_FORMS", 18))  # examples for each form found on a page
PER_URL = max(2, PER_FORM // 5)  # for each URL without a form of its own: a stray POST, a query
ROOT = Path(__file__).resolve().parents[2] / "src" / "samordna"

# The query parameters the views read (request.GET.get("ar") …), found in the source.
QUERY_NAMES = sorted(set(re.findall(r'request\.GET(?:\.get|\.getlist)?[(\[]"([a-z_]+)"',
                                    "\n".join(p.read_text() for p in ROOT.rglob("*.py")))))

# Pages looked at after an accepted input: a stored value must never break them.
# (The overview and the review compute every figure of the plan; the catalogue is public.)
PROBES = ["overview", "budget", "intervention_list", "review", "catalogue", "board"]


class Site:
    """The signed-in secretariat (every action but identities) and an anonymous visitor; the
    forms of every page; the data as loaded, to compare with."""

    def __init__(self, client_class, data):
        self.loaded = data
        self.user = make_user("fuzz-kansli", data["association"], "secretariat_admin")
        self.admin = sign_in(client_class(), self.user)
        self.anonymous = client_class()
        self.forms: dict[str, list[HtmlForm]] = defaultdict(list)  # action path → forms
        self.get_forms: dict[str, list[HtmlForm]] = defaultdict(list)
        for name in sorted(URLS):
            url = reverse(name, kwargs=_kwargs(name, data))
            response = self.client(name).get(url)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                for form in page_forms(response.content.decode(), url):
                    target = self.get_forms if form.method == "get" else self.forms
                    if form not in target[form.action]:
                        target[form.action].append(form)
        self.session = self.admin.cookies.get("sessionid").value
        self.baseline = database_dump()

    def client(self, name: str):
        return self.anonymous if URLS[name][0] == PUBLIC else self.admin

    def restore(self) -> None:
        """A request that ended the session (logging out, a new password …) was rolled back
        with everything else; the client signs in again."""
        cookie = self.admin.cookies.get("sessionid")
        if cookie is None or cookie.value != self.session:
            self.admin = sign_in(type(self.admin)(), self.user)
            self.session = self.admin.cookies.get("sessionid").value
            self.baseline = database_dump()  # signing in sets the last login
        self.anonymous.cookies.clear()


@st.composite
def submissions(draw, forms: list[HtmlForm]):
    """A form's own values (what a browser sends back) with one to three things made bad."""
    form = draw(st.sampled_from(forms)) if forms else HtmlForm(action="", method="post")
    data: dict[str, object] = {k: list(v) if isinstance(v, list) else v for k, v in form.values.items()}
    names = sorted(form.fields)
    for _ in range(draw(st.integers(1, 3))):
        change = draw(st.sampled_from(["replace", "replace", "replace", "drop", "list", "unknown"]))
        if names and change != "unknown":
            name = draw(st.sampled_from(names))
            field = form.fields[name]
            if change == "replace":
                data[name] = draw(bad_values(field.options))
            elif change == "drop":
                data.pop(name, None)
            else:
                data[name] = draw(st.lists(bad_values(field.options), min_size=2, max_size=3))
        else:
            data[draw(st.one_of(texts(12), st.sampled_from(["revision", "confirm", "next", "id"])))] = \
                draw(any_texts())
    return data


def queries():
    return st.dictionaries(st.sampled_from(QUERY_NAMES), st.one_of(any_texts(), HUGE_INTS.map(str)),
                           max_size=3)


def _send(client, url: str, data: dict, *, how: str, htmx: bool, query: dict):
    if query:
        url += "?" + urlencode(query, doseq=True)
    headers = {"HX-Request": "true"} if htmx else {}
    if how == "multipart":
        return client.post(url, data, headers=headers)
    if how == "urlencoded":
        return client.post(url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded",
                           headers=headers)
    return client.post(url, json.dumps(data), content_type="application/json", headers=headers)


# Where an accepted input answers 200 rather than a redirect, and how to tell it was accepted.
ACCEPTED_WITH_200 = {
    "recovery_codes": lambda response: True,  # the new codes, shown once
    # htmx: the whole table comes back; a refusal comes back into the row (HX-Retarget).
    "budget_row": lambda response: response.get("HX-Retarget") is None and "HTTP_HX_REQUEST" in response.request,
}
ACCEPTED_WITH_200["budget_row_new"] = ACCEPTED_WITH_200["budget_row"]
# htmx: the state of the document job it started (a refusal is a 404).
ACCEPTED_WITH_200["document_job_start"] = lambda response: "HTTP_HX_REQUEST" in response.request
ACCEPTED_WITH_200["letter_job_start"] = ACCEPTED_WITH_200["document_job_start"]


def _accepted(name: str, response) -> bool:
    if response.status_code in (301, 302, 303):
        return True
    return response.status_code == 200 and name in ACCEPTED_WITH_200 and \
        response.request["REQUEST_METHOD"] == "POST" and ACCEPTED_WITH_200[name](response)


def _probe(site: Site, name: str) -> list[str]:
    """After an accepted input that stored something: the association's main pages answer."""
    slug = site.loaded["association"].slug
    broken = []
    for probe in PROBES:
        got = site.admin.get(reverse(probe, args=[slug])).status_code
        if got >= 500:
            broken.append(f"{probe}: {got}")
    return broken


def _check(site: Site, name: str, send) -> None:
    """One request in a transaction rolled back afterwards: no 5xx; refused → no row changed."""
    with transaction.atomic():
        response = send()
        count("form posts" if response.request["REQUEST_METHOD"] == "POST" else "queries")
        status = response.status_code
        assert status < 500, f"{name}: {status}"
        after = database_dump()
        if not _accepted(name, response):
            assert after == site.baseline, f"{name} answered {status} and wrote: " \
                                           f"{dump_difference(site.baseline, after)}"
        elif after != site.baseline:  # something was stored: the pages must still answer
            SEEN["form inputs accepted and stored"] += 1
            assert _probe(site, name) == []
        transaction.set_rollback(True)
    site.restore()


def _fuzz_url(site: Site, name: str) -> None:
    url = reverse(name, kwargs=_kwargs(name, site.loaded))
    forms = site.forms.get(url, [])
    get_forms = site.get_forms.get(url, [])

    @fuzz_settings(max_examples=PER_FORM * len(forms) if forms else PER_URL)
    @given(data=submissions(forms), how=st.sampled_from(["multipart", "multipart", "urlencoded", "json"]),
           htmx=st.booleans(), query=st.one_of(st.just({}), queries()))
    def post(data, how, htmx, query):
        _check(site, name, lambda: _send(site.client(name), url, data, how=how, htmx=htmx, query=query))

    @fuzz_settings(max_examples=PER_FORM * len(get_forms) if get_forms else PER_URL)
    @given(data=submissions(get_forms), query=queries())
    def get(data, query):
        _check(site, name, lambda: site.client(name).get(url, {**query, **data}))

    post()
    get()


def test_no_generated_input_gives_a_server_error_or_writes_when_refused(client, loaded):  # noqa: F811
    """Every URL: its forms fuzzed, a stray POST and query where it has none, its arguments."""
    site = Site(type(client), loaded)
    found = sum(len(f) for f in site.get_forms.values()) + sum(len(f) for f in site.forms.values())
    SEEN["forms on the pages"] = found
    SEEN["URLs"] = len(URLS)
    assert found >= 40  # the crawl found the forms
    for name in sorted(URLS):
        _fuzz_url(site, name)
        if URLS[name][1]:
            _fuzz_arguments(site, name)


ARGUMENTS = st.one_of(HUGE_INTS.map(str), st.sampled_from(["0", "00", "-1", "x", "ny", "..", "%00", "ä", "a" * 300]))


def _fuzz_arguments(site: Site, name: str) -> None:
    """Each argument of the URL replaced by a huge number, a negative one, an unknown slug …
    (what the URL's converter lets through), as GET and POST."""
    kwargs = _kwargs(name, site.loaded)

    @fuzz_settings(max_examples=PER_URL * 2)
    @given(key=st.sampled_from(sorted(kwargs)), value=ARGUMENTS, post=st.booleans())
    def one(key, value, post):
        try:
            url = reverse(name, kwargs={**kwargs, key: value})
        except NoReverseMatch:  # the converter refuses it: no such URL to ask for
            return
        client = site.client(name)
        _check(site, name, lambda: client.post(url, {"confirm": "1"}) if post else client.get(url))

    one()
