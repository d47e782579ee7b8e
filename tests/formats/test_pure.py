"""innen.formats runs without Django, so reading a file needs no database or settings."""

import subprocess
import sys


def test_the_formats_package_imports_no_django():
    probe = (
        "import sys, innen.formats.ledger_csv, innen.formats.csv_table; "
        "leaked = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(','.join(leaked))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
