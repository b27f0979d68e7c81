"""The intervention form: fields, money and participants per year and kommun, and the rules."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django import forms
from django.utils.text import slugify

from samordna.core.forms import Form
from samordna.economy.forms import AmountField
from samordna.finsam import bounds
from samordna.finsam import interventions as rules
from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab

LEVEL_CHOICES = vocab.choices(vocab.LEVELS)
CATEGORY_CHOICES = vocab.choices(vocab.CATEGORIES)
FOLLOW_UP_CHOICES = vocab.choices(vocab.FOLLOW_UP)
STATUS_CHOICES = vocab.choices(vocab.STATUSES)

MARKING_CHOICES = [(code, f"{short} – {vocab.MARKING_DESCRIPTIONS[code]}")
                   for code, short in vocab.MARKINGS.items()]
SHARE_INDICATORS = ("ended_to_work_or_studies", "ended_to_work", "survey_share", "registration_completeness",
                    "equity_max_share")
CATEGORY_LEVEL = {"individual": set(p.CATEGORIES["individual"]),
                  "structural": set(p.CATEGORIES["structural"])}


class InterventionForm(Form):
    name = forms.CharField(label="Namn", max_length=300)
    level = forms.ChoiceField(label="Nivå", choices=LEVEL_CHOICES,
                              help_text="Låses när insatsen skapas.")
    category = forms.ChoiceField(label="Preciserad inriktning", required=False,
                                 choices=[("", "– ingen angiven –"), *CATEGORY_CHOICES])
    follow_up = forms.ChoiceField(label="Uppföljning", required=False,
                                  choices=[("", "Enligt nivå"), *FOLLOW_UP_CHOICES],
                                  help_text="Låses när insatsen skapas.")
    markings = forms.MultipleChoiceField(label="Märkningar", required=False, choices=MARKING_CHOICES,
                                         widget=forms.CheckboxSelectMultiple,
                                         help_text="ESF-markeringen låses när insatsen skapas.")
    status = forms.ChoiceField(label="Status", choices=STATUS_CHOICES)
    decision_date = forms.DateField(label="Styrelsens beslut, datum", required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    decision_reference = forms.CharField(label="Styrelsens beslut, diarienummer", required=False,
                                         max_length=100)
    period_start = forms.DateField(label="Start", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label="Slut", required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    members = forms.MultipleChoiceField(label="Deltagande medlemmar (parter)", required=False,
                                        widget=forms.CheckboxSelectMultiple)
    municipalities = forms.MultipleChoiceField(
        label="Kommuner vars invånare kan delta", required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Ingen vald: alla medlemskommuner.")
    provider = forms.CharField(label="Utförare", required=False, max_length=300)
    description = forms.CharField(label="Beskrivning", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    target_group = forms.CharField(label="Målgrupp", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    eligibility = forms.CharField(label="Förutsättningar för deltagande", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    method = forms.CharField(label="Metod", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    how_to_apply = forms.CharField(label="Så ansöker man (visas i insatskatalogen)", required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    implementation = forms.CharField(label="Implementering: var metoden lever vidare", required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    duration_min = forms.IntegerField(label="Längd, minst (veckor)", required=False, min_value=0,
                                      max_value=bounds.MAX_WEEKS)
    duration_max = forms.IntegerField(label="Längd, högst (veckor)", required=False, min_value=0,
                                      max_value=bounds.MAX_WEEKS)
    capacity = forms.IntegerField(label="Platser samtidigt", required=False, min_value=0,
                                  max_value=bounds.MAX_COUNT)
    note = forms.CharField(label="Intern anteckning (visas aldrig publikt)", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    revision = forms.IntegerField(required=False, min_value=0, max_value=bounds.MAX_REVISION,
                                  widget=forms.HiddenInput)

    def __init__(self, *args, plan: p.Plan, existing: p.Intervention | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.existing = plan, existing
        self.kommuner = plan.members_of(p.KOMMUN)
        self.years = plan.plan.years
        self.fields["members"].choices = [(m.id, m.name) for m in plan.members]
        self.fields["municipalities"].choices = [(m.id, m.name) for m in self.kommuner]
        keys = [(m.id, m.name) for m in self.kommuner] + [(p.COMMON, "Gemensamt")]
        self.grid = []
        for year in self.years:
            self.fields[f"granted_{year}"] = AmountField(label=f"Beviljat {year}", required=False)
            self.fields[f"total_{year}"] = AmountField(
                label=f"Budget {year}, total", required=False,
                help_text="Valfri kontrollsumma: delarna ska summera till den.")
            row = {"year": year, "granted": f"granted_{year}", "total": f"total_{year}", "cells": []}
            for key, name in keys:
                self.fields[f"budget_{year}_{key}"] = AmountField(label=f"Budget {year}, {name}", required=False)
                self.fields[f"participants_{year}_{key}"] = forms.IntegerField(
                    label=f"Deltagare {year}, {name}", required=False, min_value=0,
                    max_value=bounds.MAX_COUNT)
                row["cells"].append({"key": key, "name": name, "budget": f"budget_{year}_{key}",
                                     "participants": f"participants_{year}_{key}"})
            self.grid.append(row)
        self._goal_rows(existing)
        self._funding_rows(existing)
        for name, field in self.fields.items():
            if name.startswith(("budget_", "participants_", "goal_", "funding_")):
                field.widget.attrs["aria-label"] = field.label  # grid cells have no visible label
        if existing is not None and not self.is_bound:
            self.initial.update(self.initial_for(existing))

    def _goal_rows(self, existing):
        count = len(existing.goals) + 2 if existing else 2
        indicators = [("", "Ingen (skriftlig bedömning)")] + vocab.choices(vocab.INDICATORS_SHORT, p.INDICATORS)
        self.goal_rows = []
        for i in range(count):
            self.fields[f"goal_{i}_text"] = forms.CharField(label=f"Mål {i + 1}", required=False,
                                                            widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"goal_{i}_indicator"] = forms.ChoiceField(label=f"Mål {i + 1}, indikator",
                                                                   required=False, choices=indicators)
            self.fields[f"goal_{i}_target"] = AmountField(
                label=f"Mål {i + 1}, målvärde", required=False)
            self.goal_rows.append({"text": f"goal_{i}_text", "indicator": f"goal_{i}_indicator",
                                   "target": f"goal_{i}_target", "n": i + 1})

    def _funding_rows(self, existing):
        count = len(existing.external_funding) + 1 if existing else 1
        sources = [("", "–"), *vocab.choices(vocab.FUNDING_SOURCES_SHORT)]
        self.funding_rows = []
        for i in range(count):
            self.fields[f"funding_{i}_source"] = forms.ChoiceField(label=f"Extern finansiering {i + 1}, källa",
                                                                   required=False, choices=sources)
            self.fields[f"funding_{i}_reference"] = forms.CharField(
                label=f"Extern finansiering {i + 1}, diarienummer", required=False, max_length=200)
            row = {"source": f"funding_{i}_source", "reference": f"funding_{i}_reference", "amounts": [],
                   "n": i + 1}
            for year in self.years:
                self.fields[f"funding_{i}_{year}"] = AmountField(
                    label=f"Extern finansiering {i + 1}, belopp {year}", required=False)
                row["amounts"].append(f"funding_{i}_{year}")
            self.funding_rows.append(row)

    def initial_for(self, iv: p.Intervention) -> dict:
        initial = {
            "name": iv.name, "level": iv.level, "category": iv.category or "",
            "follow_up": iv.follow_up or "", "markings": list(iv.markings), "status": iv.effective_status,
            "decision_date": iv.decision_date, "decision_reference": iv.decision_reference,
            "period_start": iv.period_start, "period_end": iv.period_end,
            "members": list(iv.members or ()), "municipalities": list(iv.municipalities or ()),
            "provider": iv.provider, "description": iv.description, "target_group": iv.target_group,
            "eligibility": iv.eligibility, "method": iv.method, "how_to_apply": iv.how_to_apply,
            "implementation": iv.implementation, "capacity": iv.capacity, "note": iv.note,
            "duration_min": iv.duration_weeks[0] if iv.duration_weeks else None,
            "duration_max": iv.duration_weeks[1] if iv.duration_weeks else None,
        }
        for year in self.years:
            if year in iv.granted:
                initial[f"granted_{year}"] = sum(iv.granted[year].values(), Decimal(0))
            for key, value in iv.budget.get(year, {}).items():
                initial[f"budget_{year}_{key}"] = value
            for key, value in iv.planned_participants.get(year, {}).items():
                initial[f"participants_{year}_{key}"] = int(value)
        for i, g in enumerate(iv.goals):
            initial[f"goal_{i}_text"], initial[f"goal_{i}_indicator"] = g.text, g.indicator or ""
            if g.target is not None:
                initial[f"goal_{i}_target"] = g.target * 100 if g.indicator in SHARE_INDICATORS else g.target
        for i, f in enumerate(iv.external_funding):
            initial[f"funding_{i}_source"], initial[f"funding_{i}_reference"] = f.source, f.reference
            for year, amount in f.amount.items():
                initial[f"funding_{i}_{year}"] = amount
        return initial

    # -- validation: every rule gives a Swedish message and nothing is saved
    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        level, category = data.get("level"), data.get("category")
        problem = rules.name_problem(self.plan, data.get("name"), self.existing.id if self.existing else None)
        if problem:
            self.add_error("name", problem)
        if category and category not in CATEGORY_LEVEL[level]:
            self.add_error("category", "Den preciserade inriktningen hör inte till vald nivå.")
        problem = rules.parties_problem(self.plan, data.get("members"))
        # A plan that already lacked parties is reported by the review; it blocks only a
        # change that breaks the rule anew (as the service decides).
        already = self.existing is not None and problem == rules.parties_problem(
            self.plan, self.existing.members)
        if problem and not already:
            self.add_error("members", problem)
        if data.get("duration_min") is not None and data.get("duration_max") is not None \
                and data["duration_min"] > data["duration_max"]:
            self.add_error("duration_max", "Högsta längden är kortare än den minsta.")
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", "Slutdatum ligger före startdatum.")
        for row in self.grid:
            parts = {c["key"]: data[c["budget"]] for c in row["cells"] if data.get(c["budget"]) is not None}
            problem = rules.parts_problem(parts, data.get(row["total"]), f"Budget {row['year']}")
            if problem:
                self.add_error(row["total"], problem)
            if any(v < 0 for v in parts.values()):
                self.add_error(row["total"], f"Budget {row['year']}: belopp kan inte vara negativa.")
        for row in self.goal_rows:
            text, indicator, target = (data.get(row["text"]), data.get(row["indicator"]), data.get(row["target"]))
            if (indicator or target is not None) and not (text or "").strip():
                self.add_error(row["text"], f"Mål {row['n']}: skriv målet i text.")
            if indicator in SHARE_INDICATORS and target is not None and not (0 <= target <= 100):
                self.add_error(row["target"], f"Mål {row['n']}: en andel anges i procent, 0–100.")
            if indicator == "participants" and target is not None and target != int(target):
                self.add_error(row["target"], f"Mål {row['n']}: antal deltagare är ett heltal.")
        for row in self.funding_rows:
            has_amount = any(data.get(a) is not None for a in row["amounts"])
            if (has_amount or data.get(row["reference"])) and not data.get(row["source"]):
                self.add_error(row["source"], f"Extern finansiering {row['n']}: välj källa.")
        if self.errors:
            return data
        candidate = self.intervention()
        if self.existing is not None:
            for message in rules.locked_changes(self.existing, candidate):
                self.add_error(None, message)
        problem = rules.status_problem(
            candidate, old_status=self.existing.effective_status if self.existing else None,
            decision_date=data.get("decision_date"), decision_reference=data.get("decision_reference"),
            implementation=data.get("implementation"))
        if problem:
            self.add_error("status", problem)
        return data

    def intervention(self) -> p.Intervention:
        """The intervention the form describes (amounts of other columns kept from `existing`)."""
        d = self.cleaned_data
        budget, participants, granted = {}, {}, {}
        for row in self.grid:
            year = row["year"]
            parts = {c["key"]: d[c["budget"]] for c in row["cells"] if d.get(c["budget"]) is not None}
            if parts:
                budget[year] = parts
            counts = {c["key"]: Decimal(d[c["participants"]]) for c in row["cells"]
                      if d.get(c["participants"]) is not None}
            if counts:
                participants[year] = counts
            if d.get(row["granted"]) is not None:
                granted[year] = {p.COMMON: d[row["granted"]]}
        base = self.existing or p.Intervention(id="", name="", level=d["level"])
        other_years = lambda amounts: {y: v for y, v in amounts.items() if y not in self.years}  # noqa: E731
        duration = None
        if d.get("duration_min") is not None or d.get("duration_max") is not None:
            duration = (d.get("duration_min"), d.get("duration_max"))
        goals = []
        for row in self.goal_rows:
            text = (d.get(row["text"]) or "").strip()
            if not text:
                continue
            indicator, target = d.get(row["indicator"]) or None, d.get(row["target"])
            if target is not None and indicator in SHARE_INDICATORS:
                target = target / 100
            old = (self.existing.goals[row["n"] - 1]
                   if self.existing and row["n"] <= len(self.existing.goals) else None)
            goals.append(replace(old, text=text, indicator=indicator, target=target) if old
                         else p.Goal(text=text, indicator=indicator, target=target))
        funding = []
        for row in self.funding_rows:
            if not d.get(row["source"]):
                continue
            amounts = {year: d[name] for year, name in zip(self.years, row["amounts"], strict=True)
                       if d.get(name) is not None}
            old = (self.existing.external_funding[row["n"] - 1]
                   if self.existing and row["n"] <= len(self.existing.external_funding) else None)
            kept = {y: a for y, a in (old.amount.items() if old else ()) if y not in self.years}
            funding.append(p.ExternalFunding(source=d[row["source"]], reference=d.get(row["reference"]) or None,
                                             amount={**kept, **amounts}, note=old.note if old else None))
        return replace(
            base, id=base.id or self.new_id(d["name"]), goals=tuple(goals), external_funding=tuple(funding),
            name=d["name"].strip(), level=d["level"],
            category=d.get("category") or None, follow_up=d.get("follow_up") or None,
            markings=tuple(d.get("markings") or ()), status=d["status"],
            decision_date=d.get("decision_date"), decision_reference=d.get("decision_reference") or None,
            period_start=d.get("period_start"), period_end=d.get("period_end"),
            # None: no parties recorded (the plan file said nothing) stays so when none is ticked.
            members=(tuple(d["members"]) if d.get("members")
                     else None if base.members is None else ()),
            municipalities=tuple(d["municipalities"]) if d.get("municipalities") else None,
            provider=d.get("provider") or None, description=d.get("description") or None,
            target_group=d.get("target_group") or None, eligibility=d.get("eligibility") or None,
            method=d.get("method") or None, how_to_apply=d.get("how_to_apply") or None,
            implementation=d.get("implementation") or None, duration_weeks=duration,
            capacity=d.get("capacity"), note=d.get("note") or None,
            budget={**other_years(base.budget), **budget},
            planned_participants={**other_years(base.planned_participants), **participants},
            granted={**other_years(base.granted), **granted})

    def new_id(self, name: str) -> str:
        stem = slugify(name)[:70] or "insats"
        taken = {iv.id for iv in self.plan.interventions}
        candidate, n = stem, 2
        while candidate in taken:
            candidate, n = f"{stem}-{n}", n + 1
        return candidate


class FilterForm(Form):
    level = forms.ChoiceField(label="Nivå", required=False, choices=[("", "Alla"), *LEVEL_CHOICES])
    category = forms.ChoiceField(label="Inriktning", required=False, choices=[("", "Alla"), *CATEGORY_CHOICES])
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Alla"), *STATUS_CHOICES])
    municipality = forms.ChoiceField(label="Kommun", required=False)
    marking = forms.ChoiceField(label="Märkning", required=False, choices=[("", "Alla"), *MARKING_CHOICES])

    def __init__(self, *args, plan: p.Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", "Alla")] + [(m.id, m.name) for m in plan.members_of(p.KOMMUN)]

    def apply(self, plan: p.Plan, interventions):
        if not self.is_valid():
            return list(interventions)
        d = self.cleaned_data
        out = []
        for iv in interventions:
            if d["level"] and iv.level != d["level"]:
                continue
            if d["category"] and iv.category != d["category"]:
                continue
            if d["status"] and iv.effective_status != d["status"]:
                continue
            if d["marking"] and d["marking"] not in iv.markings:
                continue
            if d["municipality"] and not serves(iv, d["municipality"]):
                continue
            out.append(iv)
        return out


def serves(iv: p.Intervention, kommun: str) -> bool:
    """An intervention serves a kommun when its residents may take part or it has money there."""
    if iv.municipalities is not None and kommun in iv.municipalities:
        return True
    if any(kommun in parts for parts in iv.budget.values()):
        return True
    if any(kommun in parts for parts in iv.planned_participants.values()):
        return True
    return iv.municipalities is None and not any(
        set(parts) - {p.COMMON} for parts in (*iv.budget.values(), *iv.planned_participants.values()))
