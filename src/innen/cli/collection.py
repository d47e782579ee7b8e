"""`innen run`, `innen forecast`, `innen explain` and `innen worker`: the daily collection run."""

import argparse
import json
import os
from typing import Any

from innen.cli import UsageError, run_date, setup_django


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    run = subparsers.add_parser("run", help="the daily collection run (plan, commit, deliver)")
    _date_and_organisation(run)
    run.add_argument(
        "--dry-run", action="store_true", help="show what would happen, change nothing"
    )
    run.add_argument("--json", action="store_true", help="print one JSON object")
    run.set_defaults(handler=_run)

    forecast = subparsers.add_parser("forecast", help="the actions planned for the coming days")
    _date_and_organisation(forecast)
    forecast.add_argument("--days", type=int, default=30, help="how many days ahead (30)")
    forecast.add_argument("--json", action="store_true", help="print one JSON object")
    _language(forecast)
    forecast.set_defaults(handler=_forecast)

    explain = subparsers.add_parser(
        "explain", help="why collection does what it does for an invoice"
    )
    explain.add_argument("invoice", metavar="INVOICE", help="the invoice number")
    _date_and_organisation(explain)
    _language(explain)
    explain.set_defaults(handler=_explain)

    worker = subparsers.add_parser(
        "worker", help="do background work (delivery, scheduled daily runs) until stopped"
    )
    worker.add_argument("--batch", action="store_true", help="do what is queued, then stop")
    worker.add_argument(
        "--queues",
        default="*",
        help="only these task queues, comma-separated (default: all); 'runs' is the daily "
        "run's batches",
    )
    worker.set_defaults(handler=_worker)


def _date_and_organisation(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", help="the day to run as, YYYY-MM-DD (default: today)")
    parser.add_argument("--organisation", type=int, help="only this organisation (its id)")


def _language(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--language",
        choices=("nl", "en"),
        help="the language to print in (default: nl when LANG or LC_ALL says Dutch, else en)",
    )


def _chosen_language(args: argparse.Namespace) -> str:
    """`--language`, else Dutch for a Dutch locale; the command line speaks English otherwise."""
    if args.language:
        return str(args.language)
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG")
    return "nl" if (locale or "").lower().startswith("nl") else "en"


def _organisations(organisation_id: int | None) -> list[Any]:
    from innen.organisations.models import Organisation

    organisations = Organisation.objects.order_by("pk")
    if organisation_id is not None:
        organisations = organisations.filter(pk=organisation_id)
        if not organisations:
            raise UsageError(f"--organisation {organisation_id}: no such organisation")
    return list(organisations)


def _run(args: argparse.Namespace) -> int:
    setup_django()
    from innen.collection.run import RunSummary
    from innen.collection.run_text import summary_line
    from innen.daily import run_day

    today = run_date(args.date)
    total = RunSummary(today, 0, args.dry_run)
    for organisation in _organisations(args.organisation):
        summary = run_day(organisation, today, dry_run=args.dry_run)
        total.add(summary)
        if not args.json:
            prefix = "[dry run] " if args.dry_run else ""
            print(f"{prefix}{organisation.name}: {summary_line(summary)}")
    if args.json:
        result = total.as_json()
        del result["organisation"]
        print(json.dumps(result))
    return 0


def _forecast(args: argparse.Namespace) -> int:
    if args.days < 0 or args.days > 366:
        raise UsageError("--days must be between 0 and 366")
    setup_django()
    from django.utils import translation

    from innen.collection.forecast import forecast

    today = run_date(args.date)
    output = {}
    with translation.override(_chosen_language(args)):
        for organisation in _organisations(args.organisation):
            days = forecast(organisation, today, args.days)
            output[organisation.pk] = [d.as_json() for d in days]
            if not args.json:
                _print_forecast(organisation.name, today, days)
    if args.json:
        print(json.dumps({"date": today.isoformat(), "organisations": output}))
    return 0


def _print_forecast(name: str, today: Any, days: list[Any]) -> None:
    """The forecast as lines, in the active language (kinds by their labels)."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext

    from innen.collection.models import StepKind
    from innen.file_messages import said_day

    print(
        gettext("%(organisation)s: actions planned from %(date)s")
        % {
            "organisation": name,
            "date": said_day(today),
        }
    )
    for day in days:
        kinds = ", ".join(f"{StepKind(k).label} {n}" for k, n in sorted(day.by_kind.items()))
        weekday = date_format(day.day, "D")
        print(f"  {said_day(day.day)} {weekday}  {day.actions:>6}  {kinds}{_notes(day)}")


def _notes(day: Any) -> str:
    """What a forecast day owes to late invoices, Sundays and holidays, and spacing."""
    from django.utils.translation import gettext

    notes = []
    if day.late_starts:
        notes.append(gettext("%(count)s late invoices start") % {"count": day.late_starts})
    if day.skipped_before_known:
        notes.append(
            gettext("%(count)s steps skipped: before innen knew the invoice")
            % {"count": day.skipped_before_known}
        )
    if day.moved_here:
        notes.append(
            gettext("%(count)s moved here from a Sunday, holiday or Saturday call")
            % {"count": day.moved_here}
        )
    if day.spaced_here:
        notes.append(
            gettext("%(count)s held until here by the days between messages")
            % {"count": day.spaced_here}
        )
    return f"  ({'; '.join(notes)})" if notes else ""


def _explain(args: argparse.Namespace) -> int:
    setup_django()
    from django.utils import translation

    from innen.collection.explain import explain_invoice
    from innen.file_messages import translated
    from innen.ledger.models import Invoice

    invoices = Invoice.objects.filter(number=args.invoice).select_related(
        "customer", "organisation"
    )
    if args.organisation is not None:
        invoices = invoices.filter(organisation_id=args.organisation)
    found = list(invoices[:2])
    if not found:
        raise UsageError(f"no invoice numbered {args.invoice!r}")
    if len(found) > 1:
        raise UsageError(
            f"invoice {args.invoice!r} exists in several organisations: add --organisation"
        )
    with translation.override(_chosen_language(args)):
        for line in explain_invoice(found[0], run_date(args.date)):
            print(translated(line))
    return 0


def _worker(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    from innen.connections.tasks import schedule_connection_syncs
    from innen.daily import schedule_daily_run
    from innen.outbox.tasks import schedule_delivery_sweep, schedule_print_batches
    from innen.web.health import schedule_worker_heartbeat
    from innen.webhooks.tasks import schedule_webhook_sweep
    from innen.workers.heart import beating
    from innen.workers.lease import new_worker_id
    from innen.workers.tasks import schedule_task_pruning

    # Periodic work is booked on the default queue: a worker set aside for runs leaves it be.
    if not args.batch and (args.queues == "*" or "default" in args.queues.split(",")):
        schedule_daily_run()
        schedule_print_batches()
        # What a stopped worker left half-way, found again every few minutes.
        schedule_delivery_sweep()
        schedule_webhook_sweep()
        schedule_connection_syncs()  # accounting packages: the due connections, every minute
        # What /readyz looks for: a task finished in the last few minutes, idle or not.
        schedule_worker_heartbeat()
        schedule_task_pruning()  # finished task results past their keeping, daily
    options = ["--queue-name", args.queues, *(["--batch"] if args.batch else [])]
    # Any number of workers share the queue: each claims a task with SELECT ... FOR UPDATE
    # SKIP LOCKED; its beat holds the lease on it (innen.workers.lease).
    worker_id = new_worker_id()
    with beating(worker_id):
        call_command(
            "db_worker", "--no-startup-delay", "--no-reload", "--worker-id", worker_id, *options
        )
    return 0
