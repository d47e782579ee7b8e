"""Reads for the Bank page: accounts, imports and entries, each of one organisation."""

from django.db.models import QuerySet

from innen.banking.models import BankAccount, BankEntry, MatchStatus, StatementImport
from innen.organisations.models import Organisation

# The latest imports on the page; older ones stay in the database and the admin.
IMPORT_LIMIT = 50
# Entries of one import on its page; a statement with more says how many are left out.
ENTRY_LIMIT = 2000
# Lines waiting for review on the page at a time, oldest first.
REVIEW_LIMIT = 100


def account_list(*, organisation: Organisation) -> QuerySet[BankAccount]:
    return BankAccount.objects.filter(organisation=organisation).order_by("iban")


def import_list(*, organisation: Organisation) -> QuerySet[StatementImport]:
    found = StatementImport.objects.filter(organisation=organisation).select_related("account")
    return found.order_by("-created_at", "-id")[:IMPORT_LIMIT]


def import_get(*, organisation: Organisation, pk: int) -> StatementImport | None:
    found = StatementImport.objects.filter(organisation=organisation, pk=pk)
    return found.select_related("account", "created_by").first()


def entry_list(*, statement_import: StatementImport) -> QuerySet[BankEntry]:
    found = BankEntry.objects.filter(
        organisation_id=statement_import.organisation_id, statement_import=statement_import
    )
    return found.order_by("number", "id")[:ENTRY_LIMIT]


def review_list(*, organisation: Organisation) -> tuple[list[BankEntry], int]:
    """The lines matching was not sure of, oldest first (at most REVIEW_LIMIT), and how many
    wait in all."""
    waiting = BankEntry.objects.filter(organisation=organisation, match_status=MatchStatus.REVIEW)
    shown = waiting.select_related("account").order_by("booking_date", "pk")[:REVIEW_LIMIT]
    return list(shown), waiting.count()
