"""The cache the portal's rate limit counts in is shared when CACHE_URL or REDIS_URL says so."""

import os
import subprocess
import sys

PROBE = """
import django
django.setup()
from django.core.cache import caches
cache = caches["default"]
print(type(cache).__name__)
try:
    cache.get("probe")
except Exception as error:
    print(type(error).__module__, type(error).__name__)
"""

# Nothing listens on port 1: the probe shows which cache is used without needing a server.
NOWHERE = "redis://127.0.0.1:1/0"


def probe(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "innen.config.settings", **env}
    for name in ("CACHE_URL", "REDIS_URL"):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True, timeout=60
    )


def test_without_a_cache_url_each_process_counts_in_its_own_memory():
    assert probe().stdout.split() == ["LocMemCache"]


def test_redis_url_makes_every_process_count_in_that_redis():
    lines = probe(REDIS_URL=NOWHERE).stdout.splitlines()
    assert lines[0] == "RedisCache"
    assert lines[1].startswith("redis.exceptions")  # the client is installed and was asked


def test_cache_url_names_the_cache_too():
    assert probe(CACHE_URL=NOWHERE).stdout.splitlines()[0] == "RedisCache"


def test_a_cache_url_that_is_not_redis_is_refused():
    result = probe(CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL or REDIS_URL must be a redis://" in result.stderr
