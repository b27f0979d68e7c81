"""Identified follow-up through the pages, and the issue's test: after registering identified
participants, no personnummer and no name is in the database file, the log output, or any
page a non-officer reaches."""

import logging
import re
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from samordna.followup.models import Enrolment, IdentifiedSetup, Identity, IdentityAccess
from tests.conftest import sign_in

from .conftest import person

PEOPLE = [("811228-9874", "Greta Provdeltagare", "198112289874"),
          ("701063-2383", "Östen Samordningsson", "197010632383")]


def url(name, *args):
    return reverse(name, args=["sodra-vatterbygden", *args])


@pytest.fixture
def switched_on(association, enter):
    enter.follow_up = "identified"
    enter.save()
    IdentifiedSetup.objects.create(intervention=enter, controller=association.members.get(slug="region"),
                                   agreement_reference="PUB-1", switched_on_at=timezone.now())
    return enter


def register_through_pages(http):
    """An officer registers both people: the de-identified record, then identity and consent."""
    codes = []
    for i, (number, name, _) in enumerate(PEOPLE):
        response = http.post(url("enrolment_new", "enter"), {"provider_code": f"P{i}", "gender": "kvinna",
                                                             "start": "2022-01"})
        assert response.status_code == 302
        code = Enrolment.objects.get(provider_code=f"P{i}").code
        response = http.post(url("identity_page", "enter", code), {
            "do": "register", "personal_number": number, "name": name, "consent_given_on": "2022-01-05",
            "consent_version": "2022:1"})
        assert response.status_code == 302, response.content.decode()
        codes.append(code)
    return codes


def test_an_officer_registers_opens_searches_and_exports(client, association, switched_on):
    officer = person(association, "participant_officer", "handlaggare", [switched_on])
    http = sign_in(client, officer)
    code = register_through_pages(http)[0]
    page = http.get(url("identity_page", "enter", code)).content.decode()
    assert "Greta" not in page and "Visa namn och personnummer" in page
    refused = http.post(url("identity_page", "enter", code), {"do": "open", "purpose": ""}).content.decode()
    assert "Greta" not in refused and "error-summary" in refused
    shown = http.post(url("identity_page", "enter", code), {"do": "open", "purpose": "Samtal"}).content.decode()
    assert "Greta Provdeltagare" in shown and "19811228-9874" in shown
    found = http.post(url("identity_search", "enter"), {"personal_number": "19811228-9874",
                                                        "purpose": "Ringde"}).content.decode()
    assert code in found
    export = http.post(url("identity_action", "enter", code, "utdrag"), {"purpose": "Begäran"})
    assert export["Content-Type"] == "application/json; charset=utf-8" and b"Greta" in export.content
    assert list(IdentityAccess.objects.order_by("pk").values_list("kind", flat=True)) == [
        "register", "register", "view", "search", "export"]
    assert http.post(url("identity_action", "enter", code, "aterkalla")).status_code == 302
    assert not Identity.objects.filter(enrolment__code=code).exists()
    auditor = sign_in(client, person(association, "auditor", "revisor"))
    log = auditor.get(url("identity_access_log")).content.decode()
    assert "Samtal" in log and "Visade" in log and code in log and "Greta" not in log


def test_a_bad_number_keeps_the_input_and_says_why(client, association, switched_on):
    http = sign_in(client, person(association, "participant_officer", "handlaggare", [switched_on]))
    http.post(url("enrolment_new", "enter"), {"provider_code": "P9", "gender": "man", "start": "2022-01"})
    code = Enrolment.objects.get(provider_code="P9").code
    html = http.post(url("identity_page", "enter", code), {
        "do": "register", "personal_number": "811228-9875", "name": "X Y", "consent_given_on": "2022-01-05",
        "consent_version": "1"}).content.decode()
    assert "Kontrollsiffran stämmer inte" in html and 'value="811228-9875"' in html
    assert Identity.objects.count() == 0


def test_a_protected_identity_stays_deidentified(client, association, switched_on):
    http = sign_in(client, person(association, "participant_officer", "handlaggare", [switched_on]))
    http.post(url("enrolment_new", "enter"), {"provider_code": "P8", "gender": "man", "start": "2022-01"})
    code = Enrolment.objects.get(provider_code="P8").code
    response = http.post(url("identity_page", "enter", code), {
        "do": "register", "protected": "on", "personal_number": "811228-9874", "name": "Hemlig Person",
        "consent_given_on": "2022-01-05", "consent_version": "1"}, follow=True)
    assert "skyddad identitet" in response.content.decode()
    assert Identity.objects.count() == 0


def _crawl(http, start: list[str]) -> dict[str, str]:
    """Every page reachable by links from `start` within the association (GET only)."""
    seen, queue, pages = set(), list(start), {}
    while queue and len(seen) < 400:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = http.get(path)
        if response.status_code != 200:
            continue
        body = response.content.decode(errors="replace")
        pages[path] = body
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for href in re.findall(r'href="([^"#]+)"', body):
            link = urlsplit(href.replace("&amp;", "&"))
            if link.netloc or not link.path.startswith("/f/sodra-vatterbygden/"):
                continue
            target = link.path + (f"?{link.query}" if link.query else "")
            if target not in seen:
                queue.append(target)
    return pages


def test_no_personnummer_or_name_in_the_database_logs_or_pages_a_non_officer_reaches(
        client, association, switched_on, caplog):
    caplog.set_level(logging.DEBUG)
    officer = person(association, "participant_officer", "handlaggare", [switched_on])
    http = sign_in(client, officer)
    codes = register_through_pages(http)
    http.post(url("identity_page", "enter", codes[0]), {"do": "open", "purpose": "Samtal"})
    http.post(url("identity_search", "enter"), {"personal_number": PEOPLE[1][0], "purpose": "Ringde"})
    http.post(url("identity_page", "enter", codes[1]), {"do": "register", "personal_number": "811228-9875",
                                                        "name": PEOPLE[1][1]})  # a refused form
    secrets = set()
    for number, name, digits in PEOPLE:
        secrets |= {number, number.replace("-", ""), digits, f"{digits[:8]}-{digits[8:]}", name,
                    name.split()[1]}
    # The database: SQLite's file bytes (the test database lives in memory; serialize() gives
    # exactly the bytes a file would hold); on PostgreSQL every row of every table as text.
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        blob = connection.connection.serialize().decode("utf-8", errors="replace")
    else:
        from django.apps import apps

        blob = "\n".join(str(list(m.objects.values())) for m in apps.get_models())
    assert Identity.objects.count() == 2
    assert [s for s in secrets if s in blob] == []
    assert [s for s in secrets if s in caplog.text] == []
    for role in ("board_member", "auditor", "secretariat_admin"):
        reader = sign_in(client, person(association, role, role))
        pages = _crawl(reader, [url("overview"), url("followup_overview"), url("followup_detail", "enter"),
                                url("changelog") if "changelog" in _names() else url("overview"),
                                url("identity_access_log") if role == "auditor" else url("overview")])
        assert len(pages) > 10
        leaks = [(path, s) for path, body in pages.items() for s in secrets if s in body]
        assert leaks == [], role


def _names() -> set[str]:
    from django.urls import get_resolver

    return {k for k in get_resolver().reverse_dict if isinstance(k, str)}
