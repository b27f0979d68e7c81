"""Forms for financing and budget. Amounts are Swedish-written kronor: "1 308 500" or "12,50"."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.text import slugify

from samordna.core.forms import Form
from samordna.finsam import bounds
from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab
from samordna.finsam.money import NotAnAmount, parse_amount

from .models import BudgetLine, FinancingYear


class AmountField(forms.CharField):
    """Kronor as a person writes them; refuses "12 000 kr", more than two decimals and amounts
    of 10¹³ kr or more (finsam.bounds: what a money column holds)."""

    bounded = True  # bounds its own text and amount (core.forms.bound_field leaves it)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"maxlength": str(bounds.AMOUNT_TEXT), "inputmode": "decimal"})

    def to_python_text(self, value):
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            if value == value.to_integral_value():
                return str(int(value))
            return str(value.normalize()).replace(".", ",")
        return value

    def to_python(self, value):
        value = self.to_python_text(value)
        if value in self.empty_values:
            return None
        if len(value) > bounds.AMOUNT_TEXT:
            raise forms.ValidationError("Beloppet är orimligt långt. Skriv bara siffror, t.ex. 1 308 500.",
                                        code="size")
        try:
            amount = parse_amount(value)
        except NotAnAmount:
            raise forms.ValidationError(
                f"”{value}” är inte ett belopp. Skriv bara siffror, t.ex. 1 308 500 eller 12,50.",
                code="amount") from None
        if amount.as_tuple().exponent < -bounds.AMOUNT_PLACES:
            raise forms.ValidationError("Beloppet får ha högst två decimaler (öre).", code="ore")
        if bounds.amount_problem(amount):
            raise forms.ValidationError("Beloppet är orimligt stort.", code="size")
        return amount


class RevisionField(forms.IntegerField):
    """The revision the form was opened at: a later save by someone else is a conflict."""

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=0, max_value=bounds.MAX_REVISION,
                         widget=forms.HiddenInput, **kwargs)


class FinancingYearForm(Form):
    """A year's contributions: the state's half and any explicit member amounts."""

    state = AmountField(label="Statens del (betalas av Försäkringskassan)", required=False)
    status = forms.ChoiceField(label="Status", choices=vocab.choices(vocab.FINANCING_STATUSES))
    population_date = forms.DateField(
        label="Befolkningsdatum", required=False,
        help_text="Tomt: senaste befolkningstalet på eller före 30 juni året före.",
        widget=forms.DateInput(attrs={"type": "date"}))
    revision = RevisionField()

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for m in members:
            self.fields[f"member_{m.slug}"] = AmountField(
                label=m.name, required=False,
                help_text="Tomt: beräknas ur statens del och befolkningen.")

    def clean(self):
        data = super().clean()
        explicit = {m.slug: data.get(f"member_{m.slug}") for m in self.members}
        if any(v is not None and v < 0 for v in explicit.values()) or (
                data.get("state") is not None and data["state"] < 0):
            raise forms.ValidationError("Medlemsbidrag kan inte vara negativa.")
        return data

    @classmethod
    def initial_for(cls, fy: FinancingYear) -> dict:
        initial = {"state": fy.state, "status": fy.status or "adopted",
                   "population_date": fy.population_date, "revision": fy.revision}
        for c in fy.amounts.filter(kind="contribution").select_related("member"):
            initial[f"member_{c.member.slug}"] = c.amount
        return initial


class BudgetLineForm(Form):
    label = forms.CharField(label="Benämning", max_length=200)
    kind = forms.ChoiceField(label="Slag")
    amount = AmountField(label="Belopp (kr)", required=False,
                         help_text="Tomt: raden finns inte i denna budget. 0: budgeterad till noll.")
    admin = forms.NullBooleanField(label="Räknas som administration", required=False,
                                   widget=forms.Select(choices=[("", "Enligt slag"), ("true", "Ja"),
                                                                ("false", "Nej")]))
    note = forms.CharField(label="Anteckning", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    revision = RevisionField()

    def __init__(self, *args, side: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.side = side
        kinds = p.REVENUE_KINDS if side == "revenue" else p.COST_KINDS
        self.fields["kind"].choices = vocab.choices(vocab.LINE_KINDS, kinds)
        if side == "revenue":
            del self.fields["admin"]

    @classmethod
    def initial_for(cls, line: BudgetLine) -> dict:
        return {"label": line.label, "kind": line.kind, "amount": line.amount, "admin": line.admin,
                "note": line.note, "revision": line.revision}

    def clean_label(self):
        label = self.cleaned_data["label"].strip()
        if not slugify(label):
            raise forms.ValidationError("Benämningen måste innehålla bokstäver eller siffror.")
        return label


class OpeningEquityForm(Form):
    opening_equity = AmountField(label="Ingående eget kapital", required=False,
                                 help_text="Tomt: föregående års utgående eget kapital.")
    deficit_justification = forms.CharField(label="Motivering av underskott", required=False,
                                            widget=forms.Textarea(attrs={"rows": 3}))
    revision = RevisionField()


class ScenarioForm(Form):
    """What-if: offers per member and the state's offer, for the scenario tool."""

    state_offer = AmountField(label="Statens erbjudande", required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for m in members:
            self.fields[f"offer_{m.slug}"] = AmountField(label=m.name, required=False)


class StageForm(Form):
    """Move a plan to its next version; adoption takes the decision's date, body and reference."""

    stage = forms.ChoiceField(label="Ny version")
    adopted_on = forms.DateField(label="Beslutsdatum", required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    adopted_by = forms.CharField(label="Beslutande organ", required=False, max_length=200,
                                 help_text="T.ex. Styrelsen")
    reference = forms.CharField(label="Diarienummer", required=False, max_length=100)
    revision = RevisionField()

    def __init__(self, *args, stage: str, **kwargs):
        from .services import STAGE_NAMES, STAGE_NEXT

        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s, STAGE_NAMES[s].capitalize()) for s in STAGE_NEXT[stage]]


