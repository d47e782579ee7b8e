"""The portal's rows stay with their organisation (`innen.dbguards`): codes, revocations and
online payments name only its customers and payments, and an online payment's link to an
invoice is the payment's organisation's and the invoice's."""

from innen.dbguards import same_organisation
from innen.portal.models import (
    MollieSettings,
    OnlinePayment,
    OnlinePaymentInvoice,
    PortalCode,
    PortalRevocation,
)

GUARDS = [
    same_organisation(MollieSettings),
    same_organisation(PortalCode, "customer"),
    same_organisation(PortalRevocation, "customer"),
    same_organisation(OnlinePayment, "customer", "payment"),
    same_organisation(OnlinePaymentInvoice, "onlinepayment", "invoice"),
]
