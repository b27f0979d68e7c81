from django.urls import path

from . import views

urlpatterns = [
    path("f/<slug:slug>/uppfoljning/", views.overview, name="followup_overview"),
    path("f/<slug:slug>/uppfoljning/import/", views.import_file, name="followup_import"),
    path("f/<slug:slug>/uppfoljning/mall/<slug:kind>.csv", views.import_template, name="followup_template"),
    path("f/<slug:slug>/uppfoljning/tilldelning/", views.assignments, name="followup_assignments"),
    path("f/<slug:slug>/uppfoljning/insats/<slug:iv_slug>/", views.intervention, name="followup_detail"),
    path("f/<slug:slug>/uppfoljning/insats/<slug:iv_slug>/ny/", views.enrolment_new, name="enrolment_new"),
    path("f/<slug:slug>/uppfoljning/insats/<slug:iv_slug>/post/<str:code>/", views.enrolment_edit,
         name="enrolment_edit"),
    path("f/<slug:slug>/uppfoljning/insats/<slug:iv_slug>/antal/", views.count_edit, name="count_edit"),
    path("f/<slug:slug>/uppfoljning/insats/<slug:iv_slug>/antal/<str:period>/ta-bort/", views.count_delete,
         name="count_delete"),
    path("f/<slug:slug>/uppfoljning/insats/<slug:iv_slug>/identifierad/", views.identified_setup,
         name="followup_identified"),
    path("f/<slug:slug>/uppfoljning/insats/<slug:iv_slug>/post/<str:code>/identitet/", views.identity_page,
         name="identity_page"),
    path("f/<slug:slug>/uppfoljning/insats/<slug:iv_slug>/post/<str:code>/identitet/<slug:what>/",
         views.identity_action, name="identity_action"),
    path("f/<slug:slug>/uppfoljning/insats/<slug:iv_slug>/sok-person/", views.identity_search,
         name="identity_search"),
    path("f/<slug:slug>/uppfoljning/atkomstlogg/", views.identity_access_log, name="identity_access_log"),
    path("f/<slug:slug>/uppfoljning/nationellt/", views.national, name="followup_national"),
    path("f/<slug:slug>/uppfoljning/nationellt/uppgifter.<str:fmt>", views.national_download,
         name="followup_national_download"),
    path("f/<slug:slug>/mal/<slug:owner>/<str:key>/matning/", views.goal_measure, name="goal_measure"),
]
