"""Who may do what: one table of role × action (FINSAM.md §7), read by views and services.

Views declare the action they need (`core.views.requires` … see `accounts.decorators`);
services check it again for the actor they are given. A role not listed for an action may
not do it. The command line acts as `SYSTEM`: whoever runs `samordna` on the server already
holds the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from samordna.finsam import vocabulary as vocab

ROLES = vocab.ROLES

ACTIONS = {
    "association.read": "se förbundet",
    "plan.read": "läsa verksamhetsplanen, mål och granskning",
    "financing.read": "läsa finansieringen",
    "budget.read": "läsa budgeten",
    "intervention.read": "läsa insatserna",
    "notes.read": "läsa interna anteckningar",
    "document.read": "läsa och ladda ned dokument",
    "letter.send": "registrera skickade medlemsbrev",
    "organisation.edit": "ändra förbundet, medlemmar och befolkning",
    "financing.edit": "ändra medlemsbidragen",
    "budget.edit": "ändra budgeten",
    "intervention.edit": "ändra insatserna",
    "plan.edit": "ändra planens texter",
    "plan.adopt": "ändra planens version och fastställa den",
    "plan.load": "läsa in en planfil",
    "plan.create": "skapa en ny verksamhetsplan (nästa år eller förbundets första)",
    "review.handle": "markera granskningens iakttagelser som hanterade",
    "users.manage": "hantera användare och roller",
    "changelog.read": "läsa ändringsloggen",
    "participant.identity.read": "se deltagares identitet",
    "identity.log.read": "läsa åtkomstloggen för deltagares identitet",
    # Follow-up (FINSAM.md §6–§7): records only for the interventions a person is assigned to.
    "followup.read": "läsa avidentifierade deltagarposter för sina insatser",
    "followup.edit": "registrera deltagarposter och antal för sina insatser",
    "followup.aggregate.read": "läsa sammanställd uppföljning (små tal dolda)",
    "followup.configure": "registrera personuppgiftsansvarig och biträdesavtal",
    "followup.national": "ta fram uppgifterna till Uppföljning Finsam (exakta antal, även små)",
}
# Roles that reach follow-up records only for the interventions they are assigned to
# (`accounts.models.InterventionAssignment`); the rest never reach records at all.
INTERVENTION_SCOPED = frozenset({"intervention_manager", "participant_officer", "provider_reporter"})
_RECORDS = {"followup.read", "followup.edit"}

_READ_ALL = {"association.read", "plan.read", "financing.read", "budget.read", "intervention.read",
             "document.read", "followup.aggregate.read"}

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    # The kansli sees aggregates and records agreements, but no participant's record (§7).
    "secretariat_admin": frozenset(set(ACTIONS) - {"participant.identity.read", "identity.log.read"} - _RECORDS),
    "economy": frozenset(_READ_ALL | {"notes.read", "financing.edit", "budget.edit",
                                      "changelog.read", "plan.create", "review.handle"}),
    "intervention_manager": frozenset(_READ_ALL | {"notes.read", "intervention.edit"} | _RECORDS),
    # Personal data only for their own interventions (follow-up); no money, no documents.
    "participant_officer": frozenset({"association.read", "intervention.read",
                                      "participant.identity.read", "followup.aggregate.read"} | _RECORDS),
    "provider_reporter": frozenset({"association.read", "intervention.read",
                                    "followup.aggregate.read"} | _RECORDS),
    "board_member": frozenset(_READ_ALL),
    "member_viewer": frozenset(_READ_ALL),
    # The auditor reviews who read participants' identities, and why (FINSAM.md §7).
    "auditor": frozenset(_READ_ALL | {"notes.read", "changelog.read", "identity.log.read"}),
}

assert set(ROLE_ACTIONS) == set(ROLES), "every role has a row in the table"
assert all(a in ACTIONS for actions in ROLE_ACTIONS.values() for a in actions)
assert all(ROLE_ACTIONS[r] & _RECORDS for r in INTERVENTION_SCOPED), "scoped roles reach records"
assert not any(ROLE_ACTIONS[r] & _RECORDS for r in set(ROLES) - INTERVENTION_SCOPED), \
    "only scoped roles reach records"


def role_may(role: str | None, action: str) -> bool:
    """Whether a role may perform an action (an unknown action is a programming error)."""
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}")
    return role is not None and action in ROLE_ACTIONS.get(role, frozenset())


def actions_of(role: str | None) -> dict[str, bool]:
    """For templates: {"budget_edit": True, …} (dots become underscores)."""
    return {a.replace(".", "_"): role_may(role, a) for a in ACTIONS}


@dataclass(frozen=True)
class SystemActor:
    """The `samordna` command run on the server: may do everything, recorded by this name."""

    username: str = "samordna"
    is_authenticated: bool = True
    is_system: bool = True

    def get_full_name(self) -> str:
        return "kommandoraden (samordna)"


SYSTEM = SystemActor()
