"""Pages for an association's overview, financing, budget, review and plan versions.

Views do HTTP only: each declares its action (`@requires`), parses input with a form and
calls a service; a refusal comes back as Swedish messages on the same form.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from samordna.accounts.decorators import requires, signed_in
from samordna.accounts.permissions import actions_of
from samordna.accounts.selectors import associations_visible_to
from samordna.core.forms import refusal_to_form
from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab
from samordna.finsam.budget import all_figures, budget_figures, columns, cost_per_participant
from samordna.finsam.financing import contribution_split
from samordna.finsam.planfile import read_plan
from samordna.finsam.scenario import financing_scenario

from . import services
from .context import plan_context, plan_fragment
from .forms import (
    AdoptForm,
    BudgetLineForm,
    BudgetRowForm,
    FinancingYearForm,
    FindingAckForm,
    OpeningEquityForm,
    PlanFirstForm,
    PlanNextForm,
    ScenarioForm,
    StageForm,
    StatedForm,
)
from .models import BudgetEntry, BudgetLine, FinancingYear, FindingAck, PlanVersion
from .selectors import plan_data_cached, plan_review
from .tertial_context import follow_up_url, tertial_panel

COLUMN_NAMES = vocab.lower(vocab.COLUMNS)


def _ctx(request, **kwargs) -> dict:
    return plan_context(request, request.association, request.membership, **kwargs)


@signed_in
def association_list(request):
    rows = associations_visible_to(request.user)
    return render(request, "economy/association_list.html", {"rows": rows})


@requires("association.read")
def overview(request, slug):
    ctx = _ctx(request)
    data = ctx["data"]
    if data:
        f = contribution_split(plan=data, year=data.plan.year)
        b = budget_figures(plan=data, year=data.plan.year)
        findings, _handled = _open_and_handled(data, ctx["plan"])
        ctx.update(financing=f, figures=b, findings_count={
            s: sum(1 for x in findings if x.severity == s) for s in ("error", "warning", "info")},
            years=[budget_figures(plan=data, year=y) for y in data.plan.years],
            tertial_panel=tertial_panel(data=data, slug=slug, plan_query=ctx["plan_query"],
                                        today=timezone.localdate()))
    if ctx["plan"] is not None:
        ctx["next_plan_exists"] = any(x.year == ctx["plan"].year + 1 for x in ctx["plans"])
    return render(request, "economy/overview.html", ctx)


@requires("financing.read")
def financing(request, slug):
    ctx = _ctx(request)
    data = ctx["data"]
    if data is None:
        return render(request, "economy/financing.html", ctx)
    years = sorted(f.year for f in data.financing)
    splits = [contribution_split(plan=data, year=y) for y in years]
    rows = [{"member": m, "cells": [s.member(m.id) for s in splits]} for m in data.members]
    parties = [(party, [getattr(s, k) for s in splits]) for k, party in vocab.PARTIES.items()]
    scenarios = [s for s in (financing_scenario(plan=data, year=y) for y in years) if s]

    # The what-if tool: offers typed into the form replace the plan's offers for one year.
    what_if = None
    scenario_year = request.GET.get("ar")
    form = ScenarioForm(request.GET or None, members=[
        m for m in ctx["association"].members.filter(plan_members__plan=ctx["plan"])
        if m.kind in (p.REGION, p.KOMMUN)])
    if scenario_year and form.is_valid():
        try:
            year = int(scenario_year)
        except ValueError:
            year = None
        fy = data.financing_for(year) if year else None
        if fy is None:
            form.add_error(None, "Välj ett år som har finansiering.")
        else:
            offers = {m.slug: form.cleaned_data[f"offer_{m.slug}"] for m in form.members
                      if form.cleaned_data.get(f"offer_{m.slug}") is not None}
            trial = replace(data, financing=tuple(
                replace(x, state_offer=form.cleaned_data["state_offer"], offers=offers)
                if x.year == year else x for x in data.financing))
            what_if = financing_scenario(plan=trial, year=year)
            if what_if is None:
                form.add_error(None, "Ange minst ett erbjudande.")
    ctx.update(years=years, splits=splits, rows=rows, parties=parties, scenarios=scenarios,
               scenario_form=form, what_if=what_if, scenario_year=scenario_year,
               names={m.id: m.name for m in data.members})
    return render(request, "economy/financing.html", ctx)


@requires("financing.edit")
@require_http_methods(["GET", "POST"])
def financing_edit(request, slug, year):
    ctx = _ctx(request, data=False)
    if ctx["plan"] is None:
        raise Http404("Ingen plan")
    fy = get_object_or_404(FinancingYear, plan=ctx["plan"], year=year)
    members = [pm.member for pm in ctx["plan"].plan_members.select_related("member")]
    if request.method == "POST":
        form = FinancingYearForm(request.POST, members=members)
        if form.is_valid():
            try:
                services.financing_year_update(
                    actor=request.user, association=request.association, plan=ctx["plan"],
                    year=year, state=form.cleaned_data["state"],
                    status=form.cleaned_data["status"],
                    population_date=form.cleaned_data["population_date"],
                    explicit={m.slug: form.cleaned_data[f"member_{m.slug}"] for m in members},
                    expected_revision=form.cleaned_data["revision"])
            except ValidationError as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(request, f"Medlemsbidragen {year} är sparade.")
                return redirect(reverse("financing", args=[slug]) + ctx["plan_query"])
    else:
        form = FinancingYearForm(initial=FinancingYearForm.initial_for(fy), members=members)
    ctx.update(form=form, year=year)
    return render(request, "economy/financing_edit.html", ctx)


def _budget_table(data: p.Plan) -> dict:
    figures = all_figures(data)
    revenue_ids: dict[str, str] = {}
    cost_ids: dict[str, str] = {}
    for b in figures:
        for line in b.revenue_lines:
            revenue_ids.setdefault(line.id, line.label)
        for line in b.cost_lines:
            cost_ids.setdefault(line.id, line.label)

    def line_cells(ids, attr):
        return [{"id": i, "label": label,
                 "cells": [next((x.amount for x in getattr(b, attr) if x.id == i), None)
                           for b in figures]} for i, label in ids.items()]

    def iv_cells(iv):  # a column from a tertial has its own intervention figures
        return [next((c.amount for c in b.interventions if c.id == iv.id), None) for b in figures]

    interventions = [{"id": iv.id, "label": iv.name, "cells": iv_cells(iv)}
                     for iv in data.interventions if any(a is not None for a in iv_cells(iv))]
    return {"figures": figures, "revenue_rows": line_cells(revenue_ids, "revenue_lines"),
            "cost_rows": line_cells(cost_ids, "cost_lines"),
            "intervention_rows": interventions, "column_names": COLUMN_NAMES}


@requires("budget.read")
def budget(request, slug):
    ctx = _ctx(request)
    data = ctx["data"]
    if data is not None:
        # The tables are the plan version's alone (and the two permissions they ask about):
        # rendered once per version, not on every request (economy.context.plan_fragment).
        can = actions_of(request.membership.role)
        flags = {"budget_edit": can["budget_edit"], "intervention_edit": can["intervention_edit"]}
        ctx["budget_table"] = plan_fragment(
            data, "economy/_budget_table.html", (slug, ctx["plan_query"], *flags.values()),
            lambda: {**_budget_table(data), "can": flags, "association": {"slug": slug},
                     "plan_query": ctx["plan_query"]})
        ctx["per_participant_table"] = plan_fragment(
            data, "economy/_budget_per_participant.html", (), lambda: {
                "year": data.plan.year,
                "per_participant": [(c, cost_per_participant(c)) for c in
                                    budget_figures(plan=data, year=data.plan.year).interventions
                                    if c.participants]})
        ctx["tertial_panel"] = tertial_panel(data=ctx["data"], slug=slug,
                                             plan_query=ctx["plan_query"],
                                             today=timezone.localdate(), interventions=True)
    return render(request, "economy/budget.html", ctx)


def _column(ctx, year: int, column: str) -> BudgetEntry | None:
    """The stored column (None if it has no row yet: it is created on the first save)."""
    if column not in p.COLUMNS or ctx["plan"] is None:
        raise Http404("Okänd kolumn")
    if (year, column) not in set(columns(ctx["data"])):
        raise Http404("Planen har ingen sådan budgetkolumn")
    return BudgetEntry.objects.filter(plan=ctx["plan"], year=year, column=column).first()


@requires("budget.edit")
@require_http_methods(["GET", "POST"])
def budget_entry_edit(request, slug, year, column):
    ctx = _ctx(request)
    if ctx["data"] is not None:  # …/budget/2022/forecast/ means the year's tertial follow-up
        follow_up = follow_up_url(plan=ctx["plan"], data=ctx["data"], slug=slug,
                                  plan_query=ctx["plan_query"], year=year, column=column,
                                  today=timezone.localdate())
        if follow_up:
            return redirect(follow_up)
    entry = _column(ctx, year, column)
    if request.method == "POST":
        form = OpeningEquityForm(request.POST)
        if form.is_valid():
            try:
                services.budget_entry_update(
                    actor=request.user, association=request.association, plan=ctx["plan"],
                    year=year, column=column, opening_equity=form.cleaned_data["opening_equity"],
                    deficit_justification=form.cleaned_data["deficit_justification"],
                    expected_revision=form.cleaned_data["revision"])
            except ValidationError as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(request, f"{COLUMN_NAMES[column].capitalize()} {year} är sparad.")
                return redirect(reverse("budget", args=[slug]) + ctx["plan_query"])
    else:
        form = OpeningEquityForm(initial={
            "opening_equity": entry.opening_equity if entry else None,
            "deficit_justification": entry.deficit_justification if entry else None,
            "revision": entry.revision if entry else None})
    ctx.update(form=form, entry=entry, year=year, column=column, column_name=COLUMN_NAMES[column])
    return render(request, "economy/budget_entry_edit.html", ctx)


def _side(side: str) -> str:
    if side not in ("revenue", "cost"):
        raise Http404("Okänd sida")
    return side


@requires("budget.edit")
@require_http_methods(["GET", "POST"])
def budget_line_edit(request, slug, year, column, side, line_slug=None):
    ctx = _ctx(request)
    _side(side)
    entry = _column(ctx, year, column)
    line = None
    if line_slug:
        line = get_object_or_404(BudgetLine, entry=entry, side=side, slug=line_slug) if entry \
            else None
        if line is None:
            raise Http404("Raden finns inte")
    if request.method == "POST":
        form = BudgetLineForm(request.POST, side=side)
        if form.is_valid():
            d = form.cleaned_data
            try:
                saved = services.budget_line_save(
                    actor=request.user, association=request.association, plan=ctx["plan"],
                    year=year, column=column, side=side, line_slug=line_slug, label=d["label"],
                    kind=d["kind"], amount=d["amount"], note=d["note"], admin=d.get("admin"),
                    expected_revision=d["revision"])
            except ValidationError as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(request, f"Raden ”{saved.label}” är sparad.")
                return redirect(reverse("budget", args=[slug]) + ctx["plan_query"])
    else:
        form = BudgetLineForm(initial=BudgetLineForm.initial_for(line) if line else None, side=side)
    ctx.update(form=form, entry=entry, line=line, side=side, year=year, column=column,
               column_name=COLUMN_NAMES[column])
    return render(request, "economy/budget_line_edit.html", ctx)


@requires("budget.edit")
@require_http_methods(["GET", "POST"])
def budget_line_delete(request, slug, year, column, side, line_slug):
    """GET asks for confirmation; POST removes the line (and the change log keeps it)."""
    ctx = _ctx(request)
    _side(side)
    entry = _column(ctx, year, column)
    line = get_object_or_404(BudgetLine, entry=entry, side=side, slug=line_slug) if entry else None
    if line is None:
        raise Http404("Raden finns inte")
    back = reverse("budget", args=[slug]) + ctx["plan_query"]
    if request.method == "POST":
        try:
            services.budget_line_delete(actor=request.user, association=request.association,
                                        plan=ctx["plan"], year=year, column=column, side=side,
                                        line_slug=line_slug)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Raden ”{line.label}” är borttagen ur "
                                      f"{COLUMN_NAMES[column]} {year}.")
        return redirect(back)
    ctx.update(what=f"raden ”{line.label}” ur {COLUMN_NAMES[column]} {year}", back=back,
               consequence="Raden försvinner ur budgeten. Ändringsloggen behåller vad den innehöll.")
    return render(request, "core/confirm_delete.html", ctx)


def _open_and_handled(data, plan) -> tuple[list, list]:
    """The review's findings still open, and those marked as handled with their mark."""
    findings = plan_review(data, plan)
    acks = {a.key: a for a in FindingAck.objects.filter(plan=plan)}
    return ([f for f in findings if f.key not in acks],
            [(f, acks[f.key]) for f in findings if f.key in acks])


