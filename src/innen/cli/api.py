"""`innen api-token create|list|revoke`: the tokens other systems use for the REST API.

`create` prints the token once; innen keeps only its SHA-256, so it cannot be shown again.
"""

import argparse

from innen.cli import UsageError, setup_django
from innen.cli.imports import _organisation


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    help_text = "API tokens: make, list and revoke them"
    tokens = subparsers.add_parser("api-token", help=help_text, description=help_text)
    actions = tokens.add_subparsers(title="actions", metavar="ACTION", required=True)

    create = actions.add_parser("create", help="make a token and print it (shown once)")
    create.add_argument("--organisation", type=int, metavar="ID", required=True)
    create.add_argument("--name", required=True, help="what uses it, e.g. 'accounting'")
    create.add_argument("--scope", choices=["read", "write"], required=True)
    create.set_defaults(handler=_create)

    listing = actions.add_parser("list", help="list the tokens (never their secrets)")
    listing.add_argument("--organisation", type=int, metavar="ID", help="only this one's")
    listing.set_defaults(handler=_list)

    revoke = actions.add_parser("revoke", help="revoke a token: it stops working at once")
    revoke.add_argument("token", help="the token's prefix (as `list` shows it)")
    revoke.set_defaults(handler=_revoke)


def _create(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError

    from innen.api.tokens import api_token_create

    organisation = _organisation(args.organisation)
    try:
        made = api_token_create(organisation=organisation, name=args.name, scope=args.scope)
    except ValidationError as exc:
        problems = (f"--{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise UsageError("; ".join(problems)) from exc
    print(f"Made {args.scope} token {made.token.prefix} for {organisation.name}.")
    print("Copy it now, it is shown this once:")
    print(made.secret)
    return 0


def _list(args: argparse.Namespace) -> int:
    setup_django()
    from innen.api.models import ApiToken

    tokens = ApiToken.objects.select_related("organisation").order_by("organisation", "created_at")
    if args.organisation is not None:
        tokens = tokens.filter(organisation_id=args.organisation)
    for token in tokens:
        state = f"revoked {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "active"
        used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never used"
        print(
            f"{token.prefix}\t{token.scope}\t{state}\t{used}\t"
            f"{token.organisation_id}\t{token.organisation.name}\t{token.name}"
        )
    return 0


def _revoke(args: argparse.Namespace) -> int:
    setup_django()
    from innen.api.models import ApiToken
    from innen.api.tokens import api_token_revoke

    token = ApiToken.objects.filter(prefix=args.token.strip()).first()
    if token is None:
        raise UsageError(f"token: there is no token with prefix {args.token!r}")
    api_token_revoke(token)
    print(f"Revoked {token.prefix} ({token.name}) of organisation {token.organisation_id}.")
    return 0
