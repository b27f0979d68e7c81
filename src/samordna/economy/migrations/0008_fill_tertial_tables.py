"""Move the tertial figures kept as JSON on each plan (`Plan.tertials`) into the tables
`Tertial` and `TertialCell`, in the file's order; and back when unapplied."""

from decimal import Decimal

from django.db import migrations

PARTS = ("lines", "interventions", "contributions")


def _pairs(value):
    """The JSON kept ordered mappings as lists of pairs (older rows: plain objects)."""
    if not value:
        return []
    return list(value.items()) if isinstance(value, dict) else [tuple(x) for x in value]


def forward(apps, schema_editor):
    Plan = apps.get_model("economy", "Plan")
    Tertial = apps.get_model("economy", "Tertial")
    TertialCell = apps.get_model("economy", "TertialCell")
    for plan in Plan.objects.exclude(tertials=[]):
        for position, row in enumerate(plan.tertials or []):
            tertial = Tertial.objects.create(
                plan=plan, year=row["year"], period=row["period"], position=position,
                reported_on=row.get("reported_on") or None, note=row.get("note"))
            for measure in ("outcome", "forecast"):
                n = 0
                for part in PARTS:
                    for item, amount in _pairs((row.get(measure) or {}).get(part)):
                        TertialCell.objects.create(tertial=tertial, measure=measure, part=part,
                                                   item=item, amount=Decimal(amount), position=n)
                        n += 1
            for n, (item, text) in enumerate(_pairs(row.get("comments"))):
                TertialCell.objects.create(tertial=tertial, measure="comment", part="", item=item,
                                           text=text, position=n)


def backward(apps, schema_editor):
    Plan = apps.get_model("economy", "Plan")
    for plan in Plan.objects.filter(tertial_periods__isnull=False).distinct():
        rows = []
        for tertial in plan.tertial_periods.order_by("position", "year", "period"):
            cells = list(tertial.cells.order_by("position", "id"))
            figures = {m: {part: [[c.item, str(c.amount)] for c in cells if c.measure == m
                                  and c.part == part and c.amount is not None] for part in PARTS}
                       for m in ("outcome", "forecast")}
            rows.append({"year": tertial.year, "period": tertial.period, **figures,
                         "comments": [[c.item, c.text] for c in cells
                                      if c.measure == "comment" and c.text is not None],
                         "reported_on": tertial.reported_on.isoformat() if tertial.reported_on else None,
                         "note": tertial.note})
        plan.tertials = rows
        plan.save(update_fields=["tertials"])


class Migration(migrations.Migration):

    dependencies = [
        ("economy", "0007_tertial_tables"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
