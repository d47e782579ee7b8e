"""UBL e-invoices: import a file or a ZIP of them, each file all or nothing.

The same service as `innen import-ubl` and the import page (`innen.ledger.importing.ubl`).
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, UploadedFile

from innen.api.auth import WRITE, organisation_of
from innen.api.errors import WRITE_ERRORS, FieldErrors
from innen.ledger.importing.ubl import import_ubl_upload

router = Router(tags=["invoices"])

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # as the import page takes


class UblFileOut(Schema):
    file: str
    ok: bool
    dry_run: bool
    outcome: str  # created, unchanged or refused
    kind: str  # invoice or credit_note
    number: str
    customer_number: str
    customer_created: bool
    customer_changed: list[str]  # the customer's fields this newer file updated
    pdf_stored: bool
    rules: list[str]  # the EN 16931 rules the file fails, e.g. BR-CO-16
    errors: list[str]
    notes: list[str]


class UblImportOut(Schema):
    ok: bool  # every file imported or already there
    files: list[UblFileOut]


@router.post("/ubl", auth=WRITE, response={200: UblImportOut, **WRITE_ERRORS})
def ubl_import(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Import a UBL 2.1 invoice or credit note (Peppol BIS 3, NLCIUS, older Dutch UBL), or a
    ZIP of them, sent as multipart `file`.

    Each file on its own, all or nothing: its customer (found by KvK, VAT, Peppol id or
    number, else created), its invoice or credit note and its embedded PDF. A file is
    refused when its seller is not the organisation (KvK, VAT or IBAN), when it fails an
    EN 16931 rule innen checks (`rules` names it) or when its number is in the ledger with
    other content. The same file again changes nothing (`unchanged`). The answer is 200 with
    one result per file (`ok` is false when some file of a ZIP was refused); when no file
    could be imported, 422 on `file`, each reason starting with the file's name.
    """
    return _imported(request, file, dry_run=False)


@router.post("/ubl/dry-run", auth=WRITE, response={200: UblImportOut, **WRITE_ERRORS})
def ubl_dry_run(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Check UBL files as the import would and say what it would do; writes nothing."""
    return _imported(request, file, dry_run=True)


def _imported(request: HttpRequest, file: UploadedFile, *, dry_run: bool) -> dict[str, Any]:
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise FieldErrors({"file": [_("The file is larger than 50 MB.")]})
    reports = import_ubl_upload(
        organisation=organisation_of(request),
        name=file.name or "upload.xml",
        data=file.read(),
        dry_run=dry_run,
    )
    if not any(r.ok for r in reports):
        raise FieldErrors({"file": [f"{r.name}: {error}" for r in reports for error in r.errors]})
    return {"ok": all(r.ok for r in reports), "files": [r.as_dict() for r in reports]}
