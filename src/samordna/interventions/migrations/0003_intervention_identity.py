"""An intervention gets an identity per association that lasts across plan years.

The per-plan row becomes `PlanIntervention`; the new `Intervention` is filled from it by
0004 (data) and 0005 makes the link required.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("interventions", "0002_lifecycle_and_catalogue"),
        ("organisation", "0001_initial"),
        ("economy", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="intervention", name="intervention_slug_unique"),
        # Drop the old slug index first: its name would collide with the new table's.
        migrations.AlterField(model_name="intervention", name="slug",
                              field=models.CharField(max_length=80, verbose_name="id")),
        migrations.RenameModel(old_name="Intervention", new_name="PlanIntervention"),
        migrations.AlterModelOptions(
            name="planintervention",
            options={"ordering": ["position", "id"], "verbose_name": "insats i planen",
                     "verbose_name_plural": "insatser i planen"},
        ),
        migrations.CreateModel(
            name="Intervention",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("slug", models.SlugField(max_length=80, verbose_name="id")),
                ("level", models.CharField(choices=[("individual", "Individinriktad"),
                                                    ("structural", "Strukturövergripande")],
                                           max_length=20, verbose_name="nivå")),
                ("follow_up", models.CharField(choices=[("individual", "Individuppföljning"),
                                                        ("count", "Volymuppföljning")],
                                               max_length=20, verbose_name="uppföljning")),
                ("esf", models.CharField(choices=[("none", "Ingen ESF"), ("esf_owner", "ESF ÄG"),
                                                  ("esf_cofinancer", "ESF MF")],
                                         default="none", max_length=20, verbose_name="ESF")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="skapad")),
                ("association", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="interventions",
                    to="organisation.association", verbose_name="förbund")),
            ],
            options={"verbose_name": "insats", "verbose_name_plural": "insatser",
                     "ordering": ["association", "slug"]},
        ),
        migrations.AddConstraint(
            model_name="intervention",
            constraint=models.UniqueConstraint(fields=("association", "slug"),
                                               name="intervention_identity_unique"),
        ),
        migrations.AddField(
            model_name="planintervention",
            name="intervention",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.RESTRICT,
                                    related_name="plan_records", to="interventions.intervention",
                                    verbose_name="insats"),
        ),
        migrations.AddField(
            model_name="planintervention",
            name="revision",
            field=models.PositiveIntegerField(default=1, verbose_name="revision"),
        ),
    ]
