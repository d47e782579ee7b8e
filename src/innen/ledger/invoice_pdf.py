"""An invoice's PDF, as the customer received it: kept only when it really is a PDF.

The portal offers it to the customer and the dossier export hands it on, so what is stored
is checked by opening it (`innen.filetypes`), not by its name or the browser's say-so. The
file gets a random name (`Invoice.pdf`'s `upload_to`) and is removed again when its row
does not commit; the one it replaces is removed once the new one has.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from innen.dossier.record import SYSTEM
from innen.filetypes import PDF, kind_of
from innen.ledger import events, refusals
from innen.ledger.models import Invoice
from innen.storedfiles import kept_only_if_committed

MAX_PDF_BYTES = 10 * 1024 * 1024


def pdf_problem(data: bytes) -> str | None:
    """Why `data` cannot be an invoice's PDF (None: it can), in the active language."""
    if len(data) > MAX_PDF_BYTES:
        return str(refusals.PDF_TOO_BIG % {"megabytes": MAX_PDF_BYTES // (1024 * 1024)})
    if kind_of(data) != PDF:
        return str(refusals.NOT_A_PDF)
    return None


def invoice_pdf_attach(
    *, invoice: Invoice, data: bytes, source: str = "entered", actor: str = SYSTEM
) -> Invoice:
    """Keep `data` as the invoice's PDF, in its own transaction, noted in the dossier."""
    problem = pdf_problem(data)
    if problem is not None:
        raise ValidationError({"pdf": problem})
    replaced = invoice.pdf.name if invoice.pdf else ""
    invoice.pdf.save("invoice.pdf", ContentFile(data), save=False)
    with kept_only_if_committed(invoice.pdf):
        invoice.save(update_fields=["pdf"])
        events.record(invoice.organisation_id, [events.pdf_event(invoice, source, actor)])
        if replaced:
            storage = invoice.pdf.storage
            transaction.on_commit(lambda: storage.delete(replaced))
    return invoice
