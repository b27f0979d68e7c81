from django.urls import path

from samordna.core import converters  # noqa: F401 - registers <id:…> and <year:…>

from . import views

urlpatterns = [
    path("f/<slug:slug>/andringslogg/", views.change_log, name="change_log"),
    path("f/<slug:slug>/andringslogg/<id:pk>/", views.change_detail, name="change_detail"),
]
