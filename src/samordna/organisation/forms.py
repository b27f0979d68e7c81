import re

from django import forms

from samordna.core.forms import ModelForm
from samordna.finsam import bounds

from .models import Association, Member, Population


class _Revision(ModelForm):
    """The revision the form was opened at: a later save by someone else is a conflict."""

    revision = forms.IntegerField(required=False, min_value=0, max_value=bounds.MAX_REVISION,
                                  widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["revision"] = self.instance.revision

    def _post_clean(self):
        """Only parse: the service validates and writes (a ModelForm would write on save)."""


class MemberForm(_Revision):
    class Meta:
        model = Member
        fields = ["name", "note"]
        labels = {"name": "Namn", "note": "Anteckning"}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class PopulationForm(_Revision):
    class Meta:
        model = Population
        fields = ["date", "count", "note"]
        labels = {"date": "Datum", "count": "Antal invånare", "note": "Källa / anteckning"}
        widgets = {"date": forms.DateInput(attrs={"type": "date"}),
                   "note": forms.TextInput()}
        error_messages = {"count": {"min_value": "Antalet invånare måste vara större än noll."}}

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["count"].min_value = 1
        self.fields["count"].widget.attrs["min"] = 1
        self.fields["count"].max_value = bounds.MAX_POPULATION
        self.fields["count"].widget.attrs["max"] = bounds.MAX_POPULATION

    def clean_count(self):
        count = self.cleaned_data["count"]
        if count is not None and count < 1:
            raise forms.ValidationError("Antalet invånare måste vara större än noll.")
        if count is not None and count > bounds.MAX_POPULATION:
            raise forms.ValidationError(f"Antalet invånare är orimligt stort (högst "
                                        f"{bounds.MAX_POPULATION:,}).".replace(",", " "))
        return count

    def clean(self):
        data = super().clean()
        when = data.get("date")
        if when and self.member.population.filter(date=when).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"{self.member.name} har redan ett befolkningstal för {when}.")
        return data


class AssociationForm(_Revision):
    expected_underspend = forms.DecimalField(
        label="Förväntat underutnyttjande av insatsmedel (%)", required=False, min_value=0, max_value=50,
        decimal_places=2, localize=True,
        help_text="Föreslagen budget = beviljat × (1 − andelen). Seed 001 räknar med ca 5 %.")

    class Meta:
        model = Association
        fields = ["name", "org_number", "county", "website", "address", "vision", "mission", "values",
                  "state_display", "expected_underspend"]
        labels = {"name": "Namn", "org_number": "Organisationsnummer", "county": "Län", "website": "Webbplats",
                  "address": "Adress", "vision": "Vision", "mission": "Verksamhetsidé", "values": "Värdegrund",
                  "state_display": "Visa statens del som"}
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in ("address", "vision", "mission", "values")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.expected_underspend is not None and not self.is_bound:
            self.initial["expected_underspend"] = self.instance.expected_underspend * 100

    def clean_org_number(self):
        value = (self.cleaned_data.get("org_number") or "").strip()
        if value and not re.fullmatch(r"\d{6}-\d{4}", value):
            raise forms.ValidationError("Skriv organisationsnumret som NNNNNN-NNNN.")
        return value or None

    def clean_expected_underspend(self):
        value = self.cleaned_data.get("expected_underspend")
        return None if value is None else value / 100
