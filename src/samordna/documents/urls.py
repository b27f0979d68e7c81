from django.urls import path

from . import views

urlpatterns = [
    path("f/<slug:slug>/dokument/", views.documents, name="documents"),
    path("f/<slug:slug>/dokument/avsnitt/", views.document_sections, name="document_sections"),
    path("f/<slug:slug>/dokument/avsnitt/nytt/", views.document_section_edit, name="document_section_new"),
    path("f/<slug:slug>/dokument/avsnitt/<slug:section_id>/", views.document_section_edit,
         name="document_section_edit"),
    path("f/<slug:slug>/dokument/avsnitt/<slug:section_id>/ta-bort/", views.document_section_delete,
         name="document_section_delete"),
    path("f/<slug:slug>/dokument/avsnitt/<slug:section_id>/flytta/", views.document_section_move,
         name="document_section_move"),
    path("f/<slug:slug>/dokument/medlemsbrev/", views.letters_page, name="letters"),
    path("f/<slug:slug>/dokument/medlemsbrev/skickade/", views.letters_dispatch, name="letters_dispatch"),
    path("f/<slug:slug>/dokument/medlemsbrev/<slug:member>.<slug:fmt>", views.letter_download,
         name="letter_download"),
    path("f/<slug:slug>/dokument/medlemsbrev/<slug:member>.<slug:fmt>/skapa", views.letter_job_start,
         name="letter_job_start"),
    path("f/<slug:slug>/dokument/medlemsbrev.zip", views.letters_zip_download, name="letters_zip"),
    path("f/<slug:slug>/dokument/<slug:kind>.<slug:fmt>", views.document_download, name="document_download"),
    path("f/<slug:slug>/dokument/<slug:kind>.<slug:fmt>/skapa", views.document_job_start, name="document_job_start"),
    path("f/<slug:slug>/dokument/<slug:kind>/", views.document_view, name="document_view"),
]
