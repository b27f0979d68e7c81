from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "samordna.organisation"
    label = "organisation"
