"""The `innen letters` commands: sample letters and e-mails for every step, and the PDF check.

Pure: no database. The samples come from `innen.letters.samples`, a fictitious organisation.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from innen.cli import UsageError
from innen.letters.defaults import KINDS


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--date: {text!r} is not a date (use YYYY-MM-DD)") from None


def handle_samples(args: argparse.Namespace) -> int:
    from innen.letters.defaults import default_template
    from innen.letters.pdf import page_png
    from innen.letters.rendering import render_message
    from innen.letters.samples import sample_letter

    on = parse_date(args.date) if args.date else date.today()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.suffix is None else args.suffix
    # A call step is made by phone; its text exists only in case one is ever sent in writing.
    kinds = args.kind or [k for k in KINDS if k != "call_task"]
    for kind in kinds:
        rendered = render_message(
            sample_letter(kind, args.language, on), default_template(kind, args.language)
        )
        stem = out / f"{kind}{suffix}"
        Path(f"{stem}.pdf").write_bytes(rendered.pdf)
        Path(f"{stem}.png").write_bytes(page_png(rendered.pdf, dpi=args.dpi))
        Path(f"{stem}.email.html").write_text(rendered.html, encoding="utf-8")
        Path(f"{stem}.email.txt").write_text(rendered.text, encoding="utf-8")
        print(f"{stem}.pdf  {rendered.subject}")
    return 0


def handle_check(args: argparse.Namespace) -> int:
    from innen.letters.pdf_support import main

    return main()


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    letters = subparsers.add_parser("letters", help="sample letters and e-mails; the PDF check")
    commands = letters.add_subparsers(title="letters commands", metavar="COMMAND", required=True)
    samples = commands.add_parser(
        "samples",
        help="write a sample PDF, PNG and e-mail for every step kind",
        description="Write <kind>.pdf, <kind>.png (page 1), <kind>.email.html and "
        "<kind>.email.txt for every step kind but the call, for a fictitious organisation.",
    )
    samples.add_argument("--out", required=True, metavar="DIR", help="folder to write to")
    samples.add_argument("--date", metavar="YYYY-MM-DD", help="the letters' date (default: today)")
    samples.add_argument("--language", choices=("nl", "en"), default="nl")
    samples.add_argument(
        "--suffix", metavar="TEXT", help="added to each file name, e.g. .en (default: none)"
    )
    samples.add_argument(
        "--kind",
        action="append",
        choices=KINDS,
        help="only this step kind (repeatable; default: all but call_task)",
    )
    samples.add_argument("--dpi", type=int, default=100, help="resolution of the PNG (100)")
    samples.set_defaults(handler=handle_samples)
    check = commands.add_parser("check", help="can this machine make PDF letters?")
    check.set_defaults(handler=handle_check)
