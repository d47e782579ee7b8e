"""The ledger in /admin/: to read only; every change goes through `innen.ledger.services`."""

from typing import cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from innen.balances import invoice_balance
from innen.ledger.models import (
    Allocation,
    CreditNote,
    Customer,
    CustomerIban,
    Invoice,
    Payment,
)
from innen.ledger.querysets import InvoiceQuerySet
from innen.readonly_admin import ReadOnlyAdmin, ReadOnlyInline


class CustomerIbanInline(ReadOnlyInline):
    model = CustomerIban
    exclude = ["organisation"]


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    list_display = ["number", "name", "kind", "segment", "city", "language", "organisation"]
    list_filter = ["organisation", "kind", "segment", "language"]
    search_fields = ["number", "name", "emails", "kvk_number", "external_reference"]
    inlines = [CustomerIbanInline]


class AllocationInline(ReadOnlyInline):
    model = Allocation
    fk_name = "invoice"
    fields = ("kind", "date", "amount", "payment", "credit_note", "note")


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "customer",
        "issue_date",
        "due_date",
        "total",
        "open_amount",
        "status",
    ]
    list_filter = ["organisation", "due_date"]
    search_fields = ["number", "customer__name", "payment_reference", "external_reference"]
    date_hierarchy = "due_date"
    raw_id_fields = ["customer"]
    inlines = [AllocationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Invoice]:
        # The default manager is `InvoiceQuerySet.as_manager()`, so the admin's queryset is one.
        rows = cast(InvoiceQuerySet, super().get_queryset(request))
        return rows.with_balance().select_related("customer")

    @admin.display(description=_("open"), ordering="open_amount")
    def open_amount(self, invoice: Invoice) -> object:
        return invoice.open_amount  # type: ignore[attr-defined]

    @admin.display(description=_("status"))
    def status(self, invoice: Invoice) -> str:
        balance = invoice_balance(
            total=invoice.total,
            paid=invoice.paid,  # type: ignore[attr-defined]
            credited=invoice.credited,  # type: ignore[attr-defined]
            written_off=invoice.written_off,  # type: ignore[attr-defined]
        )
        return str(balance.status)


@admin.register(CreditNote)
class CreditNoteAdmin(ReadOnlyAdmin):
    list_display = ["number", "customer", "issue_date", "invoice", "total"]
    list_filter = ["organisation"]
    search_fields = ["number", "customer__name", "invoice__number"]
    raw_id_fields = ["customer", "invoice"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["date", "amount", "customer", "payer_name", "payer_iban", "description"]
    list_filter = ["organisation", "date"]
    search_fields = ["payer_name", "payer_iban", "description", "external_reference"]
    raw_id_fields = ["customer"]


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["invoice", "kind", "amount", "date", "payment", "credit_note"]
    list_filter = ["organisation", "kind"]
    raw_id_fields = ["invoice", "payment", "credit_note"]


@admin.register(CustomerIban)
class CustomerIbanAdmin(ReadOnlyAdmin):
    list_display = ["iban", "customer", "organisation"]
    search_fields = ["iban", "customer__name"]
    raw_id_fields = ["customer"]
