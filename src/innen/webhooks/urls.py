"""The webhooks settings page, under /settings/webhooks/ (see views)."""

from django.urls import URLPattern, URLResolver, path

from innen.webhooks import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.webhooks, name="webhooks"),
    path("endpoints/<int:pk>/", views.endpoint_edit, name="webhook-endpoint"),
    path("endpoints/<int:pk>/delete/", views.endpoint_delete, name="webhook-endpoint-delete"),
    path("endpoints/<int:pk>/test/", views.endpoint_test, name="webhook-endpoint-test"),
    path("deliveries/<int:pk>/", views.delivery_detail, name="webhook-delivery"),
    path("deliveries/<int:pk>/retry/", views.delivery_retry, name="webhook-delivery-retry"),
]
