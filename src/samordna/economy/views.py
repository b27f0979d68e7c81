"""Pages for an association's overview, financing, budget and review. Views do HTTP only."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from samordna.core.permissions import association_for_view
from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab
from samordna.finsam.budget import all_figures, budget_figures, columns, cost_per_participant
from samordna.finsam.financing import contribution_split
from samordna.finsam.scenario import financing_scenario

from . import services
from .forms import BudgetLineForm, FinancingYearForm, OpeningEquityForm, ScenarioForm
from .models import BudgetEntry, BudgetLine, FinancingYear
from .selectors import associations_visible_to, plan_data, plan_review, plans_of

COLUMN_NAMES = vocab.lower(vocab.COLUMNS)


def _plan_context(request, association, membership) -> dict:
    """The plan chosen with ?plan=YEAR (default the latest) and its rulebook data."""
    plans = plans_of(association)
    chosen = None
    if request.GET.get("plan"):
        try:
            year = int(request.GET["plan"])
        except ValueError:
            raise Http404("Ogiltigt år") from None
        chosen = next((x for x in plans if x.year == year), None)
        if chosen is None:
            raise Http404("Planen finns inte")
    elif plans:
        chosen = plans[0]
    return {"association": association, "membership": membership, "plans": plans,
            "plan": chosen, "data": plan_data(chosen) if chosen else None,
            "can_edit": membership.can_edit,
            "plan_query": f"?plan={chosen.year}" if chosen else ""}


@login_required
def association_list(request):
    rows = associations_visible_to(request.user)
    return render(request, "economy/association_list.html", {"rows": rows})


@login_required
def overview(request, slug):
    ctx = _plan_context(request, *association_for_view(request, slug))
    data = ctx["data"]
    if data:
        f = contribution_split(plan=data, year=data.plan.year)
        b = budget_figures(plan=data, year=data.plan.year)
        findings = plan_review(data)
        ctx.update(financing=f, figures=b, findings_count={
            s: sum(1 for x in findings if x.severity == s) for s in ("error", "warning", "info")},
            years=[budget_figures(plan=data, year=y) for y in data.plan.years])
    return render(request, "economy/overview.html", ctx)


@login_required
def financing(request, slug):
    ctx = _plan_context(request, *association_for_view(request, slug))
    data = ctx["data"]
    if data is None:
        return render(request, "economy/financing.html", ctx)
    years = sorted(f.year for f in data.financing)
    splits = [contribution_split(plan=data, year=y) for y in years]
    rows = []
    for m in data.members:
        cells = [s.member(m.id) for s in splits]
        rows.append({"member": m, "cells": cells})
    parties = [(party, [getattr(s, k) for s in splits]) for k, party in vocab.PARTIES.items()]
    scenarios = [s for s in (financing_scenario(plan=data, year=y) for y in years) if s]

    # The what-if tool: offers typed into the form replace the plan's offers for one year.
    what_if = None
    scenario_year = request.GET.get("ar")
    form = ScenarioForm(request.GET or None, members=[
        m for m in ctx["association"].members.all() if m.kind in (p.REGION, p.KOMMUN)])
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


@login_required
@require_http_methods(["GET", "POST"])
def financing_edit(request, slug, year):
    association, membership = association_for_view(request, slug, edit=True)
    ctx = _plan_context(request, association, membership)
    if ctx["plan"] is None:
        raise Http404("Ingen plan")
    fy = get_object_or_404(FinancingYear, plan=ctx["plan"], year=year)
    members = list(association.members.all())
    if request.method == "POST":
        form = FinancingYearForm(request.POST, members=members)
        if form.is_valid():
            services.financing_year_update(
                financing_year=fy, state=form.cleaned_data["state"],
                status=form.cleaned_data["status"],
                population_date=form.cleaned_data["population_date"],
                explicit={m.slug: form.cleaned_data[f"member_{m.slug}"] for m in members})
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

    interventions = [{"id": iv.id, "label": iv.name,
                      "cells": [iv.amount(b.column, b.year) for b in figures]}
                     for iv in data.interventions
                     if any(iv.amount(b.column, b.year) is not None for b in figures)]
    return {"figures": figures, "revenue_rows": line_cells(revenue_ids, "revenue_lines"),
            "cost_rows": line_cells(cost_ids, "cost_lines"), "intervention_rows": interventions,
            "column_names": COLUMN_NAMES}


@login_required
def budget(request, slug):
    ctx = _plan_context(request, *association_for_view(request, slug))
    if ctx["data"] is not None:
        ctx.update(_budget_table(ctx["data"]))
        ctx["per_participant"] = [
            (c, cost_per_participant(c)) for c in
            budget_figures(plan=ctx["data"], year=ctx["data"].plan.year).interventions
            if c.participants]
    return render(request, "economy/budget.html", ctx)


def _entry(ctx, year: int, column: str) -> BudgetEntry:
    if column not in p.COLUMNS or ctx["plan"] is None:
        raise Http404("Okänd kolumn")
    if (year, column) not in set(columns(ctx["data"])):
        raise Http404("Planen har ingen sådan budgetkolumn")
    return services.budget_entry_get_or_create(plan=ctx["plan"], year=year, column=column)


@login_required
@require_http_methods(["GET", "POST"])
def budget_entry_edit(request, slug, year, column):
    association, membership = association_for_view(request, slug, edit=True)
    ctx = _plan_context(request, association, membership)
    entry = _entry(ctx, year, column)
    if request.method == "POST":
        form = OpeningEquityForm(request.POST)
        if form.is_valid():
            services.budget_entry_update(entry=entry, **form.cleaned_data)
            messages.success(request, f"{COLUMN_NAMES[column].capitalize()} {year} är sparad.")
            return redirect(reverse("budget", args=[slug]) + ctx["plan_query"])
    else:
        form = OpeningEquityForm(initial={"opening_equity": entry.opening_equity,
                                          "deficit_justification": entry.deficit_justification})
    ctx.update(form=form, entry=entry, column_name=COLUMN_NAMES[column])
    return render(request, "economy/budget_entry_edit.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_edit(request, slug, year, column, side, line_slug=None):
    association, membership = association_for_view(request, slug, edit=True)
    ctx = _plan_context(request, association, membership)
    if side not in ("revenue", "cost"):
        raise Http404("Okänd sida")
    entry = _entry(ctx, year, column)
    line = (get_object_or_404(BudgetLine, entry=entry, side=side, slug=line_slug) if line_slug
            else BudgetLine(entry=entry, side=side))
    if request.method == "POST":
        form = BudgetLineForm(request.POST, instance=line, side=side, entry=entry)
        if form.is_valid():
            services.budget_line_save(line=form.save(commit=False))
            messages.success(request, f"Raden ”{line.label}” är sparad.")
            return redirect(reverse("budget", args=[slug]) + ctx["plan_query"])
    else:
        form = BudgetLineForm(instance=line, side=side, entry=entry)
    ctx.update(form=form, entry=entry, line=line, side=side, column_name=COLUMN_NAMES[column])
    return render(request, "economy/budget_line_edit.html", ctx)


@login_required
@require_POST
def budget_line_delete(request, slug, year, column, side, line_slug):
    association, membership = association_for_view(request, slug, edit=True)
    ctx = _plan_context(request, association, membership)
    entry = _entry(ctx, year, column)
    line = get_object_or_404(BudgetLine, entry=entry, side=side, slug=line_slug)
    line.delete()
    messages.success(request, f"Raden ”{line.label}” är borttagen ur {COLUMN_NAMES[column]} {year}.")
    return redirect(reverse("budget", args=[slug]) + ctx["plan_query"])


@login_required
def review_page(request, slug):
    ctx = _plan_context(request, *association_for_view(request, slug))
    if ctx["data"] is not None:
        ctx["findings"] = plan_review(ctx["data"])
    return render(request, "economy/review.html", ctx)