def _finding_fix(f, slug: str, plan_query: str, can: dict) -> tuple[str, str] | None:
    """Where a finding can be put right in the app: (link, text), or None."""
    if f.code in ("sum", "equity_as_revenue") and f.year and can.get("budget_edit"):
        if f.subject == "financing":
            if can.get("financing_edit"):
                return (reverse("financing_edit", args=[slug, f.year]) + plan_query,
                        "Ändra medlemsbidragen")
            return None
        column = f.subject.split(".")[0]
        if column in p.COLUMNS:
            return (reverse("budget_stated", args=[slug, f.year, column]) + plan_query,
                    "Ändra eller ta bort den angivna summan")
    return None


@requires("plan.read")
def review_page(request, slug):
    ctx = _ctx(request)
    if ctx["data"] is not None:
        open_, handled = _open_and_handled(ctx["data"], ctx["plan"])
        can = actions_of(request.membership.role)
        ctx["findings"] = [(f, _finding_fix(f, slug, ctx["plan_query"], can))
                           for f in open_]
        ctx["handled"] = handled
    return render(request, "economy/review.html", ctx)


def _names(data: p.Plan) -> dict[str, str]:
    """Ids in a plan and what people call them, for showing where a change is."""
    names = {m.id: m.name for m in data.members}
    names |= {iv.id: iv.name for iv in data.interventions}
    names |= {x.id: x.label for e in data.budget for x in (*e.revenue, *e.costs)}
    return names


