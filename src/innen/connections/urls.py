"""The connections settings page, under /settings/connections/ (see views)."""

from django.urls import URLPattern, URLResolver, path

from innen.connections import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.connections, name="connections"),
]
