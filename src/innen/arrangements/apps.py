from django.apps import AppConfig


class ArrangementsConfig(AppConfig):
    name = "innen.arrangements"
    label = "arrangements"
    verbose_name = "Arrangements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from innen.arrangements.guards import GUARDS
        from innen.dbguards import install_after_migrate

        install_after_migrate(self, GUARDS)
