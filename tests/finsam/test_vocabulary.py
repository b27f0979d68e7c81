"""The vocabulary: every code list once, complete against the rulebook, never a raw code."""

import pytest

from samordna.finsam import checks
from samordna.finsam import plan as p
from samordna.finsam import vocabulary as vocab


@pytest.mark.parametrize(("codes", "mapping"), [
    (p.MEMBER_KINDS, vocab.MEMBER_KINDS),
    (p.LEVELS, vocab.LEVELS),
    (p.FOLLOW_UP, vocab.FOLLOW_UP),
    (p.MARKINGS, vocab.MARKINGS),
    (p.STATUSES, vocab.STATUSES),
    (p.FUNDING_SOURCES, vocab.FUNDING_SOURCES),
    (p.FINANCING_STATUSES, vocab.FINANCING_STATUSES),
    (p.COLUMNS, vocab.COLUMNS),
    (p.REVENUE_KINDS, vocab.REVENUE_KINDS),
    (p.COST_KINDS, vocab.COST_KINDS),
    (p.INDICATORS, vocab.INDICATORS),
    (p.STATED_KEYS, vocab.STATED_KEYS),
    (checks.CODES, vocab.FINDINGS),
    (checks.SEVERITIES, vocab.SEVERITIES),
])
def test_vocabulary_list_matches_rulebook_codes(codes, mapping):
    assert tuple(mapping) == tuple(codes)


def test_vocabulary_categories_cover_every_level():
    per_level = [c for level in p.LEVELS for c in p.CATEGORIES[level]]
    assert set(p.CATEGORIES) == set(vocab.LEVELS)
    assert set(per_level) == set(vocab.CATEGORIES)


@pytest.mark.parametrize("name", ["markings", "indicators", "levels", "funding_sources",
                                  "member_kinds"])
def test_vocabulary_companion_lists_have_the_same_codes(name):
    companions = {"markings": vocab.MARKING_DESCRIPTIONS, "indicators": vocab.INDICATORS_SHORT,
                  "levels": vocab.LEVEL_GROUPS, "funding_sources": vocab.FUNDING_SOURCES_SHORT,
                  "member_kinds": vocab.INTERVENTION_PARTIES}
    assert tuple(companions[name]) == tuple(vocab.LISTS[name])


def test_vocabulary_every_party_of_a_kind_is_a_party():
    assert tuple(vocab.PARTY_OF_KIND) == p.MEMBER_KINDS
    assert set(vocab.PARTY_OF_KIND.values()) == set(vocab.PARTIES)


def test_vocabulary_finding_codes_are_the_codes_the_checks_give(sydnarke, sjuharad, vatterbygden):
    given = {f.code for plan in (sydnarke, sjuharad, vatterbygden) for f in checks.review(plan)}
    assert given <= set(vocab.FINDINGS)


@pytest.mark.parametrize(("model", "field", "mapping"), [
    ("accounts.Membership", "role", vocab.ROLES),
    ("organisation.Association", "state_display", vocab.STATE_DISPLAYS),
    ("organisation.Member", "kind", vocab.MEMBER_KINDS),
    ("economy.FinancingYear", "status", vocab.FINANCING_STATUSES),
    ("economy.Contribution", "kind", vocab.CONTRIBUTION_KINDS),
    ("economy.BudgetEntry", "column", vocab.COLUMNS),
    ("economy.BudgetLine", "side", vocab.SIDES),
    ("economy.BudgetLine", "kind", vocab.LINE_KINDS),
    ("interventions.Intervention", "level", vocab.LEVELS),
    ("interventions.Intervention", "follow_up", vocab.FOLLOW_UP_MODES),
    ("interventions.Intervention", "esf", vocab.ESF_FLAGS),
    ("interventions.PlanIntervention", "level", vocab.LEVELS),
    ("interventions.PlanIntervention", "category", vocab.CATEGORIES),
    ("interventions.PlanIntervention", "follow_up", vocab.FOLLOW_UP),
    ("interventions.PlanIntervention", "status", vocab.STATUSES),
    ("economy.Plan", "stage", vocab.STAGES),
    ("economy.PlanVersion", "stage", vocab.STAGES),
    ("interventions.InterventionAmount", "measure", vocab.MEASURES),
    ("followup.Enrolment", "gender", vocab.GENDERS),
    ("followup.Enrolment", "age_band", vocab.AGE_BANDS),
    ("followup.Enrolment", "occupation_before", vocab.OCCUPATIONS),
    ("followup.Enrolment", "occupation_after", vocab.OCCUPATIONS),
    ("followup.Enrolment", "end_reason", vocab.END_REASONS),
    ("followup.Enrolment", "education_level", vocab.EDUCATION_LEVELS),
    ("followup.ParticipantCount", "kind", vocab.PERIOD_KINDS),
    ("followup.GoalMeasure", "kind", vocab.MEASURE_KINDS),
    ("followup.GoalMeasure", "base", vocab.MEASURE_BASES),
    ("economy.Tertial", "period", vocab.PERIODS),
    ("economy.TertialCell", "measure", vocab.TERTIAL_MEASURES),
    ("economy.TertialCell", "part", {"": "Alla", **vocab.TERTIAL_PARTS}),
])
def test_vocabulary_agrees_with_the_model_choices(model, field, mapping):
    from django.apps import apps

    choices = apps.get_model(model)._meta.get_field(field).choices
    assert dict(choices) == mapping


def test_vocabulary_labels_are_swedish_text_not_codes():
    for name, mapping in vocab.LISTS.items():
        for code, text in mapping.items():
            assert text.strip() == text and text, (name, code)
            assert "_" not in text, (name, code)


def test_label_gives_the_swedish_label_by_list_name_or_mapping():
    assert vocab.label("findings", "equity_unknown") == "Eget kapital saknas"
    assert vocab.label(vocab.STATUSES, "applied") == "Ansökt"
    assert vocab.label("roles", "secretariat_admin") == "Förbundsadministratör (kansli)"


def test_label_never_returns_an_unknown_code():
    assert vocab.label("levels", "budget_balance") == "Okänt värde"
    assert vocab.label("levels", None) == "–"
    assert vocab.label("levels", "") == "–"


def test_label_refuses_an_unknown_list():
    with pytest.raises(KeyError):
        vocab.label("no_such_list", "x")


def test_lower_writes_labels_for_inside_a_sentence():
    assert vocab.lower(vocab.FINANCING_STATUSES) == {
        "adopted": "beslutad", "requested": "äskad", "preliminary": "preliminär"}


def test_vocabulary_tertial_lists_match_the_rulebook():
    from samordna.finsam import tertial_summary, tertials

    assert tuple(vocab.PERIODS) == p.PERIODS == tuple(p.PERIOD_MONTHS)
    assert tuple(vocab.PERIOD_ENDS) == p.PERIODS
    assert tuple(vocab.TERTIAL_MEASURES) == tertials.MEASURES
    assert set(vocab.TERTIAL_PARTS) == set(tertials.PARTS)
    assert tuple(vocab.TERTIAL_GROUPS) == tertials.GROUPS
    assert tuple(vocab.TERTIAL_TOTALS) == (*tertial_summary.TOTALS, "opening_equity", "closing_equity")
