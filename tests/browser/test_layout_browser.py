"""Layout on a phone: at 390 px no page scrolls sideways (wide tables scroll inside their
wrapper) and "Logga ut" stays in view, not hidden by the header."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from samordna.economy.services import plan_load
from tests.conftest import plan_path

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

# The pages of one association, the widest seed (Sjuhärad: eight kommuner, long names).
PAGES = [
    ("association_list", {}),
    ("overview", {"slug": "sjuharad"}),
    ("members", {"slug": "sjuharad"}),
    ("association_edit", {"slug": "sjuharad"}),
    ("member_edit", {"slug": "sjuharad", "member_slug": "boras"}),
    ("board", {"slug": "sjuharad"}),
    ("financing", {"slug": "sjuharad"}),
    ("financing_edit", {"slug": "sjuharad", "year": 2022}),
    ("budget", {"slug": "sjuharad"}),
    ("budget_entry_edit", {"slug": "sjuharad", "year": 2022, "column": "budget"}),
    ("review", {"slug": "sjuharad"}),
    ("plan_versions", {"slug": "sjuharad"}),
    ("plan_compare", {"slug": "sjuharad"}),
    ("intervention_list", {"slug": "sjuharad"}),
    ("intervention_new", {"slug": "sjuharad"}),
    ("intervention_detail", {"slug": "sjuharad", "iv_slug": "studiesteget"}),
    ("intervention_edit", {"slug": "sjuharad", "iv_slug": "studiesteget"}),
    ("goals", {"slug": "sjuharad"}),
    ("plan_content", {"slug": "sjuharad"}),
    ("calendar", {"slug": "sjuharad"}),
    ("risks", {"slug": "sjuharad"}),
    ("documents", {"slug": "sjuharad"}),
    ("document_sections", {"slug": "sjuharad"}),
    ("letters", {"slug": "sjuharad"}),
    ("change_log", {"slug": "sjuharad"}),
    ("users", {"slug": "sjuharad"}),
    ("account", {}),
    ("catalogue", {"slug": "sjuharad"}),
]
PUBLIC = {"catalogue"}  # its header has no Logga ut

# What sticks out to the right of the viewport, for the failure message.
WIDEST = """() => {
  const w = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 1 && !el.closest('.scroll, .table-wrap, .doc-table-wrap, nav.tabs')) {
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
               (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
               ' ' + Math.round(r.right) + 'px');
    }
  }
  return out.slice(0, 5);
}"""


def test_no_page_overflows_at_390_px_and_logga_ut_stays_in_view(page, live_server):
    plan = plan_load(data=plan_path("sjuharad-2022").read_bytes()).plan
    login(page, live_server, plan.association, username="kansli-med-ett-langt-anvandarnamn")
    page.set_viewport_size({"width": 390, "height": 844})
    shots = os.environ.get("SAMORDNA_SCREENSHOTS")  # a folder: also save each page as a PNG
    overflowing = {}
    for name, kwargs in PAGES:
        response = page.goto(live_server.url + reverse(name, kwargs=kwargs))
        assert response.status == 200, name
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            overflowing[name] = (width, page.evaluate(WIDEST))
        if shots:
            page.screenshot(path=str(Path(shots) / f"390-{name}.png"), full_page=True)
        if name in PUBLIC:
            continue
        logout = page.get_by_role("button", name="Logga ut", exact=True)
        box = logout.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, name
        # Nothing covers it: the element at its centre is the button itself.
        assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).textContent.trim()",
                             [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]) == "Logga ut", name
    assert overflowing == {}
