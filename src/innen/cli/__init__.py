"""The `innen` command line: one module per group of commands.

Every module in this package that defines `register(subparsers)` adds its commands; the
handler it sets with `set_defaults(handler=...)` receives the parsed arguments and returns
the exit code. Handlers that need the database call `setup_django()` first, so the pure
commands (the law calculator) start fast and work without a database.
"""

import sys
from typing import NoReturn

from innen.boot import setup_django

__all__ = ["UsageError", "fail", "setup_django"]


class UsageError(Exception):
    """Bad input on the command line; the message names the argument."""


def fail(message: str) -> NoReturn:
    print(f"innen: error: {message}", file=sys.stderr)
    raise SystemExit(2)
