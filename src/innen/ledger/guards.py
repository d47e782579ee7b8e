"""The ledger's rows stay with their organisation (`innen.dbguards`): a customer, invoice or
payment never moves to another organisation, and nothing refers to another's rows."""

from innen.dbguards import same_organisation
from innen.ledger.models import (
    Allocation,
    CreditNote,
    Customer,
    CustomerIban,
    Invoice,
    PaidCharges,
    Payment,
    Repayment,
)

GUARDS = [
    same_organisation(Customer),
    same_organisation(CustomerIban, "customer"),
    same_organisation(Invoice, "customer"),
    same_organisation(CreditNote, "customer", "invoice"),
    same_organisation(Payment, "customer"),
    same_organisation(Repayment, "customer", "payment"),
    same_organisation(Allocation, "invoice", "payment", "credit_note"),
    same_organisation(PaidCharges, "invoice", "payment"),
]
