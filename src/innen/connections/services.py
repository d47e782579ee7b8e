"""Every write to a connection: connect, choose the administration, sync now, disconnect."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from innen.connections import sealing
from innen.connections.models import Connection, State
from innen.connectors.package import Tokens
from innen.organisations.models import Organisation


@transaction.atomic
def connect(*, organisation: Organisation, kind: str, tokens: Tokens) -> Connection:
    """Store the package's tokens (sealed) for `organisation`; an administration is next.

    Connecting again (after a sign-in was withdrawn) keeps what was synced and the cursor."""
    connection, _ = Connection.objects.select_for_update().get_or_create(
        organisation=organisation,
        kind=kind,
        defaults={"state": State.CHOOSE, "webhook_token": secrets.token_urlsafe(24)},
    )
    connection.sealed_tokens = sealing.seal(tokens)
    if connection.state in (State.SIGN_IN, State.OFF):
        connection.state = State.ACTIVE if connection.full_sync_done else State.FIRST_SYNC
        connection.next_try = timezone.now()
    connection.last_error = ""
    connection.save()
    return connection


@transaction.atomic
def choose_account(*, connection: Connection, account_id: str, name: str) -> Connection:
    """Sync this administration; a different one than before starts from the beginning."""
    if connection.account_id and connection.account_id != account_id:
        connection.refs.all().delete()
        connection.unmapped.all().delete()
        connection.cursor = ""
        connection.full_sync_done = False
    connection.account_id = account_id
    connection.account_name = name[:200]
    connection.state = State.ACTIVE if connection.full_sync_done else State.FIRST_SYNC
    connection.next_try = timezone.now()
    connection.progress_done = connection.progress_total = 0
    connection.save()
    return connection


@transaction.atomic
def webhook_registered(*, connection: Connection, token: str) -> None:
    """Keep the secret the package gave for its webhook: a call without it is refused."""
    connection.package_webhook_token = token[:200]
    connection.save(update_fields=["package_webhook_token"])


def sync_soon(*, connection: Connection) -> None:
    """Due now: the next scheduler tick (or the caller's task) syncs it."""
    Connection.objects.filter(pk=connection.pk).update(next_try=timezone.now())


@transaction.atomic
def disconnect(*, connection: Connection) -> None:
    """Delete the tokens: innen can no longer read the package. What was synced stays in
    the ledger, and so do the external ids, so connecting again duplicates nothing."""
    connection.sealed_tokens = ""
    connection.state = State.OFF
    connection.next_try = None
    connection.save(update_fields=["sealed_tokens", "state", "next_try"])
