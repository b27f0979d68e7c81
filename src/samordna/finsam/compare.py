"""Two versions of a plan side by side, line by line (the Versioner page's comparison).

Where `diff.plan_diff` lists every changed field of the plan file, this lays out what a
board compares: each member's contribution per year (as the financing rules compute it, not
only amounts typed in), each budget line per year and column with the totals, each
intervention's money per year, and the texts (sections, goals, target groups). Whatever
else differs is left to `plan_diff` (`other`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import plan as p
from . import vocabulary as vocab
from .budget import budget_figures, columns
from .diff import Change, plan_diff
from .financing import contribution_split

COLUMN_NAMES = vocab.COLUMNS


@dataclass(frozen=True)
class Row:
    label: str
    before: Decimal | None
    after: Decimal | None
    total: bool = False

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def difference(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class Table:
    title: str
    rows: tuple[Row, ...]

    @property
    def changes(self) -> int:
        return sum(1 for r in self.rows if r.changed)


@dataclass(frozen=True)
class TextChange:
    where: str  # Avsnitt, Mål, Målgrupp, Uppgift
    label: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Comparison:
    financing: tuple[Table, ...]
    budget: tuple[Table, ...]
    interventions: tuple[Table, ...]
    texts: tuple[TextChange, ...]
    other: tuple[Change, ...]

    @property
    def changes(self) -> int:
        tables = (*self.financing, *self.budget, *self.interventions)
        return sum(t.changes for t in tables) + len(self.texts) + len(self.other)


def _union(*seqs):
    """Keys of several sequences in first-seen order."""
    out: dict = {}
    for seq in seqs:
        for x in seq:
            out.setdefault(x, None)
    return list(out)


def _financing(before: p.Plan, after: p.Plan) -> tuple[Table, ...]:
    years = sorted({f.year for f in (*before.financing, *after.financing)})
    names = {m.id: m.name for m in (*before.members, *after.members)}
    tables = []
    for year in years:
        old = contribution_split(plan=before, year=year) if before.financing_for(year) else None
        new = contribution_split(plan=after, year=year) if after.financing_for(year) else None

        def amount(split, member_id):
            m = split.member(member_id) if split else None
            return m.amount if m else None
        ids = _union([m.id for m in before.members], [m.id for m in after.members])
        rows = [Row("Statens del", old.state if old else None, new.state if new else None)]
        rows += [Row(names[i], amount(old, i), amount(new, i)) for i in ids]
        rows.append(Row("Summa", old.total if old else None, new.total if new else None, True))
        tables.append(Table(f"Medlemsbidrag {year}", tuple(rows)))
    return tuple(tables)


def _budget(before: p.Plan, after: p.Plan) -> tuple[Table, ...]:
    order = {c: i for i, c in enumerate(p.COLUMNS)}
    cells = sorted(set(columns(before)) | set(columns(after)), key=lambda yc: (yc[0], order[yc[1]]))
    tables = []
    for year, column in cells:
        old_entry, new_entry = before.entry(year, column), after.entry(year, column)
        old_fig = budget_figures(plan=before, year=year, column=column)
        new_fig = budget_figures(plan=after, year=year, column=column)
        rows = []
        for side, title in (("revenue", "Intäkt"), ("costs", "Kostnad")):
            old_lines = {x.id: x for x in (getattr(old_entry, side) if old_entry else ())}
            new_lines = {x.id: x for x in (getattr(new_entry, side) if new_entry else ())}
            for i in _union(old_lines, new_lines):
                line = new_lines.get(i) or old_lines[i]
                rows.append(Row(f"{title}: {line.label}",
                                old_lines[i].amount if i in old_lines else None,
                                new_lines[i].amount if i in new_lines else None))
        rows += [Row("Medlemsbidrag", old_fig.contributions, new_fig.contributions, True),
                 Row("Insatser", old_fig.interventions_total, new_fig.interventions_total, True),
                 Row("Summa intäkter", old_fig.revenue, new_fig.revenue, True),
                 Row("Summa kostnader", old_fig.costs, new_fig.costs, True),
                 Row("Resultat", old_fig.result, new_fig.result, True),
                 Row("Utgående eget kapital", old_fig.closing_equity, new_fig.closing_equity, True)]
        tables.append(Table(f"{COLUMN_NAMES[column]} {year}", tuple(rows)))
    return tuple(tables)


def _interventions(before: p.Plan, after: p.Plan) -> tuple[Table, ...]:
    old = {iv.id: iv for iv in before.interventions}
    new = {iv.id: iv for iv in after.interventions}
    ids = _union(old, new)
    years = sorted({y for iv in (*old.values(), *new.values()) for y in iv.budget})
    tables = []
    for year in years:
        rows = []
        for i in ids:
            a = old[i].amount("budget", year) if i in old else None
            b = new[i].amount("budget", year) if i in new else None
            if a is None and b is None:
                continue
            rows.append(Row((new.get(i) or old[i]).name, a, b))
        if rows:
            rows.append(Row("Summa", sum((r.before for r in rows if r.before is not None), Decimal(0)),
                            sum((r.after for r in rows if r.after is not None), Decimal(0)), True))
            tables.append(Table(f"Insatser {year}", tuple(rows)))
    return tuple(tables)


def _texts(before: p.Plan, after: p.Plan) -> tuple[TextChange, ...]:
    out = []

    def pairs(where, old, new, key, text):
        old_by = {key(x): x for x in old}
        new_by = {key(x): x for x in new}
        for k in _union(old_by, new_by):
            a = text(old_by[k]) if k in old_by else None
            b = text(new_by[k]) if k in new_by else None
            if a != b:
                out.append(TextChange(where, k, a, b))

    pairs("Avsnitt", before.plan.sections, after.plan.sections, lambda s: s.title, lambda s: s.text)
    pairs("Mål", before.plan.goals, after.plan.goals, lambda g: g.text, lambda g: g.text)
    pairs("Målgrupp", before.plan.target_groups, after.plan.target_groups, lambda g: g.name,
          lambda g: g.description or g.name)
    info = (("Budgetår", "year"), ("Fastställd", "adopted_on"), ("Fastställd av", "adopted_by"),
            ("Diarienummer", "reference"))
    for label, attr in info:
        a, b = getattr(before.plan, attr), getattr(after.plan, attr)
        if a != b:
            out.append(TextChange("Uppgift", label, None if a is None else str(a),
                                  None if b is None else str(b)))
    return tuple(out)


COVERED = ("financing", "budget", "plan.sections", "plan.goals", "plan.target_groups",
           "plan.year", "plan.adopted_on", "plan.adopted_by", "plan.reference")


def _covered(change: Change) -> bool:
    path = change.path
    if any(path == c or path.startswith((c + ".", c + "[", c + " ")) for c in COVERED):
        return True
    # an intervention's budget money is in the intervention tables
    return path.startswith("interventions[") and ".budget" in path and path.count(".") <= 2 \
        and not path.endswith(")")


def plan_compare(before: p.Plan, after: p.Plan) -> Comparison:
    """Line by line, what differs from `before` to `after`."""
    other = tuple(c for c in plan_diff(before, after) if not _covered(c))
    return Comparison(financing=_financing(before, after), budget=_budget(before, after),
                      interventions=_interventions(before, after), texts=_texts(before, after),
                      other=other)
