"""`innen print-batch` (the letters waiting to be posted, in one PDF) and `innen bounce`."""

import argparse
from pathlib import Path

from innen.cli import UsageError, run_date, setup_django
from innen.cli.collection import _date_and_organisation, _organisations


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    batch = subparsers.add_parser(
        "print-batch", help="put the letters waiting to be posted into today's print batch"
    )
    _date_and_organisation(batch)
    batch.add_argument("--out", type=Path, help="also write the batch PDF to this file")
    batch.set_defaults(handler=_print_batch)

    bounce = subparsers.add_parser(
        "bounce", help="record that a sent e-mail bounced (from the bounce's Message-ID)"
    )
    bounce.add_argument("message_id", metavar="MESSAGE-ID", help="e.g. <innen.1.42.email@...>")
    bounce.add_argument("--reason", default="returned by the receiving mail server")
    bounce.add_argument("--date", help="the day it bounced, YYYY-MM-DD (default: today)")
    bounce.set_defaults(handler=_bounce)


def _print_batch(args: argparse.Namespace) -> int:
    setup_django()
    from innen.outbox.documents import read_document
    from innen.outbox.printing import build_print_batch

    today = run_date(args.date)
    for organisation in _organisations(args.organisation):
        batch = build_print_batch(organisation.pk, today)
        if batch is None:
            print(f"{organisation.name}: {today}: no letters waiting")
            continue
        print(
            f"{organisation.name}: {today}: print batch {batch.pk} with "
            f"{batch.letter_count} letters, {batch.page_count} pages"
        )
        if args.out is not None:
            path = args.out
            if args.organisation is None and len(_organisations(None)) > 1:
                path = path.with_stem(f"{path.stem}-{organisation.pk}")
            path.write_bytes(read_document(batch.document))
            print(f"  written to {path}")
    return 0


def _bounce(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError

    from innen.outbox.services import delivery_bounced

    try:
        delivery = delivery_bounced(args.message_id, reason=args.reason, today=run_date(args.date))
    except ValidationError as exc:
        raise UsageError("; ".join(exc.messages)) from exc
    print(f"{delivery.unique_id}: not delivered ({delivery.last_error}); on the controller's list")
    return 0
