import re

from django import forms

from samordna.core.forms import Form, ModelForm
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
                  "state_display", "expected_underspend", "director_name", "director_title"]
        labels = {"name": "Namn", "org_number": "Organisationsnummer", "county": "Län", "website": "Webbplats",
                  "address": "Adress", "vision": "Vision", "mission": "Verksamhetsidé", "values": "Värdegrund",
                  "state_display": "Visa statens del som",
                  "director_name": "Förbundschefens namn", "director_title": "Förbundschefens titel"}
        help_texts = {"director_name": "Undertecknar medlemsbreven.",
                      "director_title": "Till exempel Förbundschef (används om fältet är tomt)."}
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


# ---------------------------------------------------------------- organisation and plan lists
# Plain forms: they only parse; the services validate with the rulebook and write.

from samordna.finsam import plan as p  # noqa: E402
from samordna.finsam import vocabulary as vocab  # noqa: E402
from samordna.finsam.organisation import SHARE_INDICATORS, target_kind  # noqa: E402

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
SHORT = 200


def _choices(mapping, blank: str | None = None) -> list[tuple[str, str]]:
    out = [("", blank)] if blank is not None else []
    return out + [(k, v) for k, v in mapping.items()]


class _Versioned(Form):
    """An edit form of a row (`revision`) or a list entry (`version`, a digest)."""

    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    version = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class MemberNewForm(Form):
    name = forms.CharField(label="Namn", max_length=SHORT)
    kind = forms.ChoiceField(label="Slag", choices=_choices(vocab.MEMBER_KINDS, "Välj …"))
    population_date = forms.DateField(label="Befolkning per datum", required=False, **DATE,
                                      help_text="Bara för kommuner och regioner (SCB).")
    population = forms.IntegerField(label="Antal invånare", required=False, min_value=1,
                                    max_value=2_000_000_000)
    note = forms.CharField(label="Anteckning", required=False, max_length=10_000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class MemberEndForm(_Versioned):
    ended_on = forms.DateField(label="Lämnade förbundet", required=False, **DATE,
                               help_text="Lämna tomt om medlemmen inte har lämnat förbundet.")


class SeatForm(_Versioned):
    name = forms.CharField(label="Namn", max_length=SHORT)
    member = forms.ChoiceField(label="Representerar")
    role = forms.ChoiceField(label="Roll", choices=_choices(vocab.SEAT_ROLES))
    office = forms.ChoiceField(label="Uppdrag", required=False,
                               choices=_choices(vocab.BOARD_OFFICES, "Inget särskilt uppdrag"))
    deputy_order = forms.IntegerField(label="Inkallelseordning (ersättare)", required=False,
                                      min_value=1, max_value=99)
    term_start = forms.DateField(label="Mandatperiodens början", required=False, **DATE)
    term_end = forms.DateField(label="Mandatperiodens slut", required=False, **DATE,
                               help_text="Mandatperioden är oftast fyra år.")
    email = forms.CharField(label="E-post i tjänsten (frivillig)", required=False, max_length=254,
                            widget=forms.EmailInput)
    note = forms.CharField(label="Anteckning", required=False, max_length=10_000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "Välj …")] + [
            (m.slug, m.name + (f" (lämnade {m.ended_on})" if m.ended_on else "")) for m in members]


class BodyForm(_Versioned):
    name = forms.CharField(label="Namn", max_length=SHORT)
    kind = forms.ChoiceField(label="Slag", choices=_choices(vocab.BODY_KINDS))
    note = forms.CharField(label="Uppdrag / anteckning", required=False, max_length=10_000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class BodyPersonForm(_Versioned):
    name = forms.CharField(label="Namn", max_length=SHORT)
    member = forms.ChoiceField(label="Från medlem", required=False)
    organisation = forms.CharField(label="Annan organisation", required=False, max_length=SHORT,
                                   help_text="T.ex. förbundets kansli, om personen inte "
                                             "kommer från en medlem.")
    role = forms.CharField(label="Roll", required=False, max_length=SHORT,
                           help_text="T.ex. ordförande, sekreterare, ledamot.")
    note = forms.CharField(label="Anteckning", required=False, max_length=10_000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "Ingen av medlemmarna")] + [
            (m.slug, m.name) for m in members]


