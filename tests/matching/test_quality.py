"""Matching quality and scale on a generated, realistic set."""

import subprocess
import sys

from innen.matching.bench.generated import generate
from innen.matching.bench.quality import evaluate
from innen.matching.match import match_entries


def test_on_a_generated_set_every_applied_match_is_right_and_95_percent_are_applied():
    data = generate(customers=1_000, invoices=10_000, entries=5_000, seed=2026)
    decisions = match_entries(data.entries, data.book)
    quality = evaluate(decisions, data.truth, [e.amount > 0 for e in data.entries])
    assert quality.wrong == ()
    assert quality.precision == 1.0
    assert quality.recall >= 0.95
    assert quality.applied > 3_500


def test_the_generated_set_holds_every_kind_of_line():
    data = generate(customers=200, invoices=2_000, entries=2_000, seed=7)
    assert set(data.kinds) >= {
        "reference",
        "number",
        "typo",
        "iban-amount",
        "combined-iban",
        "combined-numbers",
        "partial",
        "over",
        "name-only",
        "unrelated",
        "storno",
        "refund",
    }
    assert generate(customers=200, invoices=2_000, entries=50, seed=7).entries == data.entries[:50]


def test_the_number_style_without_a_prefix_matches_as_well():
    data = generate(customers=300, invoices=3_000, entries=1_500, seed=11, number_style="2026-0042")
    quality = evaluate(
        match_entries(data.entries, data.book), data.truth, [e.amount > 0 for e in data.entries]
    )
    assert quality.precision == 1.0 and quality.recall >= 0.95


def test_twenty_thousand_lines_against_two_hundred_thousand_invoices_run():
    data = generate(customers=20_000, invoices=200_000, entries=20_000, seed=1)
    decisions = match_entries(data.entries, data.book)
    assert len(decisions) == 20_000


def test_the_matching_package_imports_no_django():
    code = (
        "import innen.matching.book, innen.matching.match, innen.matching.bench.generated, "
        "innen.matching.bench.quality, sys\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('django'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
