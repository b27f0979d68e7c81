"""Plans for the document tests: one with forecast and outcome (columns for the annual report,
tertials T1 and T2 of 2023 that differ only in the office's outcome), one with only what is
required."""

import pytest

from samordna.finsam.planfile import read_plan

FOLLOWUP_YAML = """
format: samordna/1
association: {id: testbygden, name: Samordningsförbundet Testbygden, org_number: 222000-0001}
members:
  - {id: fk, name: Försäkringskassan, kind: forsakringskassan}
  - {id: af, name: Arbetsförmedlingen, kind: arbetsformedlingen}
  - {id: region, name: Region Testlän, kind: region}
  - {id: alfa, name: Alfa kommun, kind: kommun, population: [{date: 2022-06-30, count: 3001}]}
  - {id: beta, name: Beta kommun, kind: kommun, population: [{date: 2022-06-30, count: 1000}]}
  - {id: gamma, name: Gamma kommun, kind: kommun, population: [{date: 2022-06-30, count: 999}]}
plan:
  year: 2023
  plan_years: [2024]
  adopted_on: 2022-11-20
  adopted_by: Styrelsen
  reference: "2022:7"
  goals:
    - {text: Budgeten ska vara i balans., indicator: budget_balance}
    - {text: Eget kapital ska vara minst 500 000 kr., indicator: equity_min, target: 500000}
    - {text: 40 % av de avslutade ska gå till arbete eller studier., indicator: ended_to_work_or_studies, target: 0.4}
    - {text: Samverkan ska fördjupas.}
financing:
  - {year: 2023, state: 2000000}
  - {year: 2024, state: 2000000}
interventions:
  - id: steget
    name: Steget
    level: individual
    category: forberedande
    members: [fk, region, alfa]
    planned_participants: {2023: {alfa: 30, beta: 10}}
    budget: {2023: {alfa: 1500000, beta: 500000}, 2024: 2000000}
    forecast: {2023: 1800000}
    outcome: {2023: 600000}
  - id: dialog
    name: Dialogdagar
    level: structural
    category: dialog
    budget: {2023: 400000, 2024: 400000}
    forecast: {2023: 350000}
    outcome: {2023: 100000}
budget:
  - year: 2023
    column: budget
    opening_equity: 1200000
    costs:
      - {id: kansli, label: Kansli, kind: office, amount: 1300000}
      - {id: revision, label: Revision, kind: audit, amount: 100000}
  - year: 2023
    column: forecast
    opening_equity: 1200000
    costs:
      - {id: kansli, label: Kansli, kind: office, amount: 1250000}
      - {id: revision, label: Revision, kind: audit, amount: 100000}
  - year: 2023
    column: outcome
    opening_equity: 1200000
    costs:
      - {id: kansli, label: Kansli, kind: office, amount: 420000}
      - {id: revision, label: Revision, kind: audit, amount: 0}
  - year: 2024
    costs:
      - {id: kansli, label: Kansli, kind: office, amount: 1350000}
      - {id: revision, label: Revision, kind: audit, amount: 100000}
tertials:
  - year: 2023
    period: T1
    outcome:
      lines: {kansli: 400000, revision: 0}
      interventions: {steget: 500000, dialog: 100000}
      contributions: {fk: 1000000, region: 500000}
    forecast:
      lines: {kansli: 1250000, revision: 100000}
      interventions: {steget: 1800000, dialog: 350000}
      contributions: {fk: 2000000, region: 1000000}
    comments: {kansli: Vakant tjänst under våren., steget: Färre deltagare än planerat.}
    reported_on: 2023-05-10
  - year: 2023
    period: T2
    outcome:
      lines: {kansli: 820000, revision: 0}
      interventions: {steget: 500000, dialog: 100000}
      contributions: {fk: 1000000, region: 500000}
    forecast:
      lines: {kansli: 1250000, revision: 100000}
      interventions: {steget: 1800000, dialog: 350000}
      contributions: {fk: 2000000, region: 1000000}
    comments: {kansli: Vakant tjänst under våren., steget: Färre deltagare än planerat.}
    reported_on: 2023-09-12
"""

MINIMAL_YAML = """
format: samordna/1
association: {id: minimal, name: Samordningsförbundet Minimal}
members:
  - {id: fk, name: Försäkringskassan, kind: forsakringskassan}
  - {id: af, name: Arbetsförmedlingen, kind: arbetsformedlingen}
  - {id: region, name: Region Minimal, kind: region}
  - {id: ett, name: Ett kommun, kind: kommun}
plan:
  year: 2024
"""


@pytest.fixture(scope="session")
def followup():
    return read_plan(FOLLOWUP_YAML.encode())[0]


@pytest.fixture(scope="session")
def minimal():
    return read_plan(MINIMAL_YAML.encode())[0]
