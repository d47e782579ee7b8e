"""The connections settings page, under /settings/connections/ (see views)."""

from django.urls import URLPattern, URLResolver, path

from innen.connections import exact_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.connections, name="connections"),
    path("moneybird/connect/", views.moneybird_connect, name="connection-moneybird-connect"),
    path("moneybird/callback/", views.moneybird_callback, name="connection-moneybird-callback"),
    path("moneybird/token/", views.moneybird_token, name="connection-moneybird-token"),
    path("choose/", views.choose, name="connection-choose"),
    path("sync/", views.sync_now, name="connection-sync"),
    path("disconnect/", views.disconnect, name="connection-disconnect"),
    path("hook/<str:token>/", views.webhook, name="connection-webhook"),
    path("exact/connect/", exact_views.exact_connect, name="connections_exact_connect"),
    path("exact/back/", exact_views.exact_back, name="connections_exact_back"),
]