class TimeField(forms.CharField):
    """HH:MM as the format writes it; the browser's time input sends the same."""

    widget = forms.TimeInput(attrs={"type": "time"})

    def to_python(self, value):
        value = (super().to_python(value) or "").strip()
        return value[:5] if len(value) == 8 and value[5:] == ":00" else value


class CalendarForm(_Versioned):
    date = forms.DateField(label="Datum", **DATE)
    start = TimeField(label="Börjar", required=False, max_length=8)
    end = TimeField(label="Slutar", required=False, max_length=8)
    body = forms.ChoiceField(label="Organ", required=False)
    title = forms.CharField(label="Rubrik", required=False, max_length=SHORT)
    place = forms.CharField(label="Plats", required=False, max_length=SHORT)
    tentative = forms.BooleanField(label="Preliminärt datum", required=False)
    note = forms.CharField(label="Anteckning", required=False, max_length=10_000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, bodies=(), current=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = {b.slug: b.name for b in bodies}
        for code, name in vocab.CALENDAR_BODIES.items():
            choices.setdefault(code, name)
        if current and current not in choices:
            choices[current] = vocab.UNKNOWN
        self.fields["body"].choices = [("", "Inget organ")] + list(choices.items())


class TextEntryForm(_Versioned):
    text = forms.CharField(label="Text", max_length=10_000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class TargetGroupForm(_Versioned):
    name = forms.CharField(label="Namn", max_length=SHORT)
    description = forms.CharField(label="Beskrivning", required=False, max_length=10_000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    priority = forms.BooleanField(label="Prioriterad målgrupp", required=False)
    note = forms.CharField(label="Anteckning", required=False, max_length=10_000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class GoalForm(_Versioned):
    text = forms.CharField(label="Mål", max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}))
    indicator = forms.ChoiceField(label="Indikator", required=False, choices=_choices(
        vocab.INDICATORS, "Ingen indikator (skriftlig bedömning)"))
    target = forms.DecimalField(label="Målvärde", required=False, localize=True, max_digits=16,
                                decimal_places=2,
                                help_text="Andelar i procent (40 = 40 %), deltagare som antal, "
                                          "eget kapital i kronor.")
    question = forms.CharField(label="Enkätfråga (enkätandel)", required=False, max_length=SHORT)
    threshold = forms.DecimalField(label="Tröskelvärde (enkätandel)", required=False,
                                   localize=True, max_digits=6, decimal_places=2)
    note = forms.CharField(label="Anteckning", required=False, max_length=10_000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        target = data.get("target")
        if target is not None and data.get("indicator") in SHARE_INDICATORS:
            data["target"] = target / 100  # the form asks for percent, the plan keeps a share
        if target is not None and target_kind(data.get("indicator") or None) == "count":
            data["target"] = target.normalize()
        return data


class ControlForm(_Versioned):
    risk = forms.CharField(label="Risk", max_length=10_000, widget=forms.Textarea(attrs={"rows": 2}))
    likelihood = forms.TypedChoiceField(label="Sannolikhet", coerce=int, choices=[
        (k, f"{k} – {v}") for k, v in vocab.LIKELIHOODS.items()])
    consequence = forms.TypedChoiceField(label="Konsekvens", coerce=int, choices=[
        (k, f"{k} – {v}") for k, v in vocab.CONSEQUENCES.items()])
    control = forms.CharField(label="Kontroll", required=False, max_length=10_000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label="Ansvarig", required=False, max_length=SHORT)
    frequency = forms.CharField(label="Frekvens", required=False, max_length=SHORT,
                                help_text="T.ex. varje tertial, en gång per år.")
    result = forms.CharField(label="Resultat", required=False, max_length=10_000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    action = forms.CharField(label="Åtgärd", required=False, max_length=10_000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label="Anteckning", required=False, max_length=10_000,
                           widget=forms.Textarea(attrs={"rows": 2}))


PLAN_LIST_FORMS = {"goals": GoalForm, "target_groups": TargetGroupForm, "decisions": TextEntryForm,
                   **{k: TextEntryForm for k in p.SWOT}, "controls": ControlForm}
