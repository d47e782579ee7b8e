"""Commands that hand over to Django: migrate, serve, and any other management command."""

import argparse
import io
import ipaddress
import os
import subprocess
import sys

from innen.cli import UsageError, setup_django

DEMO_KEY_ON_THE_NETWORK = (
    "the demo SECRET_KEY is public, so anyone could forge portal links: serve on "
    "127.0.0.1 only, or set SECRET_KEY to at least 50 random characters, for example the "
    "output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
)


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    migrate = subparsers.add_parser("migrate", help="create or update the database tables")
    migrate.set_defaults(handler=_migrate)

    serve = subparsers.add_parser(
        "serve",
        help="serve the web app (gunicorn with DEBUG off, else the development server)",
    )
    serve.add_argument("address", nargs="?", default="127.0.0.1:8000")
    serve.add_argument(
        "--allow-sqlite",
        action="store_true",
        help="serve production (DEBUG off) on SQLite: one machine only",
    )
    serve.add_argument(
        "--worker", action="store_true", help="also run a background worker while serving"
    )
    serve.set_defaults(handler=_serve)

    collect = subparsers.add_parser(
        "collectstatic", help="copy the static files to STATIC_ROOT (hashed, compressed)"
    )
    collect.set_defaults(handler=lambda args: _call("collectstatic", "--no-input"))

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


def _migrate(args: argparse.Namespace) -> int:
    _call("migrate", "--no-input")
    from django.core.management import call_command

    # Then what the tables now say about security, printed codes the site keys no longer open
    # among them (Django's own check before migrating sees the tables as they were).
    call_command("check", "--tag", "security", "--database", "default", stdout=io.StringIO())
    return 0


def _serve(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    demo_key = settings.DEMO_SECRET_KEY in {settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS}
    if demo_key and not on_this_machine_only(args.address):
        raise UsageError(DEMO_KEY_ON_THE_NETWORK)

    production = not settings.DEBUG
    command = None
    if production:
        from innen.cli import production as prod

        command = prod.gunicorn_command(args.address, prod.prepare(args.allow_sqlite))
        if not args.worker:
            os.execv(command[0], command)  # gunicorn takes this process's place and signals
    worker = (
        subprocess.Popen([sys.executable, "-m", "innen.cli.main", "worker"])
        if args.worker
        else None
    )
    try:
        if command is not None:
            subprocess.run(command, check=False)
        else:
            call_command("runserver", args.address, "--noreload")
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)
    return 0


def on_this_machine_only(address: str) -> bool:
    """Whether runserver's "[host:]port" listens on a loopback address only ("8000" does)."""
    host = address.rsplit(":", 1)[0] if ":" in address else "127.0.0.1"
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name ("0" included): it may point anywhere
        return False


def _manage(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["innen manage", *args.rest])
    return 0
