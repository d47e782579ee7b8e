"""What collection's services tell a person who asked for something they cannot do, translated.

Constants, so a test can name the refusal it expects; `%(name)s` placeholders are filled in
where the refusal is raised.
"""

from django.utils.translation import gettext_lazy as _

INVOICE_OF_ANOTHER_CUSTOMER = _("the invoice belongs to another customer")
UNKNOWN_HOLD_REASON = _("unknown reason %(reason)s")
HOLD_ENDS_BEFORE_IT_STARTS = _("a hold cannot end before it starts")
ONLY_AWAITING_APPROVAL_IS_APPROVED = _("only a message awaiting approval can be approved")
ONLY_AWAITING_APPROVAL_IS_REJECTED = _("only a message awaiting approval can be rejected")
ONLY_AN_OPEN_CALL_IS_FINISHED = _("only an open call task can be finished")
ONE_OF_MANY_NOT_AWAITING_APPROVAL = _(
    "the step for %(customer)s is no longer awaiting approval; nothing was decided"
)
