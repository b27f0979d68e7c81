from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "samordna.followup"
    label = "followup"
    verbose_name = "Uppföljning"
