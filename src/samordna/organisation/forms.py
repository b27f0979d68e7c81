from django import forms

from .models import Member, Population


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["name", "note"]
        labels = {"name": "Namn", "note": "Anteckning"}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class PopulationForm(forms.ModelForm):
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

    def clean_count(self):
        count = self.cleaned_data["count"]
        if count is not None and count < 1:
            raise forms.ValidationError("Antalet invånare måste vara större än noll.")
        return count

    def clean(self):
        data = super().clean()
        when = data.get("date")
        if when and self.member.population.filter(date=when).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"{self.member.name} har redan ett befolkningstal för {when}.")
        return data
