"""Production settings: `innen manage check --deploy` is clean, and the headers are sent."""

import os
import secrets
import subprocess
import sys

import pytest
from django.urls import reverse

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "innen.example.nl",
    "SITE_URL": "https://innen.example.nl",
    "DATABASE_URL": "postgresql://innen@db.example.nl/innen",
}


def run_innen(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "innen.cli.main", *argv]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_the_deploy_check_is_clean_with_production_settings():
    env = {**os.environ, **PRODUCTION}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests' own, never production's
    result = run_innen("manage", "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_the_deploy_check_complains_about_a_demo_setup():
    # The check above can fail: DEBUG on is the first thing --deploy names.
    env = {**os.environ, **PRODUCTION, "DEBUG": "true"}
    result = run_innen("manage", "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, **PRODUCTION, "SECRET_KEY": ""}
    result = run_innen("manage", "check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "keys",
    [
        {"SECRET_KEY": "innen-demo-only-not-secret"},
        {"SECRET_KEY_FALLBACKS": "innen-demo-only-not-secret"},
    ],
)
def test_production_refuses_the_public_demo_key_and_says_what_to_set(keys):
    env = {**os.environ, **PRODUCTION, **keys}
    result = run_innen("manage", "check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off, to at least 50 random" in result.stderr


@pytest.mark.django_db
def test_every_page_carries_a_policy_without_inline_scripts(client):
    response = client.get(reverse("login"))
    policy = dict(
        (part.split()[0], part.split()[1:])
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]  # the EPC QR codes are data: URIs
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
