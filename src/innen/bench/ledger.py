"""Benchmarks of the ledger: building the demo, importing invoices, the open-invoice page."""

import time
from collections.abc import Iterator
from datetime import date, timedelta

from django.test import Client

from innen.bench import Figure, benchmark, percentile
from innen.demo.loader import demo_load
from innen.ledger.importing import import_file
from innen.ledger.models import Customer

TODAY = date(2026, 11, 23)
IMPORT_LINES = 20_000
PAGE_REQUESTS = 40


@benchmark
def ledger() -> Iterator[Figure]:
    started = time.perf_counter()
    organisation = demo_load(today=TODAY).organisation
    yield Figure("demo_load_seconds", time.perf_counter() - started, "s")

    client = Client()
    client.login(username="demo", password="demo-innen-2026")
    client.get("/")  # warm the template and translation caches
    samples = []
    for number in range(PAGE_REQUESTS):
        bucket = ["", "?bucket=over_90", "?page=3"][number % 3]
        started = time.perf_counter()
        response = client.get(f"/{bucket}")
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    yield Figure("open_invoices_page_p95_ms", percentile(samples, 0.95), "ms")

    numbers = list(
        Customer.objects.filter(organisation=organisation).values_list("number", flat=True)
    )
    data = _invoice_csv(numbers, IMPORT_LINES)
    started = time.perf_counter()
    report = import_file(kind="invoices", organisation=organisation, data=data)
    seconds = time.perf_counter() - started
    assert report.ok and report.created == IMPORT_LINES, report.errors[:3]
    yield Figure("csv_import_invoices_per_second", IMPORT_LINES / seconds, "lines/s")


def _invoice_csv(customers: list[str], lines: int) -> bytes:
    rows = ["factuurnummer;klantnummer;factuurdatum;vervaldatum;bedrag excl btw;btw;totaal"]
    for n in range(lines):
        issued = TODAY - timedelta(days=n % 540)
        rows.append(
            f"BENCH-{n:06d};{customers[n % len(customers)]};{issued:%d-%m-%Y};"
            f"{issued + timedelta(days=30):%d-%m-%Y};1.000,00;210,00;1.210,00"
        )
    return ("\n".join(rows) + "\n").encode()
