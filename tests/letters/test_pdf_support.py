import subprocess
import sys

from innen.letters import pdf_support


def test_the_pdf_check_passes_where_weasyprint_works():
    result = subprocess.run(
        [sys.executable, "-m", "innen.letters.pdf_support"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


def test_the_pdf_check_says_which_system_package_is_missing(monkeypatch, capsys):
    monkeypatch.setattr(pdf_support, "check", lambda: "OSError: cannot load library 'pango'")
    assert pdf_support.main() == 1
    err = capsys.readouterr().err
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in err
    assert "brew install pango" in err
