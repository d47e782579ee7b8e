"""Arrangements stay with their organisation (`innen.dbguards`): a promise, plan or dispute
covers only its organisation's invoices and holds, and each link to them (a row of its own since
the links are keyed by organisation), like instalments and answers, is its arrangement's
organisation's."""

from innen.arrangements.models import (
    ArrangementSettings,
    Dispute,
    DisputeAnswer,
    PaymentPlan,
    PlanInstalment,
    Promise,
)
from innen.dbguards import Guard, same_organisation


def _arrangement(model: type[Promise] | type[PaymentPlan] | type[Dispute]) -> list[Guard]:
    owner = model._meta.model_name
    assert owner is not None
    return [
        same_organisation(model, "customer"),
        same_organisation(model.invoices.through, owner, "invoice"),
        same_organisation(model.holds.through, owner, "hold"),
    ]


GUARDS = [
    same_organisation(ArrangementSettings),
    *_arrangement(Promise),
    *_arrangement(PaymentPlan),
    *_arrangement(Dispute),
    same_organisation(PlanInstalment, "plan"),
    same_organisation(DisputeAnswer, "dispute"),
]
