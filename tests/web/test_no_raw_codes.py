"""No page prints a code: every association page shows the vocabulary's Swedish labels.

The crawl starts at an association's overview and its public catalogue, follows every
internal link (GET only, downloads skipped) and reads the visible text of each page.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from samordna.economy.services import plan_load
from samordna.finsam import vocabulary as vocab
from tests.conftest import login_as, plan_path

pytestmark = pytest.mark.django_db

# Codes that are also ordinary Swedish words (or names): seeing them as text is no slip.
SWEDISH_WORDS = {
    "region", "kommun", "plan", "budget", "information", "utbildning", "dialog",
    "rehabilitering", "leader", "arvsfonden", "styrelse", "beredningsgrupp", "arbetsutskott",
    "planeringsdag", "skyddsrond", "internkontroll",
    # follow-up codes that are Swedish words (also the file format's column names)
    "kvinna", "man", "annat", "arbete", "studier", "praktik", "ingen", "sjukdom", "avbrott", "flytt",
    "ja", "nej", "tertial", "sjukpenning", "aktivitetsstod",
    "beredning", "vision", "organisation",
    "T1", "T2", "T3",  # the tertials' own names
}
RAW_CODES = sorted(vocab.all_codes() - SWEDISH_WORDS)
RAW_CODE = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, RAW_CODES)) + r")(?![\w-])")
DOWNLOADS = (".docx", ".pdf", ".xlsx")
MAX_PAGES = 400


class _Page(HTMLParser):
    """The visible text (no tags, scripts, styles or attribute values) and the links."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


def raw_codes_in(html: str) -> tuple[set[str], list[str]]:
    page = _Page()
    page.feed(html)
    return set(RAW_CODE.findall(" ".join(page.text))), page.links


def crawl(client, slug: str) -> tuple[dict[str, list[str]], int]:
    """{url: raw codes it shows} over every page reachable from the overview and catalogue."""
    prefixes = (f"/f/{slug}/", "/katalog/")
    queue = [f"/f/{slug}/", f"/katalog/{slug}/"]
    seen = set(queue)
    found: dict[str, list[str]] = {}
    visited = 0
    while queue and visited < MAX_PAGES:
        url = queue.pop(0)
        response = client.get(url)
        visited += 1
        assert response.status_code == 200, url
        if "text/html" not in response.get("Content-Type", ""):
            continue
        codes, links = raw_codes_in(response.content.decode())
        if codes:
            found[url] = sorted(codes)
        for href in links:
            parts = urlsplit(urljoin(url, href))
            if parts.netloc not in ("", "testserver") or not parts.path.startswith(prefixes):
                continue
            if parts.path.endswith(DOWNLOADS):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return found, visited


def test_raw_code_pattern_finds_codes_but_not_swedish_words():
    assert raw_codes_in("<p>budget_balance och equity_unknown</p>")[0] == {
        "budget_balance", "equity_unknown"}
    assert raw_codes_in('<p title="lts_prio">Budget för region och kommun</p>')[0] == set()
    assert raw_codes_in("<script>var x = 'secretariat_admin';</script><p>Plan</p>")[0] == set()


@pytest.mark.parametrize(("name", "slug"), [
    ("sydnarke-2022", "sydnarke"),
    ("sjuharad-2022", "sjuharad"),
    ("sodra-vatterbygden-2020", "sodra-vatterbygden"),
])
def test_association_pages_show_no_raw_codes(client, name, slug):
    association = plan_load(data=plan_path(name).read_bytes()).plan.association
    assert association.slug == slug
    login_as(client, f"kansli-{slug}", association, "secretariat_admin")
    found, visited = crawl(client, slug)
    assert visited > 10
    assert found == {}, "\n".join(f"{url}: {', '.join(codes)}" for url, codes in found.items())


def test_label_filter_renders_the_swedish_label():
    from django.template import Context, Template

    template = Template('{% load vocabulary %}{{ a|label:"findings" }}|{{ b|label:"levels" }}|'
                        '{{ c|label:"statuses" }}')
    assert template.render(Context({"a": "equity_unknown", "b": "nonsense", "c": None})) == (
        "Eget kapital saknas|Okänt värde|–")


def test_review_page_names_each_finding_by_its_label(admin):
    html = admin.get("/f/sydnarke/granskning/").content.decode()
    assert "<td>Beslutstext</td>" in html
    assert "<code>" not in html
