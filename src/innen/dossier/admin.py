"""The dossier in /admin/: to read, never to add, change or delete (the chain would break)."""

from django.contrib import admin

from innen.dossier.models import DossierHead, Event, ExportedHead
from innen.dossier.record import EVENT_FIELDS
from innen.readonly_admin import ReadOnlyAdmin


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["seq", "organisation", "day", "kind", "customer_id", "invoice_id", "actor"]
    list_filter = ["organisation", "kind"]
    search_fields = ["actor", "hash"]
    date_hierarchy = "day"
    list_select_related = ["organisation"]
    fields = readonly_fields = ("organisation", *EVENT_FIELDS)


@admin.register(DossierHead)
class DossierHeadAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "seq", "hash"]
    readonly_fields = ("organisation", "seq", "hash")


@admin.register(ExportedHead)
class ExportedHeadAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "seq", "hash", "exported_on"]
    readonly_fields = ("organisation", "seq", "hash", "exported_on")
