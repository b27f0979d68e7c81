from importlib.resources import files

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from samordna.accounts.permissions import SYSTEM
from samordna.accounts.services import demo_second_factor, membership_grant
from samordna.economy.models import Plan
from samordna.economy.services import plan_load
from samordna.organisation.models import Association
from samordna.organisation.services import association_update

DEMO_USER = "demo"
DEMO_PASSWORD = "demo-samordna"
# A made-up director so that the demo's letters show a signature; clearly an example name.
DEMO_DIRECTOR = ("Eva Exempel", "Förbundschef")


class Command(BaseCommand):
    help = ("Läs in demoplanerna (Sjuhärad 2022, Södra Vätterbygden 2020, Sydnärke 2022) och skapa "
            "demoanvändare, men bara i en tom databas: det som redan finns lämnas orört. Med --reset "
            "läses demoplanerna in igen (ändringar i demoförbundens planer skrivs över).")

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true",
                            help="läs in demoplanerna igen även om databasen har innehåll; ändringar i "
                                 "demoförbundens planer skrivs över")

    def handle(self, *args, reset=False, **options):
        if not settings.DEBUG:
            raise CommandError("Demoanvändarna har ett publicerat lösenord och skapas bara i en "
                               "utvecklingsmiljö (SAMORDNA_DEBUG=1), aldrig i produktion.")
        if not reset and (Association.objects.exists() or Plan.objects.exists()):
            count = Association.objects.count()
            self.stdout.write(
                f"Databasen innehåller redan {count} förbund; demon läses inte in igen och inget "
                "ändras. Kör `samordna demo --reset` för att läsa in demoplanerna på nytt (ändringar i "
                "demoförbundens planer skrivs då över).")
            if get_user_model().objects.filter(username=DEMO_USER).exists():
                self._login_hint()
                self.stdout.write("Steg två som förut: nyckeln eller engångskoderna som skrevs ut när "
                                  "demon lästes in (--reset ger nya).")
            return
        self._load(reset=reset)

    @transaction.atomic
    def _load(self, *, reset: bool) -> None:
        from samordna.followup.demo import demo_followup_load, with_demo_participants

        plans = sorted(files("samordna.demo").joinpath("plans").iterdir(), key=lambda f: f.name)
        loaded = []
        for resource in plans:
            if resource.name.endswith(".yaml"):
                loaded.append(plan_load(data=with_demo_participants(resource.read_bytes())).plan)
        User = get_user_model()
        user, _ = User.objects.get_or_create(username=DEMO_USER,
                                             defaults={"first_name": "Demo", "last_name": "Kansli"})
        user.set_password(DEMO_PASSWORD)
        user.save()
        reader, _ = User.objects.get_or_create(username="styrelse",
                                               defaults={"first_name": "Styrelse"})
        reader.set_password(DEMO_PASSWORD)
        reader.save()
        for plan in loaded:
            membership_grant(actor=SYSTEM, association=plan.association, user=user,
                             role="secretariat_admin")
            membership_grant(actor=SYSTEM, association=plan.association, user=reader,
                             role="board_member")
            if not plan.association.director_name:
                association_update(actor=SYSTEM, association=plan.association,
                                   director_name=DEMO_DIRECTOR[0], director_title=DEMO_DIRECTOR[1])
        # The administrator's role requires a second factor: an authenticator app with the
        # key below, or one of the recovery codes printed for this run.
        secret, uri, codes = demo_second_factor(user=user)
        self.stdout.write("Demoplanerna lästes in igen (--reset):" if reset else "Demoplanerna lästes in:")
        for plan in loaded:
            self.stdout.write(f"  {plan.association.name}: verksamhetsplan {plan.year}")
        for line in demo_followup_load(plans=loaded, password=DEMO_PASSWORD):
            self.stdout.write(line)
        self._login_hint()
        self.stdout.write("Användaren demo är förbundsadministratör och loggar in i två steg. Steg två: "
                          "en kod från en autentiseringsapp med nyckeln "
                          f"{secret} ({uri}), eller en av engångskoderna {', '.join(codes)}.")

    def _login_hint(self) -> None:
        from samordna.followup.demo import REPORTER

        self.stdout.write(f"Demoinloggning: användarnamn {DEMO_USER}, lösenord {DEMO_PASSWORD} "
                          f"(läsbehörighet: styrelse / {DEMO_PASSWORD}; rapportör hos utförare: "
                          f"{REPORTER} / {DEMO_PASSWORD})")
