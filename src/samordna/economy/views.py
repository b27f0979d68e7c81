"""Pages for an association's overview, financing, budget, review and plan versions.

Views do HTTP only: each declares its action (`@requires`), parses input with a form and
calls a service; a refusal comes back as Swedish messages on the same form.
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from samordna.accounts.decorators import requires, signed_in
from samordna.accounts.selectors import associations_visible_to
from samordna.core.forms import refusal_to_form
from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab
from samordna.finsam.budget import all_figures, budget_figures, columns, cost_per_participant
from samordna.finsam.diff import plan_diff
from samordna.finsam.financing import contribution_split
from samordna.finsam.planfile import read_plan
from samordna.finsam.scenario import financing_scenario

from . import services
from .context import plan_context
from .forms import BudgetLineForm, FinancingYearForm, OpeningEquityForm, ScenarioForm, StageForm
from .models import BudgetEntry, BudgetLine, FinancingYear, PlanVersion
from .selectors import plan_review
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
        findings = plan_review(data)
        ctx.update(financing=f, figures=b, findings_count={
            s: sum(1 for x in findings if x.severity == s) for s in ("error", "warning", "info")},
            years=[budget_figures(plan=data, year=y) for y in data.plan.years],
            tertial_panel=tertial_panel(data=data, slug=slug, plan_query=ctx["plan_query"],
                                        today=timezone.localdate()))
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
    if ctx["data"] is not None:
        ctx.update(_budget_table(ctx["data"]))
        ctx["per_participant"] = [
            (c, cost_per_participant(c)) for c in
            budget_figures(plan=ctx["data"], year=ctx["data"].plan.year).interventions
            if c.participants]
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


@requires("plan.read")
def review_page(request, slug):
    ctx = _ctx(request)
    if ctx["data"] is not None:
        ctx["findings"] = plan_review(ctx["data"])
    return render(request, "economy/review.html", ctx)


def _names(data: p.Plan) -> dict[str, str]:
    """Ids in a plan and what people call them, for showing where a change is."""
    names = {m.id: m.name for m in data.members}
    names |= {iv.id: iv.name for iv in data.interventions}
    names |= {x.id: x.label for e in data.budget for x in (*e.revenue, *e.costs)}
    return names


@requires("plan.read")
def plan_versions(request, slug):
    """The kept versions of the chosen plan, the form to move it on, and a comparison."""
    ctx = _ctx(request, data=False)
    plan = ctx["plan"]
    if plan is None:
        return render(request, "economy/versions.html", ctx)
    versions = list(plan.versions.order_by("-number"))
    changes = None
    a, b = request.GET.get("fran"), request.GET.get("till")
    if a and b:
        try:
            old = get_object_or_404(PlanVersion, plan=plan, number=int(a))
            new = get_object_or_404(PlanVersion, plan=plan, number=int(b))
        except ValueError:
            raise Http404("Okänd version") from None
        before, after = read_plan(old.snapshot)[0], read_plan(new.snapshot)[0]
        changes = plan_diff(before, after)
        ctx.update(old=old, new=new, names=_names(before) | _names(after))
    ctx.update(versions=versions, changes=changes,
               stage_form=StageForm(stage=plan.stage, initial={"revision": plan.revision}),
               stage_names=services.STAGE_NAMES)
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
