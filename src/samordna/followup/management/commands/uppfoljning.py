"""`samordna uppfoljning ASSOCIATION --year Y [-o FILE.xlsx|FILE.csv]`: what the förbund types
into Uppföljning Finsam for the year, each figure with its source. Without -o, as text."""

from pathlib import Path

from django.core.management.base import CommandError

from samordna.economy.management.commands._base import PlanCommand
from samordna.economy.selectors import plan_data
from samordna.finsam import followup as fu
from samordna.finsam import uppfoljning as uf
from samordna.followup.exports import national_csv, national_xlsx
from samordna.followup.selectors import national_figures_for


class Command(PlanCommand):
    help = "Uppgifterna till Uppföljning Finsam (Försäkringskassan) för ett år, med källa för varje siffra."

    def add_arguments(self, parser):
        parser.add_argument("association", help="förbundets id, t.ex. sydnarke")
        parser.add_argument("--year", type=int, required=True, help="året som rapporteras")
        parser.add_argument("-o", "--output", help="filen som skrivs: .xlsx eller .csv (utan: text)")

    def handle(self, *args, association, year, output, **options):
        if not fu.FIRST_YEAR <= year <= fu.LAST_YEAR:
            raise CommandError(f"Året ska vara {fu.FIRST_YEAR}–{fu.LAST_YEAR}", returncode=2)
        suffix = Path(output).suffix.lower() if output else ""
        if output and suffix not in (".xlsx", ".csv"):
            raise CommandError("Filen ska sluta på .xlsx eller .csv", returncode=2)
        plan = self.get_plan(association, None, year)
        figures = national_figures_for(association=plan.association, data=plan_data(plan), year=year)
        if not output:
            self._text(figures)
            return
        content = national_xlsx(figures) if suffix == ".xlsx" else national_csv(figures)
        try:
            Path(output).write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Kunde inte skriva {output}: {exc.strerror}", returncode=2) from None
        missing = len(figures.missing)
        self.stdout.write(f"Skrev {output}: {len(figures.interventions)} insatser"
                          + (f", {missing} uppgifter saknas" if missing else "") + ".")

    def _text(self, figures: uf.NationalFigures) -> None:
        self.stdout.write(f"Uppföljning Finsam {figures.year}: {figures.forbund.title}")
        for group in (figures.forbund, *figures.interventions):
            if group is not figures.forbund:
                self.stdout.write(f"\n{group.title}")
            for e in group.entries:
                self.stdout.write(f"  {e.label}: {uf.value_text(e)}")
            for note in group.notes:
                self.stdout.write(f"  Obs: {note}")
