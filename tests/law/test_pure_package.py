import pkgutil
import subprocess
import sys

import innen.law


def test_importing_innen_law_and_all_its_modules_pulls_in_no_django():
    # In a fresh interpreter: pytest-django has already imported django in this one.
    modules = [f"innen.law.{m.name}" for m in pkgutil.iter_modules(innen.law.__path__)]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import innen.cli.law\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert len(modules) >= 10
    assert result.stdout.strip() == ""
