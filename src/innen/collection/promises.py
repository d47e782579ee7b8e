"""One promise to pay at a time, and none for a while after a broken one.

Without these rules a customer could promise, let the day pass, and promise again, and so
pause collection for ever. A promise, whether the customer makes it in the portal
(`innen.arrangements`) or a controller notes it after a call (`innen.collection.calls`),
pauses collection with a promise-to-pay hold on each of its invoices until its last day. So
the holds tell, for both:

- a promise is **open** while such a hold runs (today or later) on an invoice that still
  owes something: paid early, it no longer stands in the way;
- a promise is **broken** when such a hold ended on an invoice that was not paid by that
  day (`Invoice.settled_on`). For `CollectionSettings.broken_promise_days` (90 by default)
  after the day it broke, the customer may not promise again: the ladder goes on, and a
  payment plan is the way to more time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Q
from django.utils.translation import get_language, gettext

from innen.collection.models import CollectionSettings, Hold, HoldReason
from innen.ledger.models import Customer
from innen.letters.formatting import long_date
from innen.organisations.models import Organisation


@dataclass(frozen=True)
class OpenPromise:
    """A promise still running: the last day its pause lasts (None: until lifted)."""

    until: date | None


@dataclass(frozen=True)
class BrokenPromise:
    """A promise not kept: the last day it gave, and the first day a new one may be made."""

    last_day: date
    next_allowed: date


def collection_settings(organisation: Organisation) -> CollectionSettings:
    """The organisation's collection settings; the defaults (unsaved) when it set none."""
    found = CollectionSettings.objects.filter(organisation=organisation).first()
    return found or CollectionSettings(organisation=organisation)


def promise_barred(customer: Customer, today: date) -> OpenPromise | BrokenPromise | None:
    """Why `customer` may not promise to pay on `today` (None: they may)."""
    promises = Hold.objects.filter(customer=customer, reason=HoldReason.PROMISE)
    running = (
        promises.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(Q(invoice__isnull=True) | Q(invoice__outstanding__gt=0))
        .order_by(F("ends_on").desc(nulls_first=True))
        .first()
    )
    if running is not None:
        return OpenPromise(running.ends_on)
    days = collection_settings(customer.organisation).broken_promise_days
    broken = (
        promises.filter(
            invoice__isnull=False, ends_on__lt=today, ends_on__gte=today - timedelta(days)
        )
        .filter(Q(invoice__settled_on__isnull=True) | Q(invoice__settled_on__gt=F("ends_on")))
        .order_by("-ends_on")
        .first()
    )
    if broken is None or broken.ends_on is None:
        return None
    return BrokenPromise(broken.ends_on, broken.ends_on + timedelta(days=days + 1))


def _day(value: date) -> str:
    return long_date(value, "en" if (get_language() or "").startswith("en") else "nl")


def refusal_to_customer(barred: OpenPromise | BrokenPromise) -> str:
    """Why not, as the portal tells the customer (in the active language)."""
    if isinstance(barred, BrokenPromise):
        return gettext(
            "You did not pay by %(day)s as promised, so a new promise is possible from "
            "%(next)s. A payment plan can still give you more time."
        ) % {"day": _day(barred.last_day), "next": _day(barred.next_allowed)}
    if barred.until is None:
        return gettext("You have already promised to pay; one promise at a time.")
    return gettext(
        "You have already promised to pay, and that promise runs until %(day)s; "
        "one promise at a time."
    ) % {"day": _day(barred.until)}


def refusal_to_desk(barred: OpenPromise | BrokenPromise) -> str:
    """Why not, as the call list tells the credit controller."""
    if isinstance(barred, BrokenPromise):
        return gettext(
            "This customer broke a promise to pay (its last day was %(day)s): no new promise "
            "before %(next)s. Offer a payment plan instead."
        ) % {"day": _day(barred.last_day), "next": _day(barred.next_allowed)}
    if barred.until is None:
        return gettext("This customer already has a promise to pay running; one at a time.")
    return gettext(
        "This customer already has a promise to pay running until %(day)s; one at a time."
    ) % {"day": _day(barred.until)}
