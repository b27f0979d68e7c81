from django.urls import include, path

urlpatterns = [
    path("", include("samordna.accounts.urls")),
    path("", include("samordna.economy.urls")),
    path("", include("samordna.interventions.urls")),
    path("", include("samordna.documents.urls")),
    path("", include("samordna.followup.urls")),
    path("", include("samordna.audit.urls")),
]
