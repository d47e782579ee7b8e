import pytest

from innen.cli.main import main


def test_innen_letters_samples_writes_pdf_png_and_both_e_mails(tmp_path, capsys):
    code = main(
        [
            "letters",
            "samples",
            "--out",
            str(tmp_path),
            "--date",
            "2026-11-23",
            "--language",
            "en",
            "--kind",
            "fourteen_day_letter",
            "--suffix",
            ".en",
        ]
    )
    assert code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "fourteen_day_letter.en.email.html",
        "fourteen_day_letter.en.email.txt",
        "fourteen_day_letter.en.pdf",
        "fourteen_day_letter.en.png",
    ]
    assert (tmp_path / "fourteen_day_letter.en.pdf").read_bytes().startswith(b"%PDF")
    assert "Final reminder" in capsys.readouterr().out


def test_a_bad_date_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["letters", "samples", "--out", str(tmp_path), "--date", "23-11-2026"])
    assert exit.value.code == 2
    assert "--date" in capsys.readouterr().err
