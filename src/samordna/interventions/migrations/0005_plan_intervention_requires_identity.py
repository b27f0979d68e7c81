import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("interventions", "0004_fill_intervention_identity")]

    operations = [
        migrations.RemoveField(model_name="planintervention", name="slug"),
        migrations.AlterField(
            model_name="planintervention",
            name="intervention",
            field=models.ForeignKey(on_delete=django.db.models.deletion.RESTRICT,
                                    related_name="plan_records", to="interventions.intervention",
                                    verbose_name="insats"),
        ),
        migrations.AddConstraint(
            model_name="planintervention",
            constraint=models.UniqueConstraint(fields=("plan", "intervention"),
                                               name="plan_intervention_unique"),
        ),
    ]
