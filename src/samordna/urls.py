from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("logga-in/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("samordna.economy.urls")),
    path("", include("samordna.interventions.urls")),
    path("", include("samordna.documents.urls")),
]
