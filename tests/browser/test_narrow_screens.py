"""Every page at a phone's width (390 px) in real Chromium: nothing is wider than the screen
except inside a table's own scroll box, and the header keeps "Logga ut" in view.

The crawl signs in as the association's administrator (who sees every page), starts at the
overview, the public catalogue and the account page, and follows every internal link (GET
only; downloads and log-out are left out), visiting at most two pages of each URL name. With
SAMORDNA_SCREENSHOTS=DIR set it also saves each page at 390 and 1366 px for looking at.
"""

import os
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from samordna.economy.services import plan_load
from tests.conftest import plan_path

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

DOWNLOADS = (".docx", ".pdf", ".xlsx", ".csv", ".zip", ".yaml", ".png", ".svg", ".json")
MAX_PAGES = 250

# Elements wider than the page that are not inside an element that scrolls on its own.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let p = el.parentElement, scrolls = false;
    while (p && p !== document.body) {
      const s = getComputedStyle(p);
      if (["auto", "scroll", "hidden", "clip"].includes(s.overflowX)) { scrolls = true; break; }
      p = p.parentElement;
    }
    const cls = typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\\s+/).join(".") : "";
    if (!scrolls) out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + cls +
                           " " + Math.round(box.right) + "px");
  }
  return {page: document.documentElement.scrollWidth, width, out: out.slice(0, 5)};
}"""


@pytest.fixture
def sydnarke():
    return plan_load(data=plan_path("sydnarke-2022").read_bytes()).plan


def links_of(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "as => as.map(a => a.getAttribute('href'))")
    out = []
    for href in hrefs:
        url = urljoin(page.url, href)
        parts = urlsplit(url)
        if not url.startswith(base) or parts.path.endswith(DOWNLOADS) or "logga-ut" in parts.path:
            continue
        out.append(parts._replace(fragment="").geturl())
    return out


def test_no_page_is_wider_than_a_phone(browser, live_server, sydnarke):
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    # Waits end as soon as the page is ready; the bound is for a CI machine under load.
    page.set_default_timeout(30_000)
    login(page, live_server, sydnarke.association)
    base = live_server.url
    shots = os.environ.get("SAMORDNA_SCREENSHOTS")
    queue = [f"{base}/f/sydnarke/", f"{base}/katalog/sydnarke/", f"{base}/konto/"]
    seen: set[str] = set()
    kinds: dict[str, int] = {}  # pages visited per URL name: two of each kind is enough
    wide: dict[str, object] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        try:
            kind = resolve(urlsplit(url).path).url_name
        except Resolver404:
            continue
        if kinds.get(kind, 0) >= 2:
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        seen.add(url)
        response = page.goto(url)
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        found = page.evaluate(OVERFLOWING)
        if found["page"] > found["width"] or found["out"]:
            wide[urlsplit(url).path + ("?" + urlsplit(url).query if urlsplit(url).query else "")] = found
        logout = page.get_by_role("button", name="Logga ut")
        if logout.count():
            box = logout.first.bounding_box()
            assert box is not None and box["x"] + box["width"] <= 390, url
        if shots:
            name = (urlsplit(url).path.strip("/").replace("/", "_") or "start") + (
                "_" + urlsplit(url).query.replace("=", "-").replace("&", "_") if urlsplit(url).query else "")
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{shots}/390-{name}.png", full_page=True)
            page.set_viewport_size({"width": 1366, "height": 900})
            page.screenshot(path=f"{shots}/1366-{name}.png", full_page=True)
            page.set_viewport_size({"width": 390, "height": 844})
        queue.extend(link for link in links_of(page, base) if link not in seen)
    context.close()
    assert len(kinds) >= 50, sorted(kinds)
    assert wide == {}, "\n".join(f"{k}: {v}" for k, v in wide.items())
