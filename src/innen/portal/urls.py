from django.urls import URLPattern, URLResolver, include, path

from innen.web import portal_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:token>/", portal_views.portal, name="portal"),
    path("<str:token>/", include("innen.arrangements.portal_urls")),
]
