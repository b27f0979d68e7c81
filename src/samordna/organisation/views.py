"""Pages for the association, its members and their population. Views do HTTP only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from samordna.accounts.decorators import requires
from samordna.core.exceptions import Conflict
from samordna.core.forms import refusal_to_form
from samordna.economy import codec
from samordna.economy.context import plan_context
from samordna.economy.models import CalendarEvent
from samordna.economy.selectors import plans_of
from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab
from samordna.finsam.money import format_percent, format_sek
from samordna.finsam.organisation import (
    SHARE_INDICATORS,
    board_lacking,
    risk_level,
    risk_score,
    target_kind,
)

from . import plan_services, services
from .forms import (
    PLAN_LIST_FORMS,
    AssociationForm,
    BodyForm,
    BodyPersonForm,
    CalendarForm,
    MemberEndForm,
    MemberForm,
    MemberNewForm,
    PopulationForm,
    SeatForm,
)
from .models import BoardSeat, Body, BodyMember, Member, Population


@requires("association.read")
def members(request, slug):
    association = request.association
    plans = plans_of(association)
    rows = association.members.prefetch_related("population")
    if plans:  # the members of the latest plan, in its order
        rows = rows.filter(plan_members__plan=plans[0]).order_by("plan_members__position")
    rows = list(rows)
    return render(request, "organisation/members.html", {
        "association": association, "members": rows, "board": association.board.all(),
        "names": {m.slug: m.name for m in rows}})


def _member(request, member_slug) -> Member:
    return get_object_or_404(Member, association=request.association, slug=member_slug)


@requires("organisation.edit")
@require_http_methods(["GET", "POST"])
def member_edit(request, slug, member_slug):
    member = _member(request, member_slug)
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(actor=request.user, association=request.association,
                                   member_slug=member.slug, name=form.cleaned_data["name"],
                                   note=form.cleaned_data["note"],
                                   expected_revision=form.cleaned_data["revision"])
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['name']} är sparad.")
            return redirect("members", slug)
    return render(request, "organisation/member_edit.html", {
        "association": request.association, "member": member, "form": form,
        "population_form": PopulationForm(member=member, prefix="pop"),
        "population": member.population.all()})


@requires("organisation.edit")
@require_http_methods(["GET", "POST"])
def population_edit(request, slug, member_slug, pk=None):
    member = _member(request, member_slug)
    if member.kind not in ("kommun", "region"):
        messages.error(request, "Befolkning anges bara för kommuner och regioner.")
        return redirect("member_edit", slug, member_slug)
    instance = get_object_or_404(Population, member=member, pk=pk) if pk else Population(member=member)
    form = PopulationForm(request.POST or None, instance=instance, member=member, prefix="pop")
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.population_save(actor=request.user, association=request.association,
                                     member_slug=member.slug, pk=pk, date=d["date"],
                                     count=d["count"], note=d["note"],
                                     expected_revision=d["revision"])
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, f"Befolkningen för {member.name} är sparad.")
            return redirect(reverse("member_edit", args=[slug, member_slug]))
    return render(request, "organisation/population_edit.html", {
        "association": request.association, "member": member, "form": form,
        "instance": instance})


@requires("organisation.edit")
@require_http_methods(["GET", "POST"])
def population_delete(request, slug, member_slug, pk):
    """GET asks for confirmation; POST removes the count (the change log keeps it)."""
    member = _member(request, member_slug)
    population = get_object_or_404(Population, member=member, pk=pk)
    back = reverse("member_edit", args=[slug, member_slug])
    if request.method == "POST":
        try:
            services.population_delete(actor=request.user, association=request.association,
                                       member_slug=member.slug, pk=pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Befolkningstalet {population.date} för {member.name} "
                                      f"är borttaget.")
        return redirect(back)
    return render(request, "core/confirm_delete.html", {
        "association": request.association, "back": back,
        "what": f"befolkningstalet {population.date} för {member.name}",
        "consequence": "Andelar som räknats ur detta befolkningstal räknas om ur de tal som finns "
                       "kvar. Ändringsloggen behåller det borttagna talet."})


@requires("organisation.edit")
@require_http_methods(["GET", "POST"])
def association_edit(request, slug):
    association = request.association
    form = AssociationForm(request.POST or None, instance=association)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in services.ASSOCIATION_FIELDS}
        try:
            services.association_update(actor=request.user, association=association,
                                        expected_revision=form.cleaned_data["revision"], **values)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, "Förbundets uppgifter är sparade.")
            return redirect("members", slug)
    return render(request, "organisation/association_edit.html", {
        "association": association, "form": form})


# ---------------------------------------------------------------- shared helpers


def _refusal(form, exc: ValidationError) -> None:
    """A service's refusal on the form: each message by its field where the form has it."""
    if isinstance(exc, Conflict):
        form.conflict = exc
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _form_page(request, *, title, form, back, submit="Spara", intro=None, ctx=None):
    return render(request, "organisation/form.html", {
        "association": request.association, "title": title, "form": form, "back": back,
        "submit": submit, "intro": intro, **(ctx or {})})


