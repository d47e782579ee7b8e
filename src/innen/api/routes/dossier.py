"""The dossier of a customer (or of one invoice) as evidence: the same export as the web's."""

import io
import zipfile
from enum import StrEnum
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema

from innen.api.auth import organisation_of
from innen.api.errors import READ_ERRORS
from innen.api.fields import Id
from innen.casefile.export import dossier_export_bytes
from innen.ledger.models import Customer, Invoice
from innen.storedfiles import file_response

router = Router(tags=["customers"])

SUMMARY = "summary.pdf"  # the export's first file: the summary a court or bailiff reads


class ExportFormat(StrEnum):
    ZIP = "zip"
    PDF = "pdf"


class ExportQuery(Schema):
    invoice_id: Id | None = None
    format: ExportFormat = ExportFormat.ZIP


_BYTES = {"schema": {"type": "string", "format": "binary"}}
DOWNLOAD = {
    "description": "The dossier (format zip) or its summary (format pdf).",
    "content": {"application/zip": _BYTES, "application/pdf": _BYTES},
}


@router.get(
    "/{customer_id}/dossier-export",
    response=READ_ERRORS,
    openapi_extra={"responses": {"200": DOWNLOAD}},
)
def dossier_export(request: HttpRequest, customer_id: Id, query: Query[ExportQuery]) -> Any:
    """The customer's dossier as a ZIP: the summary PDF, letters and invoices as sent, the
    timeline and the claim; `invoice_id`: only that invoice's (404 when it is not the
    customer's). `format=pdf`: the summary only.

    As from the customer's page; the export is recorded as an anchor of the dossier's chain.
    """
    organisation = organisation_of(request)
    customer = get_object_or_404(Customer, organisation=organisation, pk=customer_id)
    invoice = None
    if query.invoice_id is not None:
        # As the customer's page: an invoice not of this customer is not found.
        invoice = get_object_or_404(
            Invoice, organisation=organisation, customer=customer, pk=query.invoice_id
        )
    data, result = dossier_export_bytes(
        customer=customer, today=timezone.localdate(), invoice=invoice
    )
    if query.format == ExportFormat.PDF:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            summary = archive.read(SUMMARY)
        name = result.filename.removesuffix(".zip") + ".pdf"
        return file_response(summary, filename=name, content_type="application/pdf")
    return file_response(data, filename=result.filename, content_type="application/zip")
