from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from samordna.documents.generate import UnsupportedDocument, check_request, document_file
from samordna.documents.letters import LetterRequest, Signatory
from samordna.documents.selectors import previous_plan_data
from samordna.economy.management.commands._base import PlanCommand
from samordna.economy.selectors import equity_bands, plan_data
from samordna.followup.selectors import report_followup


class Command(PlanCommand):
    help = ("Skapar ett dokument ur planens uppgifter: verksamhetsplan (plan), tertialrapport "
            "(tertial), årsredovisning (annual), medlemsbrev (letters) eller tabeller (tables).")

    def add_arguments(self, parser):
        parser.add_argument("association", help="förbundets id, t.ex. sydnarke")
        parser.add_argument("--year", type=int, required=True,
                            help="planens budgetår, eller året som rapporten eller breven gäller")
        parser.add_argument("--kind", required=True, help="plan, tertial, annual, letters eller tables")
        parser.add_argument("--format", dest="fmt", required=True, help="docx, pdf, html eller xlsx")
        parser.add_argument("--tertial", type=int, help="1, 2 eller 3 (bara för tertialrapporten)")
        parser.add_argument("-o", "--output", help="filen som skrivs (standard: dokumentets namn)")

    def handle(self, *args, association, year, kind, fmt, tertial, output, **options):
        try:
            check_request(kind=kind, fmt=fmt, tertial=tertial)
        except UnsupportedDocument as exc:
            raise CommandError(str(exc), returncode=2) from None
        plan = self.get_plan(association, None, year)
        data = plan_data(plan)
        followup = None
        if kind in ("tertial", "annual"):
            followup = report_followup(association=plan.association, plan=plan, data=data, year=year,
                                       tertial=tertial if kind == "tertial" and tertial in (1, 2) else None)
        letters = None
        if kind == "letters":
            # As on the letters page: signed by the director, last year's plan for the change.
            a = plan.association
            letters = LetterRequest(issued_on=timezone.localdate(),
                                    signatory=Signatory(a.director_name, a.director_title),
                                    previous=previous_plan_data(plan))
        try:
            result = document_file(plan=data, kind=kind, fmt=fmt, year=year, tertial=tertial,
                                   issued_on=timezone.localdate(), bands=equity_bands(), followup=followup,
                                   letters=letters)
        except UnsupportedDocument as exc:
            raise CommandError(str(exc), returncode=2) from None
        path = Path(output or result.filename)
        try:
            path.write_bytes(result.content)
        except OSError as exc:
            raise CommandError(f"Kunde inte skriva {path}: {exc.strerror}", returncode=2) from None
        self.stdout.write(f"Skrev {path} ({len(result.content):,} byte)".replace(",", " "))
