"""Webhooks in /admin/: endpoints to read and switch off; deliveries only to read.

The secret is never shown here: it was shown once, when the endpoint was made.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from innen.webhooks.models import DeliveryAttempt, Endpoint, WebhookDelivery


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin[Endpoint]):
    list_display = ["url", "organisation", "events", "active", "created_at"]
    list_filter = ["active", "organisation"]
    fields = ["organisation", "url", "description", "events", "active", "created_at", "created_by"]
    readonly_fields = ["organisation", "url", "events", "created_at", "created_by"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # made in the web app, which shows the secret once


class AttemptInline(admin.TabularInline[DeliveryAttempt, WebhookDelivery]):
    model = DeliveryAttempt
    extra = 0
    exclude = ["organisation"]  # its delivery's
    can_delete = False
    readonly_fields = [
        "number",
        "started_at",
        "duration_ms",
        "status_code",
        "error",
        "response_excerpt",
    ]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin[WebhookDelivery]):
    list_display = ["event_type", "event_id", "endpoint", "status", "attempts", "created_at"]
    list_filter = ["status", "event_type", "organisation"]
    search_fields = ["event_id"]
    inlines = [AttemptInline]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
