"""Commands that hand over to Django: migrate, serve, and any other management command."""

import argparse
import subprocess
import sys

from innen.cli import setup_django


def register(subparsers: argparse._SubParsersAction) -> None:
    migrate = subparsers.add_parser("migrate", help="create or update the database tables")
    migrate.set_defaults(handler=lambda args: _call("migrate", "--no-input"))

    serve = subparsers.add_parser("serve", help="serve the web app (development server)")
    serve.add_argument("address", nargs="?", default="127.0.0.1:8000")
    serve.add_argument(
        "--worker", action="store_true", help="also run a background worker while serving"
    )
    serve.set_defaults(handler=_serve)

    manage = subparsers.add_parser(
        "manage", help="run any Django management command", add_help=False
    )
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=_manage)


def _call(*argv: str) -> int:
    setup_django()
    from django.core.management import call_command

    call_command(*argv)
    return 0


def _serve(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    worker = (
        subprocess.Popen([sys.executable, "-m", "innen.cli.main", "worker"])
        if args.worker
        else None
    )
    try:
        call_command("runserver", args.address, "--noreload")
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)
    return 0


def _manage(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["innen manage", *args.rest])
    return 0
