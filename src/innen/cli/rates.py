"""`innen law rates list|add|check`: the statutory interest rates the law engine computes with.

The rows live in the database (innen.rates); the government publishes a new rate every
1 January and 1 July. `check` exits 1 from 30 days before the known rates run out, for a
monitoring job: the operator adds the next rates with `add` once they are published.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from innen.cli import UsageError, setup_django
from innen.law.rates import WHERE_PUBLISHED, RatesOutlook

ADD_EXAMPLE = "innen law rates add --from {day} --commercial X --consumer Y --source TEXT"


def add_rates_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rates = commands.add_parser(
        "rates", help="the statutory interest rates (list, add, check)"
    ).add_subparsers(metavar="ACTION", required=True)

    listing = rates.add_parser("list", help="every recorded rate with its source and status")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=handle_list)

    add = rates.add_parser(
        "add",
        help="record a newly published rate (or, with --reason, a correction)",
        description="Record the rates in force from 1 January or 1 July. Give the commercial "
        "rate (art. 6:119a BW), the consumer rate (art. 6:119 BW) or both.",
    )
    add.add_argument("--from", dest="effective", required=True, metavar="DATE")
    add.add_argument("--commercial", metavar="PERCENT", help="wettelijke handelsrente, e.g. 10.40")
    add.add_argument("--consumer", metavar="PERCENT", help="wettelijke rente, e.g. 4")
    add.add_argument(
        "--source", required=True, help="where it was published, e.g. 'Stb. 2026, 512'"
    )
    add.add_argument(
        "--unconfirmed", action="store_true", help="no primary source yet (marked as such)"
    )
    add.add_argument(
        "--reason", default="", help="correct the rate already recorded for that day, saying why"
    )
    add.set_defaults(handler=handle_add)

    check = rates.add_parser("check", help="exit 1 when the known rates run out within 30 days")
    check.add_argument("--date", metavar="DATE", help="check as on this day (default: today)")
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=handle_check)


def _percent(option: str, text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text.strip().rstrip("%").replace(",", "."))
    except InvalidOperation:
        raise UsageError(f"{option}: {text!r} is not a percentage (e.g. 10.40)") from None
    if not value.is_finite():
        raise UsageError(f"{option}: {text!r} is not a percentage")
    return value


def _date(option: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a date (use YYYY-MM-DD)") from None


def handle_list(args: argparse.Namespace) -> int:
    setup_django()
    from innen.rates.selectors import rate_rows

    rows = rate_rows()
    if args.json:
        data = [
            {
                "id": row.pk,
                "table": row.table,
                "from": row.effective.isoformat(),
                "rate": f"{row.rate.normalize():f}",
                "status": "confirmed" if row.confirmed else "unconfirmed",
                "source": row.source,
                "replaces": row.replaces_id,
                "reason": row.reason,
                "first_used_on": row.first_used_on.isoformat() if row.first_used_on else None,
            }
            for row in rows
        ]
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    replaced = {row.replaces_id for row in rows if row.replaces_id}
    for row in rows:
        status = "bevestigd" if row.confirmed else "onbevestigd"
        line = (
            f"{row.pk:>4}  {row.table:<10}  {row.effective.isoformat()}  "
            f"{row.rate.normalize():f}%".ljust(42)
            + f"  {status:<11}  {row.source}"
        )
        if row.pk in replaced:
            line += "  [vervangen]"
        if row.replaces_id:
            line += f"  [correctie van {row.replaces_id}: {row.reason}]"
        print(line)
    return 0


def handle_add(args: argparse.Namespace) -> int:
    effective = _date("--from", args.effective)
    given = {
        "commercial": _percent("--commercial", args.commercial),
        "statutory": _percent("--consumer", args.consumer),
    }
    rates = {table: rate for table, rate in given.items() if rate is not None}
    if not rates:
        raise UsageError("give --commercial, --consumer or both")
    setup_django()
    from innen.rates.services import RateError, rates_add

    try:
        rows = rates_add(
            effective=effective,
            rates=rates,
            source=args.source,
            confirmed=not args.unconfirmed,
            reason=args.reason,
            added_by="innen law rates add",
        )
    except RateError as exc:
        option = {"from": "--from", "statutory": "--consumer"}.get(exc.field, f"--{exc.field}")
        raise UsageError(f"{option}: {exc.message}") from None
    for row in rows:
        what = "correction" if row.replaces_id else "added"
        print(f"{what}: {row.table} from {row.effective.isoformat()}: {row.rate.normalize():f}%")
    return 0


def handle_check(args: argparse.Namespace) -> int:
    setup_django()
    from django.utils import timezone

    from innen.rates.selectors import rates_outlook

    today = _date("--date", args.date) if args.date else timezone.localdate()
    seen = rates_outlook(today)
    if args.json:
        print(json.dumps(_outlook_json(seen), indent=2))
    else:
        print(describe_outlook(seen))
    return 1 if seen.needs_attention else 0


def describe_outlook(seen: RatesOutlook) -> str:
    known = seen.known_until.isoformat()
    if seen.status == "known":
        return f"ok: the interest rates are known until {known}"
    add = ADD_EXAMPLE.format(day=seen.next_day.isoformat())
    if seen.status == "ending":
        head = f"the interest rates after {known} are not yet known"
    else:
        head = (
            f"the interest rates after {known} are not yet known: interest after that day "
            "is computed with the last known rates and marked provisional"
        )
    return f"{head}\nadd them once published: {add}\npublished in: {WHERE_PUBLISHED}"


def _outlook_json(seen: RatesOutlook) -> dict[str, Any]:
    return {
        "status": seen.status,
        "known_until": seen.known_until.isoformat(),
        "today": seen.today.isoformat(),
        "add": ADD_EXAMPLE.format(day=seen.next_day.isoformat()),
        "published_in": WHERE_PUBLISHED,
    }
