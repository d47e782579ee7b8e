"""The project's URLs with the desk's arrangement pages mounted at /arrangements/.

Until innen.config.urls mounts them itself (then the first of two equal entries wins).
"""

from django.urls import URLPattern, URLResolver, include, path

from innen.config.urls import urlpatterns as project

urlpatterns: list[URLPattern | URLResolver] = [
    path("arrangements/", include("innen.arrangements.urls")),
    *project,
]
