import pkgutil
import subprocess
import sys

import innen.letters


def test_importing_innen_letters_and_all_its_modules_pulls_in_no_django():
    # In a fresh interpreter: pytest-django has already imported django in this one.
    modules = [f"innen.letters.{m.name}" for m in pkgutil.iter_modules(innen.letters.__path__)]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import innen.cli.letters\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "innen.letters.rendering" in modules
    assert result.stdout.strip() == ""
