"""The domain packages import nothing from Django, so they run and test without a database."""

import subprocess
import sys

import pytest

PURE_MODULES = [
    "innen.money",
    "innen.translatable",
    "innen.inlists",
    "innen.identifiers",
    "innen.balances",
    "innen.letters.letter",
    "innen.letters.rendering",
    "innen.letters.samples",
    "innen.matching",
    "innen.matching.needs",
    "innen.matching.gc_pause",
    "innen.insights.metrics",
    "innen.arrangements.rules",
    "innen.arrangements.schedule",
    "innen.arrangements.texts",
    "innen.arrangements.uploads",
    "innen.filetypes",
    "innen.formats.messages",
    "innen.formats.bank_csv",
    "innen.formats.bank_files",
    "innen.formats.camt053",
    "innen.webhooks.signing",
    "innen.webhooks.addresses",
    "innen.risk.features",
    "innen.risk.evaluate",
    "innen.risk.explain",
    "innen.risk.ibm",
]


@pytest.mark.parametrize("module", PURE_MODULES)
def test_a_domain_module_imports_no_django(module):
    probe = (
        f"import sys, {module}; "
        "leaked = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(','.join(leaked))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
