from django.contrib.auth import views as auth_views
from django.urls import include, path

from samordna.accounts.decorators import public

urlpatterns = [
    path("logga-in/", public(auth_views.LoginView.as_view(template_name="core/login.html")), name="login"),
    path("logga-ut/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("", include("samordna.economy.urls")),
    path("", include("samordna.interventions.urls")),
    path("", include("samordna.documents.urls")),
    path("", include("samordna.followup.urls")),
    path("", include("samordna.audit.urls")),
]