@requires("plan.read")
def plan_versions(request, slug):
    """The kept versions of the chosen plan and the way on: consultation, adoption, revision."""
    ctx = _ctx(request, data=False)
    plan = ctx["plan"]
    if plan is None:
        return render(request, "economy/versions.html", ctx)
    ctx.update(versions=list(plan.versions.order_by("-number")),
               stage_form=StageForm(stage=plan.stage, initial={"revision": plan.revision}),
               stage_buttons=[s for s in services.STAGE_NEXT[plan.stage] if s != "adopted"],
               can_adopt="adopted" in services.STAGE_NEXT[plan.stage],
               stage_order=services.STAGE_ORDER,
               next_plan_exists=any(x.year == plan.year + 1 for x in ctx["plans"]))
    return render(request, "economy/versions.html", ctx)


@requires("plan.adopt")
@require_POST
def plan_stage(request, slug):
    ctx = _ctx(request, data=False)
    plan = ctx["plan"]
    if plan is None:
        raise Http404("Ingen plan")
    form = StageForm(request.POST, stage=plan.stage)
    back = reverse("plan_versions", args=[slug]) + ctx["plan_query"]
    if form.is_valid():
        try:
            services.plan_stage_set(actor=request.user, association=request.association,
                                    plan=plan, expected_revision=form.cleaned_data["revision"],
                                    **{k: form.cleaned_data[k] for k in
                                       ("stage", "adopted_on", "adopted_by", "reference")})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Planen {plan.year} är nu "
                                      f"{services.STAGE_NAMES[form.cleaned_data['stage']]}.")
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(back)