class PercentField(forms.CharField):
    """A percentage as a person writes it: "2", "2,5", "-1" → Decimal share (0.02)."""

    bounded = True  # bounds its own text (10 characters) and value (±50 %)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 10:
            raise forms.ValidationError("Skriv procentsatsen kort, t.ex. 2 eller 2,5.", code="long")
        text = value.replace("%", "").strip()
        try:
            amount = parse_amount(text)
        except NotAnAmount:
            raise forms.ValidationError(f"”{value}” är inte en procentsats. Skriv t.ex. 2 eller 2,5.",
                                        code="percent") from None
        if amount.as_tuple().exponent < -2:
            raise forms.ValidationError("Ange procentsatsen med högst två decimaler.", code="ore")
        if abs(amount) > 50:
            raise forms.ValidationError("Uppräkningen får vara högst 50 procent åt något håll.",
                                        code="size")
        return amount / 100


class PlanNextForm(Form):
    """Next year's plan from one of the association's plans."""

    from_year = forms.TypedChoiceField(label="Utgå från planen", coerce=int)
    index = PercentField(label="Uppräkning av det nya årets belopp (procent)", required=False,
                         widget=forms.TextInput(attrs={"maxlength": "10", "inputmode": "decimal"}),
                         help_text="T.ex. 2 eller 2,5. Gäller budgetrader och insatser det år som "
                                   "läggs till; åren som redan fanns i planen behåller sina belopp. "
                                   "Tomt: samma belopp som året före.")

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_year"].choices = [(y, f"Verksamhetsplan {y} → {y + 1}") for y in years]


class PlanFirstForm(Form):
    year = forms.IntegerField(label="Budgetår", min_value=2000, max_value=2100)
    plan_years = forms.TypedChoiceField(
        label="Planår efter budgetåret", coerce=int, initial=2,
        choices=[(n, str(n)) for n in range(0, 5)],
        help_text="Budgeten gäller budgetåret och planåren (vanligen två).")


