"""Bank statements: import a file, read what each import added, decide on lines to review.

The same services as the Bank page: `statement_import` (all or nothing, idempotent, matching
the new lines at once) and the decisions of `innen.banking.applying`.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from innen.api.auth import WRITE, organisation_of, user_of
from innen.api.desk_schemas import (
    BankEntryOut,
    EntryAcceptIn,
    EntryAssignIn,
    ImportSummaryOut,
    StatementImportOut,
)
from innen.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, FieldErrors, refusal
from innen.api.fields import Id
from innen.api.pagination import CursorPagination
from innen.banking import applying
from innen.banking.models import BankEntry, MatchStatus, StatementImport
from innen.banking.services import statement_import
from innen.banking.summary import ImportSummary

statements = Router(tags=["bank statements"])
entries = Router(tags=["bank entries"])

MAX_UPLOAD_BYTES = 100 * 1024 * 1024  # as the Bank page takes
# A decision on a line that its state forbids (dealt with already, no such offer, money the
# wrong way) clashes with what is stored: 409. The invoices named are input: 422.
ENTRY_STATE = ("entry", "offer")


def _imports(request: HttpRequest) -> Any:
    return StatementImport.objects.filter(organisation=organisation_of(request)).select_related(
        "account"
    )


def _entries(request: HttpRequest) -> Any:
    return BankEntry.objects.filter(organisation=organisation_of(request)).select_related("account")


@statements.post("/", auth=WRITE, response={201: ImportSummaryOut, **WRITE_ERRORS})
def statement_upload(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Import a statement file (CAMT.053, MT940 or a bank's CSV), sent as multipart `file`.

    All or nothing: a file with any problem imports nothing and answers 422 on `file`, each
    message naming the statement and entry. Importing the same file again adds nothing.
    Every statement must be of one of the organisation's bank accounts. The new lines are
    matched at once; those matching is not sure of wait for review.
    """
    return Status(201, _imported(request, file, dry_run=False))


@statements.post("/dry-run", auth=WRITE, response={200: ImportSummaryOut, **WRITE_ERRORS})
def statement_dry_run(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Check a statement file as the import would and say what it would add; writes nothing.

    Statements of accounts innen does not know are read, and listed in `would_refuse`.
    """
    return _imported(request, file, dry_run=True)


def _imported(request: HttpRequest, file: UploadedFile, *, dry_run: bool) -> ImportSummary:
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise FieldErrors({"file": [_("The file is larger than 100 MB.")]})
    summary = statement_import(
        data=file.read(),
        name=file.name or "upload",
        organisation=organisation_of(request),
        dry_run=dry_run,
        user=user_of(request),
    )
    if not summary.ok:
        raise FieldErrors({"file": [str(error) for error in summary.errors]})
    return summary


@statements.get("/", response={200: list[StatementImportOut], **LIST_ERRORS})
@paginate(CursorPagination)
def statement_list(request: HttpRequest) -> Any:
    """Each statement imported: one per statement of a file."""
    return _imports(request)


@statements.get("/{import_id}", response={200: StatementImportOut, **READ_ERRORS})
def statement_get(request: HttpRequest, import_id: Id) -> Any:
    return get_object_or_404(_imports(request), pk=import_id)


@statements.get("/{import_id}/entries", response={200: list[BankEntryOut], **READ_ERRORS})
@paginate(CursorPagination)
def statement_entries(request: HttpRequest, import_id: Id) -> Any:
    """The lines this import added, with what matching made of each."""
    found = get_object_or_404(_imports(request), pk=import_id)
    return _entries(request).filter(statement_import=found)


class EntryFilters(Schema):
    import_id: Id | None = None
    match_status: MatchStatus | None = None


@entries.get("/", response={200: list[BankEntryOut], **LIST_ERRORS})
@paginate(CursorPagination)
def entry_list(request: HttpRequest, filters: Query[EntryFilters]) -> Any:
    """Statement lines; `match_status=review`: those waiting for a person, with offers."""
    rows = _entries(request)
    if filters.import_id is not None:
        rows = rows.filter(statement_import_id=filters.import_id)
    if filters.match_status is not None:
        rows = rows.filter(match_status=filters.match_status)
    return rows


@entries.get("/{entry_id}", response={200: BankEntryOut, **READ_ERRORS})
def entry_get(request: HttpRequest, entry_id: Id) -> Any:
    return get_object_or_404(_entries(request), pk=entry_id)


@entries.post("/{entry_id}/accept", auth=WRITE, response={200: BankEntryOut, **WRITE_ERRORS})
def entry_accept(request: HttpRequest, entry_id: Id, data: EntryAcceptIn) -> Any:
    """Take matching's offer number `offer` (from 0) for the line."""
    today, user = timezone.localdate(), user_of(request)
    return _decide(
        request,
        entry_id,
        lambda row: applying.entry_accept(row, data.offer, today=today, user=user),
    )


@entries.post("/{entry_id}/assign", auth=WRITE, response={200: BankEntryOut, **WRITE_ERRORS})
def entry_assign(request: HttpRequest, entry_id: Id, data: EntryAssignIn) -> Any:
    """Let the line (money in) pay the invoices named by number, in their order."""
    today, user = timezone.localdate(), user_of(request)
    numbers = list(data.invoices)
    return _decide(
        request, entry_id, lambda row: applying.entry_assign(row, numbers, today=today, user=user)
    )


@entries.post("/{entry_id}/set-aside", auth=WRITE, response={200: BankEntryOut, **WRITE_ERRORS})
def entry_set_aside(request: HttpRequest, entry_id: Id) -> Any:
    """Not a payment of an invoice (interest, a transfer of one's own): matching leaves it."""
    user = user_of(request)
    return _decide(request, entry_id, lambda row: applying.entry_ignore(row, user=user))


def _decide(request: HttpRequest, entry_id: int, decide: Any) -> Any:
    row = get_object_or_404(_entries(request), pk=entry_id)
    try:
        decide(row)
    except ValidationError as exc:
        raise refusal(exc, conflicts=ENTRY_STATE) from exc
    return _entries(request).get(pk=row.pk)
