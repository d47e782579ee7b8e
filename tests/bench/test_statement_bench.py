import pytest

from innen.bench import statement as bench


@pytest.mark.django_db
def test_the_daily_statement_figure_imports_the_whole_file_as_an_import_does(monkeypatch):
    from innen.banking.models import BankEntry, MatchStatus, StatementImport

    monkeypatch.setattr(bench, "DAILY_LINES", 200)
    monkeypatch.setattr(bench, "INVOICES", 2_000)
    monkeypatch.setattr(bench, "CUSTOMERS", 200)

    (figure,) = bench.statement_daily()

    assert figure.name == "statement_daily_seconds"
    assert figure.value > 0
    assert figure.floor == 2.0
    daily = StatementImport.objects.get(file_name="daily.xml")
    assert daily.imported == 200
    lines = BankEntry.objects.filter(statement_import=daily)
    assert not lines.filter(match_status=MatchStatus.UNMATCHED).exists()
    assert lines.filter(match_status=MatchStatus.MATCHED).count() > 50
