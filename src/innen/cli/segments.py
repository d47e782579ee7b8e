"""`innen segments`: the customers per behaviour segment, one customer's segment and why, and
`--recompute`, which runs what the daily task runs (`behaviours_update`). In English, as the
rest of the command line; the pages and the API say them in the reader's language."""

from __future__ import annotations

import argparse
import json
from typing import Any

from innen.cli import UsageError, run_date, setup_django
from innen.cli.imports import _organisation


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    segments = subparsers.add_parser(
        "segments", help="customers per behaviour segment; one customer's segment and why"
    )
    segments.add_argument("--organisation", type=int, help="the organisation (its id)")
    segments.add_argument("--customer", type=int, help="one customer (its id): its segment")
    segments.add_argument(
        "--recompute",
        action="store_true",
        help="compute and store every customer's segment now, as the daily task does",
    )
    segments.add_argument("--date", help="with --recompute: the day, YYYY-MM-DD (default today)")
    segments.add_argument("--json", action="store_true", help="print as JSON")
    segments.set_defaults(handler=_segments)


def _segments(args: argparse.Namespace) -> int:
    if args.date is not None and not args.recompute:
        raise UsageError("--date goes with --recompute")
    if args.recompute and args.customer is not None:
        raise UsageError("--recompute computes every customer's segment: leave out --customer")
    setup_django()
    organisation = _organisation(args.organisation)
    if args.recompute:
        from innen.predictions.behaviours import behaviours_update

        day = run_date(args.date)
        result: dict[str, Any] = {"on": day.isoformat(), **behaviours_update(organisation, day)}
        text = f"{organisation.name}: segments of {day}: {_stored(result)}"
    elif args.customer is not None:
        result, text = _customer(organisation, args.customer)
    else:
        result, text = _counts(organisation)
    print(json.dumps(result, indent=2) if args.json else text)
    return 0


def _stored(result: dict[str, Any]) -> str:
    return f"{result['new']} new, {result['changed']} changed, {result['same']} the same"


def _counts(organisation: Any) -> tuple[dict[str, Any], str]:
    from innen.collection.behaviour import label, segment_counts
    from innen.risk.segments import Behaviour

    found = segment_counts(organisation.pk)
    computed_on = found.computed_on.isoformat() if found.computed_on else None
    result = {
        "organisation": organisation.pk,
        "computed_on": computed_on,
        "segments": found.counts,
        "not_computed": found.not_computed,
    }
    lines = [f"{organisation.name}: behaviour segments computed on {computed_on or 'no day yet'}"]
    for behaviour in Behaviour:
        lines.append(f"{label(behaviour):20}{found.counts[behaviour.value]:>8}")
    lines.append(f"{'not yet computed':20}{found.not_computed:>8}")
    return result, "\n".join(lines)


def _customer(organisation: Any, customer_id: int) -> tuple[dict[str, Any], str]:
    from innen.collection.behaviour import segment_of
    from innen.ledger.models import Customer

    customer = Customer.objects.filter(organisation=organisation, pk=customer_id).first()
    if customer is None:
        raise UsageError(f"--customer: {organisation.name} has no customer with id {customer_id}")
    found = segment_of(customer)
    name = f"{customer.number} {customer.name}"
    if found is None:
        return {"customer": customer.pk, "segment": None}, f"{name}: no segment computed yet"
    said = {
        "code": found.code,
        "label": str(found.label),
        "reason": str(found.reason),
        "computed_on": found.computed_on.isoformat(),
    }
    text = f"{name}: {said['label']} ({said['computed_on']}): {said['reason']}"
    return {"customer": customer.pk, "segment": said}, text
