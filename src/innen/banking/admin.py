"""Bank accounts, imports and entries in /admin/, only to read: accounts are added on the Bank
page (or `innen bank-account add`), and imports and entries are what the bank said."""

from django.contrib import admin

from innen.banking.models import BankAccount, BankEntry, StatementImport
from innen.readonly_admin import ReadOnlyAdmin


@admin.register(BankAccount)
class BankAccountAdmin(ReadOnlyAdmin):
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
