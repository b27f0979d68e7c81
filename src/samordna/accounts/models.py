"""Who may see and do what, per association (FINSAM.md §7)."""

from django.conf import settings
from django.db import models

from samordna.organisation.models import Association

ROLE_CHOICES = [
    ("secretariat_admin", "Förbundsadministratör (kansli)"),
    ("economy", "Ekonomi"),
    ("intervention_manager", "Insatsansvarig"),
    ("participant_officer", "Deltagarhandläggare"),
    ("provider_reporter", "Rapportör hos utförare"),
    ("board_member", "Styrelseledamot"),
    ("member_viewer", "Medlemsrepresentant (läsbehörighet)"),
    ("auditor", "Revisor"),
]
# Roles that may change the association's organisation, financing and budget.
EDIT_ROLES = frozenset({"secretariat_admin", "economy"})


class Membership(models.Model):
    """A user's role in one association. No membership: the association does not exist."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships", verbose_name="användare")
    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="memberships", verbose_name="förbund")
    role = models.CharField("roll", max_length=30, choices=ROLE_CHOICES)

    class Meta:
        verbose_name = "behörighet"
        verbose_name_plural = "behörigheter"
        constraints = [models.UniqueConstraint(fields=["user", "association"],
                                               name="membership_unique")]

    @property
    def can_edit(self) -> bool:
        return self.role in EDIT_ROLES
