"""Forms for the plan's narrative sections."""

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
