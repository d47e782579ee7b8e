"""The desk's arrangement pages, mounted at /arrangements/ (see views.py)."""

from django.urls import URLPattern, URLResolver, path

from innen.arrangements import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("settings/", views.settings_page, name="arrangements-settings"),
    path("disputes/<int:pk>/", views.dispute_page, name="arrangements-dispute"),
    path(
        "disputes/<int:pk>/attachment/",
        views.dispute_attachment,
        name="arrangements-dispute-attachment",
    ),
    path("plans/<int:pk>/accept/", views.plan_accept, name="arrangements-plan-accept"),
    path("plans/<int:pk>/reject/", views.plan_reject, name="arrangements-plan-reject"),
]
