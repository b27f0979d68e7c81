"""Shared builders for rulebook tests: plan documents as dicts, read through the real reader."""

import copy

import yaml

from samordna.finsam.planfile import read_plan

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when available: faster tests

# Two kommuner with population (3 000 and 1 000), the state's half 400 000 kr in 2022.
TWO_KOMMUNER = {
    "format": "samordna/1",
    "association": {"id": "test", "name": "Samordningsförbundet Test"},
    "members": [
        {"id": "fk", "name": "Försäkringskassan", "kind": "forsakringskassan"},
        {"id": "af", "name": "Arbetsförmedlingen", "kind": "arbetsformedlingen"},
        {"id": "region", "name": "Regionen", "kind": "region"},
        {"id": "a", "name": "A kommun", "kind": "kommun",
         "population": [{"date": "2021-06-30", "count": 3000}]},
        {"id": "b", "name": "B kommun", "kind": "kommun",
         "population": [{"date": "2021-06-30", "count": 1000}]},
    ],
    "plan": {"year": 2022},
    "financing": [{"year": 2022, "state": 400000}],
}


def yaml_of(doc: dict) -> str:
    return yaml.dump(doc, Dumper=DUMPER, allow_unicode=True, sort_keys=False)


def read_doc(doc: dict):
    """(plan, warnings) of a plan document given as a dict."""
    return read_plan(yaml_of(doc))


def two_kommuner() -> dict:
    return copy.deepcopy(TWO_KOMMUNER)
