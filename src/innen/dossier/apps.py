from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "innen.dossier"
    verbose_name = _("Dossier")

    def ready(self) -> None:
        from innen.dbguards import install_after_migrate
        from innen.dossier.guards import GUARDS

        install_after_migrate(self, GUARDS)
