"""`innen demo load` on the command line."""

import pytest

from innen.cli.main import main
from innen.demo.loader import DEMO_PASSWORD, DEMO_USERNAME
from innen.ledger.models import Customer

pytestmark = pytest.mark.django_db

LOAD = ["demo", "load", "--date", "2026-11-23", "--customers", "12"]


def test_demo_load_prints_the_summary_and_the_login(capsys):
    assert main(LOAD) == 0
    out = capsys.readouterr().out
    assert "Loaded the demo organisation Groothandel Van der Berg B.V." in out
    assert "customers" in out and "invoices" in out and "overdue" in out
    assert "http://127.0.0.1:8000" in out
    assert DEMO_USERNAME in out and DEMO_PASSWORD in out
    assert Customer.objects.count() == 12


def test_demo_load_a_second_time_says_nothing_changed(capsys):
    main(LOAD)
    capsys.readouterr()
    assert main([*LOAD[:-1], "20"]) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert Customer.objects.count() == 12


def test_demo_load_reset_rebuilds(capsys):
    main(LOAD)
    assert main([*LOAD, "--reset"]) == 0
    assert capsys.readouterr().out.count("Loaded the demo organisation") == 2
    assert Customer.objects.count() == 12


@pytest.mark.parametrize("argv", [["--date", "23-11-2026"], ["--customers", "0"]])
def test_bad_arguments_are_a_usage_error(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "load", *argv])
    assert exit_.value.code == 2
    assert "innen: error:" in capsys.readouterr().err


def test_the_printed_login_opens_the_demo_in_the_web_app(client):
    main(LOAD)
    assert client.login(username=DEMO_USERNAME, password=DEMO_PASSWORD)
    page = client.get("/")
    assert page.status_code == 200
    assert "Groothandel Van der Berg B.V." in page.content.decode()
