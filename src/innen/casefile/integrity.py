"""The dossier checked against the rest of what is known: its chain, its exports, the ledger.

The dossier checks its own chain and the head its newest export printed
(`innen.dossier.verify`); that an organisation with invoices or payments has events at all
is a fact about the ledger, which sits above the dossier, so that check is made here.
"""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext

from innen.dossier.chain import Verdict
from innen.dossier.verify import export_warnings, last_seq, verify_chain
from innen.ledger.models import CreditNote, Invoice, Payment


def verify_organisation(organisation_id: int) -> Verdict:
    """Walk the organisation's chain, and add `chain_warnings`."""
    verdict = verify_chain(organisation_id)
    return replace(verdict, warnings=chain_warnings(organisation_id))


def chain_warnings(organisation_id: int) -> tuple[str, ...]:
    """What looks wrong with the organisation's dossier beyond its links (a few lookups)."""
    warnings = []
    if last_seq(organisation_id) == 0 and _has_ledger(organisation_id):
        warnings.append(
            gettext(
                "The dossier holds no events, yet the ledger holds invoices or payments "
                "(were the events deleted?)."
            )
        )
    return tuple(warnings + export_warnings(organisation_id))


def _has_ledger(organisation_id: int) -> bool:
    return any(
        model.objects.filter(organisation_id=organisation_id).exists()
        for model in (Invoice, CreditNote, Payment)
    )
