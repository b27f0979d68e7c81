"""Intervention pages: list with filters and per-kommun totals, detail, create/edit, catalogue."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from samordna.accounts.decorators import public, requires
from samordna.core.forms import refusal_to_form
from samordna.economy.context import plan_context
from samordna.economy.selectors import intervention_data
from samordna.finsam import followup as fu
from samordna.finsam import interventions as rules
from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab
from samordna.finsam.budget import budget_figures, municipality_summary
from samordna.followup.charts import GoalBar, goal_svg
from samordna.followup.selectors import plan_goals
from samordna.organisation.models import Association

from . import services
from .forms import FilterForm, InterventionForm
from .models import PlanIntervention
from .selectors import catalogue


def _ctx(request):
    return plan_context(request, request.association, request.membership)


@requires("intervention.read")
def intervention_list(request, slug):
    ctx = _ctx(request)
    data = ctx["data"]
    if data is None:
        return render(request, "interventions/list.html", ctx)
    year = data.plan.year
    form = FilterForm(request.GET or None, plan=data)
    shown = form.apply(data, data.interventions)
    names = {m.id: m.name for m in data.members}
    rows = []
    for iv in shown:
        rows.append({"iv": iv, "budget": iv.amount(data.default_column(year), year),
                     "participants": iv.participants(year),
                     "markings": [vocab.label(vocab.MARKINGS, m) for m in iv.markings]})
    summary = [{"label": f"{vocab.LEVEL_SHORT[level]}, {names.get(key, 'gemensamt')}", "amount": amount}
               for level, key, amount in municipality_summary(plan=data, year=year)]
    figures = budget_figures(plan=data, year=year)
    ctx.update(form=form, rows=rows, year=year, summary=summary, figures=figures,
               total_shown=sum((r["budget"] for r in rows if r["budget"] is not None), Decimal(0)),
               filtered=len(shown) != len(data.interventions))
    return render(request, "interventions/list.html", ctx)


def _model(plan, iv_slug) -> PlanIntervention:
    return get_object_or_404(PlanIntervention.objects.select_related("intervention")
                             .prefetch_related("amounts"), plan=plan, intervention__slug=iv_slug)


@requires("intervention.read")
def intervention_detail(request, slug, iv_slug):
    ctx = _ctx(request)
    if ctx["plan"] is None:
        raise Http404("Ingen plan")
    iv = intervention_data(_model(ctx["plan"], iv_slug))
    data = ctx["data"]
    names = {m.id: m.name for m in data.members}
    years = sorted({*data.plan.years, *iv.budget, *iv.forecast, *iv.outcome, *iv.granted,
                    *iv.planned_participants})
    keys = [m.id for m in data.members_of(p.KOMMUN)] + [p.COMMON]
    used_keys = [k for k in keys if any(k in parts for parts in (*iv.budget.values(),
                                                                  *iv.planned_participants.values()))]
    per_kommun = [{"name": names.get(k, "Gemensamt"),
                   "cells": [(iv.planned_participants.get(y, {}).get(k), iv.budget.get(y, {}).get(k))
                             for y in years]} for k in used_keys]
    underspend = ctx["association"].expected_underspend
    money = []
    for y in years:
        granted = sum(iv.granted[y].values(), Decimal(0)) if y in iv.granted else None
        money.append({"year": y, "granted": granted,
                      "suggested": rules.suggested_budget(granted, underspend) if granted is not None else None,
                      "budget": iv.amount("budget", y), "forecast": iv.amount("forecast", y),
                      "outcome": iv.amount("outcome", y), "participants": iv.participants(y)})
    goals = [(g, rules.goal_follow_up(g)) for g in iv.goals]
    successors = [x for x in data.interventions if x.successor_of == iv.id]
    ctx.update(iv=iv, names=names, years=years, per_kommun=per_kommun, money=money, goals=goals,
               parties=sorted(rules.PARTY_NAMES[k] for k in rules.parties(data, iv.members)),
               underspend=underspend, successors=successors,
               predecessor=next((x for x in data.interventions if x.id == iv.successor_of), None))
    return render(request, "interventions/detail.html", ctx)


@requires("intervention.edit")
@require_http_methods(["GET", "POST"])
def intervention_edit(request, slug, iv_slug=None):
    ctx = _ctx(request)
    if ctx["plan"] is None:
        raise Http404("Ingen plan")
    instance = _model(ctx["plan"], iv_slug) if iv_slug else None
    existing = intervention_data(instance) if instance else None
    predecessor = None
    if instance is None and request.GET.get("efter"):
        predecessor = intervention_data(_model(ctx["plan"], request.GET["efter"]))
    form = InterventionForm(request.POST or None, plan=ctx["data"], existing=existing)
    if predecessor is not None and not form.is_bound:
        form.initial.update(form.initial_for(predecessor))
        form.initial.update(name=f"{predecessor.name} (efterföljare)", status="applied")
    if request.method == "POST" and form.is_valid():
        iv = form.intervention()
        if predecessor is not None:
            iv = replace(iv, successor_of=predecessor.id)
        try:
            saved = services.intervention_save(
                actor=request.user, association=request.association, plan=ctx["plan"], iv=iv,
                slug=iv_slug, expected_revision=form.cleaned_data.get("revision"))
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, f"Insatsen ”{saved.name}” är sparad.")
            return redirect(reverse("intervention_detail", args=[slug, saved.slug])
                            + ctx["plan_query"])
    if instance is not None and not form.is_bound:
        form.initial["revision"] = instance.revision
    ctx.update(form=form, instance=instance, predecessor=predecessor)
    return render(request, "interventions/form.html", ctx)


@public
def public_catalogue(request, slug):
    """Insatskatalogen: public, no login; ongoing interventions without money or internal notes."""
    association = get_object_or_404(Association, slug=slug)
    data, entries = catalogue(association)
    return render(request, "interventions/catalogue.html", {
        "public_association": association, "entries": entries})


BUDGET_INDICATORS = ("equity_min", "equity_max_share", "budget_balance")


@requires("plan.read")
def goals(request, slug):
    """Every goal of the plan and its interventions: budget goals from the budget, follow-up
    goals computed from the follow-up (numerator and denominator, by gender), the rest written.
    Small counts are hidden from a reader without follow-up rights on the goal's interventions."""
    ctx = _ctx(request)
    data = ctx["data"]
    if data is not None:
        year = data.plan.year
        try:
            year = int(request.GET.get("ar") or year)
            tertial = int(request.GET["tertial"]) if request.GET.get("tertial") else None
        except ValueError:
            raise Http404("Ogiltigt år") from None
        if not fu.FIRST_YEAR <= year <= fu.LAST_YEAR or tertial not in (None, 1, 2, 3):
            raise Http404("Ogiltigt år")
        figures = budget_figures(plan=data, year=data.plan.year)
        names = {iv.id: iv for iv in data.interventions}
        computed = plan_goals(user=request.user, association=request.association, plan=ctx["plan"], data=data,
                              year=year, tertial=tertial)
        rows, charts = [], []
        for g in computed:
            iv = names.get(g.owner) if g.owner else None
            rows.append({"owner": iv.name if iv else "Förbundet", "iv": iv, "goal": g.goal, "measure": g.measure,
                         "result": g.result, "own": g.own_measure,
                         "how": fu.measure_text(g.measure) if g.measure else rules.goal_follow_up(g.goal),
                         "status": rules.goal_status(g.goal, figures) if g.measure is None else g.result.status,
                         "key": fu.goal_key(g.goal.text), "owner_id": g.owner or "forbundet",
                         "budget_goal": g.goal.indicator in BUDGET_INDICATORS})
            r = g.result
            if r is not None and g.measure.kind in fu.SHARE_KINDS and r.figure is not None \
                    and r.figure.denominator:
                owner = iv.name if iv else "Förbundet"
                bar = GoalBar(f"{g.owner or 'forbundet'}-{fu.goal_key(g.goal.text)[:10]}", f"{owner}: {g.goal.text}",
                              {"total": r.figure, "kvinna": r.by_gender.get("kvinna"), "man": r.by_gender.get("man")},
                              g.measure.target)
                charts.append({"bar": bar, "owner": owner, "goal": g.goal, "measure": g.measure,
                               "svg": goal_svg(bar, alt=f"Stapeldiagram: {owner}, {g.goal.text[:80]} – utfall i "
                                                        "procent för alla, kvinnor och män"
                                                        + (" mot målvärdet" if g.measure.target is not None else ""))})
        period = fu.Period.year(year) if tertial is None else fu.Period.to_tertial(year, tertial)
        ctx.update(rows=rows, year=year, tertial=tertial, period=period, charts=charts,
                   years=sorted({data.plan.year - 2, data.plan.year - 1, *data.plan.years}),
                   computable=sum(1 for r in rows if r["goal"].indicator or r["measure"]),
                   written=sum(1 for r in rows if not (r["goal"].indicator or r["measure"])))
    return render(request, "interventions/goals.html", ctx)
