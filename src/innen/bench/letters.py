"""Letters and the dossier: how long a PDF letter takes, and how fast the dossier appends.

A daily run of a large organisation sends thousands of messages, one background task each;
the PDF is most of a task's time. An import appends one dossier event per line.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from datetime import date

from innen.bench import Figure, benchmark

TODAY = date(2026, 11, 23)
LETTERS = 20
EVENTS = 100_000


@benchmark
def letters() -> Iterator[Figure]:
    from innen.letters.defaults import default_template
    from innen.letters.rendering import letter_pdf
    from innen.letters.samples import sample_letter

    kinds = ["reminder", "fourteen_day_letter", "ingebrekestelling", "handover"]
    letter_pdf(sample_letter("reminder", "nl", TODAY), default_template("reminder", "nl"))
    timings = []
    for n in range(LETTERS):
        kind = kinds[n % len(kinds)]
        letter = sample_letter(kind, "nl", TODAY)
        started = time.perf_counter()
        letter_pdf(letter, default_template(kind, "nl"))
        timings.append(time.perf_counter() - started)
    yield Figure("letter_pdf_ms", statistics.median(timings) * 1000, "ms")


@benchmark
def dossier() -> Iterator[Figure]:
    from innen.casefile.integrity import verify_organisation
    from innen.dossier.record import NewEvent, append_many
    from innen.organisations.models import Organisation

    organisation = Organisation.objects.create(name="Bench dossier B.V.")
    events = [
        NewEvent(
            "invoice_imported",
            TODAY,
            customer_id=n % 1000 + 1,
            invoice_id=n + 1,
            payload={"number": f"F{n:07d}", "total": "121.00", "due_date": "2026-10-01"},
        )
        for n in range(EVENTS)
    ]
    started = time.perf_counter()
    for start in range(0, EVENTS, 5000):
        append_many(organisation.pk, events[start : start + 5000])
    appended = time.perf_counter() - started
    yield Figure("dossier_append_events_per_second", EVENTS / appended, "events/s")
    started = time.perf_counter()
    verdict = verify_organisation(organisation.pk)
    checked = time.perf_counter() - started
    assert verdict.intact and verdict.count == EVENTS
    yield Figure("dossier_verify_events_per_second", EVENTS / checked, "events/s")
