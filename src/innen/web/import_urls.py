from django.urls import path

from innen.web import imports

urlpatterns = [
    path("", imports.import_upload, name="import-upload"),
]
