import pytest

from innen.bench import letters as bench


@pytest.mark.django_db
def test_the_letters_and_dossier_benchmarks_measure_what_they_name(monkeypatch):
    monkeypatch.setattr(bench, "LETTERS", 2)
    monkeypatch.setattr(bench, "EVENTS", 300)

    figures = [*bench.letters(), *bench.dossier()]

    assert [f.name for f in figures] == [
        "letter_pdf_ms",
        "dossier_append_events_per_second",
        "dossier_verify_events_per_second",
    ]
    assert all(f.value > 0 for f in figures)
