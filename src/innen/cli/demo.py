"""`innen demo load`: build the demo organisation (idempotent; no server)."""

import argparse
import time
from datetime import date
from typing import TYPE_CHECKING

from innen.cli import UsageError, setup_django

if TYPE_CHECKING:
    from innen.demo.loader import DemoSummary

BUCKET_LABELS = {
    "not_due": "not due",
    "1_30": "1-30",
    "31_60": "31-60",
    "61_90": "61-90",
    "over_90": ">90",
}


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    demo = subparsers.add_parser("demo", help="the demo organisation with made-up data")
    actions = demo.add_subparsers(title="actions", metavar="ACTION")
    demo.set_defaults(handler=lambda args: _help(demo))

    load = actions.add_parser(
        "load", help="create the demo organisation, its customers and ledger (once)"
    )
    load.add_argument("--date", help="the demo's today, YYYY-MM-DD (default: today)")
    load.add_argument(
        "--reset", action="store_true", help="delete and rebuild the demo organisation"
    )
    load.add_argument("--customers", type=int, default=300, help="how many customers (300)")
    load.set_defaults(handler=_load)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _load(args: argparse.Namespace) -> int:
    if args.customers < 1:
        raise UsageError("--customers must be at least 1")
    chosen = _parse_date(args.date)
    setup_django()
    from django.conf import settings
    from django.utils import timezone

    from innen.demo.loader import DEMO_PASSWORD, DEMO_USERNAME, demo_load, demo_summary

    today = chosen or timezone.localdate()
    started = time.monotonic()
    result = demo_load(today=today, customers=args.customers, reset=args.reset)
    seconds = time.monotonic() - started
    name = result.organisation.name
    if result.created:
        print(f"Loaded the demo organisation {name} as of {today} in {seconds:.1f} s.")
    else:
        print(
            f"The demo organisation {name} exists already: nothing changed (--reset rebuilds it)."
        )
    _print_summary(demo_summary(organisation=result.organisation, today=today), today)
    print()
    print(f"Sign in at {settings.SITE_URL}")
    print(f"  username  {DEMO_USERNAME}")
    print(f"  password  {DEMO_PASSWORD}")
    return 0


def _print_summary(summary: "DemoSummary", today: date) -> None:
    from innen.money import format_eur

    print(f"  customers  {summary.customers:>14,}")
    print(f"  invoices   {summary.invoices:>14,}")
    print(f"  open       {format_eur(summary.open_total):>14}")
    print(f"  overdue    {format_eur(summary.overdue_total):>14}  (on {today})")
    aging = ", ".join(
        f"{BUCKET_LABELS.get(b['key'], b['key'])}: {b['count']}" for b in summary.buckets
    )
    print(f"  open invoices by days overdue: {aging}")


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--date {value!r} is not a date as YYYY-MM-DD") from exc
