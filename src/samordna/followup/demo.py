"""Demo follow-up: plausible, deterministic de-identified records and counts for the demo
plans' interventions, loaded through the import service like a provider's file, and the
kansli's measures for the seeds' goals the plan file cannot express.

The same plans give the same rows every time (random.Random seeded from the association and
intervention ids). Nothing here is real: codes, genders, months and outcomes are drawn.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import yaml
from django.contrib.auth import get_user_model

from samordna.accounts.permissions import SYSTEM
from samordna.accounts.services import assignment_set, membership_grant
from samordna.economy.models import Plan
from samordna.economy.selectors import plan_data
from samordna.finsam import followup as fu
from samordna.finsam import followup_file as ff
from samordna.finsam import plan as p
from samordna.interventions.models import Intervention

from .services import followup_import, goal_measure_save

REPORTER = "rapportor"


@dataclass(frozen=True)
class Profile:
    """How an intervention's participants fare: shares among those who end."""

    enrolments: int = 40
    able: float = 0.6  # judged able to work
    work: float = 0.3  # of the able; the not able reach work at a quarter of this
    studies: float = 0.12
    internship: float = 0.1
    complete: float = 0.93  # fully registered
    months: tuple[int, int] = (3, 14)


# The seeds' interventions with goals on participants: profiles that make them interesting.
PROFILES = {
    ("sodra-vatterbygden", "enter"): Profile(enrolments=90, able=0.7, work=0.36, studies=0.12),
    ("sodra-vatterbygden", "fia"): Profile(enrolments=45, able=0.55, work=0.22, studies=0.04, internship=0.16),
    ("sodra-vatterbygden", "it-sparet"): Profile(enrolments=30, able=0.8, work=0.3, studies=0.25),
    ("sodra-vatterbygden", "se-n-individ"): Profile(enrolments=24, able=0.8, work=0.55, studies=0.05,
                                                    months=(6, 16)),
}

# (association, intervention or None, start of the goal's text) → how the kansli measures it.
MEASURES = {
    ("sodra-vatterbygden", "enter", "40% av deltagarna som bedöms ha arbetsförmåga"):
        fu.Measure("share", frozenset({"arbete", "studier"}), base="ended_able", target=Decimal("0.4")),
    ("sodra-vatterbygden", "fia", "30% av deltagarna ska ha arbete eller praktik"):
        fu.Measure("share", frozenset({"arbete", "praktik"}), target=Decimal("0.3")),
    ("sodra-vatterbygden", "se-n-individ", "10 deltagare ska vara etablerade"):
        fu.Measure("count", frozenset({"arbete"}), min_months=6, target=Decimal(10)),
    ("sodra-vatterbygden", "efterstod-struktur", "att beskriva arbetsmodell"):
        fu.Measure("milestone", due=date(2020, 8, 31), achieved_on=date(2020, 6, 15)),
    ("sjuharad", None, "De strukturövergripande och individinriktade"):
        fu.Measure("progression"),
}
# The Sydnärke plan states no planned participants, which Uppföljning Finsam asks for: the
# demo plan gets what a kansli would enter (invented, like the records) for its plan year.
DEMO_PLANNED = {"sydnarke": {"strukturinsatser": 200, "drivbank": 40, "esf-ansokan": 0, "mottagningsteam": 45,
                             "rehabiliteringsmassan": 150, "coachingteam": 40}}
# Which interventions the demo reporter is assigned to.
REPORTER_INTERVENTIONS = {"sodra-vatterbygden": ("enter", "fia"), "sjuharad": ("aktiv-kraft",),
                          "sydnarke": ("coachingteam",)}


def _rng(*parts: str) -> random.Random:
    return random.Random(int(hashlib.sha256("|".join(parts).encode()).hexdigest()[:16], 16))


