from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "samordna.interventions"
    label = "interventions"
