"""Follow-up forms: parsing at the edge with Swedish messages; the services decide."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from samordna.core.forms import Form
from samordna.finsam import followup as fu
from samordna.finsam import followup_file as ff
from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab

from .files import MAX_BYTES

BLANK = [("", "– ej angivet –")]


def _choices(mapping, codes=None, blank=True):
    return (BLANK if blank else []) + vocab.choices(mapping, codes)


class MonthField(forms.CharField):
    """`YYYY-MM` (a month input where the browser has one)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(**kwargs)
        self.widget.attrs.update({"type": "month", "placeholder": "ÅÅÅÅ-MM", "pattern": r"\d{4}-\d{2}"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return fu.parse_month(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class EnrolmentForm(Form):
    """One enrolment's de-identified record: nothing that names a person."""

    provider_code = forms.CharField(
        label="Utförarens kod", required=False, max_length=fu.MAX_CODE,
        help_text="Utförarens egen löpande kod (nyckeln stannar hos utföraren). Aldrig namn eller personnummer.")
    gender = forms.ChoiceField(label="Kön", choices=_choices(vocab.GENDERS, blank=False),
                               widget=forms.RadioSelect)
    age_band = forms.ChoiceField(label="Åldersgrupp", required=False, choices=_choices(vocab.AGE_BANDS))
    municipality = forms.ChoiceField(label="Hemkommun", required=False)
    education_level = forms.ChoiceField(label="Utbildningsnivå", required=False)
    start = MonthField(label="Startmånad")
    end = MonthField(label="Slutmånad", required=False, help_text="Tom så länge inskrivningen pågår.")
    occupation_before = forms.ChoiceField(label="Sysselsättning före", required=False,
                                          choices=_choices(vocab.OCCUPATIONS))
    months_on_support_before = forms.IntegerField(
        label="Månader med offentlig försörjning före start", required=False, min_value=0,
        max_value=fu.MAX_MONTHS_ON_SUPPORT, help_text="Avbrott på högst en månad räknas inte.")
    assessed_work_capacity = forms.ChoiceField(label="Bedömd arbetsförmåga", required=False,
                                               choices=_choices(vocab.WORK_CAPACITY))
    progression_start = forms.TypedChoiceField(label="Steg vid start", required=False, coerce=int,
                                               empty_value=None)
    end_reason = forms.ChoiceField(label="Avslutsorsak", required=False,
                                   help_text="Felregistrering gör att posten inte räknas någonstans.")
    occupation_after = forms.ChoiceField(label="Sysselsättning efter", required=False,
                                         choices=_choices(vocab.OCCUPATIONS))
    progression_end = forms.TypedChoiceField(label="Steg vid avslut", required=False, coerce=int,
                                             empty_value=None)
    employment_months = forms.IntegerField(
        label="Anställningens längd vid avslut (månader)", required=False, min_value=0,
        max_value=fu.MAX_EMPLOYMENT_MONTHS, help_text="För mål som ”anställning minst sex månader”.")
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    START_FIELDS = ("provider_code", "gender", "age_band", "municipality", "education_level", "start",
                    "occupation_before", "months_on_support_before", "assessed_work_capacity",
                    "progression_start")
    END_FIELDS = ("end", "end_reason", "occupation_after", "progression_end", "employment_months")

    def __init__(self, *args, kommuner: list[tuple[str, str]], config: fu.Config, **kwargs):
        super().__init__(*args, **kwargs)
        self.config = config
        self.fields["municipality"].choices = BLANK + kommuner
        self.fields["education_level"].choices = _choices(vocab.EDUCATION_LEVELS, config.education_levels)
        self.fields["end_reason"].choices = _choices(vocab.END_REASONS, config.end_reasons)
        steps = BLANK + [(str(n), str(n)) for n in range(1, config.progression_steps + 1)]
        self.fields["progression_start"].choices = steps
        self.fields["progression_end"].choices = steps
        self.sources = [s for s in config.support_sources if s != "ingen"]
        self.support_groups = []
        for phase, title in (("before", "Försörjning före start"), ("after", "Försörjning vid avslut")):
            none_name = f"support_{phase}_none"
            self.fields[none_name] = forms.BooleanField(label="Ingen offentlig försörjning", required=False)
            names = []
            for source in self.sources:
                name = f"support_{phase}_{source}"
                self.fields[name] = forms.IntegerField(
                    label=f"{vocab.SUPPORT_SOURCES[source]} (% av heltid)", required=False, min_value=0,
                    max_value=fu.FULL_TIME)
                names.append(name)
            self.support_groups.append({"phase": phase, "title": title, "none": none_name, "names": names})

    def initial_from(self, r: fu.Record) -> dict:
        out = {"provider_code": r.provider_code or "", "gender": r.gender, "age_band": r.age_band or "",
               "municipality": r.municipality or "", "education_level": r.education_level or "",
               "start": fu.month_str(r.start), "end": fu.month_str(r.end),
               "occupation_before": r.occupation_before or "", "occupation_after": r.occupation_after or "",
               "months_on_support_before": r.months_on_support_before,
               "assessed_work_capacity": "" if r.assessed_work_capacity is None
               else ("ja" if r.assessed_work_capacity else "nej"),
               "end_reason": r.end_reason or "", "progression_start": r.progression_start,
               "progression_end": r.progression_end, "employment_months": r.employment_months}
        for phase, items in (("before", r.support_before), ("after", r.support_after)):
            if items == ():
                out[f"support_{phase}_none"] = True
            for s in items or ():
                out[f"support_{phase}_{s.source}"] = s.extent
        return out

    def _support(self, phase: str):
        d = self.cleaned_data
        none = d.get(f"support_{phase}_none")
        items = tuple(fu.Support(s, d[f"support_{phase}_{s}"]) for s in self.sources
                      if d.get(f"support_{phase}_{s}"))
        if none and items:
            self.add_error(f"support_{phase}_none", "Välj antingen ingen försörjning eller källor med omfattning.")
            return None
        if sum(s.extent for s in items) > fu.FULL_TIME:
            self.add_error(f"support_{phase}_{items[0].source}", "Försörjningen är sammanlagt mer än 100 % av heltid.")
            return None
        return () if none else (items or None)

    def clean(self):
        d = super().clean()
        d["support_before_items"] = self._support("before")
        d["support_after_items"] = self._support("after")
        code = (d.get("provider_code") or "").strip()
        if code:
            problem = fu.provider_code_problem(code)
            if problem:
                self.add_error("provider_code", problem)
        return d

    def record(self, intervention: str) -> fu.Record:
        d = self.cleaned_data
        capacity = d.get("assessed_work_capacity")
        return fu.Record(
            intervention=intervention, code="", provider_code=(d.get("provider_code") or "").strip() or None,
            gender=d["gender"], start=d["start"], end=d.get("end"), age_band=d.get("age_band") or None,
            municipality=d.get("municipality") or None, occupation_before=d.get("occupation_before") or None,
            occupation_after=d.get("occupation_after") or None, support_before=d["support_before_items"],
            support_after=d["support_after_items"], months_on_support_before=d.get("months_on_support_before"),
            assessed_work_capacity=None if not capacity else capacity == "ja",
            end_reason=d.get("end_reason") or None, education_level=d.get("education_level") or None,
            progression_start=d.get("progression_start"), progression_end=d.get("progression_end"),
            employment_months=d.get("employment_months"))


class RecordFilter(Form):
    state = forms.ChoiceField(label="Läge", required=False, choices=[("", "Alla"), *vocab.ENROLMENT_STATES.items()])
    gender = forms.ChoiceField(label="Kön", required=False, choices=[("", "Alla"), *vocab.GENDERS.items()])
    municipality = forms.ChoiceField(label="Hemkommun", required=False)
    year = forms.IntegerField(label="Inskriven under år", required=False, min_value=fu.FIRST_YEAR,
                              max_value=fu.LAST_YEAR)
    q = forms.CharField(label="Kod", required=False, max_length=fu.MAX_CODE)

    def __init__(self, *args, kommuner: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", "Alla"), *kommuner]


class CountForm(Form):
    """Participants of one month or tertial."""

    period = forms.ChoiceField(label="Period")
    women = forms.IntegerField(label="Kvinnor", required=False, min_value=0, max_value=fu.MAX_COUNT)
    men = forms.IntegerField(label="Män", required=False, min_value=0, max_value=fu.MAX_COUNT)
    other = forms.IntegerField(label="Annat kön", required=False, min_value=0, max_value=fu.MAX_COUNT)
    head_count = forms.IntegerField(label="Antal personer", required=False, min_value=0, max_value=fu.MAX_COUNT)
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, level: str, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.level = level
        months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                  "oktober", "november", "december"]
        choices = []
        for year in years:
            choices += [(f"{year}-T{t}", f"Tertial {t} {year}") for t in (1, 2, 3)]
            choices += [(f"{year}-{m:02d}", f"{months[m - 1].capitalize()} {year}") for m in range(1, 13)]
        self.fields["period"].choices = choices
        if level == "structural":
            for name in ("women", "men", "other"):
                del self.fields[name]
        else:
            del self.fields["head_count"]

    def entry(self, intervention: str) -> fu.CountEntry:
        d = self.cleaned_data
        year, kind, period = ff.parse_period(d["period"])
        if self.level == "structural":
            return fu.CountEntry(intervention, year, kind, period, head_count=d.get("head_count") or 0)
        return fu.CountEntry(intervention, year, kind, period, d.get("women") or 0, d.get("men") or 0,
                             d.get("other") or 0)


class ImportForm(Form):
    file = forms.FileField(label="Fil (CSV eller Excel)",
                           help_text="UTF-8-CSV med ; eller , som avgränsare, eller .xlsx (första bladet).")

    def clean_file(self):
        f = self.cleaned_data["file"]
        name = (f.name or "").lower()
        if not name.endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError("Välj en .csv- eller .xlsx-fil.")
        if f.size > MAX_BYTES:
            raise forms.ValidationError(f"Filen är större än {MAX_BYTES // (1024 * 1024)} MB.")
        return f


class ConfirmImportForm(Form):
    token = forms.CharField(widget=forms.HiddenInput)


class IdentifiedSetupForm(Form):
    controller = forms.ChoiceField(label="Personuppgiftsansvarig (medlemsorganisationen som driver insatsen)",
                                   required=False)
    agreement_reference = forms.CharField(label="Personuppgiftsbiträdesavtal, referens", required=False,
                                          max_length=100)
    agreement_signed_on = forms.DateField(label="Avtalet undertecknat", required=False,
                                          widget=forms.DateInput(attrs={"type": "date"}))
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, members: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["controller"].choices = BLANK + members


class GoalMeasureForm(Form):
    kind = forms.ChoiceField(label="Mäts som", choices=vocab.choices(vocab.MEASURE_KINDS,
                                                                     [k for k in vocab.MEASURE_KINDS
                                                                      if k != "survey_share"]))
    outcomes = forms.MultipleChoiceField(label="Räknas som resultat", required=False,
                                         choices=vocab.choices(vocab.OUTCOMES), widget=forms.CheckboxSelectMultiple,
                                         help_text="För andel och antal avslutade.")
    base = forms.ChoiceField(label="Bas", choices=vocab.choices(vocab.MEASURE_BASES))
    min_months = forms.IntegerField(label="Anställning minst (månader)", required=False, min_value=1,
                                    max_value=fu.MAX_EMPLOYMENT_MONTHS)
    target = forms.CharField(label="Målvärde", required=False, max_length=20,
                             help_text="Procent för andelar (t.ex. 40), antal för antal.")
    due = forms.DateField(label="Ska vara uppnått", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    achieved_on = forms.DateField(label="Uppnått", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def clean_target(self):
        text = (self.cleaned_data.get("target") or "").replace("%", "").replace(",", ".").replace(" ", "")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation as exc:
            raise forms.ValidationError("Skriv målvärdet som ett tal, t.ex. 40.") from exc
        if not value.is_finite() or abs(value) > fu.MAX_COUNT:
            raise forms.ValidationError("Målvärdet är orimligt stort.")
        return value

    def measure(self) -> fu.Measure:
        d = self.cleaned_data
        target = d.get("target")
        if target is not None and d["kind"] in fu.SHARE_KINDS:
            target = (target / 100).normalize()
        return fu.Measure(kind=d["kind"], outcomes=frozenset(d.get("outcomes") or ()), base=d["base"],
                          min_months=d.get("min_months"), target=target, due=d.get("due"),
                          achieved_on=d.get("achieved_on"))

    @staticmethod
    def initial_for(m: fu.Measure) -> dict:
        target = m.target
        if target is not None and m.kind in fu.SHARE_KINDS:
            target = (target * 100).normalize()
        return {"kind": m.kind, "outcomes": sorted(m.outcomes), "base": m.base, "min_months": m.min_months,
                "target": "" if target is None else format(target, "f"), "due": m.due, "achieved_on": m.achieved_on}


class AssignmentForm(Form):
    interventions = forms.MultipleChoiceField(label="Insatser", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interventions"].choices = choices


def kommun_choices(data: p.Plan | None, association) -> list[tuple[str, str]]:
    if data is not None:
        return [(m.id, m.name) for m in data.members_of(p.KOMMUN)]
    return [(m.slug, m.name) for m in association.members.filter(kind=p.KOMMUN).order_by("name")]


# ---------------------------------------------------------------- identified follow-up


class IdentityForm(Form):
    """A participant's identity and consent (parsed here, validated by the rulebook in the service)."""

    protected = forms.BooleanField(label="Deltagaren har skyddad identitet (inget namn eller personnummer sparas)",
                                   required=False)
    personal_number = forms.CharField(label="Personnummer eller samordningsnummer", max_length=20, required=False,
                                      help_text="ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN")
    name = forms.CharField(label="Namn", max_length=200, required=False)
    consent_given_on = forms.DateField(label="Samtycke lämnat (datum)", required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}))
    consent_version = forms.CharField(label="Samtyckestextens version", max_length=40, required=False)


class PurposeForm(Form):
    purpose = forms.CharField(label="Varför behöver du uppgiften? (loggas)", max_length=200)


class PersonSearchForm(Form):
    personal_number = forms.CharField(label="Personnummer eller samordningsnummer", max_length=20)
    purpose = forms.CharField(label="Varför söker du? (loggas)", max_length=200)
