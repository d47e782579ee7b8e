"""Bank accounts to edit in /admin/; imports and entries only to read: what the bank said."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from innen.banking.models import BankAccount, BankEntry, StatementImport


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BankAccount)
class BankAccountAdmin(admin.ModelAdmin):
    list_display = ["iban", "name", "organisation", "created_at"]
    list_filter = ["organisation"]
    search_fields = ["iban", "name"]


@admin.register(StatementImport)
class StatementImportAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "account",
        "statement_id",
        "file_name",
        "format",
        "entries",
        "imported",
        "duplicates",
    ]
    list_filter = ["organisation", "format"]
    search_fields = ["file_name", "statement_id", "account__iban"]


@admin.register(BankEntry)
class BankEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "booking_date",
        "amount",
        "counterparty_name",
        "counterparty_iban",
        "structured_reference",
        "is_return",
        "match_status",
    ]
    list_filter = ["organisation", "match_status", "is_return"]
    search_fields = [
        "counterparty_name",
        "counterparty_iban",
        "structured_reference",
        "end_to_end_id",
    ]
    list_select_related = ["account"]
