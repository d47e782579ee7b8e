"""`innen serve` with DEBUG off refuses to start on the demo's settings, naming each one."""

from types import SimpleNamespace

import pytest

from innen.cli import UsageError
from innen.cli.production import (
    gunicorn_command,
    missing_settings,
    shared_cache_warning,
    web_concurrency,
)

DEMO = "innen-demo-only-not-secret"
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}


def fake_settings(key=DEMO, engine="django.db.backends.sqlite3", caches=LOCMEM):
    return SimpleNamespace(
        DEMO_SECRET_KEY=DEMO,
        SECRET_KEY=key,
        SECRET_KEY_FALLBACKS=[],
        DATABASES={"default": {"ENGINE": engine}},
        CACHES=caches,
    )


def test_the_demo_settings_miss_the_key_the_hosts_and_a_real_database():
    missing = missing_settings(fake_settings(), {}, allow_sqlite=False)
    assert [line.split(" ")[0] for line in missing] == [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
    ]


def test_production_settings_miss_nothing():
    settings = fake_settings(key="k" * 50, engine="django.db.backends.postgresql")
    assert missing_settings(settings, {"ALLOWED_HOSTS": "innen.example.nl"}, False) == []


@pytest.mark.parametrize(("flag", "environ"), [(True, {}), (False, {"INNEN_ALLOW_SQLITE": "1"})])
def test_sqlite_serves_production_only_when_asked(flag, environ):
    settings = fake_settings(key="k" * 50)
    environ = {"ALLOWED_HOSTS": "innen.example.nl", **environ}
    assert missing_settings(settings, environ, allow_sqlite=flag) == []


def test_several_web_processes_without_a_shared_cache_are_warned_about():
    assert "CACHE_URL" in shared_cache_warning(fake_settings(), 2)
    assert shared_cache_warning(fake_settings(), 1) is None
    assert shared_cache_warning(fake_settings(caches=REDIS), 4) is None


def test_web_concurrency_is_the_number_of_gunicorn_workers():
    assert web_concurrency({"WEB_CONCURRENCY": "3"}) == 3
    with pytest.raises(UsageError, match="WEB_CONCURRENCY"):
        web_concurrency({"WEB_CONCURRENCY": "many"})


def test_gunicorn_listens_where_asked():
    command = gunicorn_command("8123", 2)
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123"
    assert command[command.index("--workers") + 1] == "2"
