"""The prediction benchmark, on a small generated history instead of a million invoices."""

from innen.bench import prediction


def test_the_generated_history_has_paid_late_paid_on_time_and_open_invoices():
    records = prediction.generated(2_000, 40)
    assert len(records) == 2_000
    assert len({r.customer for r in records}) == 40
    days = [r.days_late for r in records]
    assert any(d == 0 for d in days) and any(d and d > 0 for d in days)
    assert any(r.settled is None for r in records)
    assert [r.issued for r in records] == sorted(r.issued for r in records)


def test_measuring_trains_the_model_and_scores_every_invoice():
    figures = prediction.measure(2_000, 40)
    assert set(figures) == {"train", "score", "train_cpu", "score_cpu", "peak_mb"}
    assert all(value > 0 for value in figures.values())


def test_the_benchmark_prints_each_figure_against_its_target(monkeypatch):
    class InProcess:
        def __init__(self, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def submit(self, function, *args):
            class Done:
                def result(self):
                    return function(*args)

            return Done()

    monkeypatch.setattr(prediction, "ProcessPoolExecutor", InProcess)
    monkeypatch.setattr(prediction, "INVOICES", 2_000)
    monkeypatch.setattr(prediction, "CUSTOMERS", 40)
    lines = [figure.line() for figure in prediction.prediction()]
    assert lines[0].startswith("prediction_train_1m_seconds: ")
    assert "(target 300 s, ratio " in lines[0]
    assert "(target 30.00 s, ratio " in lines[1]
    assert lines[-1].startswith("prediction_peak_rss_mb: ")
    assert "(target 2048 MB, ratio " in lines[-1]
