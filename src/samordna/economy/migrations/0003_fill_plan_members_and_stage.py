"""Data: every existing plan lists the members its association had; adopted plans say so;
every section gets the stable id the web addresses it by."""

import uuid

from django.db import migrations


def fill(apps, schema_editor):
    Plan = apps.get_model("economy", "Plan")
    PlanMember = apps.get_model("economy", "PlanMember")
    Member = apps.get_model("organisation", "Member")
    for plan in Plan.objects.all():
        members = Member.objects.filter(association_id=plan.association_id).order_by("position", "id")
        PlanMember.objects.bulk_create([PlanMember(plan=plan, member=m, position=i)
                                        for i, m in enumerate(members)])
        if plan.adopted_on:
            plan.stage = "adopted"
        plan.sections = [{**s, "id": s.get("id") or uuid.uuid4().hex[:12]} for s in plan.sections]
        plan.save(update_fields=["stage", "sections"])


class Migration(migrations.Migration):

    dependencies = [("economy", "0002_plan_members_versions_revisions"),
                    ("organisation", "0002_split_key_and_revisions")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
