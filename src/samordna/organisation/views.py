"""Pages for the association, its members and their population. Views do HTTP only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from samordna.accounts.decorators import requires
from samordna.core.forms import refusal_to_form
from samordna.economy.selectors import plans_of

from . import services
from .forms import AssociationForm, MemberForm, PopulationForm
from .models import Member, Population


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