def _confirm(request, *, what, back, consequence, ctx=None):
    return render(request, "core/confirm_delete.html", {
        "association": request.association, "what": what, "back": back,
        "consequence": consequence, **(ctx or {})})


def _plan_ctx(request) -> dict:
    ctx = plan_context(request, request.association, request.membership)
    if ctx["plan"] is None:
        raise Http404("Förbundet har ingen plan")
    return ctx


# ---------------------------------------------------------------- adding and ending members


@requires("organisation.edit")
@require_http_methods(["GET", "POST"])
def member_new(request, slug):
    form = MemberNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            member = services.member_add(
                actor=request.user, association=request.association, name=d["name"],
                kind=d["kind"], note=d["note"], population_date=d["population_date"],
                population=d["population"])
        except ValidationError as exc:
            _refusal(form, exc)
        else:
            messages.success(request, f"{member.name} är tillagd som medlem.")
            return redirect("members", slug)
    return _form_page(request, title="Ny medlem", form=form, back=reverse("members", args=[slug]),
                      submit="Lägg till", intro=(
                          "Den nya medlemmen tas med i verksamhetsplanerna för i år och framåt "
                          "(annars i den senaste planen). Förbundet ska ha exakt en "
                          "Försäkringskassan och en Arbetsförmedlingen, minst en region och "
                          "minst en kommun."))


@requires("organisation.edit")
@require_http_methods(["GET", "POST"])
def member_end(request, slug, member_slug):
    member = _member(request, member_slug)
    form = MemberEndForm(request.POST or None, initial={"ended_on": member.ended_on,
                                                        "revision": member.revision})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.member_end(actor=request.user, association=request.association,
                                member_slug=member.slug, ended_on=d["ended_on"],
                                expected_revision=d["revision"])
        except ValidationError as exc:
            _refusal(form, exc)
        else:
            messages.success(request, f"{member.name} lämnade förbundet {d['ended_on']}."
                             if d["ended_on"] else f"{member.name} är medlem utan slutdatum.")
            return redirect("members", slug)
    return _form_page(request, title=f"Avsluta medlemskap – {member.name}", form=form,
                      back=reverse("members", args=[slug]), intro=(
                          "En medlem som har lämnat finns kvar för historiken: äldre planer, "
                          "ändringsloggen och uppföljningen hänvisar till den. Den tas inte med "
                          "i finansieringen för år som börjar efter slutdatumet."))


# ---------------------------------------------------------------- the board and other bodies


@requires("association.read")
def board(request, slug):
    association = request.association
    ctx = plan_context(request, association, request.membership)
    data = ctx["data"]
    seats = list(association.seats.select_related("member"))
    order = {m.slug: i for i, m in enumerate(association.members.all())}
    seats.sort(key=lambda s: (order.get(s.member.slug, 0), 0 if s.role == "regular" else 1,
                              s.deputy_order or 10**6, s.position))
    lacking = board_lacking(data, data.plan.year if data.seats else None) if data else ()
    bodies = association.bodies.prefetch_related("people__member")
    ctx.update(seats=seats, bodies=bodies, lacking=[m.name for m in lacking],
               counts=association.board.all(),
               names={m.slug: m.name for m in association.members.all()})
    return render(request, "organisation/board.html", ctx)


def _seat(request, pk) -> BoardSeat:
    return get_object_or_404(BoardSeat, association=request.association, pk=pk)


@requires("organisation.edit")
@require_http_methods(["GET", "POST"])
def seat_edit(request, slug, pk=None):
    seat = _seat(request, pk) if pk else None
    initial = {}
    if seat:
        initial = {k: getattr(seat, k) for k in ("name", "role", "office", "deputy_order",
                                                 "term_start", "term_end", "email", "note")}
        initial.update(member=seat.member.slug, revision=seat.revision)
    form = SeatForm(request.POST or None, initial=initial,
                    members=request.association.members.all())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            saved = services.seat_save(
                actor=request.user, association=request.association, pk=pk, name=d["name"],
                member_slug=d["member"], role=d["role"], term_start=d["term_start"],
                term_end=d["term_end"], office=d["office"] or None,
                deputy_order=d["deputy_order"], email=d["email"], note=d["note"],
                expected_revision=d["revision"])
        except ValidationError as exc:
            _refusal(form, exc)
        else:
            messages.success(request, f"{saved.name} är sparad i styrelsen.")
            return redirect("board", slug)
    return _form_page(request, title=f"Styrelseplats – {seat.name}" if seat else "Ny styrelseplats",
                      form=form, back=reverse("board", args=[slug]), intro=(
                          "Ledamöter i styrelsen är förtroendevalda i sin offentliga roll. "
                          "Spara bara namn och uppdrag, aldrig personnummer; e-post bara i "
                          "tjänsten."))


