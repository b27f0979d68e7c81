from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "samordna.audit"
    verbose_name = "Ändringslogg"
