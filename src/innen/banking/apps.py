from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BankingConfig(AppConfig):
    name = "innen.banking"
    verbose_name = _("Bank statements")

    def ready(self) -> None:
        from innen.banking.guards import GUARDS
        from innen.dbguards import install_after_migrate

        install_after_migrate(self, GUARDS)
