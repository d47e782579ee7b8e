"""`innen serve` refuses the public demo key on any address but this machine's."""

import django.core.management
import pytest

from innen.cli.django_admin import on_this_machine_only
from innen.cli.main import main

REAL_KEY = "k" * 50


@pytest.fixture
def runserver(monkeypatch, settings):
    settings.DEBUG = (
        True  # the development server; off DEBUG it is gunicorn (test_serve_production)
    )
    started = []
    monkeypatch.setattr(django.core.management, "call_command", lambda *a: started.append(a))
    return started


@pytest.mark.parametrize(
    ("address", "local"),
    [
        ("8000", True),
        ("127.0.0.1:8000", True),
        ("127.0.0.2:8000", True),
        ("localhost:8000", True),
        ("[::1]:8000", True),
        ("0.0.0.0:8000", False),
        ("0:8000", False),
        ("[::]:8000", False),
        ("192.168.1.20:8000", False),
        ("innen.example.nl:8000", False),
    ],
)
def test_only_loopback_addresses_count_as_this_machine(address, local):
    assert on_this_machine_only(address) is local


def test_the_demo_key_is_refused_on_the_network_and_the_message_says_what_to_set(
    settings, runserver, capsys
):
    settings.SECRET_KEY = settings.DEMO_SECRET_KEY
    with pytest.raises(SystemExit) as exit:
        main(["serve", "0.0.0.0:8000"])
    assert exit.value.code == 2
    assert "set SECRET_KEY" in capsys.readouterr().err
    assert runserver == []


def test_the_demo_key_is_refused_as_a_fallback_too(settings, runserver):
    settings.SECRET_KEY = REAL_KEY
    settings.SECRET_KEY_FALLBACKS = [settings.DEMO_SECRET_KEY]
    with pytest.raises(SystemExit):
        main(["serve", "0.0.0.0:8000"])
    assert runserver == []


def test_the_demo_key_serves_this_machine(settings, runserver):
    settings.SECRET_KEY = settings.DEMO_SECRET_KEY
    assert main(["serve", "127.0.0.1:8000"]) == 0
    assert runserver == [("runserver", "127.0.0.1:8000", "--noreload")]


def test_a_real_key_serves_the_network(settings, runserver):
    settings.SECRET_KEY = REAL_KEY
    assert main(["serve", "0.0.0.0:8000"]) == 0
    assert runserver == [("runserver", "0.0.0.0:8000", "--noreload")]
