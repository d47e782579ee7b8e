"""Promises to pay: made in the portal, kept or broken on the day they name."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from innen.arrangements import texts
from innen.arrangements.models import Promise, PromiseStatus
from innen.arrangements.notices import notify
from innen.arrangements.rules import PromiseProblem, promise_deadline, promise_problem
from innen.arrangements.services.shared import (
    arrangement_settings,
    chosen_invoices,
    hold_all,
    invoice_numbers,
    record_event,
    still_open,
)
from innen.collection.models import HoldReason
from innen.collection.promises import promise_barred, refusal_to_customer
from innen.dossier.models import EventKind
from innen.ledger.models import Customer
from innen.organisations.models import Organisation

PROMISE_MESSAGES = {
    PromiseProblem.NOT_AFTER_TODAY: "Choose a day after today.",
    PromiseProblem.TOO_FAR: "Choose a day on or before %(latest)s.",
}


@transaction.atomic
def promise_make(
    *,
    customer: Customer,
    promised_on: date,
    invoice_ids: Sequence[int],
    today: date,
    recorded_by: AbstractBaseUser | None = None,
    recorded_via: str = "",
) -> Promise:
    """The customer promises to pay the invoices by `promised_on`: collection waits till then.

    The holds last until the promise's deadline (one business day after the day), so a
    transfer made on the promised day is not chased. `recorded_via` (e.g. "api"): a person
    recorded the customer's promise there, not the customer in the portal; the dossier says so.
    """
    _refuse_a_chained_promise(customer, today)
    rules = arrangement_settings(customer.organisation)
    problem = promise_problem(promised_on, today, rules.promise_max_days)
    if problem is not None:
        latest = today + timedelta(days=rules.promise_max_days)
        raise ValidationError(
            {"promised_on": gettext(PROMISE_MESSAGES[problem]) % {"latest": latest.isoformat()}}
        )
    invoices = chosen_invoices(customer, invoice_ids)
    promise = Promise.objects.create(
        organisation_id=customer.organisation_id,
        customer=customer,
        promised_on=promised_on,
        made_on=today,
    )
    theirs = {"organisation_id": promise.organisation_id}  # each link is keyed too
    promise.invoices.set(invoices, through_defaults=theirs)
    where = f"through the {recorded_via}" if recorded_via else "in the portal"
    note = f"promised {where} to pay by {promised_on.isoformat()}"
    deadline = promise_deadline(promised_on)
    holds = hold_all(customer, invoices, HoldReason.PROMISE, today, deadline, note)
    promise.holds.set(holds, through_defaults=theirs)
    payload = {
        "action": "promise",
        "promised_on": promised_on.isoformat(),
        "ends_on": deadline.isoformat(),
        "invoices": invoice_numbers(invoices),
        "open_amount": str(still_open(invoices)),
        "text": f"Promised to pay by {promised_on.isoformat()}",
    }
    if recorded_via:  # a person took the promise down: their event, not the customer's
        payload["source"] = recorded_via
        record_event(customer, EventKind.NOTE, today, payload, recorded_by)
    else:
        record_event(customer, EventKind.PORTAL, today, payload)
    return promise


def _refuse_a_chained_promise(customer: Customer, today: date) -> None:
    barred = promise_barred(customer, today)
    if barred is not None:
        raise ValidationError({NON_FIELD_ERRORS: refusal_to_customer(barred)})


def promise_check(organisation: Organisation, today: date) -> dict[str, int]:
    """Mark the organisation's open promises kept or broken on `today`; tell who broke one.

    Safe to run twice a day: each promise is settled once (a conditional update).
    """
    counts = {"kept": 0, "broken": 0}
    promises = Promise.objects.filter(organisation=organisation, status=PromiseStatus.OPEN)
    for promise in promises.select_related("customer__organisation"):
        state = _promise_state(promise, today)
        if state is not None and _settle_promise(promise, state, today):
            counts[state] += 1
    return counts


def _promise_state(promise: Promise, today: date) -> str | None:
    from innen.arrangements.rules import PromiseState, promise_state

    state = promise_state(promise.promised_on, today, still_open(promise.invoices.all()))
    return None if state is PromiseState.OPEN else state.value


@transaction.atomic
def _settle_promise(promise: Promise, state: str, today: date) -> bool:
    claimed = Promise.objects.filter(pk=promise.pk, status=PromiseStatus.OPEN).update(
        status=state, settled_on=today
    )
    if not claimed:
        return False
    customer = promise.customer
    payload: dict[str, Any] = {
        "action": f"promise_{state}",
        "promised_on": promise.promised_on.isoformat(),
        "invoices": invoice_numbers(promise.invoices.all()),
    }
    if state == PromiseStatus.KEPT:
        payload["text"] = f"Promise to pay by {promise.promised_on.isoformat()} kept"
    else:
        notice = notify(
            customer,
            promise.invoices,
            texts.promise_broken(promise.promised_on, customer.language),
            on=today,
            reference=f"promise-{promise.pk}",
            step_name=gettext("Broken promise"),
        )
        payload.update(notice.facts())
        payload["open_amount"] = str(still_open(promise.invoices.all()))
        payload["text"] = (
            f"Promise to pay by {promise.promised_on.isoformat()} broken: collection resumes"
        )
    record_event(customer, EventKind.NOTE, today, payload)
    return True
