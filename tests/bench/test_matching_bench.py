import pytest

from innen.bench import matching as bench


@pytest.mark.django_db
def test_the_matching_benchmark_reports_precision_recall_and_speed(monkeypatch):
    monkeypatch.setattr(bench, "LINES", 500)
    monkeypatch.setattr(bench, "INVOICES", 2_000)
    monkeypatch.setattr(bench, "CUSTOMERS", 200)

    figures = {f.name: f for f in bench.matching()}

    assert set(figures) == {
        "match_precision",
        "match_recall",
        "match_lines_per_second",
        "match_load_seconds",
        "match_load_database_seconds",
        "match_decide_seconds",
        "match_cpu_seconds",
        "match_lines_per_second_ceiling",
        "statement_apply_lines_per_second",
    }
    assert figures["match_precision"].value == 1.0
    assert figures["match_recall"].value >= 0.9
    assert figures["match_lines_per_second"].value > 0
    assert figures["match_lines_per_second"].floor == 50_000
    load, waited = figures["match_load_seconds"].value, figures["match_load_database_seconds"]
    assert 0 < waited.value < load
    assert figures["match_decide_seconds"].value > 0
    assert figures["match_cpu_seconds"].value > 0
    # No design runs faster than its work spread over every core.
    ceiling = figures["match_lines_per_second_ceiling"]
    assert ceiling.floor == 50_000
    assert ceiling.value >= 0.8 * figures["match_lines_per_second"].value
    assert figures["statement_apply_lines_per_second"].value > 0


@pytest.mark.django_db
def test_the_apply_figure_matches_and_applies_the_lines_as_an_import_does(monkeypatch):
    from innen.banking.models import BankEntry, MatchStatus
    from innen.ledger.models import Payment
    from innen.matching.bench.generated import generate
    from innen.organisations.models import Organisation

    made = generate(50, 300, 200, seed=4)
    organisation = Organisation.objects.create(name="G B.V.")
    bench.write_generated(organisation, made.book)
    monkeypatch.setattr(bench, "APPLIED_LINES", 150)
    paid_before = Payment.objects.count()

    assert bench.apply_rate(organisation, made.entries) > 0

    lines = BankEntry.objects.filter(identity__startswith="apply-")
    assert lines.count() == 150
    assert not lines.filter(match_status=MatchStatus.UNMATCHED).exists()
    matched = lines.filter(match_status=MatchStatus.MATCHED, payment__isnull=False).count()
    assert matched > 50
    assert Payment.objects.count() - paid_before == matched


@pytest.mark.django_db
def test_the_generated_ledger_is_written_with_its_match_keys():
    from innen.ledger.models import Invoice
    from innen.matching.bench.generated import generate
    from innen.matching.book import match_keys
    from innen.organisations.models import Organisation

    made = generate(20, 100, 10, seed=3)
    ids = bench.write_generated(Organisation.objects.create(name="G B.V."), made.book)

    stored = Invoice.objects.in_bulk(list(ids.values()))
    assert len(stored) == len(made.book.invoice) + len(made.book.settled_invoice)
    for invoice in stored.values():
        assert (invoice.reference_key, invoice.number_key, invoice.number_flat) == match_keys(
            invoice.number, invoice.payment_reference
        )
    open_ids = set(Invoice.objects.filter(pk__in=ids.values()).open().values_list("pk", flat=True))
    assert open_ids == {ids[i] for i in made.book.invoice}


@pytest.mark.django_db
def test_the_server_clock_counts_the_work_of_the_process_serving_the_connection():
    from django.db import connection

    clock = bench._ServerClock.of(connection)
    if connection.vendor == "sqlite":
        assert clock.readable and clock.seconds() == 0.0  # SQLite works in this process
        return
    assert clock.readable
    before = clock.seconds()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM generate_series(1, 5000000) n WHERE n % 7 = 0")

    assert clock.seconds() - before >= 0.05
