from django.urls import path

from . import views

urlpatterns = [
    path("f/<slug:slug>/andringslogg/", views.change_log, name="change_log"),
    path("f/<slug:slug>/andringslogg/<int:pk>/", views.change_detail, name="change_detail"),
]
