import sys

from samordna.economy.selectors import plan_data, plan_review

from ._base import PlanCommand

LABELS = {"error": "FEL", "warning": "VARNING", "info": "INFO"}


class Command(PlanCommand):
    help = "Granska en plan: alla avvikelser från reglerna och planens egna summor."

    def add_arguments(self, parser):
        self.add_association(parser)

    def handle(self, *args, association, plan, json, **options):
        stored = self.get_plan(association, plan, None)
        findings = plan_review(plan_data(stored))
        if json:
            self.emit_json({"association": association, "plan": stored.year,
                            "findings": [f.as_dict() for f in findings]})
            return
        self.stdout.write(f"{stored.association.name}, verksamhetsplan {stored.year}: "
                          f"{len(findings)} iakttagelser")
        for f in findings:
            self.stdout.write(f"{LABELS[f.severity]:8} {f.code:20} {f.year or '':4}  {f.message}")
        if any(f.severity == "error" for f in findings):
            sys.exit(1)
