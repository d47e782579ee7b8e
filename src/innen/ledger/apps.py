from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "innen.ledger"
    verbose_name = _("Ledger")

    def ready(self) -> None:
        from innen.dbguards import install_after_migrate
        from innen.ledger.guards import GUARDS

        install_after_migrate(self, GUARDS)  # the database keeps rows with their organisation