# ---------------------------------------------------------------- a new plan


@requires("plan.create")
@require_http_methods(["GET", "POST"])
def plan_new(request, slug):
    """Next year's plan from one of the association's plans, or its first plan."""
    from django.utils import timezone

    ctx = _ctx(request, data=False)
    plans = ctx["plans"]
    years = {x.year for x in plans}
    sources = [x.year for x in plans if x.year + 1 not in years]
    first = not plans
    if first:
        form_class, kwargs = PlanFirstForm, {}
        initial = {"year": timezone.localdate().year + 1, "plan_years": 2}
    else:
        form_class, kwargs = PlanNextForm, {"years": sources}
        chosen = ctx["plan"].year if ctx["plan"] and ctx["plan"].year in sources else None
        initial = {"from_year": chosen or (sources[0] if sources else None)}
    form = form_class(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid() and (first or sources):
        d = form.cleaned_data
        try:
            if first:
                created = services.plan_create_first(
                    actor=request.user, association=request.association, year=d["year"],
                    plan_years=d["plan_years"])
            else:
                source = next(x for x in plans if x.year == d["from_year"])
                created = services.plan_create_next(
                    actor=request.user, association=request.association, from_plan=source,
                    index=d["index"])
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, f"Verksamhetsplanen {created.year} är skapad som förslag.")
            return redirect(reverse("overview", args=[slug]) + f"?plan={created.year}")
    ctx.update(form=form, first=first, sources=sources,
               members=request.association.members.order_by("position", "id"))
    return render(request, "economy/plan_new.html", ctx)


