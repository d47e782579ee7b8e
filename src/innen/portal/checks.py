"""A check at `innen migrate` (and `innen manage check --database default`): printed portal
codes the configured keys no longer open, and codes still waiting for `rekey-codes`."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Info, Warning
from django.db import DatabaseError

from innen.portal.codes import portal_code_keys


def portal_codes_opened_by_the_site_keys(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    if not databases:
        return []  # the database is only asked when the command says so
    try:
        keys = portal_code_keys()
    except DatabaseError:  # not migrated yet
        return []
    messages: list[CheckMessage] = []
    if keys.lost:
        messages.append(
            Warning(
                f"{keys.lost} printed portal codes were made with a SECRET_KEY that is no "
                "longer set, so they no longer open the portal.",
                hint="Put the old key in SECRET_KEY_FALLBACKS to keep them working. Otherwise "
                "each of those customers gets a new code on their next letter, noted in "
                "their dossier.",
                id="portal.W001",
            )
        )
    if keys.old:
        messages.append(
            Info(
                f"{keys.old} printed portal codes still need a key in SECRET_KEY_FALLBACKS.",
                hint="Run `innen portal rekey-codes` before taking that key out.",
                id="portal.I001",
            )
        )
    return messages
