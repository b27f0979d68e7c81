"""Interventions followed up individually become `deidentified` (the plan file's `individual`):
Samordna stores no identities until identified follow-up is switched on (FINSAM.md §6–§7)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Intervention = apps.get_model("interventions", "Intervention")
    Intervention.objects.filter(follow_up="individual").update(follow_up="deidentified")


def backwards(apps, schema_editor):
    Intervention = apps.get_model("interventions", "Intervention")
    Intervention.objects.filter(follow_up__in=("deidentified", "identified")).update(follow_up="individual")


class Migration(migrations.Migration):

    dependencies = [
        ("interventions", "0006_follow_up_modes"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
