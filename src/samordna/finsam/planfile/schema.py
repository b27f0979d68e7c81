"""The plan file's objects and their keys, in canonical order (docs/plan-file.md).

One description serves both directions: the reader warns about every key an
object does not list here and reports the required ones that are missing; the
writer emits an object's keys in exactly this order (and refuses to emit a key
not listed). A new field is added here, to its dataclass in `plan.py`, and to
the reader's and writer's function for that object.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT = "samordna/1"


@dataclass(frozen=True)
class Shape:
    """One object of the file: its keys in canonical order and those it requires."""

    name: str
    keys: tuple[str, ...]
    required: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        missing = set(self.required) - set(self.keys)
        if missing:
            raise ValueError(f"{self.name}: required keys not among the keys: {sorted(missing)}")
        if len(set(self.keys)) != len(self.keys):
            raise ValueError(f"{self.name}: a key is listed twice")


TOP = Shape("top", (
    "format", "unit", "association", "members", "plan", "financing", "interventions", "budget",
    "tertials", "calendar", "risks", "board"))
ASSOCIATION = Shape("association", (
    "id", "name", "split_key", "org_number", "county", "website", "address", "vision",
    "mission", "values", "note",
    "state_display", "expected_underspend"), ("id", "name"))  # extensions last
MEMBER = Shape("member", ("id", "name", "kind", "population", "note"), ("id", "name", "kind"))
POPULATION = Shape("population", ("date", "count", "note"), ("date", "count"))
PLAN = Shape("plan", (
    "year", "plan_years", "adopted_on", "adopted_by", "reference", "sections", "target_groups",
    "goals", "note",
    "title_page", "budget_title", "decisions", "glossary"), ("year",))
SECTION = Shape("section", ("title", "text", "note", "parts"), ("title",))
GLOSSARY = Shape("glossary", ("term", "definition", "note"), ("term", "definition"))
TARGET_GROUP = Shape("target_group", ("name", "description", "priority", "note"), ("name",))
GOAL = Shape("goal", ("text", "indicator", "target", "question", "threshold", "note",
                      "stated_amount"), ("text",))
FINANCING = Shape("financing", (
    "year", "state", "contributions", "population_date", "total", "status", "state_offer",
    "offers", "note",
    "label", "shown_shares"), ("year",))
INTERVENTION = Shape("intervention", (
    "id", "name", "level", "category", "description", "target_group", "eligibility", "method",
    "follow_up", "markings", "members", "provider", "municipalities", "period", "status",
    "duration_weeks", "capacity", "planned_participants", "granted", "budget", "forecast",
    "outcome", "external_funding", "goals", "note",
    "decision", "successor_of", "implementation", "how_to_apply"), ("id", "name", "level"))
PERIOD = Shape("period", ("start", "end", "note"))
DECISION = Shape("decision", ("date", "reference"))
EXTERNAL_FUNDING = Shape("external_funding", ("source", "reference", "amount", "note"),
                         ("source",))
BUDGET_ENTRY = Shape("budget", (
    "year", "column", "opening_equity", "revenue", "costs", "stated", "deficit_justification",
    "note",
    "label"), ("year",))
LINE = Shape("line", ("id", "label", "kind", "amount", "note", "admin"), ("id", "label", "kind"))
STATED = Shape("stated", ("revenue", "costs", "result", "closing_equity"))
TERTIAL = Shape("tertial", ("year", "period", "outcome", "forecast", "comments", "reported_on",
                            "note"), ("year", "period"))
TERTIAL_FIGURES = Shape("tertial_figures", ("lines", "interventions", "contributions"))
CALENDAR = Shape("calendar", ("date", "start", "end", "body", "title", "place", "tentative",
                              "note"), ("date",))
RISKS = Shape("risks", ("strengths", "weaknesses", "opportunities", "threats", "note"))
BOARD = Shape("board", ("members", "regular", "deputy", "note"), ("members",))

# Names older code imports.
TOP_KEYS = TOP.keys
INTERVENTION_KEYS = INTERVENTION.keys
