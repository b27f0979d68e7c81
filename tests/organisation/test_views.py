"""The organisation and plan-list pages: Swedish, no write on GET, refusals on the form with
the person's input kept, 403 for a reader, 404 for an outsider (whose data is loaded first)."""

from datetime import date

import pytest
from django.urls import reverse

from samordna.audit.models import ChangeRecord
from samordna.economy.models import Plan
from samordna.organisation.models import BoardSeat, Body, Member
from tests.conftest import login_as

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(name, args=["sydnarke", *args])


@pytest.mark.parametrize(("name", "text"), [
    ("board", "Styrelse och organ"), ("calendar", "Årsplanering 2022"),
    ("plan_content", "Förbundets mål"), ("risks", "Internkontrollplan"),
])
def test_pages_are_shown_to_a_reader_without_edit_links(reader, name, text):
    if name == "risks":
        text = "Riskanalys 2022"
    html = reader.get(url(name)).content.decode()
    assert text in html
    assert "Ta bort" not in html and "Ny " not in html.split("<main", 1)[1]


def test_calendar_page_lists_entries_in_date_order_with_body_names(admin):
    html = admin.get(url("calendar")).content.decode()
    assert html.index("26 januari 2022") < html.index("16 december 2022")
    assert "Beredningsgruppen" in html and "Ny kalenderpost" in html


def test_reader_may_not_open_or_post_an_edit_form(reader):
    before = ChangeRecord.objects.count()
    assert reader.get(url("seat_new")).status_code == 403
    assert reader.post(url("seat_new"), {"name": "X", "member": "laxa", "role": "regular"}
                       ).status_code == 403
    assert reader.post(url("calendar_new"), {"date": "2022-05-05", "body": "styrelse"}
                       ).status_code == 403
    assert ChangeRecord.objects.count() == before


def test_outsider_gets_404(client, sydnarke_plan, other_plan):
    login_as(client, "annan", other_plan.association, "secretariat_admin")
    for name in ("board", "calendar", "plan_content", "risks", "seat_new", "member_new"):
        assert client.get(url(name)).status_code == 404


def test_admin_adds_a_seat_and_sees_it_on_the_board(admin):
    response = admin.post(url("seat_new"), {
        "name": "Anna Ek", "member": "laxa", "role": "regular", "office": "chair",
        "term_start": "2023-01-01", "term_end": "2026-12-31"})
    assert response.status_code == 302
    html = admin.get(url("board")).content.decode()
    assert "Anna Ek" in html and "Ordförande" in html and "1 januari 2023–31 december 2026" in html
    assert "chair" not in html.split("<main", 1)[1]


def test_a_refused_seat_keeps_the_input_and_shows_the_message_by_its_field(admin):
    admin.post(url("seat_new"), {"name": "Anna Ek", "member": "laxa", "role": "regular",
                                 "office": "chair"})
    response = admin.post(url("seat_new"), {"name": "Bo Berg", "member": "laxa",
                                            "role": "regular", "office": "chair"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Styrelsen har redan en ordförande: Anna Ek." in html and 'value="Bo Berg"' in html
    assert BoardSeat.objects.count() == 1


def test_a_stale_seat_edit_shows_the_other_change(admin):
    admin.post(url("seat_new"), {"name": "Anna Ek", "member": "laxa", "role": "regular"})
    seat = BoardSeat.objects.get()
    admin.post(url("seat_edit", seat.pk), {"name": "Anna Eklund", "member": "laxa",
                                           "role": "regular", "revision": 1})
    html = admin.post(url("seat_edit", seat.pk), {"name": "Anna E", "member": "laxa",
                                                  "role": "regular", "revision": 1}
                      ).content.decode()
    assert "har ändrats" in html and "Anna Eklund" in html
    assert BoardSeat.objects.get().name == "Anna Eklund"


def test_delete_asks_first_and_then_deletes(admin):
    admin.post(url("body_new"), {"name": "Beredningsgruppen", "kind": "preparatory_group"})
    body = Body.objects.get()
    page = admin.get(url("body_delete", body.pk))
    assert "Ta bort organet Beredningsgruppen?" in page.content.decode()
    assert Body.objects.count() == 1
    admin.post(url("body_delete", body.pk))
    assert Body.objects.count() == 0


def test_member_new_and_end(admin):
    response = admin.post(url("member_new"), {"name": "Lekebergs kommun", "kind": "kommun",
                                              "population_date": "2021-06-30",
                                              "population": "8000"})
    assert response.status_code == 302
    member = Member.objects.get(slug="lekebergs-kommun")
    admin.post(url("member_end", member.slug), {"ended_on": "2023-12-31",
                                                "revision": member.revision})
    html = admin.get(url("members")).content.decode()
    assert "Lekebergs kommun" in html and "Lämnade förbundet 31 december 2023" in html
    refused = admin.post(url("member_new"), {"name": "FK igen", "kind": "forsakringskassan"})
    assert "exakt en medlem som är Försäkringskassan (har 2)" in refused.content.decode()


def test_calendar_form_adds_and_edits_an_entry(admin):
    plan = Plan.objects.get(association__slug="sydnarke")
    count = plan.calendar.count()
    admin.post(url("calendar_new"), {"date": "2022-06-10", "start": "09:00", "end": "12:00",
                                     "body": "planeringsdag", "place": "Kumla"})
    event = plan.calendar.get(date=date(2022, 6, 10))
    assert (plan.calendar.count(), event.body, event.place) == (count + 1, "planeringsdag", "Kumla")
    bad = admin.post(url("calendar_edit", event.pk), {"date": "2022-06-10", "start": "13:00",
                                                      "end": "12:00", "body": "planeringsdag",
                                                      "revision": event.revision})
    assert "Sluttiden 12:00 ligger före starttiden 13:00." in bad.content.decode()


def test_goal_form_takes_percent_and_the_page_shows_it(admin):
    admin.post(url("plan_item_new", "mal"), {"text": "Fler till arbete",
                                             "indicator": "ended_to_work", "target": "40"})
    goal = Plan.objects.get(association__slug="sydnarke").goals[-1]
    assert goal["target"] == "0.4"
    html = admin.get(url("plan_content")).content.decode()
    assert "Fler till arbete" in html and "40\u00a0%" in html
    form = admin.get(url("plan_item_edit", "mal", goal["key"])).content.decode()
    assert 'value="40"' in form


def test_risk_page_scores_a_control(admin):
    admin.post(url("plan_item_new", "risker"), {"risk": "Fel utbetalning", "likelihood": "3",
                                                "consequence": "4"})
    html = admin.get(url("risks")).content.decode()
    assert "12 Mycket hög" in html


def test_swot_entry_move_and_delete_by_place(admin):
    plan = Plan.objects.get(association__slug="sydnarke")
    first, second = plan.risks["strengths"][:2]
    from samordna.organisation.plan_services import version_of

    admin.post(url("plan_item_move", "styrkor", "0"), {"riktning": "ned",
                                                       "version": version_of(first)})
    plan.refresh_from_db()
    assert plan.risks["strengths"][:2] == [second, first]
    admin.post(url("plan_item_delete", "styrkor", "1"), {"version": version_of(first)})
    plan.refresh_from_db()
    assert first not in plan.risks["strengths"]


def test_unknown_list_is_404(admin):
    assert admin.get(reverse("plan_item_new", args=["sydnarke", "okand"])).status_code == 404