# ---------------------------------------------------------------- adoption and versions


@requires("plan.adopt")
@require_http_methods(["GET", "POST"])
def plan_adopt(request, slug):
    """Adopt the chosen plan: the decision's date, body and reference; the review then
    reports a late adoption or one before the consultation (FINSAM B12), it does not refuse."""
    from django.utils import timezone

    ctx = _ctx(request, data=False)
    plan = ctx["plan"]
    if plan is None:
        raise Http404("Ingen plan")
    if "adopted" not in services.STAGE_NEXT[plan.stage]:
        ctx["not_possible"] = True
        return render(request, "economy/plan_adopt.html", ctx)
    today = timezone.localdate()
    form = AdoptForm(request.POST or None, today=today, initial={
        "adopted_by": plan.adopted_by or "Styrelsen", "reference": plan.reference,
        "revision": plan.revision})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.plan_stage_set(actor=request.user, association=request.association,
                                    plan=plan, stage="adopted", adopted_on=d["adopted_on"],
                                    adopted_by=d["adopted_by"], reference=d["reference"],
                                    expected_revision=d["revision"])
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            plan.refresh_from_db()
            messages.success(request, f"Verksamhetsplanen {plan.year} är fastställd "
                                      f"{d['adopted_on']} av {d['adopted_by']}.")
            for f in plan_review(plan_data_cached(plan), plan):
                if f.code in ("adoption", "consultation"):
                    messages.warning(request, f"Granskningen: {f.message}")
            return redirect(reverse("plan_versions", args=[slug]) + ctx["plan_query"])
    ctx.update(form=form, deadline=f"{plan.year - 1}-11-30")
    return render(request, "economy/plan_adopt.html", ctx)


def _version_of(plan, number: str | None) -> PlanVersion:
    try:
        return get_object_or_404(PlanVersion, plan=plan, number=int(number or ""))
    except ValueError:
        raise Http404("Okänd version") from None


@requires("plan.read")
def plan_compare(request, slug):
    """Two kept versions of the chosen plan, line by line."""
    from samordna.finsam.compare import plan_compare as compare

    ctx = _ctx(request, data=False)
    plan = ctx["plan"]
    if plan is None:
        raise Http404("Ingen plan")
    versions = list(plan.versions.order_by("-number"))
    if len(versions) < 2:
        ctx.update(versions=versions, comparison=None)
        return render(request, "economy/plan_compare.html", ctx)
    old = _version_of(plan, request.GET.get("fran") or str(versions[1].number))
    new = _version_of(plan, request.GET.get("till") or str(versions[0].number))
    before, after = read_plan(old.snapshot)[0], read_plan(new.snapshot)[0]
    comparison = compare(before, after)
    ctx.update(versions=versions, old=old, new=new, comparison=comparison,
               names=_names(before) | _names(after),
               sections=[("Medlemsbidrag per medlem", comparison.financing),
                         ("Budget", comparison.budget),
                         ("Insatsernas belopp", comparison.interventions)])
    return render(request, "economy/plan_compare.html", ctx)


# ---------------------------------------------------------------- budget rows in the table


def _row_cells(ctx) -> list[tuple[int, str]]:
    """The columns a row is edited in: every column of the table but an outcome without budget."""
    return [(b.year, b.column) for b in all_figures(ctx["data"])
            if b.column != "outcome" or b.has_budget]


def _row_lines(plan, side: str, line_slug: str) -> dict:
    return {(x.entry.year, x.entry.column): x for x in
            BudgetLine.objects.filter(entry__plan=plan, side=side, slug=line_slug)
            .select_related("entry")}


def _table_ctx(request, ctx) -> dict:
    ctx.update(_budget_table(ctx["data"]))
    ctx["edit_cells"] = set(_row_cells(ctx))
    return ctx


