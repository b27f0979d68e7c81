from django.urls import path

from samordna.organisation import views as org

from . import tertial_views as tertial
from . import views

urlpatterns = [
    path("", views.association_list, name="association_list"),
    path("f/<slug:slug>/", views.overview, name="overview"),
    path("f/<slug:slug>/medlemmar/", org.members, name="members"),
    path("f/<slug:slug>/forbundet/", org.association_edit, name="association_edit"),
    path("f/<slug:slug>/medlemmar/<slug:member_slug>/", org.member_edit, name="member_edit"),
    path("f/<slug:slug>/medlemmar/<slug:member_slug>/befolkning/ny/", org.population_edit,
         name="population_new"),
    path("f/<slug:slug>/medlemmar/<slug:member_slug>/befolkning/<int:pk>/", org.population_edit,
         name="population_edit"),
    path("f/<slug:slug>/medlemmar/<slug:member_slug>/befolkning/<int:pk>/ta-bort/",
         org.population_delete, name="population_delete"),
    path("f/<slug:slug>/finansiering/", views.financing, name="financing"),
    path("f/<slug:slug>/finansiering/<int:year>/", views.financing_edit, name="financing_edit"),
    path("f/<slug:slug>/budget/", views.budget, name="budget"),
    path("f/<slug:slug>/budget/<int:year>/<str:column>/", views.budget_entry_edit,
         name="budget_entry_edit"),
    path("f/<slug:slug>/budget/<int:year>/<str:column>/<str:side>/ny/", views.budget_line_edit,
         name="budget_line_new"),
    path("f/<slug:slug>/budget/<int:year>/<str:column>/<str:side>/<slug:line_slug>/",
         views.budget_line_edit, name="budget_line_edit"),
    path("f/<slug:slug>/budget/<int:year>/<str:column>/<str:side>/<slug:line_slug>/ta-bort/",
         views.budget_line_delete, name="budget_line_delete"),
    path("f/<slug:slug>/tertial/", tertial.tertial_index, name="tertial_index"),
    path("f/<slug:slug>/tertial/<int:year>/<str:period>/", tertial.tertial_grid,
         name="tertial_grid"),
    path("f/<slug:slug>/tertial/<int:year>/<str:period>/importera/", tertial.tertial_import,
         name="tertial_import"),
    path("f/<slug:slug>/tertial/<int:year>/<str:period>/mall.<str:fmt>", tertial.tertial_template,
         name="tertial_template"),
    path("f/<slug:slug>/tertial/<int:year>/<str:period>/diagram/<str:kind>.svg",
         tertial.tertial_chart, name="tertial_chart"),
    path("f/<slug:slug>/granskning/", views.review_page, name="review"),
    path("f/<slug:slug>/versioner/", views.plan_versions, name="plan_versions"),
    path("f/<slug:slug>/versioner/ny/", views.plan_stage, name="plan_stage"),
]
