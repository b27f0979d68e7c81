"""The change log's codes and their Swedish labels (shown on the Ändringslogg page)."""

ACTION_LABELS = {
    "create": "Skapade",
    "update": "Ändrade",
    "delete": "Tog bort",
    "load": "Läste in planfil",
    "stage": "Bytte version",
    "end": "Avslutade",
    "move": "Flyttade",
    "invite": "Bjöd in",
    "unlock": "Låste upp",
    "two_factor_reset": "Återställde tvåstegsverifieringen för",
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
    "board_seat": "styrelseplats",
    "body": "organ",
    "body_member": "person i organ",
    "calendar_event": "kalenderpost",
    "goal": "mål",
    "target_group": "målgrupp",
    "decision": "beslutspunkt",
    "swot": "riskanalys (SWOT)",
    "risk_control": "risk i internkontrollen",
    "user": "användarkonto",
}