@requires("budget.edit")
@require_http_methods(["GET", "POST"])
def budget_row(request, slug, side, line_slug=None):
    """One row of the budget table, edited in place (htmx) or on its own page (no script).

    GET: the row as a form. POST: save through `services.budget_row_save`; in the table the
    answer is the whole table (totals move), a refusal or conflict comes back in the row.
    """
    ctx = _ctx(request)
    _side(side)
    if ctx["data"] is None:
        raise Http404("Ingen plan")
    cells = _row_cells(ctx)
    lines = _row_lines(ctx["plan"], side, line_slug) if line_slug else {}
    if line_slug and not lines:
        raise Http404("Raden finns inte")
    htmx = request.headers.get("HX-Request") == "true"
    back = reverse("budget", args=[slug]) + ctx["plan_query"]
    conflict = None
    row_id = f"row-{side}-{line_slug or 'ny'}"
    form_id = f"{row_id}-form"
    if request.GET.get("avbryt") and htmx and not line_slug:  # Escape on a new row
        ctx.update(side=side, columns=len(all_figures(ctx["data"])) + 2)
        return render(request, "economy/_budget_add_row.html", ctx)
    if request.method == "POST":
        form = BudgetRowForm(request.POST, side=side, cells=cells, form_id=form_id)
        if form.is_valid():
            try:
                saved = services.budget_row_save(
                    actor=request.user, association=request.association, plan=ctx["plan"],
                    side=side, line_slug=line_slug, label=form.cleaned_data["label"],
                    kind=form.cleaned_data["kind"], amounts=form.amounts(),
                    revisions=form.revisions())
            except ValidationError as exc:
                refusal_to_form(form, exc)
                conflict = getattr(form, "conflict", None)
            else:
                messages.success(request, f"Raden ”{form.cleaned_data['label']}” är sparad.")
                if htmx:
                    ctx = _table_ctx(request, _ctx(request))
                    ctx["focus_row"] = f"row-{side}-{saved}"
                    return render(request, "economy/_budget_table.html", ctx)
                return redirect(back + f"#row-{side}-{saved}")
        if conflict is not None:  # show the row as it is now, keep what the person typed
            fresh = BudgetRowForm.initial_for(_row_lines(ctx["plan"], side, line_slug))
            data = request.POST.copy()
            for name, value in fresh.items():
                if name.startswith("rev_"):
                    data[name] = value
            form = BudgetRowForm(data, side=side, cells=cells, form_id=form_id)
            form.is_valid()
            for message in conflict.messages:
                form.add_error(None, message)
            conflict = {"current": fresh, "by": conflict.by}
    else:
        form = BudgetRowForm(initial=BudgetRowForm.initial_for(lines) if lines else None,
                             side=side, cells=cells, form_id=form_id)
    figures = all_figures(ctx["data"])
    editable = set(cells)
    ctx.update(form=form, side=side, line_slug=line_slug, cells=cells, back=back,
               conflict=conflict, row_id=row_id, form_id=form_id,
               amount_cells=[form[form.amount_name(b.year, b.column)]
                             if (b.year, b.column) in editable else None for b in figures],
               post_url=(reverse("budget_row", args=[slug, side, line_slug]) if line_slug
                         else reverse("budget_row_new", args=[slug, side])) + ctx["plan_query"])
    if htmx:
        response = render(request, "economy/_budget_row_form.html", ctx)
        if request.method == "POST":  # the refusal goes back into the row, not the table
            response["HX-Retarget"] = f"#{ctx['row_id']}"
            response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "economy/budget_row.html", ctx)


@requires("budget.read")
def budget_row_show(request, slug, side, line_slug):
    """The row as the table shows it (Escape or Avbryt in the table puts it back)."""
    ctx = _ctx(request)
    _side(side)
    if ctx["data"] is None:
        raise Http404("Ingen plan")
    _table_ctx(request, ctx)
    rows = ctx["revenue_rows"] if side == "revenue" else ctx["cost_rows"]
    row = next((r for r in rows if r["id"] == line_slug), None)
    if row is None:
        raise Http404("Raden finns inte")
    ctx.update(r=row, side=side, focus=True)
    return render(request, "economy/_budget_row.html", ctx)


