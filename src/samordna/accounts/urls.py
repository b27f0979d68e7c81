from django.contrib.auth import views as auth_views
from django.urls import path

from samordna.core import converters  # noqa: F401 - registers <id:…> and <year:…>

from . import views
from .decorators import public

urlpatterns = [
    path("logga-in/", views.login, name="login"),
    path("logga-ut/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("logga-in/e-legitimation/", views.eid_start, name="eid_start"),
    path("logga-in/e-legitimation/svar/", views.eid_callback, name="eid_callback"),
    path("konto/", views.account, name="account"),
    path("konto/losenord/", views.password_change, name="password_change"),
    path("konto/bekrafta/", views.reauthenticate, name="reauthenticate"),
    path("konto/logga-ut-overallt/", views.sessions_end_all, name="sessions_end_all"),
    path("konto/tvastegsverifiering/", views.two_factor, name="two_factor"),
    path("konto/tvastegsverifiering/kod/", views.two_factor_verify, name="two_factor_verify"),
    path("konto/tvastegsverifiering/reservkoder/", views.recovery_codes, name="recovery_codes"),
    path("konto/tvastegsverifiering/stang-av/", views.two_factor_disable, name="two_factor_disable"),
    path("glomt-losenord/", views.password_reset, name="password_reset"),
    path("glomt-losenord/skickat/", views.password_reset_done, name="password_reset_done"),
    path("glomt-losenord/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("inbjudan/<uidb64>/<token>/", views.invitation_accept, name="invitation_accept"),
    path("f/<slug:slug>/anvandare/", views.users, name="users"),
    path("f/<slug:slug>/anvandare/roller/", views.roles, name="roles"),
    path("f/<slug:slug>/anvandare/bjud-in/", views.user_invite, name="user_invite"),
    path("f/<slug:slug>/anvandare/<id:user_id>/", views.user_edit, name="user_edit"),
    path("f/<slug:slug>/anvandare/<id:user_id>/avsluta/", views.user_end, name="user_end"),
    path("f/<slug:slug>/anvandare/<id:user_id>/las-upp/", views.user_unlock, name="user_unlock"),
    path("f/<slug:slug>/anvandare/<id:user_id>/ny-inbjudan/", views.user_invitation_resend,
         name="user_invitation_resend"),
    path("f/<slug:slug>/anvandare/<id:user_id>/tvasteg/", views.user_two_factor_reset,
         name="user_two_factor_reset"),
]
