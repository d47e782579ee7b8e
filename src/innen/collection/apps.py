from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "innen.collection"
    verbose_name = _("Collection")

    def ready(self) -> None:
        from innen.collection.guards import GUARDS
        from innen.collection.pending import withdraw_settled
        from innen.dbguards import install_after_migrate
        from innen.ledger.settling import when_settled

        install_after_migrate(self, GUARDS)
        when_settled(withdraw_settled)  # the ledger sits below collection: hand it in
