"""The `--json` shapes of docs/plan-file.md: amounts as strings of kronor."""

from __future__ import annotations

from fractions import Fraction

from . import plan as p
from .budget import BudgetFigures
from .financing import Financing
from .money import amount_str, as_decimal
from .scenario import Scenario


def _share(value: Fraction | None) -> str | None:
    if value is None:
        return None
    return str(round(as_decimal(value), 6).normalize())


def financing_json(plan: p.Plan, f: Financing) -> dict:
    return {
        "association": plan.association.id, "year": f.year, "status": f.status,
        "total": amount_str(f.total),
        "parties": {"state": amount_str(f.state), "region": amount_str(f.region),
                    "municipalities": amount_str(f.municipalities)},
        "population_date": f.population_date.isoformat(),
        "members": [{"id": m.id, "kind": m.kind, "amount": amount_str(m.amount),
                     "explicit": m.explicit, "population": m.population,
                     "share": _share(m.share)} for m in f.members],
    }


def _lines(lines: tuple[p.Line, ...]) -> list[dict]:
    return [{"id": x.id, "label": x.label, "kind": x.kind, "amount": amount_str(x.amount)}
            for x in lines]


def budget_json(plan: p.Plan, b: BudgetFigures) -> dict:
    from .budget import municipality_summary

    by_municipality = [{"level": level, "municipality": key, "amount": amount_str(amount)}
                       for level, key, amount in municipality_summary(plan=plan, year=b.year, column=b.column)]
    period = {"period": b.period} if b.period else {}
    return {
        "association": plan.association.id, "year": b.year, "column": b.column, **period,
        "revenue": {"contributions": amount_str(b.contributions) if b.has_budget else None,
                    "lines": _lines(b.revenue_lines), "total": amount_str(b.revenue)},
        "costs": {"interventions": amount_str(b.interventions_total if b.interventions_total
                                              is not None or not b.has_budget else 0),
                  "lines": _lines(b.cost_lines), "total": amount_str(b.costs),
                  "by_intervention": [{"id": c.id, "amount": amount_str(c.amount)}
                                      for c in b.interventions]},
        "result": amount_str(b.result),
        "opening_equity": amount_str(b.opening_equity),
        "closing_equity": amount_str(b.closing_equity),
        "admin_costs": amount_str(b.admin_costs),
        "admin_share": None if b.admin_share is None else str(round(b.admin_share, 4)),
        "by_municipality": by_municipality,
    }


def scenario_json(plan: p.Plan, s: Scenario) -> dict:
    return {
        "association": plan.association.id, "year": s.year,
        "max_total": amount_str(s.max_total), "binding_member": s.binding_member,
        "state_offer": amount_str(s.state_offer),
        "state_used": amount_str(s.state_used), "state_unused": amount_str(s.state_unused),
        "adopted_total": amount_str(s.adopted_total),
        "max_state_used": amount_str(s.max_state_used),
        "max_state_unused": amount_str(s.max_state_unused),
        "caps": [{"member": c.member_id, "offer": amount_str(c.offer),
                  "share": _share(c.share), "max_quarter": amount_str(round(as_decimal(c.cap), 2)),
                  "headroom": amount_str(round(as_decimal(c.headroom), 2))} for c in s.caps],
        "missing_share": list(s.missing),
    }