class AdoptForm(Form):
    """The decision that adopts the plan: date, body and reference (diarienummer)."""

    adopted_on = forms.DateField(label="Beslutsdatum", widget=forms.DateInput(attrs={"type": "date"}),
                                 error_messages={"required": "Ange beslutsdatum.",
                                                 "invalid": "Skriv datumet som ÅÅÅÅ-MM-DD."})
    adopted_by = forms.CharField(label="Beslutande organ", max_length=200,
                                 help_text="T.ex. Styrelsen eller Förbundsstämman",
                                 error_messages={"required": "Ange vilket organ som fattade beslutet."})
    reference = forms.CharField(label="Diarienummer", max_length=100, required=False,
                                help_text="T.ex. Dnr 2022/14")
    revision = RevisionField()

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_adopted_on(self):
        value = self.cleaned_data["adopted_on"]
        if value > self.today:
            raise forms.ValidationError("Beslutsdatumet kan inte ligga i framtiden.")
        if value.year < 2000:
            raise forms.ValidationError("Ange ett beslutsdatum från år 2000 eller senare.")
        return value

    def clean_adopted_by(self):
        value = self.cleaned_data["adopted_by"].strip()
        if not value:
            raise forms.ValidationError("Ange vilket organ som fattade beslutet.")
        return value


class BudgetRowForm(Form):
    """One row of the budget table: label, kind and an amount per (year, column)."""

    label = forms.CharField(label="Benämning", max_length=200)
    kind = forms.ChoiceField(label="Slag")

    def __init__(self, *args, side: str, cells: list[tuple[int, str]], form_id: str | None = None,
                 **kwargs):
        if form_id:
            kwargs.setdefault("auto_id", f"{form_id}-%s")
        super().__init__(*args, **kwargs)
        self.side = side
        self.cells = cells
        self.form_id = form_id
        kinds = p.REVENUE_KINDS if side == "revenue" else p.COST_KINDS
        self.fields["kind"].choices = vocab.choices(vocab.LINE_KINDS, kinds)
        names = vocab.COLUMNS
        for year, column in cells:
            self.fields[self.amount_name(year, column)] = AmountField(
                label=f"{names[column]} {year}", required=False)
            self.fields[self.revision_name(year, column)] = RevisionField()
        if form_id:  # the row's inputs sit in table cells, owned by the form in its first cell
            for field in self.fields.values():
                field.widget.attrs["form"] = form_id
            self.fields["label"].widget.attrs["autofocus"] = True

    @staticmethod
    def amount_name(year: int, column: str) -> str:
        return f"belopp_{year}_{column}"

    @staticmethod
    def revision_name(year: int, column: str) -> str:
        return f"rev_{year}_{column}"

    def amount_fields(self):
        return [self[self.amount_name(y, c)] for y, c in self.cells]

    def revision_fields(self):
        return [self[self.revision_name(y, c)] for y, c in self.cells]

    @classmethod
    def initial_for(cls, lines: dict) -> dict:
        """`lines`: {(year, column): BudgetLine} of one row."""
        first = next(iter(lines.values()), None)
        initial = {"label": first.label, "kind": first.kind} if first else {}
        for (year, column), line in lines.items():
            initial[cls.amount_name(year, column)] = line.amount
            initial[cls.revision_name(year, column)] = line.revision
        return initial

    def clean_label(self):
        label = self.cleaned_data["label"].strip()
        if not slugify(label):
            raise forms.ValidationError("Benämningen måste innehålla bokstäver eller siffror.")
        return label

    def amounts(self) -> dict:
        return {(y, c): self.cleaned_data.get(self.amount_name(y, c)) for y, c in self.cells}

    def revisions(self) -> dict:
        return {(y, c): self.cleaned_data.get(self.revision_name(y, c)) for y, c in self.cells}


class StatedForm(Form):
    """The totals a column states (from an imported document); empty clears one."""

    revision = RevisionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, name in vocab.STATED_KEYS.items():
            self.fields[key] = AmountField(label=f"Angivet: {name.lower()}", required=False)


class FindingAckForm(Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=300)
    comment = forms.CharField(label="Kommentar", max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Varför iakttagelsen kan stå kvar, eller vad som har gjorts.",
                              error_messages={"required": "Skriv en kommentar."})
