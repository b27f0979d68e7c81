"""The change log's codes and their Swedish labels (shown on the Ändringslogg page)."""

ACTION_LABELS = {
    "create": "Skapade",
    "update": "Ändrade",
    "delete": "Tog bort",
    "load": "Läste in planfil",
    "stage": "Bytte version",
    "import": "Läste in uppföljningsfil",
}

OBJECT_LABELS = {
    "plan": "verksamhetsplan",
    "association": "förbundet",
    "member": "medlem",
    "population": "befolkningstal",
    "financing_year": "medlemsbidrag",
    "budget_entry": "budgetkolumn",
    "budget_line": "budgetrad",
    "intervention": "insats",
    "section": "avsnitt",
    "membership": "behörighet",
    "assignment": "tilldelning till insatser",
    "enrolment": "deltagarpost",
    "participant_count": "antal deltagare",
    "followup_file": "uppföljningsfil",
    "identified_setup": "identifierad uppföljning",
    "goal_measure": "mätning av mål",
}
