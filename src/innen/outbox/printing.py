"""The day's print batch: every letter waiting to be posted, in one PDF.

Each letter starts on a fresh sheet (a blank back page is added after a letter with an odd
number of pages), so the batch can be printed double-sided and cut into envelopes by page
set. Putting a letter in the batch is what sends it: its date is the batch's day, and from
that day its terms run.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from innen.collection.models import Message, MessageStatus
from innen.collection.pending import AT_PRINT_BATCH, withdraw_acted
from innen.outbox.documents import read_document, store_document
from innen.outbox.models import (
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    Document,
    PostedLetter,
    PrintBatch,
)
from innen.outbox.notices import no_longer_applies, withdraw_posted
from innen.outbox.sending import record_sent, settle_message, withdraw_deliveries


def letters_waiting(organisation_id: int) -> list[Delivery]:
    return list(
        Delivery.objects.select_for_update(of=("self",))
        .filter(
            organisation_id=organisation_id,
            channel=DeliveryChannel.LETTER,
            status=DeliveryStatus.PRINTING,
            print_batch__isnull=True,
        )
        .select_related("pdf", "message__customer")
        .order_by("message__customer__postcode", "message__customer__name", "pk")
    )


def _still_due(letters: list[Delivery], day: date) -> list[Delivery]:
    """The letters the last check lets go; the others are withdrawn, with the dossier's note."""
    message_ids = [d.message_id for d in letters if d.message_id is not None]
    withdraw_acted(message_ids, day, made=True, at=AT_PRINT_BATCH)
    stay_home = set(
        Message.objects.filter(pk__in=message_ids, status=MessageStatus.CANCELLED).values_list(
            "pk", flat=True
        )
    )
    for delivery in letters:
        if delivery.message_id in stay_home:
            assert delivery.message is not None
            delivery.message.refresh_from_db(fields=["status"])
            withdraw_deliveries(delivery.message)
            settle_message(delivery.message, day)
    return [d for d in letters if d.message_id not in stay_home]


def _posted_still_applying(letters: list[PostedLetter], day: date) -> list[PostedLetter]:
    """The notices' letters that still apply; the others stay home, with the dossier's note."""
    kept = []
    for letter in letters:
        why = no_longer_applies(letter.reference, day)
        if why:
            withdraw_posted(letter, day, why, AT_PRINT_BATCH)
        else:
            kept.append(letter)
    return kept


def merge_letters(pdfs: list[bytes]) -> tuple[bytes, int]:
    """One PDF of all `pdfs`, each starting on an odd page; and its page count."""
    writer = PdfWriter()
    for pdf in pdfs:
        reader = PdfReader(io.BytesIO(pdf))
        for page in reader.pages:
            writer.add_page(page)
        if len(reader.pages) % 2:
            last = reader.pages[-1].mediabox
            writer.add_blank_page(width=float(last.width), height=float(last.height))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def posted_waiting(organisation_id: int) -> list[PostedLetter]:
    return list(
        PostedLetter.objects.select_for_update(of=("self",))
        .filter(
            organisation_id=organisation_id, print_batch__isnull=True, withdrawn_on__isnull=True
        )
        .select_related("pdf", "customer")
    )


def _postal_order(customer: Any, pk: int) -> tuple[str, str, int]:
    return (customer.postcode, customer.name, pk)


@transaction.atomic
def build_print_batch(organisation_id: int, day: date) -> PrintBatch | None:
    """Collect the letters waiting for print into today's batch; None when there are none.

    The ladder's letters and the other letters to post go in one pile, by postcode. The
    batch is a letter's last moment: one whose invoices were paid, credited, written off or
    held since it was made, or that no longer demands what is owed, stays home."""
    letters = [d for d in _still_due(letters_waiting(organisation_id), day) if d.pdf is not None]
    posted = _posted_still_applying(posted_waiting(organisation_id), day)
    if not letters and not posted:
        return None
    pile: list[tuple[tuple[str, str, int], Document]] = [
        # Only a message's delivery goes by letter (a notice's letter is a PostedLetter).
        (_postal_order(d.message.customer, d.pk), d.pdf)  # type: ignore[misc, union-attr]
        for d in letters
    ]
    pile += [(_postal_order(p.customer, p.pk), p.pdf) for p in posted]
    pile.sort(key=lambda item: item[0])
    data, pages = merge_letters([read_document(pdf) for _, pdf in pile])
    number = PrintBatch.objects.filter(organisation_id=organisation_id, day=day).count() + 1
    document = store_document(
        organisation_id, f"print-batch-{day.isoformat()}-{number}.pdf", "application/pdf", data
    )
    batch = PrintBatch.objects.create(
        organisation_id=organisation_id,
        day=day,
        document=document,
        letter_count=len(pile),
        page_count=pages,
    )
    PostedLetter.objects.filter(pk__in=[p.pk for p in posted]).update(print_batch=batch)
    Delivery.objects.filter(pk__in=[d.pk for d in letters]).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), sent_on=day, print_batch=batch
    )
    for delivery in letters:
        message = Message.objects.select_related("step").get(deliveries=delivery)
        record_sent(message, delivery, day, [delivery.pdf])
        settle_message(message, day)
    return batch
