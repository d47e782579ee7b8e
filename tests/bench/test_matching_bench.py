from innen.bench import matching as bench


def test_the_matching_benchmark_reports_precision_recall_and_speed(monkeypatch):
    monkeypatch.setattr(bench, "LINES", 500)
    monkeypatch.setattr(bench, "INVOICES", 2_000)
    monkeypatch.setattr(bench, "CUSTOMERS", 200)

    figures = {f.name: f for f in bench.matching()}

    assert set(figures) == {"match_precision", "match_recall", "match_lines_per_second"}
    assert figures["match_precision"].value == 1.0
    assert figures["match_recall"].value >= 0.9
    assert figures["match_lines_per_second"].floor == 50_000
