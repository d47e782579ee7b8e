from django.urls import path

from innen.web import import_views

urlpatterns = [
    path("", import_views.import_upload, name="import-upload"),
    path("ubl/", import_views.import_ubl, name="import-ubl"),
]
