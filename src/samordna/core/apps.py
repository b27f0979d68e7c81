from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samordna.core"
    label = "core"
