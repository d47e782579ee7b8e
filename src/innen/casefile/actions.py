"""What an event's `action` (the machine's name of what happened) says to a person.

Events that carry a sentence (`text`) are shown by it; the others by their action's label
here, so that a dossier never shows "policy_chosen". Every action a writer stores is listed
(tests/casefile/test_event_actions.py finds the writers' actions in the source and checks).
"""

from django.db.models import TextChoices
from django.utils.translation import pgettext_lazy


class EventAction(TextChoices):
    # innen.arrangements
    DISPUTE = "dispute", pgettext_lazy("dossier action", "Question or dispute raised")
    DISPUTE_ANSWERED = "dispute_answered", pgettext_lazy("dossier action", "Dispute answered")
    DISPUTE_RESOLVED = "dispute_resolved", pgettext_lazy("dossier action", "Dispute resolved")
    PAYMENT_PLAN = "payment_plan", pgettext_lazy("dossier action", "Payment plan proposed")
    PAYMENT_PLAN_ACCEPTED = (
        "payment_plan_accepted",
        pgettext_lazy("dossier action", "Payment plan accepted"),
    )
    PAYMENT_PLAN_CHARGES_WAIVED = (
        "payment_plan_charges_waived",
        pgettext_lazy("dossier action", "Interest and costs waived for the payment plan"),
    )
    PAYMENT_PLAN_REJECTED = (
        "payment_plan_rejected",
        pgettext_lazy("dossier action", "Payment plan rejected"),
    )
    PAYMENT_PLAN_BROKEN = (
        "payment_plan_broken",
        pgettext_lazy("dossier action", "Payment plan broken"),
    )
    PAYMENT_PLAN_COMPLETED = (
        "payment_plan_completed",
        pgettext_lazy("dossier action", "Payment plan paid in full"),
    )
    INSTALMENT_REMINDER = (
        "instalment_reminder",
        pgettext_lazy("dossier action", "Instalment reminder sent"),
    )
    PROMISE = "promise", pgettext_lazy("dossier action", "Promise to pay")
    PROMISE_KEPT = "promise_kept", pgettext_lazy("dossier action", "Promise to pay kept")
    PROMISE_BROKEN = "promise_broken", pgettext_lazy("dossier action", "Promise to pay broken")
    ARRANGEMENT_RULES = (
        "arrangement_rules",
        pgettext_lazy("dossier action", "Arrangement rules changed"),
    )
    # innen.collection
    POLICY_CHOSEN = "policy_chosen", pgettext_lazy("dossier action", "Dunning policy chosen")
    POLICY_MADE = "policy_made", pgettext_lazy("dossier action", "Dunning policy made")
    POLICY_DELETED = "policy_deleted", pgettext_lazy("dossier action", "Dunning policy deleted")
    BEHAVIOUR_SEGMENT = (
        "behaviour_segment",
        pgettext_lazy("dossier action", "Behaviour segment changed"),
    )
    BEHAVIOUR_POLICY = (
        "behaviour_policy",
        pgettext_lazy("dossier action", "Policy for a behaviour segment chosen"),
    )
    EXPERIMENT = "experiment", pgettext_lazy("dossier action", "Experiment turned on or off")
    EXPERIMENT_GROUP = (
        "experiment_group",
        pgettext_lazy("dossier action", "Drawn into an experiment group"),
    )
    # innen.ledger
    IBAN_ADDED = "iban_added", pgettext_lazy("dossier action", "Known IBAN added")
    WRITTEN_OFF = "written_off", pgettext_lazy("dossier action", "Written off")
    WRITE_OFF_UNDONE = "write_off_undone", pgettext_lazy("dossier action", "Write-off undone")
    PDF_ATTACHED = "pdf_attached", pgettext_lazy("dossier action", "Invoice PDF attached")
    # innen.outbox
    NOTICE_EMAILED = "notice_emailed", pgettext_lazy("dossier action", "Notice e-mailed")
    NOTICE_UNCERTAIN = (
        "notice_uncertain",
        pgettext_lazy("dossier action", "Notice perhaps e-mailed"),
    )
    NOTICE_NOT_EMAILED = (
        "notice_not_emailed",
        pgettext_lazy("dossier action", "Notice not e-mailed"),
    )
    NOTICE_QUEUED_AGAIN = (
        "notice_queued_again",
        pgettext_lazy("dossier action", "Notice queued to be e-mailed again"),
    )
    # innen.portal
    OPENED = "opened", pgettext_lazy("dossier action", "Portal opened")
    SIGNED_IN_BY_CODE = (
        "signed_in_by_code",
        pgettext_lazy("dossier action", "Signed in to the portal with a code"),
    )
    CODE_RENEWED = "code_renewed", pgettext_lazy("dossier action", "Portal code renewed")
    LINKS_REVOKED = "links_revoked", pgettext_lazy("dossier action", "Portal links revoked")
    INVOICE_DOWNLOADED = (
        "invoice_downloaded",
        pgettext_lazy("dossier action", "Invoice downloaded in the portal"),
    )
    LETTER_DOWNLOADED = (
        "letter_downloaded",
        pgettext_lazy("dossier action", "Letter downloaded in the portal"),
    )
    ONLINE_PAYMENT_STARTED = (
        "online_payment_started",
        pgettext_lazy("dossier action", "Online payment started"),
    )
    ONLINE_PAYMENT_RECEIVED = (
        "online_payment_received",
        pgettext_lazy("dossier action", "Online payment received"),
    )


def action_label(action: object) -> str:
    """The label of a stored action; an action innen does not know, in words ("" for none)."""
    if not isinstance(action, str) or not action:
        return ""
    if action in EventAction.values:
        return str(EventAction(action).label)
    return action.replace("_", " ")
