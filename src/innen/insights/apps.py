from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "innen.insights"
    label = "insights"
    verbose_name = "Insights"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from innen.dbguards import install_after_migrate
        from innen.insights.cached import listen
        from innen.insights.guards import GUARDS

        listen()
        install_after_migrate(self, GUARDS)
