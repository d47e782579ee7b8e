"""The outbox in /admin/: sender settings to edit; what was sent only to read.

Texts are edited in the web app (Brieven → Teksten), which refuses a text that does not
render; here they can be read, or deleted to go back to the default text. Documents,
deliveries and print batches are the record of what went out, so they are never changed.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from innen.outbox.models import Delivery, Document, MessageTemplate, PrintBatch, SenderSettings
from innen.readonly_admin import ReadOnlyAdmin


@admin.register(SenderSettings)
class SenderSettingsAdmin(admin.ModelAdmin[SenderSettings]):
    list_display = ["organisation", "from_name", "from_email", "reply_to", "portal_link_days"]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin[MessageTemplate]):
    list_display = ["kind", "language", "subject", "organisation", "updated_at", "updated_by"]
    list_filter = ["organisation", "kind", "language"]
    readonly_fields = [
        "organisation",
        "kind",
        "language",
        "subject",
        "body",
        "updated_at",
        "updated_by",
    ]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["name", "content_type", "size", "organisation", "created_at"]
    list_filter = ["organisation", "content_type"]
    search_fields = ["name", "sha256"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["message", "customer", "channel", "status", "attempts", "recipients", "sent_at"]
    list_filter = ["organisation", "channel", "status"]
    search_fields = ["unique_id", "recipients", "subject", "reference"]
    list_select_related = ["message__customer", "customer"]


@admin.register(PrintBatch)
class PrintBatchAdmin(ReadOnlyAdmin):
    list_display = ["day", "organisation", "letter_count", "page_count", "created_at"]
    list_filter = ["organisation"]
