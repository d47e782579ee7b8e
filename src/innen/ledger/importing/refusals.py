"""What the ledger import says about a line the database does not accept, translated.

Constants, so a test can name the problem it expects; `%(name)s` placeholders are filled in
where the line is checked. What the file reader says is translated in `innen.file_messages`.
"""

from django.utils.translation import gettext_lazy as _

NO_CUSTOMER = _('no customer with number "%(number)s"; import the customers first')
NO_INVOICE = _('no invoice "%(number)s"')
OTHER_CUSTOMERS_INVOICE = _(
    'invoice "%(number)s" is of customer "%(customer)s", not of "%(named)s"'
)
ALREADY_EXISTS = _("%(what)s already exists with %(field)s %(stored)s; this line says %(given)s")
EMPTY_VALUE = _("(empty)")
CUSTOMER_NAMED = _('customer "%(number)s"')
INVOICE_NAMED = _('invoice "%(number)s"')
CREDIT_NOTE_NAMED = _('credit note "%(number)s"')
PAYMENT_NAMED = _('payment "%(reference)s"')
THIS_PAYMENT = _("this payment")
NOT_AN_EMAIL = _('"%(address)s" is not a valid e-mail address')
FILE_SAYS_OTHERWISE = _(
    "%(what)s already exists with %(field)s %(stored)s; this file says %(given)s"
)
UBL_NO_CREDITED_INVOICE = _(
    'the credit note credits invoice "%(number)s", which is not in innen; import it first'
)
UBL_PDF_LEFT_OUT = _('the embedded document "%(name)s" is not a PDF and was not kept')
UBL_CUSTOMER_OLDER = _(
    "the customer's details in this file are older than their newest document in innen "
    "(%(date)s) and were not taken over"
)
UBL_CUSTOMER_KEPT = _("the customer's details were not updated: %(problems)s")
GOT_IN_THE_WAY = _("another change to the ledger got in the way; try again (%(error)s)")

# The fields a line may differ in from what is stored, as the messages name them.
FIELD_LABELS = {
    "name": _("name"),
    "kind": _("kind"),
    "contact_person": _("contact person"),
    "emails": _("emails"),
    "phone": _("phone"),
    "street": _("street"),
    "postcode": _("postcode"),
    "city": _("city"),
    "country": _("country"),
    "kvk_number": _("kvk number"),
    "vat_number": _("VAT number"),
    "language": _("language"),
    "segment": _("segment"),
    "notes": _("notes"),
    "external_reference": _("external reference"),
    "customer_number": _("customer number"),
    "issue_date": _("issue date"),
    "amount_excl_vat": _("amount excl. VAT"),
    "vat_amount": _("VAT amount"),
    "total": _("total"),
    "due_date": _("due date"),
    "payment_reference": _("payment reference"),
    "credited_invoice": _("credited invoice"),
    "supply": _("goods or services"),
    "date": _("date"),
    "amount": _("amount"),
}
