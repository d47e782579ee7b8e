"""The `innen` command line: one module per group of commands.

Every module in this package that defines `register(subparsers)` adds its commands; the
handler it sets with `set_defaults(handler=...)` receives the parsed arguments and returns
the exit code. Handlers that need the database call `setup_django()` first, so the pure
commands (the law calculator) start fast and work without a database.
"""

import sys
from datetime import date
from typing import NoReturn

from innen.boot import setup_django

__all__ = ["UsageError", "fail", "setup_django"]


class UsageError(Exception):
    """Bad input on the command line; the message names the argument."""


def fail(message: str) -> NoReturn:
    print(f"innen: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def run_date(value: str | None) -> date:
    """The day a command runs as: `--date` as YYYY-MM-DD, or today in the local time zone."""
    from django.utils import timezone

    if value is None:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--date {value!r} is not a date as YYYY-MM-DD") from exc
