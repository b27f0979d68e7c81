"""Data: one Intervention per (association, slug) for the existing per-plan rows."""

from django.db import migrations

ESF = ("esf_owner", "esf_cofinancer")


def fill(apps, schema_editor):
    PlanIntervention = apps.get_model("interventions", "PlanIntervention")
    Intervention = apps.get_model("interventions", "Intervention")
    for row in PlanIntervention.objects.select_related("plan").order_by("plan__year", "id"):
        follow_up = row.follow_up or ("individual" if row.level == "individual" else "count")
        esf = next((m for m in ESF if m in (row.markings or [])), "none")
        identity, _ = Intervention.objects.get_or_create(
            association_id=row.plan.association_id, slug=row.slug,
            defaults={"level": row.level, "follow_up": follow_up, "esf": esf})
        row.intervention = identity
        row.save(update_fields=["intervention"])


class Migration(migrations.Migration):

    dependencies = [("interventions", "0003_intervention_identity")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