def _month(year: int, index: int) -> date:
    return date(year + index // 12, index % 12 + 1, 1)


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def _kommun_weights(plan: p.Plan, iv: p.Intervention, year: int) -> list[tuple[str, float]]:
    planned = {k: v for k, v in fu.planned_for(iv, year).items() if k != p.COMMON}
    if planned:
        return [(k, float(v)) for k, v in planned.items()]
    allowed = iv.municipalities or tuple(m.id for m in plan.members_of(p.KOMMUN))
    out = []
    for m in plan.members_of(p.KOMMUN):
        if m.id in allowed:
            pop = m.population[-1].count if m.population else 10_000
            out.append((m.id, float(pop)))
    return out


def records_rows(plan: p.Plan, modes: dict[str, str]) -> list[list[str]]:
    """Rows of a record file for every record-mode intervention of the plan."""
    year = plan.plan.year
    records = []
    for iv in plan.interventions:
        if modes.get(iv.id) not in fu.RECORD_MODES:
            continue
        profile = PROFILES.get((plan.association.id, iv.id))
        if profile is None:
            planned = sum(fu.planned_for(iv, year).values())
            profile = Profile(enrolments=round(planned * 0.95) if planned else 40)
        records += _records(plan, iv, profile, year)
    return ff.records_table(records)[1]


def _records(plan: p.Plan, iv: p.Intervention, profile: Profile, year: int) -> list[fu.Record]:
    rng = _rng(plan.association.id, iv.id)
    kommuner = _kommun_weights(plan, iv, year)
    out = []
    prefix = fu.code_prefix(iv.id)
    for i in range(profile.enrolments):
        # Starts spread over the year before and the plan year, mostly in the plan year.
        start = _month(year - 1, rng.randint(6, 22))
        end_month = _month(start.year, start.month - 1 + rng.randint(*profile.months))
        end = end_month if end_month <= date(year, 12, 1) else None
        gender = _pick(rng, [("kvinna", 0.55), ("man", 0.43), ("annat", 0.02)])
        able = rng.random() < profile.able
        factor = 1.0 if able else 0.25
        r = rng.random()
        if end is None:
            outcome = None
        elif r < profile.work * factor:
            outcome = "arbete"
        elif r < (profile.work + profile.studies) * factor:
            outcome = "studier"
        elif r < (profile.work + profile.studies + profile.internship) * factor:
            outcome = "praktik"
        else:
            outcome = _pick(rng, [("annan_insats", 0.45), ("sjukdom", 0.2), ("avbrott", 0.2), ("flytt", 0.15)])
        before = _pick(rng, [("forsorjningsstod:100", 0.35), ("sjukpenning:100", 0.15),
                             ("sjukpenning:50+aktivitetsstod:50", 0.1), ("a-kassa:100", 0.1),
                             ("aktivitetsersattning:100", 0.15), ("etableringsersattning:100", 0.05),
                             ("ingen", 0.1)])
        complete = rng.random() < profile.complete
        occupation_after = support_after = None
        if end is not None:
            occupation_after = {"arbete": "arbete", "studier": "studier"}.get(
                outcome, _pick(rng, [("arbetssokande", 0.6), ("annat", 0.4)]))
            support_after = {"arbete": "ingen", "studier": "ingen"}.get(outcome, before)
        step = rng.randint(1, 4)
        voided = rng.random() < 0.01
        out.append(fu.Record(
            intervention=iv.id, code="", provider_code=f"{prefix}-{(start.year % 100):02d}{i + 1:03d}",
            gender=gender, start=start, end=end,
            age_band=_pick(rng, [("16-19", 0.06), ("20-24", 0.2), ("25-29", 0.2), ("30-39", 0.22),
                                 ("40-49", 0.16), ("50-59", 0.12), ("60-64", 0.04)]) if complete else None,
            municipality=_pick(rng, kommuner) if kommuner else None,
            occupation_before=_pick(rng, [("arbetssokande", 0.55), ("annat", 0.35), ("studier", 0.05),
                                          ("arbete", 0.05)]),
            occupation_after=occupation_after,
            support_before=fu.parse_support(before) if complete else None,
            support_after=fu.parse_support(support_after) if support_after else None,
            months_on_support_before=rng.randint(0, 72),
            assessed_work_capacity=able,
            end_reason="felregistrering" if voided and end else (
                outcome if outcome in ("arbete", "studier", "praktik", "annan_insats", "sjukdom", "avbrott", "flytt")
                else None),
            education_level=_pick(rng, [("forgymnasial", 0.3), ("gymnasial", 0.5), ("eftergymnasial", 0.15),
                                        ("okand", 0.05)]),
            progression_start=step, progression_end=min(7, step + rng.randint(0, 3)) if end else None,
            employment_months=rng.randint(3, 24) if outcome == "arbete" else None))
    return out


def counts_rows(plan: p.Plan, modes: dict[str, str], levels: dict[str, str]) -> list[list[str]]:
    """Rows of a count file: every count-mode intervention, per tertial of the plan year."""
    rows = []
    year = plan.plan.year
    for iv in plan.interventions:
        if modes.get(iv.id) != "count" or iv.effective_status == "applied":
            continue
        rng = _rng(plan.association.id, iv.id, "counts")
        planned = sum(fu.planned_for(iv, year).values()) or 60
        for t in (1, 2, 3):
            n = max(0, round(planned / 3 * rng.uniform(0.8, 1.25)))
            if levels[iv.id] == "structural":
                rows.append([iv.id, f"{year}-T{t}", "", "", "", str(n)])
            else:
                women = round(n * 0.56)
                rows.append([iv.id, f"{year}-T{t}", str(women), str(n - women), "0", ""])
    return rows


def with_demo_participants(data: bytes) -> bytes:
    """A demo plan file with DEMO_PLANNED's planned participants added for its plan year
    where the plan states none (loaded like that, so a second `samordna demo` changes nothing)."""
    doc = yaml.safe_load(data)
    planned = DEMO_PLANNED.get((doc.get("association") or {}).get("id"))
    if not planned:
        return data
    year = doc["plan"]["year"]
    for iv in doc.get("interventions") or []:
        n = planned.get(iv.get("id"))
        if n is not None and year not in (iv.get("planned_participants") or {}):
            iv.setdefault("planned_participants", {})[year] = n
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()


def demo_followup_load(*, plans: list[Plan], password: str) -> list[str]:
    """Load the demo follow-up of each plan (idempotent: the same rows update nothing) and the
    demo reporter. Returns a line per association for the command's output."""
    lines = []
    User = get_user_model()
    reporter, _ = User.objects.get_or_create(username=REPORTER, defaults={"first_name": "Rapportör",
                                                                          "last_name": "hos utförare"})
    reporter.set_password(password)
    reporter.save()
    for plan in plans:
        association = plan.association
        data = plan_data(plan)
        identities = Intervention.objects.filter(association=association)
        modes = {iv.slug: iv.follow_up for iv in identities}
        levels = {iv.slug: iv.level for iv in identities}
        records = followup_import(actor=SYSTEM, association=association, header=list(ff.RECORD_COLUMNS),
                                  rows=records_rows(data, modes), filename="demo-deltagarposter.csv")
        counts_header = list(ff.COUNT_COLUMNS)
        counts = followup_import(actor=SYSTEM, association=association, header=counts_header,
                                 rows=counts_rows(data, modes, levels), filename="demo-antal.csv")
        for result in (records, counts):
            if not result.ok:
                raise RuntimeError("; ".join(e.text() for e in result.errors[:5]))
        for (slug, owner, start), measure in MEASURES.items():
            if slug != association.slug:
                continue
            goals = data.plan.goals if owner is None else next(
                (iv.goals for iv in data.interventions if iv.id == owner), ())
            goal = next((g for g in goals if g.text.startswith(start)), None)
            if goal is not None:
                goal_measure_save(actor=SYSTEM, association=association, plan=plan,
                                  owner=identities.get(slug=owner) if owner else None,
                                  goal_text=goal.text, measure=measure)
        membership_grant(actor=SYSTEM, association=association, user=reporter, role="provider_reporter")
        assignment_set(actor=SYSTEM, association=association, user=reporter,
                       interventions=list(identities.filter(slug__in=REPORTER_INTERVENTIONS.get(association.slug,
                                                                                                ()))))
        lines.append(f"  {association.name}: {records.new + records.updated + records.unchanged} deltagarposter, "
                     f"{counts.new + counts.updated + counts.unchanged} antal per period")
    return lines
