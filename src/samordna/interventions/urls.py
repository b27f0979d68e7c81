from django.urls import path

from . import views

urlpatterns = [
    path("f/<slug:slug>/insatser/", views.intervention_list, name="intervention_list"),
    path("f/<slug:slug>/insatser/ny/", views.intervention_edit, name="intervention_new"),
    path("f/<slug:slug>/insatser/<slug:iv_slug>/", views.intervention_detail, name="intervention_detail"),
    path("f/<slug:slug>/insatser/<slug:iv_slug>/andra/", views.intervention_edit, name="intervention_edit"),
    path("f/<slug:slug>/mal/", views.goals, name="goals"),
    path("katalog/<slug:slug>/", views.public_catalogue, name="catalogue"),
]
