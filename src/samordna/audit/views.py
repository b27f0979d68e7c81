"""Ändringslogg: every change in an association, filtered by object, person and date."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from samordna.accounts.decorators import requires
from samordna.core.forms import Form
from samordna.finsam.vocabulary import label
from samordna.interventions.models import PlanIntervention

from .models import ChangeRecord
from .vocabulary import ACTION_LABELS, OBJECT_LABELS


class ChangeFilter(Form):
    object_type = forms.ChoiceField(label="Uppgift", required=False,
                                    choices=[("", "Alla"), *OBJECT_LABELS.items()])
    person = forms.CharField(label="Person", required=False, max_length=100)
    since = forms.DateField(label="Från och med", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="Till och med", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if isinstance(since, date) and isinstance(until, date) and until < since:
            self.add_error("until", "Slutdatum ligger före startdatum.")
        return data


@requires("changelog.read")
def change_log(request, slug):
    association = request.association
    rows = ChangeRecord.objects.filter(association=association)
    form = ChangeFilter(request.GET or None)
    if form.is_valid():
        d = form.cleaned_data
        if d["object_type"]:
            rows = rows.filter(object_type=d["object_type"])
        if d["person"]:
            rows = rows.filter(actor_name__icontains=d["person"])
        if d["since"]:
            rows = rows.filter(at__date__gte=d["since"])
        if d["until"]:
            rows = rows.filter(at__date__lte=d["until"])
    page = Paginator(rows, 50).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(request, "audit/change_log.html", {
        "association": association, "form": form, "page": page, "query": query.urlencode(),
        "actions": ACTION_LABELS, "objects": OBJECT_LABELS})


# Fields whose values are codes of a vocabulary list: shown by their Swedish label.
CODED_FIELDS = {"role": "roles"}


def _shown(field, value):
    return label(CODED_FIELDS[field], value) if field in CODED_FIELDS and value is not None else value


@requires("changelog.read")
def change_detail(request, slug, pk):
    record = get_object_or_404(ChangeRecord, association=request.association, pk=pk)
    fields = sorted(set(record.before or {}) | set(record.after or {}))
    rows = [(f, _shown(f, (record.before or {}).get(f)), _shown(f, (record.after or {}).get(f))) for f in fields]
    names = {m.slug: m.name for m in request.association.members.all()}
    names |= {r["intervention__slug"]: r["name"] for r in PlanIntervention.objects.filter(
        plan__association=request.association).values("intervention__slug", "name")}
    return render(request, "audit/change_detail.html", {
        "association": request.association, "record": record, "rows": rows, "names": names,
        "actions": ACTION_LABELS, "objects": OBJECT_LABELS})
