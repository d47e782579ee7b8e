from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "innen.collection"
    verbose_name = _("Collection")

    def ready(self) -> None:
        from innen.collection.guards import GUARDS
        from innen.dbguards import install_after_migrate

        install_after_migrate(self, GUARDS)
