from importlib.resources import files

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from samordna.accounts.permissions import SYSTEM
from samordna.accounts.services import demo_second_factor, membership_grant
from samordna.economy.services import plan_load

DEMO_USER = "demo"
DEMO_PASSWORD = "demo-samordna"


class Command(BaseCommand):
    help = "Läs in demoplanerna (Sjuhärad 2022, Södra Vätterbygden 2020, Sydnärke 2022) och skapa demoanvändare."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demoanvändarna har ett publicerat lösenord och skapas bara i en "
                               "utvecklingsmiljö (SAMORDNA_DEBUG=1), aldrig i produktion.")
        plans = sorted(files("samordna.demo").joinpath("plans").iterdir(), key=lambda f: f.name)
        loaded = []
        for resource in plans:
            if resource.name.endswith(".yaml"):
                loaded.append(plan_load(data=resource.read_bytes()).plan)
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
        # The administrator's role requires a second factor: an authenticator app with the
        # key below, or one of the recovery codes printed for this run.
        secret, uri, codes = demo_second_factor(user=user)
        for plan in loaded:
            self.stdout.write(f"  {plan.association.name}: verksamhetsplan {plan.year}")
        self.stdout.write(f"Demoinloggning: användarnamn {DEMO_USER}, lösenord {DEMO_PASSWORD} "
                          f"(läsbehörighet: styrelse / {DEMO_PASSWORD})")
        self.stdout.write("Användaren demo är förbundsadministratör och loggar in i två steg. Steg två: "
                          "en kod från en autentiseringsapp med nyckeln "
                          f"{secret} ({uri}), eller en av engångskoderna {', '.join(codes)}.")
