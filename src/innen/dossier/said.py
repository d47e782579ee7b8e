"""The English sentences innen writes into the dossier, said again in the reader's language.

Events keep what was written, in English, as evidence; the pages translate on display. Each
sentence a writer stores (an event's `text`, a hold's `why`, a note, a skipped step's reason)
is listed here with its values as `%(name)s`; `said` recognises a stored sentence by its
wording and says it in the active language, its values as they were stored (and translated
themselves when they are such a sentence). Text a person typed matches none of them and is
shown as typed. A writer whose sentence is not here shows in English: add it here (and to the
Dutch catalogue) when adding one: tests/dossier/test_said_knows_every_sentence.py finds the
writers' sentences in their source and fails on one that is not here.
"""

from __future__ import annotations

import re
from functools import cache

from django.utils.translation import gettext

from innen.dunning.timing import SKIPPED_REASONS
from innen.translatable import N_

STORED: tuple[str, ...] = (
    *SKIPPED_REASONS,
    # innen.arrangements
    N_("Promised to pay by %(date)s"),
    N_("Question or dispute: %(label)s"),
    N_("Dispute answered and resolved: collection resumes"),
    N_("Dispute answered; collection stays on hold"),
    N_(
        "Proposed a payment plan of %(months)s monthly instalments for %(total)s:"
        " within the rules, accepted at once"
    ),
    N_("Proposed a payment plan of %(months)s monthly instalments for %(total)s"),
    N_("Payment plan accepted: %(months)s instalments, confirmed in writing"),
    N_(
        "Interest (%(interest)s) and costs (%(costs)s) waived for the payment plan:"
        " it is for the principal only"
    ),
    N_("Payment plan rejected: collection resumes"),
    N_("Payment plan ended: an instalment is late; collection resumes on what is open"),
    N_("Payment plan paid in full"),
    N_("Reminder of instalment %(number)s sent"),
    N_("Arrangement rules changed: %(changes)s"),
    N_("dispute resolved"),
    N_("payment plan rejected"),
    N_("payment plan broken"),
    N_("payment plan paid"),
    N_("the payment plan was paid or ended before the reminder went out"),
    N_("the instalment was paid before the reminder went out"),
    # innen.outbox
    N_("Not e-mailed: %(subject)s, posted instead"),
    N_("Not e-mailed: %(subject)s"),
    N_("E-mail queued again: %(subject)s"),
    N_("E-mailed: %(subject)s"),
    N_("Perhaps e-mailed: %(subject)s"),
    N_("E-mailed: %(subject)s (found in the sent mail)"),
    N_("in the print batch"),
    N_("no e-mail address: sent by post"),
    # innen.banking, innen.ledger
    N_("Bank line set aside: %(amount)s on %(date)s"),
    N_("set aside by %(user)s"),
    N_("Changed: %(changes)s"),
    N_("Invoice PDF attached"),
    N_("Known IBAN added"),
    N_("Written off"),
    N_("Write-off undone"),
    # innen.collection
    N_("every invoice was settled or paused before it went out"),
    N_("settled before it went out"),
    N_("on hold or excluded before it went out"),
    N_("the letter no longer demands what is owed: decided again"),
    N_("time-barred before it went out: a consumer's claim is no longer collected"),
    N_("Dunning policy chosen for this customer"),
    N_("Dunning policy made: %(name)s"),
    N_("Dunning policy deleted: %(name)s"),
    N_("rejected by %(user)s"),
    N_("not reached (%(tries)s of %(most)s): %(note)s"),
    N_("not reached (%(tries)s of %(most)s)"),
    N_("promised to pay by %(date)s: %(note)s"),
    N_("promised to pay by %(date)s"),
    N_("reached: %(note)s"),
    N_("reached"),
    N_("dispute: %(note)s"),
    N_("dispute"),
    N_("payment plan requested: %(note)s"),
    N_("payment plan requested"),
    # innen.demo
    N_("demo history: recorded as sent, no document was rendered"),
)

PLACEHOLDER = re.compile(r"%\\\(([a-z_]+)\\\)s")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each stored sentence as a pattern, the most literal first (so that a sentence with a
    tail is not read as a shorter one whose value swallowed the tail)."""

    def literal(msgid: str) -> int:
        return len(re.sub(r"%\([a-z_]+\)s", "", msgid))

    made = []
    for msgid in sorted(STORED, key=literal, reverse=True):
        pattern = PLACEHOLDER.sub(r"(?P<\1>.+?)", re.escape(msgid))
        made.append((re.compile(pattern, re.DOTALL), msgid))
    return tuple(made)


def said(text: str) -> str:
    """`text` in the active language when it is one of the stored sentences; else as it is."""
    if not text:
        return text
    for pattern, msgid in _patterns():
        found = pattern.fullmatch(text)
        if found:
            values = {name: said(value) for name, value in found.groupdict().items()}
            return gettext(msgid) % values if values else gettext(msgid)
    return text
