from django.urls import URLPattern, URLResolver, path

from innen.api import views
from innen.api.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("tokens/", views.token_list, name="api-tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="api-token-revoke"),
    path("", api.urls),
]
