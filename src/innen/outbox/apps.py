from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "innen.outbox"
    verbose_name = _("Letters and e-mails")

    def ready(self) -> None:
        from innen.collection.handover import deliver_queued_with
        from innen.collection.pending import held_invoices
        from innen.dbguards import install_after_migrate
        from innen.ledger.charges import charges_from
        from innen.ledger.limitation import demands_from
        from innen.outbox.demand_days import demand_days
        from innen.outbox.guards import GUARDS
        from innen.outbox.invoice_claim import charges_owed
        from innen.outbox.tasks import deliver_messages
        from innen.webhooks.sending import when_checking_holds

        # Collection sits below the outbox: it hands queued messages over through this.
        deliver_queued_with(deliver_messages.enqueue)
        # Collection and the webhooks sit side by side: a suspension webhook's last check asks
        # collection's holds through this.
        when_checking_holds(held_invoices)
        demands_from(demand_days)  # the ledger's limitation counts the demands that went out
        charges_from(charges_owed)  # a payment beyond an invoice's principal pays its claim
        install_after_migrate(self, GUARDS)  # the database keeps rows with their organisation
