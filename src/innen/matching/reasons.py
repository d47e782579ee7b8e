"""Why matching offers or decides what it does, in English that keeps what it was made from.

The reasons are records (stored on the bank line and in the dossier, in English), and the
review page says them again in the reader's language: each is a constant marked with `N_`
and filled in by `say` (`innen.translatable`), so the Django layer can translate it.
"""

from innen.translatable import N_, Text, say

__all__ = ["N_", "Text", "say"]

# A reason and what is added to it (an amount note, a doubt), said as one.
WITH_NOTE = N_("%(reason)s%(note)s")

# --- the amount against what is open ----------------------------------------------------------
LEAVES_CREDIT = N_("; pays %(open)s open and leaves %(credit)s as credit")
PARTIAL = N_("; a partial payment of %(amount)s of %(open)s open")

# --- what found the invoices ------------------------------------------------------------------
REFERENCE_IS = N_("payment reference %(reference)s is invoice %(invoices)s")
TEXT_HOLDS_REFERENCE = N_(
    "the description holds payment reference %(texts)s of invoice %(invoices)s"
)
TEXT_NAMES = N_("the description names invoice %(invoices)s (%(texts)s)")
ACCOUNT_OF_ANOTHER = N_("; but the account belongs to another customer")
NOTHING_CONFIRMS = N_("; neither the amount, the account nor the name confirms it")
ONE_TYPO = N_("the description says %(text)s, one typo away from invoice %(invoice)s")
ONE_TYPO_EXACT = N_(
    "the description says %(text)s, one typo away from invoice %(invoice)s, "
    "and the amount %(amount)s is exactly what is open"
)
ACCOUNT_ALL_OPEN = N_("the account is %(name)s's and %(amount)s is all that is open (%(invoices)s)")
ACCOUNT_COMBINATION = N_(
    "the account is %(name)s's and %(amount)s is exactly invoices %(invoices)s together"
)
ACCOUNT_ONE = N_("the account is %(name)s's and %(amount)s is what is open on invoice %(invoice)s")
NAME_ALIKE = N_(
    "the name %(name)s is %(similarity)s like %(customer)s and %(amount)s is what is open on "
    "invoice %(invoice)s"
)

# --- why a line waits for a person ------------------------------------------------------------
ZERO_AMOUNT = N_("a zero amount")
NO_OPEN_INVOICE = N_("matches no open invoice")
TIED = N_("%(count)s candidates score %(score)s")
BELOW_THRESHOLD = N_("best candidate scores %(score)s, below %(threshold)s: %(reason)s")
AMOUNT_AGAINST_TEXT = N_(
    "the amount points at %(invoices)s, but the description names another invoice"
)

NOT_RECORDED = N_("%(reason)s; not recorded: %(problems)s")

# --- money out --------------------------------------------------------------------------------
RETURN_NAMES_NOTHING = N_("a returned payment that names no invoice")
RETURN_SEVERAL_CUSTOMERS = N_("a returned payment for several customers")
RETURNED = N_("returned payment (%(why)s) found by %(how)s: re-opens invoice %(invoices)s")
NO_REASON_GIVEN = N_("no reason given")
BY_END_TO_END = N_("end-to-end id %(id)s")
BY_REFERENCE = N_("payment reference %(reference)s")
BY_DESCRIPTION = N_("the description")
OUT_TO_NOBODY = N_("money out to no customer")
OUT_TO_SEVERAL = N_("money out to several payees")
REFUND_TO = N_("refund of %(amount)s to %(name)s: %(how)s")
REFUND = N_("refund of %(amount)s: %(how)s")
PAYEE_BY_INVOICE = N_("the description names its invoice")
PAYEE_BY_ACCOUNT = N_("the account is the customer's")
PAYEE_BY_NAME = N_("the name is the customer's")


def noted(reason: str, note: str) -> str:
    """`reason` with `note` after it; still translatable when both are."""
    return say(WITH_NOTE, reason=reason, note=note) if note else reason
