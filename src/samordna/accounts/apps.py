from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "samordna.accounts"
    label = "accounts"

    def ready(self):
        from . import signals  # noqa: F401  (connects the sign-in stamp)
