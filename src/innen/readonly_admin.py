"""Records in /admin/: to read, never to add, change or delete there.

What happened (the ledger, collection's decisions, the bank's entries, the dossier) changes
only through the services, which check the rules and append the dossier events that say so.
An edit in the admin would do neither: a superuser could move an invoice to another
organisation or change its total, with no event and a dossier that still verifies.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnly:
    """Mixed into a ModelAdmin or an inline: view, nothing else."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin[Any]):
    pass


class ReadOnlyInline(ReadOnly, admin.TabularInline[Any, Any]):
    extra = 0
