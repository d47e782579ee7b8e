import pytest

from innen.bench import statement as bench


@pytest.mark.django_db
def test_the_daily_statement_figure_imports_the_whole_file_as_an_import_does(monkeypatch):
    from innen.banking.models import BankEntry, MatchStatus, StatementImport

    monkeypatch.setattr(bench, "DAILY_LINES", 200)
    monkeypatch.setattr(bench, "INVOICES", 2_000)
    monkeypatch.setattr(bench, "CUSTOMERS", 200)

    figure, ratio, *spent = bench.statement_daily()

    assert figure.name == "statement_daily_seconds"
    assert figure.value > 0
    assert figure.floor == 2.0
    assert ratio.name == "statement_daily_ratio"
    assert ratio.value == pytest.approx(figure.value / 2.0)
    assert [f.name for f in spent] == [
        "statement_daily_cpu_seconds",
        "statement_daily_sql_seconds",
        "statement_daily_load",
    ]
    assert 0 < spent[1].value < figure.value  # the queries' time is part of the whole
    daily = StatementImport.objects.get(file_name="daily.xml")
    assert daily.imported == 200
    lines = BankEntry.objects.filter(statement_import=daily)
    assert not lines.filter(match_status=MatchStatus.UNMATCHED).exists()
    assert lines.filter(match_status=MatchStatus.MATCHED).count() > 50


@pytest.mark.django_db
def test_a_smaller_book_can_be_asked_for_to_try_changes_on(monkeypatch):
    from innen.ledger.models import Customer, Invoice

    monkeypatch.setattr(bench, "DAILY_LINES", 100)
    monkeypatch.setenv("INNEN_BENCH_DAILY_INVOICES", "1000")

    list(bench.statement_daily())

    assert Customer.objects.count() == bench.CUSTOMERS * 1000 // bench.INVOICES
    assert Invoice.objects.count() == 1000 + 100  # open, and a tenth as many settled
