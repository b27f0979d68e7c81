"""Follow-up pages: overview, one intervention's records and counts, registration, import
with preview, identified setup, assignments, and how a goal is measured.

HTTP only: each view declares its action, parses with a form and calls a service. Records
are shown only to a person assigned to the intervention (`accounts.selectors`); everyone
else with `followup.aggregate.read` sees figures with small counts hidden.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from samordna.accounts.decorators import recent_auth_required, requires
from samordna.accounts.selectors import (
    assignments_in,
    followup_scope,
    intervention_for_followup,
    scoped_memberships,
)
from samordna.accounts.services import assignment_set
from samordna.core.exceptions import Conflict
from samordna.economy.context import plan_context
from samordna.finsam import followup as fu
from samordna.finsam import followup_file as ff
from samordna.finsam import plan as p
from samordna.interventions.models import Intervention, PlanIntervention
from samordna.organisation.models import Member

from . import identities, services
from .exports import filename as export_filename
from .exports import national_csv, national_xlsx
from .files import FileProblem, read_table, write_csv
from .forms import (
    AssignmentForm,
    ConfirmImportForm,
    CountForm,
    EnrolmentForm,
    GoalMeasureForm,
    IdentifiedSetupForm,
    IdentityForm,
    ImportForm,
    PersonSearchForm,
    PurposeForm,
    RecordFilter,
    kommun_choices,
)
from .models import Consent, Enrolment, Identity, IdentityAccess, ParticipantCount
from .selectors import (
    counts_for,
    counts_of,
    enrolments_for,
    followup_config,
    followup_data,
    goal_measure_for,
    identified_setup_of,
    kommun_slugs,
    measure_from,
    national_figures_for,
    period_of,
    record_of,
    records_of,
    unsuppressed_for,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50
PREVIEW_ROWS = 30
TOKEN_AGE = 3600  # seconds a previewed file may wait for its confirmation


def _ctx(request) -> dict:
    return plan_context(request, request.association, request.membership)


def _year(request, ctx) -> tuple[int, int | None]:
    """?ar=YEAR (default the plan's year) and ?tertial=1..3 (default the whole year)."""
    default = ctx["plan"].year if ctx["plan"] else None
    try:
        year = int(request.GET.get("ar") or default or 0)
        tertial = int(request.GET["tertial"]) if request.GET.get("tertial") else None
    except ValueError:
        raise Http404("Ogiltigt år") from None
    if not fu.FIRST_YEAR <= year <= fu.LAST_YEAR or tertial not in (None, 1, 2, 3):
        raise Http404("Ogiltigt år")
    return year, tertial


def _name(data: p.Plan | None, slug: str) -> str:
    iv = next((x for x in data.interventions if x.id == slug), None) if data else None
    return iv.name if iv else slug


def _may_edit(request, intervention: Intervention) -> bool:
    return followup_scope(actor=request.user, association=request.association,
                          action="followup.edit").covers(intervention.pk)


@requires("followup.aggregate.read")
def overview(request, slug):
    ctx = _ctx(request)
    data = ctx["data"]
    if data is None:
        return render(request, "followup/overview.html", ctx)
    year, tertial = _year(request, ctx)
    config = followup_config()
    fdata = followup_data(association=request.association, plan=data)
    period = period_of(year, tertial)
    unsuppressed = unsuppressed_for(user=request.user, association=request.association)
    per_iv, per_kommun, total = fu.participants_rows(data, fdata, period, unsuppressed=unsuppressed,
                                                     threshold=config.suppression_threshold)
    by_id = {r.key: r for r in per_iv}
    rows = []
    scope = followup_scope(actor=request.user, association=request.association)
    pks = dict(Intervention.objects.filter(association=request.association).values_list("slug", "pk"))
    for iv in data.interventions:
        mode = fdata.modes.get(iv.id)
        outcome = None
        if mode in fu.RECORD_MODES:
            mine = [r for r in fdata.records if r.intervention == iv.id]
            outcome = fu.ended_to_work_or_studies(mine, period)
            if not unsuppressed({iv.id}):
                outcome = fu.hide(outcome, config.suppression_threshold)
        rows.append({"iv": iv, "mode": mode, "cells": by_id[iv.id].cells if iv.id in by_id else None,
                     "outcome": outcome, "mine": pks.get(iv.id) is not None and scope.covers(pks[iv.id])})
    names = {m.id: m.name for m in data.members}
    ctx.update(year=year, tertial=tertial, period=period, rows=rows, per_kommun=per_kommun, total=total,
               names=names, threshold=config.suppression_threshold, years=_years(data))
    return render(request, "followup/overview.html", ctx)


def _national(request, ctx):
    data = ctx["data"]
    if data is None:
        raise Http404("Ingen plan")
    year, _ = _year(request, ctx)
    return national_figures_for(association=request.association, data=data, year=year)


@requires("followup.national")
def national(request, slug):
    """What the förbund administrator types into Uppföljning Finsam, in its order, each figure
    with its source; exact counts (the national system takes the real numbers)."""
    ctx = _ctx(request)
    if ctx["data"] is None:
        return render(request, "followup/national.html", ctx)
    figures = _national(request, ctx)
    missing: dict[str, tuple] = {}
    for group, entry in figures.missing:
        missing.setdefault(group.key, (group, []))[1].append(entry.label)
    ctx.update(figures=figures, year=figures.year, years=_years(ctx["data"]), missing=list(missing.values()),
               summary=[{"group": g, **{e.key.replace(".", "_"): e for e in g.entries}}
                        for g in figures.interventions])
    return render(request, "followup/national.html", ctx)


@requires("followup.national")
def national_download(request, slug, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404("Okänt format")
    ctx = _ctx(request)
    figures = _national(request, ctx)
    if fmt == "csv":
        response = HttpResponse(national_csv(figures), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(national_xlsx(figures), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(figures, fmt)}"'
    return response


def _years(data: p.Plan) -> list[int]:
    return sorted({data.plan.year - 2, data.plan.year - 1, *data.plan.years})


@requires("followup.aggregate.read")
def intervention(request, slug, iv_slug):
    ctx = _ctx(request)
    data = ctx["data"]
    identity = get_object_or_404(Intervention, association=request.association, slug=iv_slug)
    year, tertial = _year(request, ctx)
    period = period_of(year, tertial)
    config = followup_config()
    scope = followup_scope(actor=request.user, association=request.association)
    in_scope = scope.covers(identity.pk)
    records = records_of(association=request.association, interventions=[identity])
    counts = counts_of(association=request.association, interventions=[identity])
    if identity.follow_up == "count":
        figures = fu.counted(counts, period)
    else:
        figures = fu.participants(records, period)
    cells = fu.plain_counts(figures) if in_scope else fu.suppress_counts(figures, config.suppression_threshold)
    facts = []
    if identity.follow_up in fu.RECORD_MODES:
        t = config.suppression_threshold
        shown = (lambda f: f) if in_scope else (lambda f: fu.hide(f, t))
        facts = [("Påbörjade", shown(fu.count(len(fu.started_in(records, period))))),
                 ("Avslutade", shown(fu.count(len(fu.ended_in(records, period))))),
                 ("Till arbete eller studier", shown(fu.ended_to_work_or_studies(records, period))),
                 ("Till arbete", shown(fu.ended_to_work(records, period)))]
    ctx.update(identity=identity, name=_name(data, iv_slug), year=year, tertial=tertial, period=period,
               cells=cells, facts=facts, in_scope=in_scope, threshold=config.suppression_threshold,
               may_edit=in_scope and request.membership.may("followup.edit"),
               years=_years(data) if data else [year], setup=identified_setup_of(identity))
    if in_scope and identity.follow_up in fu.RECORD_MODES:
        kommuner = kommun_choices(data, request.association)
        form = RecordFilter(request.GET or None, kommuner=kommuner)
        qs = enrolments_for(user=request.user, association=request.association, intervention=identity) \
            .select_related("municipality").order_by("-start_month", "code")
        if form.is_valid():
            d = form.cleaned_data
            if d["state"] == "voided":
                qs = qs.filter(voided=True)
            elif d["state"] == "ended":
                qs = qs.filter(voided=False, end_month__isnull=False)
            elif d["state"] == "ongoing":
                qs = qs.filter(voided=False, end_month__isnull=True)
            if d["gender"]:
                qs = qs.filter(gender=d["gender"])
            if d["municipality"]:
                qs = qs.filter(municipality__slug=d["municipality"])
            if d["year"]:
                y = fu.Period.year(d["year"])
                qs = qs.filter(start_month__lte=y.last).exclude(end_month__lt=y.first)
            if d["q"]:
                qs = qs.filter(code__icontains=d["q"]) | qs.filter(provider_code__icontains=d["q"])
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("sida"))
        query = request.GET.copy()
        query.pop("sida", None)
        ctx.update(filter_form=form, page=page, query=query.urlencode(), kommun_names=dict(kommuner),
                   show_records=True)  # also with no record yet: the first one is registered here
    if identity.follow_up == "count":
        ctx["count_rows"] = [{"row": c, "period": ff.period_str(count_row(c, iv_slug))}
                             for c in counts_for(association=request.association, intervention=identity)]
    return render(request, "followup/intervention.html", ctx)


def count_row(c: ParticipantCount, slug: str) -> fu.CountEntry:
    return fu.CountEntry(slug, c.year, c.kind, c.period, c.women, c.men, c.other, c.head_count)


def _refuse(form, exc: ValidationError) -> None:
    """A service's refusal on the form: per field where the form has the field."""
    if isinstance(exc, Conflict):
        form.conflict = exc
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for e in errors:
                for message in e.messages:
                    if name in form.fields:
                        form.add_error(name, message)
                    else:
                        label = ff.COLUMN_LABELS.get(name, "")
                        form.add_error(None, f"{label[:1].upper()}{label[1:]}: {message}" if label else message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _record_page(request, ctx, identity, form, enrolment=None):
    ctx.update(identity=identity, name=_name(ctx["data"], identity.slug), form=form, enrolment=enrolment,
               conflict_rows=_conflict_rows(form))
    return render(request, "followup/enrolment_form.html", ctx)


def _conflict_rows(form) -> list[tuple[str, str]]:
    conflict = getattr(form, "conflict", None)
    if conflict is None:
        return []
    return [(ff.COLUMN_LABELS.get(k, k), v) for k, v in conflict.current.items()]


@requires("followup.edit")
@require_http_methods(["GET", "POST"])
def enrolment_new(request, slug, iv_slug):
    ctx = _ctx(request)
    identity = intervention_for_followup(user=request.user, association=request.association, slug=iv_slug,
                                         action="followup.edit")
    if identity.follow_up not in fu.RECORD_MODES:
        raise Http404("Insatsen följs upp med antal")
    config = followup_config()
    form = EnrolmentForm(request.POST or None, kommuner=kommun_choices(ctx["data"], request.association),
                         config=config)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_create(actor=request.user, association=request.association,
                                                  intervention=identity, record=form.record(iv_slug))
        except ValidationError as exc:
            _refuse(form, exc)
        else:
            messages.success(request, f"Deltagarposten {enrolment.code} är sparad.")
            return redirect(reverse("followup_detail", args=[slug, iv_slug]) + ctx["plan_query"])
    return _record_page(request, ctx, identity, form)


@requires("followup.edit")
@require_http_methods(["GET", "POST"])
def enrolment_edit(request, slug, iv_slug, code):
    ctx = _ctx(request)
    identity = intervention_for_followup(user=request.user, association=request.association, slug=iv_slug,
                                         action="followup.edit")
    enrolment = get_object_or_404(Enrolment, association=request.association, intervention=identity, code=code)
    config = followup_config()
    form = EnrolmentForm(request.POST or None, kommuner=kommun_choices(ctx["data"], request.association),
                         config=config)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_update(actor=request.user, association=request.association, enrolment=enrolment,
                                      record=form.record(iv_slug),
                                      expected_revision=form.cleaned_data.get("revision"))
        except ValidationError as exc:
            _refuse(form, exc)
        else:
            messages.success(request, f"Deltagarposten {enrolment.code} är sparad.")
            return redirect(reverse("followup_detail", args=[slug, iv_slug]) + ctx["plan_query"])
    if not form.is_bound:
        record = record_of(enrolment, intervention=iv_slug, kommuner=kommun_slugs(request.association))
        form.initial.update(form.initial_from(record), revision=enrolment.revision)
    return _record_page(request, ctx, identity, form, enrolment)


@requires("followup.edit")
@require_http_methods(["GET", "POST"])
def count_edit(request, slug, iv_slug):
    ctx = _ctx(request)
    identity = intervention_for_followup(user=request.user, association=request.association, slug=iv_slug,
                                         action="followup.edit")
    if identity.follow_up != "count":
        raise Http404("Insatsen följs upp med deltagarposter")
    years = _years(ctx["data"]) if ctx["data"] else [fu.LAST_YEAR]
    form = CountForm(request.POST or None, level=identity.level, years=years)
    if request.method == "POST" and form.is_valid():
        try:
            services.count_save(actor=request.user, association=request.association, intervention=identity,
                                entry=form.entry(iv_slug), expected_revision=form.cleaned_data.get("revision"))
        except ValidationError as exc:
            _refuse(form, exc)
        else:
            messages.success(request, "Antalet är sparat.")
            return redirect(reverse("followup_detail", args=[slug, iv_slug]) + ctx["plan_query"])
    if not form.is_bound and request.GET.get("period"):
        try:
            year, kind, period = ff.parse_period(request.GET["period"])
        except ValueError:
            raise Http404("Ogiltig period") from None
        row = ParticipantCount.objects.filter(intervention=identity, year=year, kind=kind, period=period).first()
        form.initial["period"] = request.GET["period"]
        if row is not None:
            form.initial.update(women=row.women, men=row.men, other=row.other, head_count=row.head_count,
                                revision=row.revision)
    ctx.update(identity=identity, name=_name(ctx["data"], iv_slug), form=form,
               conflict_rows=_conflict_rows(form))
    return render(request, "followup/count_form.html", ctx)


@requires("followup.edit")
@require_http_methods(["GET", "POST"])
def count_delete(request, slug, iv_slug, period):
    ctx = _ctx(request)
    identity = intervention_for_followup(user=request.user, association=request.association, slug=iv_slug,
                                         action="followup.edit")
    try:
        year, kind, number = ff.parse_period(period)
    except ValueError:
        raise Http404("Ogiltig period") from None
    row = get_object_or_404(ParticipantCount, intervention=identity, year=year, kind=kind, period=number)
    back = reverse("followup_detail", args=[slug, iv_slug]) + ctx["plan_query"]
    if request.method == "POST":
        services.count_delete(actor=request.user, association=request.association, count=row)
        messages.success(request, "Antalet är borttaget.")
        return redirect(back)
    ctx.update(what=f"antalet för {period}", back=back,
               consequence="Deltagarna som räknats för perioden försvinner ur uppföljningen. Ändringen loggas.")
    return render(request, "core/confirm_delete.html", ctx)


def _salt(request) -> str:
    return f"followup-import:{request.association.pk}:{request.user.pk}"


@requires("followup.edit")
@require_http_methods(["GET", "POST"])
def import_file(request, slug):
    """Upload → preview (every bad row's errors, nothing saved) → confirm (all rows or none)."""
    ctx = _ctx(request)
    form = ImportForm()
    result = preview = token = None
    filename = ""
    if request.method == "POST" and "token" in request.POST:
        confirm = ConfirmImportForm(request.POST)
        try:
            payload = signing.loads(confirm.data.get("token", ""), salt=_salt(request), max_age=TOKEN_AGE)
        except signing.BadSignature:
            messages.error(request, "Förhandsgranskningen har gått ut. Läs in filen igen.")
            return redirect("followup_import", slug)
        filename = payload["n"]
        result = services.followup_import(actor=request.user, association=request.association,
                                          header=payload["h"], rows=payload["r"], filename=filename)
        if result.ok:
            what = "deltagarposter" if result.kind == "records" else "antal"
            messages.success(request, f"Filen {filename} är inläst: {result.new} nya och {result.updated} ändrade "
                                      f"{what}, {result.unchanged} oförändrade.")
            return redirect(reverse("followup_overview", args=[slug]) + ctx["plan_query"])
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            filename = (upload.name or "fil")[-100:]
            try:
                header, rows = read_table(upload.read(), filename)
            except FileProblem as exc:
                form.add_error("file", str(exc))
            else:
                result = services.followup_import(actor=request.user, association=request.association,
                                                  header=header, rows=rows, filename=filename, dry_run=True)
                if result.ok:
                    token = signing.dumps({"h": header, "r": rows, "n": filename}, salt=_salt(request),
                                          compress=True)
                    preview = _preview(header, rows)
    names = {iv.id: iv.name for iv in ctx["data"].interventions} if ctx["data"] else {}
    ctx.update(form=form, result=result, preview=preview, token=token, filename=filename, names=names,
               columns=ff.COLUMN_LABELS, record_columns=ff.RECORD_COLUMNS, count_columns=ff.COUNT_COLUMNS,
               errors=[{"row": e.row, "column": e.column, "label": ff.COLUMN_LABELS.get(e.column or "", ""),
                        "message": e.message} for e in (result.errors if result else [])])
    return render(request, "followup/import.html", ctx)


def _preview(header: list[str], rows: list[list[str]]) -> dict:
    names = [h.strip().lstrip("\ufeff") for h in header]
    shown = [n for n in ("intervention", "code", "gender", "start", "end", "end_reason", "period", "kvinna",
                         "man", "annat", "antal") if n in names]
    index = [names.index(n) for n in shown]
    return {"columns": [(n, ff.COLUMN_LABELS.get(n, n)) for n in shown],
            "rows": [[r[i] if i < len(r) else "" for i in index] for r in rows[:PREVIEW_ROWS]],
            "more": max(0, len(rows) - PREVIEW_ROWS)}


@requires("followup.edit")
def import_template(request, slug, kind):
    """An empty file with the format's header (records or counts), for the provider to fill in."""
    if kind not in ("deltagarposter", "antal"):
        raise Http404("Okänd mall")
    header = list(ff.RECORD_COLUMNS if kind == "deltagarposter" else ff.COUNT_COLUMNS)
    response = HttpResponse(write_csv(header, []), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="uppfoljning-{kind}-mall.csv"'
    return response


@requires("followup.configure")
@require_http_methods(["GET", "POST"])
def identified_setup(request, slug, iv_slug):
    ctx = _ctx(request)
    identity = get_object_or_404(Intervention, association=request.association, slug=iv_slug)
    if identity.follow_up != "identified":
        raise Http404("Insatsen har inte identifierad uppföljning")
    members = list(Member.objects.filter(association=request.association).order_by("name"))
    form = IdentifiedSetupForm(request.POST or None, members=[(m.slug, m.name) for m in members])
    setup = identified_setup_of(identity)
    refusal = None
    if request.method == "POST" and "switch_on" in request.POST:
        form = IdentifiedSetupForm(members=[(m.slug, m.name) for m in members])
        try:
            services.identified_switch_on(actor=request.user, association=request.association, intervention=identity)
        except ValidationError as exc:
            refusal = " ".join(exc.messages)
        else:
            messages.success(request, "Identifierad uppföljning är påslagen för insatsen.")
            return redirect("followup_identified", slug, iv_slug)
    elif request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        controller = next((m for m in members if m.slug == d["controller"]), None)
        try:
            services.identified_setup_save(actor=request.user, association=request.association, intervention=identity,
                                           controller=controller, agreement_reference=d["agreement_reference"],
                                           agreement_signed_on=d["agreement_signed_on"],
                                           expected_revision=d.get("revision"))
        except ValidationError as exc:
            _refuse(form, exc)
        else:
            messages.success(request, "Uppgifterna om identifierad uppföljning är sparade.")
            return redirect("followup_identified", slug, iv_slug)
    if not form.is_bound and setup is not None:
        form.initial.update(controller=setup.controller.slug if setup.controller else "",
                            agreement_reference=setup.agreement_reference or "",
                            agreement_signed_on=setup.agreement_signed_on, revision=setup.revision)
    ctx.update(identity=identity, name=_name(ctx["data"], iv_slug), form=form, setup=setup, refusal=refusal,
               conflict_rows=_conflict_rows(form))
    return render(request, "followup/identified.html", ctx)


@requires("users.manage")
@require_http_methods(["GET", "POST"])
def assignments(request, slug):
    ctx = _ctx(request)
    ivs = list(Intervention.objects.filter(association=request.association).order_by("slug"))
    names = {iv.id: iv.name for iv in ctx["data"].interventions} if ctx["data"] else {}
    choices = [(iv.slug, names.get(iv.slug, iv.slug)) for iv in ivs if iv.follow_up in fu.MODES]
    people = scoped_memberships(association=request.association)
    if request.method == "POST":
        try:
            user_id = int(request.POST.get("user", ""))
        except ValueError:
            raise Http404("Okänd person") from None
        membership = next((m for m in people if m.user_id == user_id), None)
        if membership is None:
            raise Http404("Okänd person")
        form = AssignmentForm(request.POST, choices=choices)
        if form.is_valid():
            chosen = [iv for iv in ivs if iv.slug in form.cleaned_data["interventions"]]
            try:
                assignment_set(actor=request.user, association=request.association, user=membership.user,
                               interventions=chosen)
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                who = membership.user.get_full_name() or membership.user.username
                messages.success(request, f"Tilldelningen för {who} är sparad.")
            return redirect("followup_assignments", slug)
    current = assignments_in(association=request.association)
    by_pk = {iv.pk: iv.slug for iv in ivs}
    rows = []
    for m in people:
        form = AssignmentForm(choices=choices, prefix=f"u{m.user_id}",
                              initial={"interventions": [by_pk[i] for i in current.get(m.user_id, ())]})
        rows.append({"membership": m, "form": form,
                     "name": m.user.get_full_name() or m.user.username})
    ctx.update(rows=rows, choices=choices)
    return render(request, "followup/assignments.html", ctx)


def _goal_owner(ctx, owner: str) -> tuple[Intervention | None, tuple[p.Goal, ...], str]:
    data = ctx["data"]
    if data is None:
        raise Http404("Ingen plan")
    if owner == "forbundet":
        return None, data.plan.goals, data.association.name
    iv = next((x for x in data.interventions if x.id == owner), None)
    if iv is None:
        raise Http404("Insatsen finns inte i planen")
    identity = get_object_or_404(Intervention, association=ctx["association"], slug=owner)
    return identity, iv.goals, iv.name


@requires("plan.edit")
@require_http_methods(["GET", "POST"])
def goal_measure(request, slug, owner, key):
    """How one goal is computed from follow-up (for goals the plan file cannot express)."""
    ctx = _ctx(request)
    identity, goals, owner_name = _goal_owner(ctx, owner)
    goal = next((g for g in goals if fu.goal_key(g.text) == key), None)
    if goal is None:
        raise Http404("Målet finns inte")
    stored = goal_measure_for(plan=ctx["plan"], owner=identity.slug if identity else None, text=goal.text)
    form = GoalMeasureForm(request.POST or None)
    back = reverse("goals", args=[slug]) + ctx["plan_query"]
    if request.method == "POST" and "forget" in request.POST:
        if stored is not None:
            services.goal_measure_delete(actor=request.user, association=request.association, measure=stored)
            messages.success(request, "Målet beräknas nu enligt planens indikator.")
        return redirect(back)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_measure_save(actor=request.user, association=request.association, plan=ctx["plan"],
                                       owner=identity, goal_text=goal.text, measure=form.measure(),
                                       expected_revision=form.cleaned_data.get("revision"))
        except ValidationError as exc:
            _refuse(form, exc)
        else:
            messages.success(request, "Mätningen av målet är sparad.")
            return redirect(back)
    if not form.is_bound:
        current = measure_from(stored) if stored else fu.measure_of(goal)
        if current is not None:
            form.initial.update(GoalMeasureForm.initial_for(current))
        if stored is not None:
            form.initial["revision"] = stored.revision
    ctx.update(goal=goal, owner_name=owner_name, form=form, stored=stored, back=back,
               conflict_rows=_conflict_rows(form))
    return render(request, "followup/goal_measure.html", ctx)



# ---------------------------------------------------------------- identified follow-up

_PERSONAL = ("personal_number", "name")


def _identity_context(request, iv_slug, code):
    """The intervention and enrolment of an identity page: 404 unless the person is an
    officer assigned to it (the decorator has already refused other roles)."""
    ctx = _ctx(request)
    iv = intervention_for_followup(user=request.user, association=request.association, slug=iv_slug,
                                   action="participant.identity.read")
    enrolment = get_object_or_404(Enrolment, association=request.association, intervention=iv, code=code)
    setup = identified_setup_of(iv)
    ctx.update(identity=iv, name=_name(ctx["data"], iv_slug), enrolment=enrolment,
               switched_on=iv.follow_up == "identified" and bool(setup and setup.switched_on_at),
               has_identity=Identity.objects.filter(enrolment=enrolment).exists(),
               consent=Consent.objects.filter(enrolment=enrolment).first())
    return ctx


@requires("participant.identity.read")
@recent_auth_required
@sensitive_post_parameters(*_PERSONAL)
@require_http_methods(["GET", "POST"])
def identity_page(request, slug, iv_slug, code):
    """Register an enrolment's identity and consent, or open it after stating why."""
    ctx = _identity_context(request, iv_slug, code)
    enrolment = ctx["enrolment"]
    form = IdentityForm(initial={"consent_version": settings.SAMORDNA_CONSENT_VERSION})
    purpose_form = PurposeForm()
    if request.method == "POST" and request.POST.get("do") == "open":
        purpose_form = PurposeForm(request.POST)
        if purpose_form.is_valid():
            try:
                ctx["shown"] = identities.identity_open(actor=request.user, association=request.association,
                                                        enrolment=enrolment,
                                                        purpose=purpose_form.cleaned_data["purpose"])
            except ValidationError as exc:
                _refuse(purpose_form, exc)
    elif request.method == "POST" and request.POST.get("do") == "register":
        form = IdentityForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                stored = identities.identity_register(
                    actor=request.user, association=request.association, enrolment=enrolment,
                    personal_number=d["personal_number"], name=d["name"], protected=d["protected"],
                    consent_given_on=d["consent_given_on"], consent_version=d["consent_version"])
            except ValidationError as exc:
                _refuse(form, exc)
            else:
                messages.success(request, identities.PROTECTED_MESSAGE if stored is None else
                                 f"Identitet och samtycke är registrerade för {enrolment.code}.")
                return redirect("identity_page", slug, iv_slug, code)
    ctx.update(form=form, purpose_form=purpose_form)
    response = render(request, "followup/identity.html", ctx)
    response["Cache-Control"] = "no-store"
    return response


@requires("participant.identity.read")
@recent_auth_required
@sensitive_post_parameters(*_PERSONAL)
@require_http_methods(["GET", "POST"])
def identity_search(request, slug, iv_slug):
    """Find an intervention's enrolments of one person by number (logged with its purpose)."""
    ctx = _ctx(request)
    iv = intervention_for_followup(user=request.user, association=request.association, slug=iv_slug,
                                   action="participant.identity.read")
    form = PersonSearchForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        try:
            found = identities.identity_search(actor=request.user, association=request.association, intervention=iv,
                                               personal_number=form.cleaned_data["personal_number"],
                                               purpose=form.cleaned_data["purpose"])
        except ValidationError as exc:
            _refuse(form, exc)
    ctx.update(identity=iv, name=_name(ctx["data"], iv_slug), form=form, found=found)
    response = render(request, "followup/identity_search.html", ctx)
    response["Cache-Control"] = "no-store"
    return response


_IDENTITY_ACTIONS = {
    "aterkalla": ("Registrera återkallat samtycke",
                  "Identiteten raderas; den avidentifierade deltagarposten finns kvar och räknas som förut.", False),
    "radera": ("Radera personens identitet", "Personens namn och personnummer raderas från alla deltagarposter du har "
               "tillgång till; de avidentifierade posterna finns kvar.", True),
    "utdrag": ("Registerutdrag", "Personens uppgifter i Samordna som en fil (JSON), till exempel på begäran enligt "
               "dataskyddsförordningen. Utdraget loggas.", True),
}


@requires("participant.identity.read")
@recent_auth_required
@require_http_methods(["GET", "POST"])
def identity_action(request, slug, iv_slug, code, what):
    """Withdraw consent, erase or export a person's data: GET asks, POST does (logged)."""
    if what not in _IDENTITY_ACTIONS:
        raise Http404("Okänd åtgärd")
    ctx = _identity_context(request, iv_slug, code)
    if not ctx["has_identity"]:
        raise Http404("Deltagarposten har ingen identitet")
    title, explanation, needs_purpose = _IDENTITY_ACTIONS[what]
    enrolment = ctx["enrolment"]
    form = PurposeForm(request.POST or None) if needs_purpose else None
    if request.method == "POST" and (form is None or form.is_valid()):
        purpose = form.cleaned_data["purpose"] if form else ""
        try:
            if what == "utdrag":
                data = identities.identity_export(actor=request.user, association=request.association,
                                                  enrolment=enrolment, purpose=purpose)
                response = HttpResponse(data, content_type="application/json; charset=utf-8")
                response["Content-Disposition"] = f'attachment; filename="registerutdrag-{enrolment.code}.json"'
                response["Cache-Control"] = "no-store"
                return response
            if what == "radera":
                count = identities.identity_erase(actor=request.user, association=request.association,
                                                  enrolment=enrolment, purpose=purpose)
                messages.success(request, f"Identiteten är raderad från {count} deltagarposter.")
            else:
                identities.consent_withdraw(actor=request.user, association=request.association, enrolment=enrolment)
                messages.success(request, "Samtycket är återkallat och identiteten raderad.")
        except ValidationError as exc:
            if form is None:
                raise Http404(" ".join(exc.messages)) from None
            _refuse(form, exc)
        else:
            return redirect(reverse("followup_detail", args=[slug, iv_slug]) + ctx["plan_query"])
    ctx.update(title=title, explanation=explanation, form=form, what=what)
    return render(request, "followup/identity_action.html", ctx)


@requires("identity.log.read")
def identity_access_log(request, slug):
    """Every view, search, export and erasure of participants' identities (for the auditor)."""
    ctx = _ctx(request)
    rows = IdentityAccess.objects.filter(association=request.association).order_by("-at", "-pk")
    ctx["page"] = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("sida"))
    # Each intervention by its name in its latest plan year (the identity spans the years).
    names = dict(PlanIntervention.objects.filter(plan__association=request.association,
                                                 intervention_id__in={row.intervention_id for row in ctx["page"]})
                 .order_by("plan__year").values_list("intervention_id", "name"))
    for row in ctx["page"]:
        row.intervention_name = names.get(row.intervention_id, "–")
    return render(request, "followup/access_log.html", ctx)
