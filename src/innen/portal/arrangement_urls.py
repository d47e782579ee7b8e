"""The portal's arrangement pages, under /portal/<token>/ (see innen.portal.urls)."""

from django.urls import URLPattern, URLResolver, path

from innen.portal import arrangement_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("promise/", views.promise, name="portal-promise"),
    path("plan/", views.plan, name="portal-plan"),
    path("dispute/", views.dispute, name="portal-dispute"),
]
