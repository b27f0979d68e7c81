"""Forms for the plan's narrative sections and for the member letters."""

from datetime import date

from django import forms

from samordna.core.forms import Form

from .services import TEXT_MAX, TITLE_MAX


class SectionForm(Form):
    title = forms.CharField(label="Rubrik", max_length=TITLE_MAX,
                            error_messages={"required": "Ange en rubrik.",
                                            "max_length": f"Rubriken får vara högst {TITLE_MAX} tecken."})
    text = forms.CharField(
        label="Text", max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 18, "cols": 80}),
        help_text="Markdown: tom rad mellan stycken, ### för underrubrik, - för punktlista, "
                  "**fet** och *kursiv* text, tabeller med | mellan kolumnerna.",
        error_messages={"required": "Skriv avsnittets text.",
                        "max_length": f"Texten får vara högst {TEXT_MAX} tecken."})
    version = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)


# Swedish URL words for the letter kinds (…/medlemsbrev/?typ=samrad).
LETTER_KIND_SLUGS = {"beslut": "decision", "samrad": "consultation"}
LETTER_KIND_SLUG = {kind: slug for slug, kind in LETTER_KIND_SLUGS.items()}
EARLIEST = date(2000, 1, 1)


class LetterOptionsForm(Form):
    """Which letters the page shows and links to: their kind and, before the consultation,
    the date they are issued (a decision letter carries the plan's decision date)."""

    typ = forms.ChoiceField(label="Slag av brev", required=False,
                            choices=[("beslut", "Beslut om medlemsbidrag (daterat med beslutsdatum)"),
                                     ("samrad", "Underlag till medlemssamråd")])
    datum = forms.DateField(label="Brevens datum (samrådsbrev)", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"invalid": "Skriv datumet som ÅÅÅÅ-MM-DD."})

    def clean_datum(self):
        value = self.cleaned_data.get("datum")
        if value is not None and not (EARLIEST <= value <= date(2100, 12, 31)):
            raise forms.ValidationError("Välj ett datum mellan år 2000 och 2100.")
        return value


class LetterDispatchForm(Form):
    """Letters recorded as sent: to which members and on which day."""

    members = forms.MultipleChoiceField(label="Brev som har skickats", widget=forms.CheckboxSelectMultiple,
                                        error_messages={"required": "Välj minst en medlem."})
    sent_on = forms.DateField(label="Skickade den", widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"required": "Ange när breven skickades.",
                                              "invalid": "Skriv datumet som ÅÅÅÅ-MM-DD."})

    def __init__(self, *args, recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(m.id, m.name) for m in recipients]
