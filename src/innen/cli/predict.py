"""`innen predict evaluate`: the payment prediction tested on a split by date (issue 28)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from innen.cli import UsageError, setup_django
from innen.cli.imports import _organisation


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    predict = subparsers.add_parser("predict", help="payment prediction: who will pay late")
    commands = predict.add_subparsers(title="predict commands", metavar="COMMAND")
    predict.set_defaults(handler=lambda args: _help(predict))
    evaluate = commands.add_parser(
        "evaluate",
        help="train on the earlier 80%% of paid invoices, test on the later 20%%, "
        "against two baselines",
    )
    evaluate.add_argument("--organisation", type=int, help="the organisation (its id)")
    evaluate.add_argument(
        "--csv", metavar="FILE", help="the IBM accounts-receivable sample's columns, as they are"
    )
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.set_defaults(handler=_evaluate)
    train = commands.add_parser(
        "train", help="fit the organisation's model on its paid invoices now and store it"
    )
    train.add_argument("--organisation", type=int, help="the organisation (its id)")
    train.set_defaults(handler=_train)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _evaluate(args: argparse.Namespace) -> int:
    from innen.risk.evaluate import TooFewInvoices, evaluate

    if args.csv and args.organisation is not None:
        raise UsageError("--csv and --organisation: choose one")
    records = _from_csv(Path(args.csv)) if args.csv else _from_ledger(args.organisation)
    try:
        result = evaluate(records)
    except TooFewInvoices as exc:
        raise UsageError(str(exc)) from exc
    if args.json:
        print(json.dumps(result | ({"note": SAMPLE_DISPUTES} if args.csv else {}), indent=2))
    else:
        print(table(result, sample=bool(args.csv)))
    return 0


def _train(args: argparse.Namespace) -> int:
    setup_django()
    from innen.predictions.services import train

    organisation = _organisation(args.organisation)
    model = train(organisation)
    kind = "the fallback (too little history)" if model.fallback else "gradient boosting"
    print(f"{organisation.name}: trained on {model.rows} paid invoices: {kind}")
    return 0


def _from_csv(path: Path) -> list[Any]:
    from innen.risk.ibm import SampleError, read_ibm

    try:
        with path.open(encoding="utf-8-sig", newline="") as lines:
            return read_ibm(lines)
    except OSError as exc:
        raise UsageError(f"--csv: cannot read {path}: {exc.strerror}") from exc
    except SampleError as exc:
        raise UsageError(f"--csv {path}: {exc}") from exc


def _from_ledger(organisation_id: int | None) -> list[Any]:
    setup_django()
    from innen.predictions.selectors import ledger_records

    return ledger_records(_organisation(organisation_id))


# The IBM sample says whether an invoice was disputed, not when (docs/prediction.md).
SAMPLE_DISPUTES = (
    "The sample does not say when an invoice was disputed. The first row counts the invoice's\n"
    "own dispute as known: true of a score made while the invoice is open, after the dispute\n"
    "was raised. A prediction made at issue, before any dispute, is the second row."
)


def table(result: dict[str, Any], *, sample: bool = False) -> str:
    """The figures as a table: the model (with the invoice's own dispute as the data dates
    it, and without it) and both baselines, then the calibration. On the IBM `sample`, which
    does not date disputes, the first row says the dispute is known, and a note says when."""
    split = result["split"]
    lines = [
        f"{split['invoices']} paid invoices: trained on {split['train']} issued "
        f"{split['train_from']} to before {split['test_from']}, tested on {split['test']} "
        f"issued {split['test_from']} to {split['test_to']} "
        f"({split['share_late_test']:.0%} paid late)",
        "",
        f"{'':42}{'MAE days':>10}{'accuracy':>10}{'AUC':>8}{'Brier':>8}",
    ]
    named = [
        ("model (the invoice's own dispute known)" if sample else "model", result["model"]),
        ("model without the invoice's own dispute", result["model_without_own_dispute"]),
        ("baseline: 0 days late", result["baselines"]["zero"]),
        ("baseline: past late rate", result["baselines"]["past_rate"]),
    ]
    for name, figures in named:
        auc = "-" if figures["auc"] is None else f"{figures['auc']:.3f}"
        lines.append(
            f"{name:42}{figures['mae']:>10.2f}{figures['accuracy']:>10.3f}{auc:>8}"
            f"{figures['brier']:>8.3f}"
        )
    if result["model"].get("fallback"):
        lines.append("(too little history for the model: the fallback scored)")
    if sample:
        lines += ["", SAMPLE_DISPUTES]
    lines += ["", "calibration of the model's chance of paying late, by decile:"]
    lines.append(f"{'decile':>8}{'invoices':>10}{'predicted':>11}{'observed':>10}")
    for row in result["model"]["reliability"]:
        lines.append(
            f"{row['decile']:>8}{row['invoices']:>10}{row['predicted']:>11.2f}"
            f"{row['observed']:>10.2f}"
        )
    return "\n".join(lines)
