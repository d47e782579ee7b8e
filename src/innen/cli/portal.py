"""`innen portal rekey-codes`: printed portal codes move under a new SECRET_KEY."""

from __future__ import annotations

import argparse

from innen.cli import setup_django


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    portal = subparsers.add_parser("portal", help="the customer portal's printed codes")
    commands = portal.add_subparsers(title="portal commands", metavar="COMMAND")
    portal.set_defaults(handler=lambda args: _help(portal))

    rekey = commands.add_parser(
        "rekey-codes",
        help="seal codes made under a key in SECRET_KEY_FALLBACKS under SECRET_KEY",
    )
    rekey.set_defaults(handler=_rekey_codes)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _rekey_codes(args: argparse.Namespace) -> int:
    setup_django()
    from innen.portal.codes import portal_code_keys, portal_codes_rekey

    moved = portal_codes_rekey()
    left = portal_code_keys()
    print(f"{moved} portal codes now use SECRET_KEY; the codes on printed letters stay the same.")
    if left.lost:
        print(
            f"{left.lost} codes were made with a key that is not set any more: those customers "
            "get a new code on their next letter (noted in their dossier)."
        )
    else:
        print("No code needs a key in SECRET_KEY_FALLBACKS any more.")
    return 0
