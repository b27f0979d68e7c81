"""Who may see and do what, per association (FINSAM.md §7)."""

from django.conf import settings
from django.db import models

from samordna.interventions.models import Intervention
from samordna.organisation.models import Association

from .permissions import ROLES, role_may

ROLE_CHOICES = list(ROLES.items())


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

    def may(self, action: str) -> bool:
        return role_may(self.role, action)



class InterventionAssignment(models.Model):
    """A person assigned to an intervention: a role in `permissions.INTERVENTION_SCOPED`
    reaches that intervention's follow-up records, and no other intervention's."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="intervention_assignments", verbose_name="användare")
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE,
                                     related_name="assignments", verbose_name="insats")
    created_at = models.DateTimeField("tilldelad", auto_now_add=True)

    class Meta:
        verbose_name = "tilldelning till insats"
        verbose_name_plural = "tilldelningar till insatser"
        constraints = [models.UniqueConstraint(fields=["user", "intervention"],
                                               name="intervention_assignment_unique")]