@requires("organisation.edit")
@require_http_methods(["GET", "POST"])
def seat_delete(request, slug, pk):
    seat = _seat(request, pk)
    back = reverse("board", args=[slug])
    if request.method == "POST":
        try:
            services.seat_delete(actor=request.user, association=request.association, pk=pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Platsen för {seat.name} är borttagen.")
        return redirect(back)
    return _confirm(request, what=f"platsen för {seat.name}", back=back, consequence=(
        "Ta bara bort en plats som lagts in av misstag; en avslutad mandatperiod sparas med sitt "
        "slutdatum. Ändringsloggen behåller platsen."))


def _body(request, pk) -> Body:
    return get_object_or_404(Body, association=request.association, pk=pk)


@requires("organisation.edit")
@require_http_methods(["GET", "POST"])
def body_edit(request, slug, pk=None):
    body = _body(request, pk) if pk else None
    initial = {"name": body.name, "kind": body.kind, "note": body.note,
               "revision": body.revision} if body else {}
    form = BodyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            saved = services.body_save(actor=request.user, association=request.association,
                                       pk=pk, name=d["name"], kind=d["kind"], note=d["note"],
                                       expected_revision=d["revision"])
        except ValidationError as exc:
            _refusal(form, exc)
        else:
            messages.success(request, f"{saved.name} är sparat.")
            return redirect("board", slug)
    return _form_page(request, title=body.name if body else "Nytt organ", form=form,
                      back=reverse("board", args=[slug]))


@requires("organisation.edit")
@require_http_methods(["GET", "POST"])
def body_delete(request, slug, pk):
    body = _body(request, pk)
    back = reverse("board", args=[slug])
    if request.method == "POST":
        try:
            services.body_delete(actor=request.user, association=request.association, pk=pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{body.name} är borttaget.")
        return redirect(back)
    return _confirm(request, what=f"organet {body.name}", back=back, consequence=(
        "Organet och personerna i det försvinner ur organisationen och verksamhetsplanen. "
        "Ändringsloggen behåller dem."))


@requires("organisation.edit")
@require_http_methods(["GET", "POST"])
def body_person_edit(request, slug, body_pk, pk=None):
    body = _body(request, body_pk)
    person = get_object_or_404(BodyMember, body=body, pk=pk) if pk else None
    initial = {}
    if person:
        initial = {"name": person.name, "member": person.member.slug if person.member else "",
                   "organisation": person.organisation, "role": person.role,
                   "note": person.note, "revision": person.revision}
    form = BodyPersonForm(request.POST or None, initial=initial,
                          members=request.association.members.filter(ended_on__isnull=True))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            saved = services.body_person_save(
                actor=request.user, association=request.association, body_pk=body.pk, pk=pk,
                name=d["name"], member_slug=d["member"] or None, organisation=d["organisation"],
                role=d["role"], note=d["note"], expected_revision=d["revision"])
        except ValidationError as exc:
            _refusal(form, exc)
        else:
            messages.success(request, f"{saved.name} är sparad i {body.name}.")
            return redirect("board", slug)
    return _form_page(request, title=f"{body.name}: {person.name}" if person
                      else f"Ny person i {body.name}", form=form,
                      back=reverse("board", args=[slug]))


@requires("organisation.edit")
@require_http_methods(["GET", "POST"])
def body_person_delete(request, slug, body_pk, pk):
    body = _body(request, body_pk)
    person = get_object_or_404(BodyMember, body=body, pk=pk)
    back = reverse("board", args=[slug])
    if request.method == "POST":
        try:
            services.body_person_delete(actor=request.user, association=request.association,
                                        body_pk=body.pk, pk=pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{person.name} är borttagen ur {body.name}.")
        return redirect(back)
    return _confirm(request, what=f"{person.name} ur {body.name}", back=back,
                    consequence="Ändringsloggen behåller uppgifterna.")


# ---------------------------------------------------------------- calendar


def _calendar_url(slug, ctx) -> str:
    return reverse("calendar", args=[slug]) + ctx["plan_query"]


@requires("plan.read")
def calendar(request, slug):
    ctx = _plan_ctx(request)
    bodies = {b.slug: b.name for b in request.association.bodies.all()}
    events = sorted(ctx["plan"].calendar.all(), key=lambda c: (c.date, c.start or ""))
    ctx.update(events=[{"event": e, "body": bodies.get(e.body or "")
                        or vocab.CALENDAR_BODIES.get(e.body or "")
                        or (vocab.UNKNOWN if e.body else "")} for e in events])
    return render(request, "organisation/calendar.html", ctx)


@requires("plan.edit")
@require_http_methods(["GET", "POST"])
def calendar_edit(request, slug, pk=None):
    ctx = _plan_ctx(request)
    event = get_object_or_404(CalendarEvent, plan=ctx["plan"], pk=pk) if pk else None
    initial = {k: getattr(event, k) for k in plan_services.CALENDAR_FIELDS} if event else {}
    if event:
        initial["revision"] = event.revision
    form = CalendarForm(request.POST or None, initial=initial,
                        bodies=request.association.bodies.all(),
                        current=event.body if event else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan_services.calendar_event_save(
                actor=request.user, association=request.association, plan=ctx["plan"], pk=pk,
                date=d["date"], start=d["start"] or None, end=d["end"] or None,
                body=d["body"] or None, title=d["title"], place=d["place"],
                tentative=d["tentative"], note=d["note"], expected_revision=d["revision"])
        except ValidationError as exc:
            _refusal(form, exc)
        else:
            messages.success(request, f"Kalenderposten {d['date']} är sparad.")
            return redirect(_calendar_url(slug, ctx))
    return _form_page(request, title="Kalenderpost" if event else "Ny kalenderpost", form=form,
                      back=_calendar_url(slug, ctx), ctx=ctx)


@requires("plan.edit")
@require_http_methods(["GET", "POST"])
def calendar_delete(request, slug, pk):
    ctx = _plan_ctx(request)
    event = get_object_or_404(CalendarEvent, plan=ctx["plan"], pk=pk)
    back = _calendar_url(slug, ctx)
    if request.method == "POST":
        try:
            plan_services.calendar_event_delete(actor=request.user,
                                                association=request.association,
                                                plan=ctx["plan"], pk=pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Kalenderposten {event.date} är borttagen.")
        return redirect(back)
    return _confirm(request, what=f"kalenderposten {event.date} {event.title or ''}".strip(),
                    back=back, consequence="Posten försvinner ur årsplaneringen i "
                                           "verksamhetsplanen. Ändringsloggen behåller den.",
                    ctx=ctx)


# ---------------------------------------------------------------- goals, target groups,
# decision points, SWOT and risk controls

# The Swedish URL word of each list, and the page it is shown on.
LIST_SLUGS = {"mal": "goals", "malgrupper": "target_groups", "beslut": "decisions",
              "styrkor": "strengths", "svagheter": "weaknesses", "mojligheter": "opportunities",
              "hot": "threats", "risker": "controls"}
LIST_TITLES = {"goals": "mål", "target_groups": "målgrupp", "decisions": "beslutspunkt",
               "strengths": "styrka", "weaknesses": "svaghet", "opportunities": "möjlighet",
               "threats": "hot", "controls": "risk"}
RISK_LISTS = ("strengths", "weaknesses", "opportunities", "threats", "controls")


def _list_name(kind: str) -> str:
    if kind not in LIST_SLUGS:
        raise Http404("Okänd lista")
    return LIST_SLUGS[kind]


def _list_back(slug, name, ctx) -> str:
    page = "risks" if name in RISK_LISTS else "plan_content"
    return reverse(page, args=[slug]) + ctx["plan_query"]


def _entries(ctx, name: str) -> list[dict]:
    spec = plan_services.LISTS[name]
    items = spec.get(ctx["plan"])
    kind = next(k for k, v in LIST_SLUGS.items() if v == name)
    return [{"item": item, "key": plan_services.entry_key(spec, items, i), "kind": kind,
             "version": plan_services.version_of(item), "first": i == 0,
             "last": i == len(items) - 1} for i, item in enumerate(items)]


@requires("plan.read")
def plan_content(request, slug):
    ctx = _plan_ctx(request)
    goals = _entries(ctx, "goals")
    for e in goals:
        goal = codec.goal_from_json(e["item"])
        e["goal"] = goal
        e["target"] = _target_text(goal)
    ctx.update(goals=goals, groups=_entries(ctx, "target_groups"),
               decisions=_entries(ctx, "decisions"))
    return render(request, "organisation/plan_content.html", ctx)


def _target_text(goal) -> str:
    kind = target_kind(goal.indicator)
    t = goal.target
    if t is None:
        return ""
    if kind == "share":
        return format_percent(t, 0 if (t * 100) == (t * 100).to_integral_value() else 1)
    if kind == "amount":
        return format_sek(t)
    return format(t.normalize(), "f")


@requires("plan.read")
def risks(request, slug):
    ctx = _plan_ctx(request)
    swot = [{"name": name, "title": vocab.SWOT[name], "kind": kind,
             "entries": _entries(ctx, name)}
            for kind, name in LIST_SLUGS.items() if name in p.SWOT]
    controls = _entries(ctx, "controls")
    for e in controls:
        c = codec.control_from_json(e["item"])
        e["score"] = risk_score(c.likelihood, c.consequence)
        e["level"] = risk_level(e["score"])
    controls.sort(key=lambda e: -e["score"])
    ctx.update(swot=swot, controls=controls)
    return render(request, "organisation/risks.html", ctx)


def _list_initial(name: str, item) -> dict:
    if isinstance(item, str):
        return {"text": item}
    initial = {k: v for k, v in item.items() if k not in ("key", "id")}
    if name == "goals":
        goal = codec.goal_from_json(item)
        initial.update(target=goal.target, threshold=goal.threshold)
        if goal.target is not None and goal.indicator in SHARE_INDICATORS:
            initial["target"] = plan_services.share_percent(goal.target)
    return initial


@requires("plan.edit")
@require_http_methods(["GET", "POST"])
def plan_item_edit(request, slug, kind, key=None):
    name = _list_name(kind)
    ctx = _plan_ctx(request)
    spec = plan_services.LISTS[name]
    entry = None
    if key is not None:
        entry = next((e for e in _entries(ctx, name) if e["key"] == key), None)
        if entry is None:
            raise Http404("Posten finns inte")
    initial = {**_list_initial(name, entry["item"]), "version": entry["version"]} if entry else {}
    form = PLAN_LIST_FORMS[name](request.POST or None, initial=initial)
    back = _list_back(slug, name, ctx)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan_services.plan_entry_save(
                actor=request.user, association=request.association, plan=ctx["plan"],
                list_name=name, key=key, values=d, expected_version=d.get("version") or None)
        except ValidationError as exc:
            _refusal(form, exc)
        else:
            messages.success(request, f"{spec.what.capitalize()} är sparad."
                             if not spec.what.endswith("et") else
                             f"{spec.what.capitalize()} är sparat.")
            return redirect(back)
    title = LIST_TITLES[name]
    return _form_page(request, title=f"Ändra {title}" if entry else f"Ny {title}"
                      if title not in ("mål", "hot") else f"Nytt {title}", form=form, back=back,
                      ctx=ctx)


@requires("plan.edit")
@require_http_methods(["GET", "POST"])
def plan_item_delete(request, slug, kind, key):
    name = _list_name(kind)
    ctx = _plan_ctx(request)
    spec = plan_services.LISTS[name]
    entry = next((e for e in _entries(ctx, name) if e["key"] == key), None)
    if entry is None:
        raise Http404("Posten finns inte")
    back = _list_back(slug, name, ctx)
    if request.method == "POST":
        try:
            plan_services.plan_entry_delete(
                actor=request.user, association=request.association, plan=ctx["plan"],
                list_name=name, key=key, expected_version=request.POST.get("version") or None)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{spec.what.capitalize()} är borttagen."
                             if not spec.what.endswith("et") else
                             f"{spec.what.capitalize()} är borttaget.")
        return redirect(back)
    return _confirm(request, what=f"{spec.what} ”{spec.label(entry['item'])}”", back=back,
                    consequence="Posten försvinner ur verksamhetsplanen. Ändringsloggen "
                                "behåller den.", ctx={**ctx, "version": entry["version"]})


@requires("plan.edit")
@require_POST
def plan_item_move(request, slug, kind, key):
    name = _list_name(kind)
    ctx = _plan_ctx(request)
    offset = {"upp": -1, "ned": 1}.get(request.POST.get("riktning", ""))
    if offset is None:
        messages.error(request, "Välj att flytta posten upp eller ned.")
    else:
        try:
            plan_services.plan_entry_move(
                actor=request.user, association=request.association, plan=ctx["plan"],
                list_name=name, key=key, offset=offset,
                expected_version=request.POST.get("version") or None)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(_list_back(slug, name, ctx))
