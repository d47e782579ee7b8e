"""What banking tells a person who asked for something it cannot do, translated.

Constants, so a test can name the refusal it expects; `%(name)s` placeholders are filled
in where the message is raised. The notes matching stores on a line and in the dossier are
records, not messages: they stay in English whatever the reader's language. The review page
says a waiting line's note and offers again translated, from the same reason kept as
`innen.translatable.to_record` makes it (`innen.matching.reasons`).
"""

from django.utils.translation import gettext_lazy as _

# A person's decision on a statement line (the review list).
ALREADY_DEALT_WITH = _("this line was already dealt with")
ONLY_MONEY_IN_PAYS = _("only money in can pay invoices")
ONLY_MONEY_OUT_RETURNS = _("only money out is returned or refunded")
NOT_YOUR_INVOICE = _("an invoice that is not one of yours")
NOT_YOUR_CUSTOMER = _("a customer that is not one of yours")
ONE_CUSTOMERS_INVOICES = _("choose invoices of one customer")
NO_SUCH_OFFER = _("no such offer")
NAME_AN_INVOICE = _("name at least one invoice number")
NO_CUSTOMER_NUMBERED = _("no customer numbered %(number)s")
NO_INVOICE_NUMBERED = _("no invoice numbered %(numbers)s")

# Importing a statement file: each names the statement and, where it can, the entry.
STATEMENT_AT = _("statement %(number)s, account %(iban)s")
STATEMENT_NAMED_AT = _("statement %(number)s (%(statement_id)s), account %(iban)s")
ENTRY_AT = _("%(where)s, entry %(number)s")
SIGN_LOOKS_WRONG = _(", entry %(number)s (its sign looks wrong)")
OTHER_CURRENCY = _("the entry is in %(entry)s, the statement in %(statement)s")
NOT_AN_AMOUNT = _("%(amount)s is not an amount in cents innen can hold")
SAME_BANK_REFERENCE = _(
    "the bank reference %(reference)s is also on entry %(number)s; innen cannot tell the two apart"
)
SHARED_ACCOUNT = _(
    "bank account %(iban)s is registered by several organisations (%(names)s), so nothing "
    "was imported; import it for one of them with --organisation ID"
)
NOBODYS_ACCOUNT = _(
    "no organisation has bank account %(iban)s, so nothing was imported; add the account "
    "on the Bank page or with: innen bank-account add %(iban)s --organisation ID"
)
NOT_YOUR_ACCOUNT = _(
    "%(organisation)s has no bank account %(iban)s, so nothing was imported; add the account "
    "on the Bank page or with: innen bank-account add %(iban)s --organisation %(id)s"
)
ACCOUNT_WITHOUT_BANK = _(
    "the account %(number)s is a Dutch account number, not an IBAN, and the file does not say "
    "which bank wrote it, so innen cannot tell its IBAN; export the statement with IBANs "
    "(CAMT.053, or MT940 with the bank's header) or ask the bank for one"
)
ALREADY_YOUR_ACCOUNT = _("%(iban)s is already one of your accounts.")
