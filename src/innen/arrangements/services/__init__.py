"""Every write about arrangements: promises, payment plans, disputes, and their settings.

Each service checks its input (ValidationError by field, nothing changed), places or lifts
holds through `innen.collection.services`, and appends its dossier event in the same
transaction: "portal" for what the customer did, "note" for what a controller or the daily
check decided. Letters and e-mails go out through `notices`.

The services live by arrangement: `promises`, `plans`, `disputes`, and what they share
(`shared`: the rules, open invoices, holds, events); their public names are here.
"""

from innen.arrangements.services.disputes import dispute_answer, dispute_open
from innen.arrangements.services.plans import (
    plan_accept,
    plan_instalments,
    plan_paid,
    plan_propose,
    plan_reject,
    plan_waive_charges,
)
from innen.arrangements.services.promises import promise_check, promise_make
from innen.arrangements.services.shared import (
    arrangement_settings,
    chosen_invoices,
    hold_all,
    invoice_numbers,
    lift_all,
    open_invoices,
    record_event,
    settings_changed,
    still_open,
)

__all__ = [
    "arrangement_settings",
    "chosen_invoices",
    "dispute_answer",
    "dispute_open",
    "hold_all",
    "invoice_numbers",
    "lift_all",
    "open_invoices",
    "plan_accept",
    "plan_instalments",
    "plan_paid",
    "plan_propose",
    "plan_reject",
    "plan_waive_charges",
    "promise_check",
    "promise_make",
    "record_event",
    "settings_changed",
    "still_open",
]
