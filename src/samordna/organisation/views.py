"""Pages for members and their population."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from samordna.core.permissions import association_for_view

from . import services
from .forms import AssociationForm, MemberForm, PopulationForm
from .models import Member, Population


@login_required
def members(request, slug):
    association, membership = association_for_view(request, slug)
    rows = association.members.prefetch_related("population").all()
    return render(request, "organisation/members.html", {
        "association": association, "membership": membership, "members": rows,
        "can_edit": membership.can_edit, "board": association.board.all(),
        "names": {m.slug: m.name for m in rows}})


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, slug, member_slug):
    association, membership = association_for_view(request, slug, edit=True)
    member = get_object_or_404(Member, association=association, slug=member_slug)
    form = MemberForm(request.POST or None, instance=member)
    population_form = PopulationForm(member=member, prefix="pop")
    if request.method == "POST" and form.is_valid():
        services.member_update(member=member, name=form.cleaned_data["name"],
                               note=form.cleaned_data["note"])
        messages.success(request, f"{member.name} är sparad.")
        return redirect("members", slug)
    return render(request, "organisation/member_edit.html", {
        "association": association, "membership": membership, "member": member, "form": form,
        "population_form": population_form, "population": member.population.all()})


@login_required
@require_http_methods(["GET", "POST"])
def population_edit(request, slug, member_slug, pk=None):
    association, membership = association_for_view(request, slug, edit=True)
    member = get_object_or_404(Member, association=association, slug=member_slug)
    if member.kind not in ("kommun", "region"):
        messages.error(request, "Befolkning anges bara för kommuner och regioner.")
        return redirect("member_edit", slug, member_slug)
    instance = get_object_or_404(Population, member=member, pk=pk) if pk else Population(member=member)
    form = PopulationForm(request.POST or None, instance=instance, member=member, prefix="pop")
    if request.method == "POST" and form.is_valid():
        services.population_save(population=form.save(commit=False))
        messages.success(request, f"Befolkningen för {member.name} är sparad.")
        return redirect(reverse("member_edit", args=[slug, member_slug]))
    return render(request, "organisation/population_edit.html", {
        "association": association, "membership": membership, "member": member, "form": form,
        "instance": instance})


@login_required
@require_POST
def population_delete(request, slug, member_slug, pk):
    association, _ = association_for_view(request, slug, edit=True)
    member = get_object_or_404(Member, association=association, slug=member_slug)
    population = get_object_or_404(Population, member=member, pk=pk)
    services.population_delete(population=population)
    messages.success(request, f"Befolkningstalet {population.date} för {member.name} är borttaget.")
    return redirect("member_edit", slug, member_slug)


@login_required
@require_http_methods(["GET", "POST"])
def association_edit(request, slug):
    association, membership = association_for_view(request, slug, edit=True)
    form = AssociationForm(request.POST or None, instance=association)
    if request.method == "POST" and form.is_valid():
        services.association_update(association=form.save(commit=False))
        messages.success(request, "Förbundets uppgifter är sparade.")
        return redirect("members", slug)
    return render(request, "organisation/association_edit.html", {
        "association": association, "membership": membership, "form": form})
