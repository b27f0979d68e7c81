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
    # What the plain keys hold (key → one of FIELD_KINDS). A key listed here is read and
    # written by the generic `reader._plain`/`writer._plain` from the dataclass field of the
    # same name: adding such a field is one line here and one in `plan.py`.
    kinds: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        missing = set(self.required) - set(self.keys)
        if missing:
            raise ValueError(f"{self.name}: required keys not among the keys: {sorted(missing)}")
        if len(set(self.keys)) != len(self.keys):
            raise ValueError(f"{self.name}: a key is listed twice")
        typed = dict(self.kinds)
        if set(typed) - set(self.keys) or set(typed.values()) - set(FIELD_KINDS):
            raise ValueError(f"{self.name}: kinds name an unknown key or kind")

    @property
    def kind_of(self) -> dict[str, str]:
        return dict(self.kinds)


# The kinds of plain values: text, an id (slug), a member id, a date, a time (HH:MM),
# true/false, a whole number ≥ 1, and a number 1–4 (the risk scales).
FIELD_KINDS = ("text", "slug", "member", "date", "time", "bool", "positive", "scale")


TOP = Shape("top", (
    "format", "unit", "association", "members", "plan", "financing", "interventions", "budget",
    "tertials", "calendar", "risks", "board",
    "board_seats", "bodies"))  # extensions last
ASSOCIATION = Shape("association", (
    "id", "name", "split_key", "org_number", "county", "website", "address", "vision",
    "mission", "values", "note",
    "state_display", "expected_underspend"), ("id", "name"))  # extensions last
MEMBER = Shape("member", ("id", "name", "kind", "population", "note",
                         "ended_on"), ("id", "name", "kind"), (("ended_on", "date"),))
POPULATION = Shape("population", ("date", "count", "note"), ("date", "count"))
PLAN = Shape("plan", (
    "year", "plan_years", "adopted_on", "adopted_by", "reference", "sections", "target_groups",
    "goals", "note",
    "title_page", "budget_title", "decisions", "glossary"), ("year",))
SECTION = Shape("section", ("title", "text", "note", "parts"), ("title",))
GLOSSARY = Shape("glossary", ("term", "definition", "note"), ("term", "definition"))
TARGET_GROUP = Shape("target_group", ("name", "description", "priority", "note", "id"), ("name",),
                     (("id", "slug"),))
GOAL = Shape("goal", ("text", "indicator", "target", "question", "threshold", "note",
                      "stated_amount", "id"), ("text",), (("id", "slug"),))
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
                              "note", "id"), ("date",),
                 (("date", "date"), ("start", "time"), ("end", "time"), ("body", "slug"),
                  ("title", "text"), ("place", "text"), ("tentative", "bool"), ("note", "text"),
                  ("id", "slug")))
RISKS = Shape("risks", ("strengths", "weaknesses", "opportunities", "threats", "note",
                        "controls"))
RISK_CONTROL = Shape("risk_control", (
    "id", "risk", "likelihood", "consequence", "control", "owner", "frequency", "result",
    "action", "note"), ("id", "risk", "likelihood", "consequence"),
    (("id", "slug"), ("risk", "text"), ("likelihood", "scale"), ("consequence", "scale"),
     ("control", "text"), ("owner", "text"), ("frequency", "text"), ("result", "text"),
     ("action", "text"), ("note", "text")))
BOARD = Shape("board", ("members", "regular", "deputy", "note"), ("members",))
BOARD_SEAT = Shape("board_seat", (
    "id", "name", "member", "role", "term_start", "term_end", "office", "deputy_order",
    "email", "note"), ("id", "name", "member", "role"),
    (("id", "slug"), ("name", "text"), ("member", "member"), ("term_start", "date"),
     ("term_end", "date"), ("deputy_order", "positive"), ("email", "text"), ("note", "text")))
BODY = Shape("body", ("id", "kind", "name", "members", "note"), ("id", "kind", "name"),
             (("id", "slug"), ("name", "text"), ("note", "text")))
BODY_MEMBER = Shape("body_member", ("name", "member", "organisation", "role", "note"),
                    ("name",),
                    (("name", "text"), ("member", "member"), ("organisation", "text"),
                     ("role", "text"), ("note", "text")))

# Names older code imports.
TOP_KEYS = TOP.keys
INTERVENTION_KEYS = INTERVENTION.keys
