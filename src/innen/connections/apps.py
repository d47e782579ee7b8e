from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectionsConfig(AppConfig):
    name = "innen.connections"
    verbose_name = _("Connections")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from innen.connections.guards import GUARDS
        from innen.dbguards import install_after_migrate

        install_after_migrate(self, GUARDS)  # the database keeps rows with their organisation
