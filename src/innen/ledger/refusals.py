"""What the ledger's services tell a person who asked for something they cannot do, translated.

Constants, so a test can name the refusal it expects; `%(name)s` placeholders are filled in
where the refusal is raised. (What the import says about a file's lines is in
`innen.ledger.importing.refusals`.) The refusals of `innen.ledger.repaying` stay English:
banking's matching keeps them in a statement line's note, a record in one language.
"""

from django.utils.translation import gettext_lazy as _

CREDITED_INVOICE_OF_ANOTHER_CUSTOMER = _("the credited invoice belongs to another customer")
INVOICE_OF_ANOTHER_ORGANISATION = _("an invoice of another organisation")
PAYMENT_OF_ANOTHER_ORGANISATION = _("a payment of another organisation")
OF_ANOTHER_ORGANISATION = _("belongs to another organisation")
NAME_THE_CUSTOMER = _("a payment to register for a customer names one")
ALREADY_RECORDED = _("already recorded: %(references)s")
WRITE_OFF_AMOUNT = _("must be more than 0 and at most the open %(open)s")
NOT_A_WRITE_OFF = _("is not a write-off recorded in the ledger")
TOTAL_NOT_SUM = _("total %(total)s is not amount excl. VAT %(excl)s plus VAT %(vat)s")
NOT_A_PDF = _("is not a PDF: the file does not open as one")
PDF_TOO_BIG = _("is larger than %(megabytes)s MB")
