"""`innen serve` off DEBUG: the checks before it starts, then gunicorn with WhiteNoise.

Refuses to start, naming every missing setting, when production would run on the demo's:
the demo secret key (settings refuse it already), no ALLOWED_HOSTS of its own, or SQLite
(one file, one machine) unless `--allow-sqlite` or INNEN_ALLOW_SQLITE=true says so.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from innen.cli import UsageError

SHARED_CACHE_WARNING = (
    "innen: warning: WEB_CONCURRENCY is {workers} but CACHE_URL is not set: each process "
    "counts the portal's rate limit and the sign-in lock-out on its own. "
    "Set CACHE_URL=redis://HOST:6379/0 so they count together."
)


def missing_settings(settings: Any, environ: dict[str, str], allow_sqlite: bool) -> list[str]:
    """What production lacks, one sentence each naming the variable to set."""
    missing = []
    if settings.DEMO_SECRET_KEY in {settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS}:
        missing.append("SECRET_KEY (at least 50 random characters; the demo key is public)")
    if not environ.get("ALLOWED_HOSTS", "").strip():
        missing.append("ALLOWED_HOSTS (the host names this site answers to, comma-separated)")
    sqlite = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    flag = environ.get("INNEN_ALLOW_SQLITE", "").lower() in {"1", "true", "yes"}
    if sqlite and not (allow_sqlite or flag):
        missing.append(
            "DATABASE_URL (postgresql://...; SQLite serves one machine only: pass "
            "--allow-sqlite or set INNEN_ALLOW_SQLITE=true to run on it anyway)"
        )
    return missing


def web_concurrency(environ: dict[str, str]) -> int:
    value = environ.get("WEB_CONCURRENCY", "2")
    if not value.isdigit() or int(value) < 1:
        raise UsageError(f"WEB_CONCURRENCY must be a whole number of 1 or more, not {value!r}")
    return int(value)


def shared_cache_warning(settings: Any, workers: int) -> str | None:
    """The warning for several processes that would each count in their own memory."""
    local = settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    return SHARED_CACHE_WARNING.format(workers=workers) if local and workers > 1 else None


def gunicorn_command(address: str, workers: int) -> list[str]:
    """gunicorn serving innen's WSGI app on `address` with `workers` processes."""
    bind = address if ":" in address else f"127.0.0.1:{address}"
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "innen.config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        # Django logs each request (innen.request, as JSON with its id); gunicorn's own
        # access log would say it twice.
        "--error-logfile",
        "-",
        "--timeout",
        os.environ.get("GUNICORN_TIMEOUT", "60"),
        "--graceful-timeout",
        "30",
        # One control socket per user would clash between two servers on one machine.
        "--no-control-socket",
    ]


def prepare(allow_sqlite: bool) -> int:
    """Check the settings, collect the static files; the number of web processes to start."""
    from django.conf import settings
    from django.core.management import call_command

    environ = dict(os.environ)
    missing = missing_settings(settings, environ, allow_sqlite)
    if missing:
        raise UsageError(
            "DEBUG is off, so innen serves production, but these settings are missing: "
            + "; ".join(missing)
        )
    workers = web_concurrency(environ)
    warning = shared_cache_warning(settings, workers)
    if warning:
        print(warning, file=sys.stderr)
    if settings.STATIC_MANIFEST and not (settings.STATIC_ROOT / "staticfiles.json").exists():
        # Hashed, compressed copies for WhiteNoise. Minutes on a busy machine, so only when
        # none were made: an upgrade runs `innen collectstatic` itself (docs/deploy.md).
        print("innen: collecting the static files into STATIC_ROOT ...", file=sys.stderr)
        call_command("collectstatic", "--no-input", verbosity=0)
    return workers