@requires("budget.edit")
@require_http_methods(["GET", "POST"])
def budget_row_delete(request, slug, side, line_slug):
    """GET asks for confirmation; POST removes the row from every year and column."""
    ctx = _ctx(request)
    _side(side)
    if ctx["plan"] is None:
        raise Http404("Ingen plan")
    lines = _row_lines(ctx["plan"], side, line_slug)
    if not lines:
        raise Http404("Raden finns inte")
    label = next(iter(lines.values())).label
    back = reverse("budget", args=[slug]) + ctx["plan_query"]
    if request.method == "POST":
        try:
            n = services.budget_row_delete(actor=request.user, association=request.association,
                                           plan=ctx["plan"], side=side, line_slug=line_slug)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Raden ”{label}” är borttagen ur budgeten ({n} kolumner).")
        return redirect(back)
    names = ", ".join(f"{COLUMN_NAMES[c]} {y}" for y, c in lines)
    ctx.update(what=f"raden ”{label}”", back=back,
               consequence=f"Raden försvinner ur budgeten i alla kolumner där den finns ({names}). "
                           f"Ändringsloggen behåller vad den innehöll.")
    return render(request, "core/confirm_delete.html", ctx)


@requires("budget.edit")
@require_http_methods(["GET", "POST"])
def budget_stated_edit(request, slug, year, column):
    """Change or clear the totals a column states (they came from an imported document)."""
    ctx = _ctx(request)
    entry = _column(ctx, year, column)
    back = reverse("review", args=[slug]) + ctx["plan_query"]
    if request.method == "POST":
        form = StatedForm(request.POST)
        if form.is_valid():
            try:
                services.budget_stated_set(
                    actor=request.user, association=request.association, plan=ctx["plan"],
                    year=year, column=column,
                    stated={k: form.cleaned_data[k] for k in p.STATED_KEYS},
                    expected_revision=form.cleaned_data["revision"])
            except ValidationError as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(request, f"De angivna summorna för {COLUMN_NAMES[column]} {year} "
                                          f"är sparade.")
                return redirect(back)
    else:
        stated = entry.stated if entry else {}
        form = StatedForm(initial={**{k: Decimal(v) for k, v in stated.items()},
                                   "revision": entry.revision if entry else None})
    figures = budget_figures(plan=ctx["data"], year=year, column=column)
    computed = {"revenue": figures.revenue, "costs": figures.costs, "result": figures.result,
                "closing_equity": figures.closing_equity}
    ctx.update(form=form, year=year, column=column, column_name=COLUMN_NAMES[column],
               entry=entry, back=back,
               rows=[(form[k], computed[k]) for k in p.STATED_KEYS])
    return render(request, "economy/budget_stated.html", ctx)


# ---------------------------------------------------------------- handled findings


@requires("review.handle")
@require_http_methods(["GET", "POST"])
def finding_handle(request, slug):
    """Mark a finding as handled with a comment (GET: the form for ?nyckel=…)."""
    ctx = _ctx(request)
    if ctx["data"] is None:
        raise Http404("Ingen plan")
    back = reverse("review", args=[slug]) + ctx["plan_query"]
    findings = {f.key: f for f in plan_review(ctx["data"], ctx["plan"])}
    if request.method == "POST":
        form = FindingAckForm(request.POST)
        if form.is_valid():
            try:
                services.finding_ack(actor=request.user, association=request.association,
                                     plan=ctx["plan"], key=form.cleaned_data["key"],
                                     comment=form.cleaned_data["comment"])
            except ValidationError as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(request, "Iakttagelsen är markerad som hanterad.")
                return redirect(back + "#hanterade")
        key = request.POST.get("key", "")
    else:
        key = request.GET.get("nyckel", "")
        ack = FindingAck.objects.filter(plan=ctx["plan"], key=key).first()
        form = FindingAckForm(initial={"key": key, "comment": ack.comment if ack else ""})
    finding = findings.get(key)
    if finding is None and not form.errors:
        raise Http404("Iakttagelsen finns inte i granskningen")
    ctx.update(form=form, finding=finding, back=back)
    return render(request, "economy/finding_handle.html", ctx)


@requires("review.handle")
@require_POST
def finding_reopen(request, slug):
    ctx = _ctx(request, data=False)
    if ctx["plan"] is None:
        raise Http404("Ingen plan")
    try:
        services.finding_unack(actor=request.user, association=request.association,
                               plan=ctx["plan"], key=request.POST.get("key", "")[:300])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Iakttagelsen är öppen igen.")
    return redirect(reverse("review", args=[slug]) + ctx["plan_query"])
